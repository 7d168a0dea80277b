"""Pictures of the window's views for the README, taken in the real window offscreen.

    QT_QPA_PLATFORM=offscreen python -m tests.ui.window_shots docs [--palette light|dark]

It builds the libraries of insight_demo.py in a temporary folder, opens each in a MainWindow and grabs
the Verdict dock (with the claimant suggested from the text), the claims table, Compare with drift flags,
Conflicts, Overview, the rating-scale dialog, and the Matches dock (tiers, an explanation and Checked before,
over the samples with a few fact-checks imported) as a user sees them (the bottom docks floated to a readable
size). Files: window-<view>[-dark].png; ``--only matches`` takes one. The whole window:
``claim-workbench --screenshot`` (README).
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QWidget

from tests.ui.insight_demo import build_drift_demo, build_insight_demo
from ui.app import application, use_palette, wait_for_jobs
from ui.claims_dock import ClaimsDock
from ui.conflicts_dock import ConflictsDock
from ui.main_window import MainWindow
from ui.matches_dock import MatchesDock
from ui.overview_dock import OverviewDock
from ui.verdict_editor import VerdictEditor
from workbench.service import Workbench

SIZE = (1500, 950)
SHOTS = ("claimant", "conflicts", "overview", "claims", "scales", "compare-drift", "matches")
MATCHES_CLAIM = "Washington and NATO have rejected some of Russia’s key demands"
FACTCHECKS = (
    "claim,rating,url,organization,date,title\n"
    "The US and NATO rejected Russia's main security demands,True,https://factcheck.example/nato-demands,"
    "Harbour Facts,2022-01-28,Did Washington reject Moscow's security demands?\n"
    "NATO accepted Russia's demand to keep Ukraine out of the alliance,False,https://checkdesk.example/ukraine-nato,"
    "Check Desk,2022-02-02,Did NATO agree to bar Ukraine?\n"
    "Ferries will run on Sundays all winter,Mostly false,https://checkdesk.example/ferries,Check Desk,2021-11-03,\n"
)


def open_window(db: Path, settings_dir: Path) -> MainWindow:
    window = MainWindow(QSettings(str(settings_dir / f"{db.stem}.ini"), QSettings.Format.IniFormat))
    window.resize(*SIZE)
    window.show()
    window.library.open_database(db, background=False)
    wait_for_jobs(window)
    return window


def settle(window: MainWindow) -> None:
    for _ in range(3):
        wait_for_jobs(window)
        QCoreApplication.processEvents()


def save(widget: QWidget, folder: Path, name: str, suffix: str) -> Path:
    path = folder / f"window-{name}{suffix}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def floated(window: MainWindow, name: str, folder: Path, shot: str, suffix: str, size: tuple[int, int]) -> Path:
    """A bottom dock taken out of the window at a size a reader can see it (as a user may float it)."""
    dock = window.docks[name]
    dock.setFloating(True)
    dock.resize(*size)
    dock.show()
    settle(window)
    path = save(dock, folder, shot, suffix)
    dock.setFloating(False)
    return path


def build_matches_demo(db: Path, folder: Path) -> int:
    """The samples, a few fact-checks, one verdicted claim and the claim to show; returns its id."""
    wb = Workbench.open(db, user="demo")
    try:
        wb.import_seeds()
        checks = folder / "factchecks.csv"
        checks.write_text(FACTCHECKS, encoding="utf-8")
        wb.import_factchecks([checks])
        def containing(quote: str) -> int:
            return next(a.id for a in wb.list_articles() if quote in wb.get_article(a.id).text)

        rated_quote = "Washington has outright rejected the demands"
        rated = wb.add_claim(containing(rated_quote), quote=rated_quote)
        wb.set_verdict(rated.group_id, rating="true", status="final", reviewer="A. Reviewer",
                       rationale="The State Department said so on 26 January.")
        claim = wb.add_claim(containing(MATCHES_CLAIM), quote=MATCHES_CLAIM)
        wb.embed_pending()
        wb.suggest(claim.id)
        return claim.id
    finally:
        wb.close()


def take_matches(work: Path, folder: Path, suffix: str) -> list[Path]:
    """The Matches dock's two tabs: suggestions by tier with the selected one explained; claims checked before."""
    claim_id = build_matches_demo(work / "matches.sqlite3", work)
    window = open_window(work / "matches.sqlite3", work)
    window.review.select_claim(claim_id)
    settle(window)
    dock = window.panel(MatchesDock)
    dock.select_match(1)  # a reworded one: its explanation lists changed words
    paths = [floated(window, "matchesDock", folder, "matches", suffix, (900, 420))]
    dock.tabs.setCurrentWidget(dock.checked)
    paths.append(floated(window, "matchesDock", folder, "checked-before", suffix, (900, 300)))
    dock.tabs.setCurrentIndex(0)
    window.close()
    return paths


def take(folder: Path, palette: str, only: str | None = None) -> list[Path]:
    suffix = "" if palette == "light" else f"-{palette}"
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if only == "matches":
            return take_matches(work, folder, suffix)
        written.extend(take_matches(work, folder, suffix))
        build_insight_demo(work / "insight.sqlite3").close()
        wb, drift_group = build_drift_demo(work / "drift.sqlite3", work)
        wb.close()

        window = open_window(work / "insight.sqlite3", work)
        lavrov = next(g.id for g in window.state.groups.values() if "awaiting" in g.canonical)
        window.review.select_group(lavrov, open_articles=True)
        settle(window)
        editor = window.panel(VerdictEditor)
        editor.claimant.editor.suggest_button.click()
        settle(window)
        written.append(save(window.docks["verdictDock"], folder, "claimant", suffix))
        window.show_dock("conflictsDock")
        settle(window)
        assert window.panel(ConflictsDock).loaded
        written.append(floated(window, "conflictsDock", folder, "conflicts", suffix, (1000, 380)))
        window.show_dock("overviewDock")
        window.panel(OverviewDock).set_kind("outlet-verdicts")
        written.append(floated(window, "overviewDock", folder, "overview", suffix, (1000, 480)))
        window.show_dock("claimsDock")
        window.panel(ClaimsDock).select_group(lavrov)
        written.append(floated(window, "claimsDock", folder, "claims", suffix, (1300, 330)))

        def grab_dialog() -> None:
            dialog = window.analysis.scale_dialog
            assert dialog is not None
            dialog.list.setCurrentRow(3)  # AFP-style: where do Mostly true and Mixed go?
            QCoreApplication.processEvents()
            written.append(save(dialog, folder, "scales", suffix))
            dialog.reject()

        later(grab_dialog)
        window.user_actions.rating_scale.trigger()
        window.close()

        window = open_window(work / "drift.sqlite3", work)
        window.review.select_group(drift_group, open_articles=True)
        window.show_dock("compareDock")
        written.append(floated(window, "compareDock", folder, "compare-drift", suffix, (1000, 600)))
        window.close()
    return written


def later(action: Callable[[], None]) -> None:
    QTimer.singleShot(0, action)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--palette", choices=("light", "dark"), default="light")
    parser.add_argument("--only", choices=("matches",), help="take only this view")
    args = parser.parse_args()
    app = application()
    use_palette(app, args.palette)
    args.folder.mkdir(parents=True, exist_ok=True)
    take(args.folder, args.palette, args.only)


if __name__ == "__main__":
    main()
