"""A killed window loses nothing that was on screen: each user action is committed before it is shown.

The session runs in a real window (offscreen) in its own process; at each step it prints what the
window shows and the test kills it (SIGKILL) right there, then reopens the library file.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from crashkit import ROOT, cli_env, sqlite_health

from workbench.service import Workbench

SESSION = Path(__file__).with_name("gui_session.py")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def run_until(db: Path, settings: Path, step: str) -> dict:
    """Start the session, read its reports until `step`, kill it at once; returns that step's report."""
    proc = subprocess.Popen([sys.executable, str(SESSION), str(db), str(settings)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env(), cwd=ROOT)
    seen = None
    try:
        assert proc.stdout is not None and proc.stdin is not None
        for line in proc.stdout:
            report = json.loads(line) if line.startswith("{") else None
            if report is not None and report["step"] == step:
                proc.send_signal(signal.SIGKILL)  # the session waits for us: this is exactly what it showed
                seen = report
                break
            if report is not None:
                proc.stdin.write("\n")  # go on to the next step
                proc.stdin.flush()
    finally:
        if proc.poll() is None:
            proc.kill()
        _, err = proc.communicate(timeout=60)
    assert seen is not None, f"the session ended before {step}: {err[-2000:]}"
    assert proc.returncode == -signal.SIGKILL
    return seen


@pytest.mark.parametrize("step", ["marked", "accepted", "rated", "reasoned"])
def test_a_killed_window_loses_nothing_that_was_on_screen(tmp_path: Path, step: str) -> None:
    db = tmp_path / "library.sqlite3"
    shown = run_until(db, tmp_path / "settings", step)
    assert shown["claims"], shown

    sqlite_health(db)
    wb = Workbench.open(db)
    try:
        assert len(wb.list_articles()) == shown["articles"] == 5
        stored = {c.id: c for c in wb.list_claims()}
        for claim in shown["claims"]:
            kept = stored[claim["id"]]
            assert (kept.article_id, kept.start, kept.end, kept.group_id) == (
                claim["article_id"], claim["start"], claim["end"], claim["group_id"])
        groups = {g.id: g for g in wb.list_groups()}
        for gid, group in shown["groups"].items():
            assert sorted(c.id for c in groups[int(gid)].claims) == group["claims"]
            assert groups[int(gid)].rating == group["rating"]
        if step in ("accepted", "rated", "reasoned"):
            assert any(len(g["claims"]) == 2 for g in shown["groups"].values())
        if step in ("rated", "reasoned"):
            assert [v["rating"] for v in shown["groups"].values() if v["rating"]] == ["mostly-true"]
        if step in ("marked", "accepted"):
            assert not any(v["rating"] for v in shown["groups"].values())  # killed before the next action
        if step == "reasoned":
            [group] = [int(g) for g, v in shown["groups"].items() if v["rating"]]
            verdict = wb.get_verdict(group)
            assert verdict is not None and verdict.rating == "mostly-true"
            assert verdict.rationale == shown["rationale"] != ""
    finally:
        wb.close()
