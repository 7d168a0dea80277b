"""The claim-workbench command line, run through its installed entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli_command() -> list[str]:
    """The installed console script when there is one, else the module (same entry point)."""
    script = shutil.which("claim-workbench", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "workbench.cli"]


def run(db: Path | str, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONUTF8="1")
    proc = subprocess.run(
        [*cli_command(), "--db", str(db), *args], capture_output=True, text=True, env=env, timeout=120
    )
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def run_json(db: Path | str, *args: str) -> object:
    return json.loads(run(db, *args, "--json").stdout)


def test_import_demo_articles_claims_show_flow(db_url: str) -> None:
    db = db_url
    results = run_json(db, "demo")
    assert [r["status"] for r in results] == ["imported"] * 5
    assert [r["status"] for r in run_json(db, "demo")] == ["duplicate"] * 5

    articles = run_json(db, "articles")
    assert len(articles) == 5
    assert set(articles[0]) >= {"id", "title", "source", "url", "published", "length"}
    reprint = next(a for a in articles if "RUSSIALINK" in a["title"] or a["source"] == "Russialink")

    quote = "We’re currently waiting for the promised answers in order to continue negotiations"
    claim = run_json(db, "claim", "add", str(reprint["id"]), "--quote", quote, "--note", "key quote")
    assert claim["text"] == quote and claim["article_id"] == reprint["id"]
    assert set(claim) == {"id", "article_id", "start", "end", "text", "group_id"}

    span_claim = run_json(db, "claim", "add", str(reprint["id"]), "--span", f"{claim['start']}:{claim['start'] + 5}")
    assert span_claim["text"] == quote[:5]

    claims = run_json(db, "claims", "--article", str(reprint["id"]))
    assert [c["id"] for c in claims] == [span_claim["id"], claim["id"]]  # by start, then end

    shown = run(db, "show", str(reprint["id"])).stdout
    assert f"[[{claim['id']}: " in shown and "]]" in shown

    run(db, "claim", "rm", str(span_claim["id"]))
    assert [c["id"] for c in run_json(db, "claims")] == [claim["id"]]

    human = run(db, "articles").stdout
    assert "title" in human and "Moscow" in human


def test_import_reports_each_file_and_fails_when_one_fails(tmp_path: Path, db_url: str) -> None:
    db = db_url
    good = tmp_path / "good.txt"
    good.write_text("A perfectly good article.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    proc = run(db, "import", str(good), str(bad), str(tmp_path / "missing.txt"), "--json", ok=False)
    assert proc.returncode == 1
    rows = {Path(r["path"]).name: r for r in json.loads(proc.stdout)}
    assert rows["good.txt"]["status"] == "imported" and rows["good.txt"]["article_id"]
    assert rows["bad.txt"]["status"] == "error" and "bad.txt" in rows["bad.txt"]["message"]
    assert rows["missing.txt"]["status"] == "error"
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["claim", "add", "999", "--quote", "x"], "no article with id 999"),
        (["claim", "add", "1", "--span", "5:99999"], "outside the article"),
        (["claim", "add", "1", "--quote", ""], "empty"),
        (["claim", "add", "1", "--quote", "this is not in the article at all"], "does not occur"),
        (["claim", "rm", "12345"], "no claim with id 12345"),
        (["show", "77"], "no article with id 77"),
    ],
)
def test_user_errors_are_one_clear_line_with_non_zero_exit(db_url: str, args: list[str], message: str) -> None:
    from workbench.cli import main

    db = db_url
    assert main(["--db", str(db), "demo", "--json"]) == 0
    proc = run(db, *args, ok=False)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_bad_span_syntax_is_an_argument_error(tmp_path: Path) -> None:
    proc = run(tmp_path / "lib.sqlite3", "claim", "add", "1", "--span", "five", ok=False)
    assert proc.returncode == 2 and "START:END" in proc.stderr


def test_newer_database_is_refused_by_the_cli(db_url: str) -> None:
    from sqlalchemy import create_engine, text

    from workbench.db import resolve_target

    db = db_url
    run(db, "articles")
    engine = create_engine(resolve_target(db))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'zzzz'"))
    engine.dispose()
    proc = run(db, "articles", ok=False)
    assert proc.returncode == 2 and "newer version" in proc.stderr


def test_without_a_display_the_gui_command_explains_itself(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run(
        [*cli_command(), "--db", str(tmp_path / "lib.sqlite3")], capture_output=True, text=True, env=env, timeout=60
    )
    if sys.platform.startswith("linux"):
        assert proc.returncode == 1
        assert "QT_QPA_PLATFORM=offscreen" in proc.stderr
        assert "Traceback" not in proc.stderr


def test_import_size_limit_is_configurable_and_named_in_the_error(tmp_path: Path, db_url: str) -> None:
    db = db_url
    small = tmp_path / "small.txt"
    small.write_text("A short article.\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("Word " * 60_000, encoding="utf-8")  # 300,000 bytes
    proc = run(db, "import", str(small), str(big), "--max-size", "0.25", ok=False)
    assert proc.returncode == 1
    line = next(line for line in proc.stdout.splitlines() if "big.txt" in line)
    assert "error" in line and "256" in line  # the limit, 0.25 MB = 256 KB, is named
    assert "imported" in next(line for line in proc.stdout.splitlines() if "small.txt" in line)
    assert run(db, "import", str(big), "--max-size", "1").returncode == 0
    refused = run(db, "import", str(small), "--max-size", "zero", ok=False)
    assert refused.returncode == 2 and "positive number of megabytes" in refused.stderr
