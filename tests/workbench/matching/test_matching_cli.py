"""The matching commands through the command line: its main() in-process, and once the installed entry point."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from workbench.cli import main

WAITING = "We\u2019re currently waiting for the promised answers in order to continue negotiations"


def cli(db: Path | str, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    """Run one command through workbench.cli.main, as the console script does."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            returned = main(["--db", str(db), *args])
        except SystemExit as exc:  # argparse errors
            returned = int(exc.code or 0)
    assert returned == code, err.getvalue()
    return subprocess.CompletedProcess(args, returned, out.getvalue(), err.getvalue())


def test_the_installed_entry_point_runs_suggest(db_url: str) -> None:
    db = db_url
    cli(db, "demo")
    claim = as_json(db, "claim", "add", "2", "--quote", WAITING)
    script = shutil.which("claim-workbench", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "workbench.cli"]
    proc = subprocess.run([*command, "--db", str(db), "suggest", str(claim["id"]), "--json"], capture_output=True,
                          text=True, timeout=120, env=dict(os.environ, PYTHONUTF8="1"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["score"] >= 99
    proc = subprocess.run([*command, "--db", str(db), "reject", "999"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "no suggestion with id 999" in proc.stderr and "Traceback" not in proc.stderr


def as_json(db: Path | str, *args: str) -> object:
    return json.loads(cli(db, *args, "--json").stdout)


def test_suggest_link_reject_unlink_match_groups_reprints(db_url: str) -> None:
    db = db_url
    cli(db, "demo")
    reprint = next(a["id"] for a in as_json(db, "articles") if a["title"].startswith("Russia Says Still Waiting"))
    claim = as_json(db, "claim", "add", str(reprint), "--quote", WAITING)

    found = as_json(db, "suggest", str(claim["id"]))
    assert found[0]["text"] == WAITING and found[0]["score"] >= 99 and len(found) >= 3
    assert {"id", "article_id", "start", "end", "text", "score", "existing_claim_id"} <= set(found[0])
    table = cli(db, "suggest", str(claim["id"]), "--min-score", "90", "--per-article", "2").stdout
    assert "score" in table and "100.0" in table and table.count("\n") == 3  # header, rule, one row

    rejected = as_json(db, "reject", str(found[1]["id"]))
    assert rejected["state"] == "rejected"
    assert found[1]["id"] not in [s["id"] for s in as_json(db, "suggest", str(claim["id"]))]

    first = found[0]
    linked = as_json(db, "link", str(claim["id"]), "--to", f"{first['article_id']}:{first['start']}:{first['end']}")
    assert linked["created_claim"] and linked["group_id"] == claim["group_id"]
    groups = as_json(db, "groups")
    assert len(groups) == 1 and len(groups[0]["claims"]) == 2
    assert "2 claims" in cli(db, "groups").stdout

    unlinked = as_json(db, "unlink", str(linked["target_claim_id"]))
    assert unlinked["new_group_id"] != claim["group_id"]
    relinked = as_json(db, "link", str(claim["id"]), "--to-claim", str(linked["target_claim_id"]))
    assert relinked["merged_group"]["id"] == unlinked["new_group_id"]

    summary = as_json(db, "match")
    assert summary["claims_total"] == summary["claims_done"] == 2 and not summary["cancelled"]
    assert "claims matched" in cli(db, "match", "--article", str(reprint)).stdout
    again = as_json(db, "match", "--one-process")  # the same suggestions, none new
    assert again["claims_done"] == 2 and again["new_suggestions"] == 0
    assert again["suggestions"] == summary["suggestions"]

    pairs = as_json(db, "reprints")
    assert len(pairs) == 1 and reprint in (pairs[0]["article_id"], pairs[0]["other_article_id"])
    assert "%" in cli(db, "reprints").stdout


def test_matching_errors_are_messages_not_tracebacks(db_url: str) -> None:
    db = db_url
    cli(db, "demo")
    missing = cli(db, "suggest", "999", code=2)
    assert "no claim with id 999" in missing.stderr and "Traceback" not in missing.stderr
    assert "expected ARTICLE_ID:START:END" in cli(db, "link", "1", "--to", "3:4", code=2).stderr
    assert "0 to 100" in cli(db, "suggest", "1", "--min-score", "120", code=2).stderr
    assert "1 or more" in cli(db, "suggest", "1", "--per-article", "0", code=2).stderr
    assert "no suggestion with id 5" in cli(db, "reject", "5", code=2).stderr
