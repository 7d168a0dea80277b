"""The verdict and export commands through the CLI entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from workbench.cli import main


def run(capsys: pytest.CaptureFixture[str], db: Path | str, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", str(db)])
    out, err = capsys.readouterr()
    return code, out, err


def test_verdict_sets_and_updates_with_revisions(sample, db_url: str, capsys) -> None:
    code, out, _ = run(capsys, db_url, "verdict", "3", "--rating", "Mostly false",
                       "--rationale", "Closure is in July.", "--evidence", "https://city.example/bridge", "--evidence", "https://news.example/bridge")
    assert code == 0 and out.startswith("group 3: mostly-false (draft), version 1, reviewer")
    assert "evidence: https://news.example/bridge" in out
    code, out, _ = run(capsys, db_url, "verdict", "3", "--status", "final", "--reviewer", "carol", "--json")
    verdict = json.loads(out)
    assert (verdict["status"], verdict["reviewer"], verdict["version"]) == ("final", "carol", 2)
    assert [e["url"] for e in verdict["evidence"]] == ["https://city.example/bridge", "https://news.example/bridge"]
    assert len(verdict["revisions"]) == 2


def test_verdict_errors_are_messages_not_tracebacks(sample, db_url: str, capsys) -> None:
    code, _, err = run(capsys, db_url, "verdict", "1", "--rating", "pants-on-fire")
    assert code == 2 and err.startswith("claim-workbench: error: unknown rating 'pants-on-fire'; use one of:")
    code, _, err = run(capsys, db_url, "verdict", "1", "--rating", "true", "--expected-version", "0")
    assert code == 2 and "was changed by tester since you loaded it (now version 1)" in err
    code, _, err = run(capsys, db_url, "verdict", "1")
    assert code == 2 and "nothing to change" in err
    code, _, err = run(capsys, db_url, "verdict", "404", "--rating", "true")
    assert code == 2 and "no claim group with id 404" in err


def test_verdicts_lists_all_or_final_ones(sample, db_url: str, capsys) -> None:
    code, out, _ = run(capsys, db_url, "verdicts")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["group", "rating", "status", "reviewer", "version", "updated", "(UTC)",
                                              "rationale"]
    assert len(lines) == 2 + 3
    code, out, _ = run(capsys, db_url, "verdicts", "--final-only", "--json")
    assert [v["group_id"] for v in json.loads(out)] == [1, 4]
    code, out, _ = run(capsys, db_url, "verdicts", "--scale")
    assert "mostly-false  Mostly false  2" in out


def test_settings_show_set_and_list(sample, db_url: str, capsys) -> None:
    assert "No settings yet" in run(capsys, db_url, "settings")[1]
    set_out = run(capsys, db_url, "settings", "organisation", "Example Fact Check")[1]
    assert set_out == "organisation = Example Fact Check\n"
    assert run(capsys, db_url, "settings", "organisation")[1] == "Example Fact Check\n"
    assert run(capsys, db_url, "settings", "organisation_url")[1] == "organisation_url is not set\n"
    _, out, _ = run(capsys, db_url, "settings", "--json")
    assert json.loads(out) == {"organisation": "Example Fact Check"}


def test_export_in_every_format_with_scope_options(sample, db_url: str, tmp_path: Path, capsys) -> None:
    code, out, _ = run(capsys, db_url, "export", str(tmp_path / "v.xlsx"))
    assert code == 0 and out.startswith(f"wrote {tmp_path / 'v.xlsx'} (xlsx; everything): 8 verdicts, 9 claims")
    code, out, _ = run(capsys, db_url, "export", str(tmp_path / "c.txt"), "--format", "csv", "--table", "claims",
                       "--group", "1", "--group", "3", "--bom")
    assert code == 0 and "3 claims" in out and (tmp_path / "c.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    code, _, err = run(capsys, db_url, "export", str(tmp_path / "r.jsonld"), "--final-only")
    assert code == 2 and err.startswith("claim-workbench: error: ClaimReview names the reviewing organisation")
    assert "`claim-workbench settings organisation NAME`" in err and not (tmp_path / "r.jsonld").exists()
    run(capsys, db_url, "settings", "organisation", "Example Fact Check")
    code, out, _ = run(capsys, db_url, "export", str(tmp_path / "r.jsonld"), "--final-only", "--json")
    report = json.loads(out)
    assert report["format"] == "claimreview" and report["rows"] == {"claim reviews": 2}
    assert any("claimreview_url" in n for n in report["notes"])
    code, out, _ = run(capsys, db_url, "export", str(tmp_path / "r.jsonld"))
    assert code == 0 and "note: no review URL pattern is set" in out
    code, out, _ = run(capsys, db_url, "export", str(tmp_path / "a.json"), "--format", "annotations",
                       "--since", "2000-01-01", "--until", "2999-12-31")
    assert code == 0 and "verdicts updated 2000-01-01 to 2999-12-31" in out
    code, _, err = run(capsys, db_url, "export", str(tmp_path / "x.pdf"))
    assert code == 2 and "cannot tell the export format" in err
    with pytest.raises(SystemExit):
        main(["export", str(tmp_path / "x.xlsx"), "--since", "yesterday", "--db", str(db_url)])
    assert "is not a date" in capsys.readouterr().err


def test_import_verdicts_reports_applied_conflicts_and_errors(sample, db_url: str, tmp_path: Path, capsys) -> None:
    path = tmp_path / "v.xlsx"
    run(capsys, db_url, "export", str(path))
    book = load_workbook(path)
    sheet = book["Verdicts"]
    sheet["D3"], sheet["D2"], sheet["D4"] = "True", "Mixed", "Bogus"
    book.save(path)
    run(capsys, db_url, "verdict", "1", "--rationale", "changed meanwhile")
    code, out, _ = run(capsys, db_url, "import-verdicts", str(path), "--reviewer", "dana")
    assert code == 1
    assert out.startswith(f"{path}: 1 applied, 5 unchanged, 1 conflict(s), 1 error(s) (reviewer dana)")
    assert "Conflicts (not applied):" in out and "changed in the library since the export" in out
    assert "rating=mixed" in out and "rating=false" in out
    assert "unknown rating 'Bogus'" in out
    code, out, _ = run(capsys, db_url, "import-verdicts", str(path), "--json")
    assert json.loads(out)["applied"] == []
    code, _, err = run(capsys, db_url, "import-verdicts", str(tmp_path / "nope.xlsx"))
    assert code == 2 and "no such file" in err


def test_the_installed_entry_point_exports(sample, db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "cli.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db_url), "export", str(out), "--final-only"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [r[0] for r in load_workbook(out)["Verdicts"].iter_rows(min_row=2, values_only=True)] == [1, 4]
