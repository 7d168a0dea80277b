"""drift, origins, conflicts, scales and chart on the command line, with the --json shapes of issue 15."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from workbench.cli import main
from workbench.service import Workbench

QUOTE = "Washington and NATO have rejected some of Russia’s key demands"


@pytest.fixture(autouse=True)
def _capture(capsys: pytest.CaptureFixture[str]) -> None:
    global _CAPSYS
    _CAPSYS = capsys


_CAPSYS: pytest.CaptureFixture[str] | None = None


def run(db: Path, *args: str, ok: bool = True) -> SimpleNamespace:
    """One command through workbench.cli.main in this process (as the console script runs it)."""
    assert _CAPSYS is not None
    _CAPSYS.readouterr()
    code = main([*args, "--db", str(db)])
    out, err = _CAPSYS.readouterr()
    if ok:
        assert code == 0, err
    return SimpleNamespace(returncode=code, stdout=out, stderr=err)


def run_json(db: Path, *args: str) -> Any:
    return json.loads(run(db, *args, "--json").stdout)


def run_installed(db: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    """The installed console script in a child process (the chart starts Qt, which stays out of this one)."""
    script = shutil.which("claim-workbench", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "workbench.cli"]
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    proc = subprocess.run([*command, "--db", str(db), *args], capture_output=True, text=True, timeout=120,
                          env=dict(env, PYTHONUTF8="1"))
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def library(tmp_path: Path) -> tuple[Path, int]:
    """The samples with one claim linked across the Moscow Times, its Russialink reprint and Press TV."""
    path = tmp_path / "lib.sqlite3"
    wb = Workbench.open(path, user="tester")
    try:
        wb.import_seeds()
        articles = {a.source: a.id for a in wb.list_articles() if a.source}
        claim = wb.add_claim(articles["Russialink"], quote=QUOTE)
        moscow = [a.id for a in wb.list_articles() if QUOTE in wb.get_article(a.id).text and a.id != claim.article_id]
        wb.link_to_span(claim.id, moscow[0], *(lambda t: (t.index(QUOTE), t.index(QUOTE) + len(QUOTE)))(
            wb.get_article(moscow[0]).text))
        wb.set_canonical(claim.group_id, "Washington and NATO have not rejected 30 of Russia’s key demands")
        wb.set_verdict(claim.group_id, rating="mixed")
    finally:
        wb.close()
    return path, claim.group_id


def test_drift_lists_each_flag_with_claim_article_kind_and_both_wordings(library: tuple[Path, int]) -> None:
    db, gid = library
    flags = run_json(db, "drift", str(gid))
    assert isinstance(flags, list) and len(flags) == 4  # two variants: "not" dropped, "30" missing
    assert {f["kind"] for f in flags} == {"negation", "number"}
    assert set(flags[0]) >= {"claim_id", "article_id", "kind", "canonical", "variant"}
    number = next(f for f in flags if f["kind"] == "number")
    assert (number["canonical"], number["variant"]) == ("30", "")
    assert "negation" in run(db, "drift", str(gid)).stdout


def test_origins_collapse_the_reprint(library: tuple[Path, int]) -> None:
    db, gid = library
    found = run_json(db, "origins", str(gid))
    assert (found["outlets"], found["independent"]) == (2, 1)
    assert len(found["chains"]) == 1 and len(found["chains"][0]) == 2
    assert "2 outlets · 1 independent" in run(db, "origins", str(gid)).stdout


def test_conflicts_and_keep_apart(library: tuple[Path, int], tmp_path: Path) -> None:
    db, gid = library
    assert run_json(db, "conflicts") == []
    wb = Workbench.open(db)
    try:
        other = wb.add_claim(wb.list_articles()[-1].id, start=0, end=30).group_id
        wb.set_canonical(other, "Washington and NATO have not rejected 30 of Russia’s key demands, officials say")
        wb.set_verdict(other, rating="true")
    finally:
        wb.close()
    (conflict,) = run_json(db, "conflicts")
    assert set(conflict) >= {"group_ids", "ratings", "score"}
    assert sorted(conflict["group_ids"]) == sorted([gid, other]) and sorted(conflict["ratings"]) == ["mixed", "true"]
    kept = run_json(db, "conflicts", "keep-apart", str(gid), str(other), "--reason", "different claims")
    assert kept["reason"] == "different claims"
    assert run_json(db, "conflicts") == []
    assert run_json(db, "conflicts", "--all")[0]["kept_apart"] == "different claims"


def test_scales_list_the_presets_and_use_switches_with_a_map(library: tuple[Path, int]) -> None:
    db, _ = library
    scales = run_json(db, "scales")
    assert [s["name"] for s in scales] == ["claimreview", "politifact", "snopes", "afp"]
    assert [s["current"] for s in scales] == [True, False, False, False]
    half = next(v for v in scales[1]["values"] if v["key"] == "half-true")
    assert half["claimreview"] == {"@type": "Rating", "alternateName": "Half True", "ratingValue": 4,
                                   "bestRating": 6, "worstRating": 1}
    refused = run(db, "scales", "use", "afp", ok=False)
    assert refused.returncode == 2
    assert refused.stderr.startswith("claim-workbench: error: cannot switch to AFP-style: 'mixed' (1 verdict) has no")
    switch = run_json(db, "scales", "use", "afp", "--map", "mixed=Missing context")
    assert switch["scale"] == "afp" and switch["moved"][0]["new"] == "missing-context"
    assert run_json(db, "scales")[3]["current"] is True


def test_chart_renders_png_and_svg_offscreen_without_a_display(library: tuple[Path, int], tmp_path: Path) -> None:
    db, gid = library
    png = tmp_path / "spread.png"
    result = json.loads(run_installed(db, "chart", "spread", str(png), "--group", str(gid), "--theme", "dark",
                                      "--json").stdout)
    assert result["path"] == str(png) and result["format"] == "png" and result["width"] == 1200
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert result["data"]["outlets"] == ["Russialink", "The Moscow Times"]
    svg = tmp_path / "bars.svg"
    run_installed(db, "chart", "outlet-verdicts", str(svg), "--size", "800x400")
    assert "<svg" in svg.read_text(encoding="utf-8") and "Verdicts by outlet" in svg.read_text(encoding="utf-8")
    bad = run(db, "chart", "spread", str(tmp_path / "chart.jpg"), ok=False)  # refused before Qt starts
    assert bad.returncode == 2 and "written as .png or .svg" in bad.stderr
