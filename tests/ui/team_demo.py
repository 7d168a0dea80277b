"""A team library on a throwaway PostgreSQL server, and screenshots of the window over it (README, review).

    QT_QPA_PLATFORM=offscreen python -m tests.ui.team_demo OUT_FOLDER [--palette light|dark]

Starts a cluster (tests/pgcluster.py), builds the demo library of demo_library.py in a database called
`factcheck`, runs `team init` and adds reviewers ana and dave and editors bob and carol; ana writes a verdict,
ana and dave rate a group blind and disagree; then it opens bob's window (an editor: Final is his to give)
and ana's (a reviewer), saves PNGs into OUT_FOLDER and removes the cluster. Passwords go through a
temporary PGPASSFILE, as the README recommends, so no URL holds one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QWidget

from tests.pgcluster import Cluster
from tests.ui.demo_library import build_demo
from ui.app import SCREENSHOT_SIZE, application, use_palette, wait_for_jobs
from ui.main_window import MainWindow
from workbench.service import Workbench

PEOPLE = {"ana": "reviewer", "dave": "reviewer", "bob": "editor", "carol": "editor"}
DATABASE = "factcheck"


def build_team(cluster: Cluster, pgpass: Path) -> dict[str, int]:
    """The team library; returns the groups the pictures show (ana's verdict, the disagreement)."""
    cluster.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)', f'CREATE DATABASE "{DATABASE}"')
    owner = build_demo(cluster.url(DATABASE))  # type: ignore[arg-type]  # a URL works as well as a path
    lines = []
    try:
        owner.team_init()
        for login, role in PEOPLE.items():
            owner.team_add(login, role, f"secret-{login}")
            lines.append(f"127.0.0.1:{cluster.port}:{DATABASE}:{login}:secret-{login}")
        pgpass.write_text("\n".join(lines) + "\n", encoding="utf-8")
        pgpass.chmod(0o600)
        unrated = [g for g in owner.list_groups() if g.rating is None]
        blind = next(g for g in owner.list_groups() if g.rating == "mixed").id
        drafted = unrated[0].id
        owner.assign(drafted, ["ana", "dave"])
        owner.assign(blind, ["ana", "dave"])
    finally:
        owner.close()
    for login, rating in (("ana", "false"), ("dave", "mostly-false")):
        rater = Workbench.open(tcp_url(cluster, login))
        try:
            rater.rate(blind, rating, note="" if login == "dave" else "The figure is not in the ministry's transcript")
            if login == "ana":
                rater.set_verdict(drafted, rating="mostly-false", status="review",
                                  rationale="NATO rejected some demands, not all of them; see the two statements.")
        finally:
            rater.close()
    return {"drafted": drafted, "blind": blind}


def tcp_url(cluster: Cluster, login: str) -> str:
    return f"postgresql://{login}@127.0.0.1:{cluster.port}/{DATABASE}"


def grab(widget: QWidget, path: Path) -> None:
    QCoreApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path}")


def window_of(cluster: Cluster, login: str, settings_dir: Path) -> MainWindow:
    window = MainWindow(QSettings(str(settings_dir / f"{login}.ini"), QSettings.Format.IniFormat))
    window.resize(*SCREENSHOT_SIZE)
    window.library.open_database(tcp_url(cluster, login), background=False)
    window.show()
    wait_for_jobs(window)
    return window


def main(out: Path, palette: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = application()
    use_palette(app, palette)
    cluster = Cluster.create()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        os.environ["PGPASSFILE"] = str(folder / "pgpass")
        try:
            groups = build_team(cluster, folder / "pgpass")
            bob = window_of(cluster, "bob", folder)
            bob.review.select_group(groups["drafted"], open_articles=True)
            bob.user_actions.disagreements.trigger()
            wait_for_jobs(bob)
            grab(bob, out / f"team-editor-{palette}.png")
            ana = window_of(cluster, "ana", folder)
            ana.user_actions.my_queue.setChecked(True)
            ana.review.select_group(groups["drafted"], open_articles=True)
            wait_for_jobs(ana)
            grab(ana, out / f"team-reviewer-{palette}.png")
            bob.team.assign_dialog(groups["drafted"])
            assert bob.team.dialog is not None
            grab(bob.team.dialog, out / f"assign-{palette}.png")
            bob.team.dialog.reject()
            dialog = bob.library.open_database_dialog()
            dialog.set_location(tcp_url(cluster, "bob"))
            grab(dialog, out / f"open-{palette}.png")
            dialog.reject()
            for window in (ana, bob):
                window.library.close_database()
                window.close()
        finally:
            cluster.destroy()


if __name__ == "__main__":
    target = Path(sys.argv[1])
    main(target, sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--palette" else "light")
