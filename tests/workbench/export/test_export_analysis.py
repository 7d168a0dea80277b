"""Exports carry drift flags (per claim) and independent origins (per group)."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from workbench.service import Workbench

QUOTE = "Washington and NATO have rejected some of Russia’s key demands"


def linked_reprint(wb: Workbench) -> int:
    """A claim in the Russialink reprint linked to its Moscow Times original, with a drifting canonical wording."""
    articles = [a.id for a in wb.list_articles() if QUOTE in wb.get_article(a.id).text]
    claim = wb.add_claim(articles[0], quote=QUOTE)
    text = wb.get_article(articles[1]).text
    wb.link_to_span(claim.id, articles[1], text.index(QUOTE), text.index(QUOTE) + len(QUOTE))
    wb.set_canonical(claim.group_id, "Washington and NATO have not rejected 30 of Russia’s key demands")
    return claim.group_id


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_claims_carry_their_drift_and_groups_their_independent_origins(seeded: Workbench, tmp_path: Path) -> None:
    gid = linked_reprint(seeded)
    claims = tmp_path / "claims.csv"
    seeded.export(claims, table="claims")
    (first, second) = rows(claims)
    for row in (first, second):
        assert row["drift"] == "negation: negation dropped: “not”; number: 30 is missing"
    verdicts = tmp_path / "verdicts.csv"
    seeded.export(verdicts, table="verdicts")
    (group,) = rows(verdicts)
    assert group["group id"] == str(gid) and group["number of outlets"] == "2"
    assert group["independent origins"] == "1"  # the reprint and its original are one origin


def test_the_workbook_has_the_same_columns(seeded: Workbench, tmp_path: Path) -> None:
    linked_reprint(seeded)
    book = tmp_path / "export.xlsx"
    seeded.export(book)
    sheet = load_workbook(book)["Verdicts"]
    header = [c.value for c in sheet[1]]
    assert [c.value for c in sheet[2]][header.index("independent origins")] == 1
    claims = load_workbook(book)["Claims"]
    drift = [c.value for c in claims[1]].index("drift") + 1
    assert "30 is missing" in claims.cell(2, drift).value
