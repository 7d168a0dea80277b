"""A reviewer's session in the real window, run in its own process so a test can SIGKILL it.

`python gui_session.py DB SETTINGS_DIR` opens the window offscreen on DB, imports the sample articles,
marks a sentence with Ctrl+M, accepts the best match with Enter, rates the group, types a rationale
and waits until the editor has saved it (after its typing pause). After each step it prints one JSON line
describing what the window shows (claims with their spans, groups, the rating and the rationale) and waits
for a line on stdin before the next step, so the test kills it exactly there; at the end it idles, with
the window open, until it is killed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ui.app import configure_application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.matches_dock import MatchesDock  # noqa: E402
from ui.verdict_editor import VerdictEditor  # noqa: E402

SENTENCE = "“Let’s hope these talks will continue,” Lavrov said."
RATIONALE = "Matches the ministry transcript of 18 January."


def settle(app: QApplication, window: MainWindow, until: object = None, timeout: float = 30.0) -> None:
    """Process events until background work is done (and the condition holds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if not window.busy() and (until is None or until()):  # type: ignore[operator]
            return
        time.sleep(0.01)
    raise SystemExit("the window did not settle")


def on_screen(window: MainWindow, step: str) -> dict:
    """What the window shows now: every claim (from the panes' highlights and the claims table)."""
    claims = []
    for pane in window.panes.panes:
        for mark in pane.text.marks():
            claim = window.state.claims[mark.claim_id]
            claims.append({"id": claim.id, "article_id": claim.article_id, "start": claim.start, "end": claim.end,
                           "group_id": mark.group_id})
    groups = {str(g.id): {"claims": sorted(c.id for c in g.claims), "rating": g.rating}
              for g in window.state.groups.values()}
    editor = window.panel(VerdictEditor)
    return {
        "step": step,
        "articles": len(window.state.articles),
        "claims": sorted(claims, key=lambda c: c["id"]),
        "groups": groups,
        "rationale": editor.rationale_edit.toPlainText() if editor is not None else "",
    }


def report(shown: dict) -> None:
    """Print what the window shows, then wait for the test's go-ahead (or its SIGKILL) before acting again."""
    print(json.dumps(shown), flush=True)
    sys.stdin.readline()


def main() -> None:
    db, settings_dir = sys.argv[1], sys.argv[2]
    app = QApplication([])
    configure_application(app)
    QCoreApplication.setOrganizationName("ClaimWorkbenchCrashTest")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    window = MainWindow(QSettings(str(Path(settings_dir) / "window.ini"), QSettings.Format.IniFormat))
    window.resize(1400, 900)
    window.show()
    window.library.open_database(db, background=False)
    window.library.import_samples()
    settle(app, window, lambda: len(window.state.articles) == 5)
    report(on_screen(window, "imported"))

    left, right = window.panes.panes[:2]
    by_outlet = {a.source: a.id for a in window.state.articles.values()}
    for pane, article in ((left, by_outlet[None]), (right, by_outlet["Press TV"])):
        index = pane.chooser.findData(article)
        pane.chooser.setCurrentIndex(index)
        pane.chooser.activated.emit(index)
    start = left.text.text.index(SENTENCE)
    left.text.setFocus()
    left.text.select_span(start, start + len(SENTENCE))
    QTest.keyClick(left.text, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    settle(app, window, lambda: bool(window.panel(MatchesDock).model.rows))
    report(on_screen(window, "marked"))

    window.panel(MatchesDock).select_match(0)
    window.panel(MatchesDock).view.setFocus()
    QTest.keyClick(window.panel(MatchesDock).view, Qt.Key.Key_Return)
    settle(app, window)
    report(on_screen(window, "accepted"))

    editor = window.panel(VerdictEditor)
    assert editor is not None
    QTest.mouseClick(editor.rating_picker.button("mostly-true"), Qt.MouseButton.LeftButton)
    settle(app, window)
    report(on_screen(window, "rated"))

    editor.rationale_edit.setFocus()
    QTest.keyClicks(editor.rationale_edit, RATIONALE)
    group = window.review.group_id
    settle(app, window, lambda: (window.wb.get_verdict(group).rationale or "") == RATIONALE)
    report(on_screen(window, "reasoned"))
    print("idle", flush=True)
    while True:  # the window stays open and responsive until the test kills the process
        app.processEvents()
        time.sleep(0.02)


if __name__ == "__main__":
    main()
