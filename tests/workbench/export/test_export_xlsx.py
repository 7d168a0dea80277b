"""The verdict workbook: sheets, values, formatting, hostile quotes, scopes, and safe file writing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.workbench.export.conftest import HOSTILE
from workbench.errors import InvalidValue, WorkbenchError
from workbench.export.safety import xlsx_unescape


def rows_by_header(sheet) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_workbook_has_four_sheets_with_one_row_per_group_claim_link_and_article(sample, export) -> None:
    book = load_workbook(export("verdicts.xlsx"))
    assert book.sheetnames == ["Verdicts", "Claims", "Links", "Articles"]
    verdicts = rows_by_header(book["Verdicts"])
    assert [r["group id"] for r in verdicts] == [1, 2, 3, 4, 5, 6, 7, 8]
    linked = verdicts[0]
    assert linked["claim"] == "unemployment fell by 40 percent last year"
    assert (linked["rating"], linked["status"], linked["reviewer"]) == ("False", "final", "tester")
    assert linked["rationale"] == "Official statistics show 4 percent."
    assert linked["evidence URLs"] == "https://stats.example/unemployment"
    assert (linked["articles"], linked["sources"], linked["outlets"]) == (2, 2, "Daily Planet; Moscow Times")
    assert linked["first appearance"] == dt.datetime(2022, 1, 18)
    assert linked["last appearance"] == dt.datetime(2022, 1, 19)
    assert linked["version"] == 1
    bare = verdicts[2]
    assert bare["rating"] is None and bare["status"] is None and bare["version"] == 0
    assert bare["first appearance"] is None  # the bridge article has no date

    claims = rows_by_header(book["Claims"])
    assert len(claims) == 9
    first = claims[0]
    assert (first["group id"], first["outlet"], first["article title"]) == (1, "Daily Planet", "Minister on jobs")
    assert (first["start"], first["end"], first["anchor state"]) == (23, 64, "anchored")
    assert first["context"] == (
        "The minister said that [[unemployment fell by 40 percent last year]], a claim economists dispute. Cr"
    )
    links = rows_by_header(book["Links"])
    assert [(r["claim id"], r["linked claim id"], r["score"], r["method"], r["state"]) for r in links] == [
        (1, 2, 0.92, "fuzzy", "accepted")
    ]
    articles = rows_by_header(book["Articles"])
    assert [(a["title"], a["claims"]) for a in articles] == [
        ("Minister on jobs", 7), ("Jobs figures repeated", 1), ("Bridge rumour", 1),
    ]


def test_every_sheet_has_a_styled_frozen_filtered_header(sample, export) -> None:
    book = load_workbook(export("verdicts.xlsx"))
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{max(sheet.max_row, 2)}"
        header = sheet["A1"]
        assert header.font.b and header.fill.fill_type == "solid" and header.fill.fgColor.rgb == "FF1F4E78"
        assert all(sheet.column_dimensions[c.column_letter].width > 5 for c in sheet[1])
    verdicts = book["Verdicts"]
    assert verdicts.column_dimensions["B"].width > 50  # the claim column is wide and wrapped
    assert verdicts["B2"].alignment.wrap_text and verdicts["D2"].alignment.wrap_text


def test_rating_cells_take_the_rating_colour_and_the_rating_column_offers_the_scale(sample, export) -> None:
    book = load_workbook(export("verdicts.xlsx"))
    sheet = book["Verdicts"]
    fills = {row[2].value: row[2].fill.fgColor.rgb for row in sheet.iter_rows(min_row=2) if row[2].value}
    assert fills == {"False": "FFD7301F", "Mostly true": "FFA1D99B", "Unproven": "FF9E9AC8"}
    assert sheet["C2"].font.color.rgb == "FFFFFFFF"  # white on the dark red, black on the light colours
    assert book["Claims"]["C2"].fill.fgColor.rgb == "FFD7301F"
    lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert lists == {"C2:C9": '"False,Mostly false,Mixed,Mostly true,True,Unproven"', "E2:E9": '"draft,review,final"'}


def test_dates_are_date_cells_and_urls_are_hyperlinks(sample, export) -> None:
    book = load_workbook(export("verdicts.xlsx"))
    claims = book["Claims"]
    published, created = claims["H2"], claims["P2"]
    assert published.is_date and published.number_format == "yyyy-mm-dd"
    assert published.value == dt.datetime(2022, 1, 18)
    assert created.is_date and created.number_format == "yyyy-mm-dd hh:mm"
    url = claims["G2"]
    assert url.value == "https://dailyplanet.example/jobs" and url.hyperlink.target == url.value
    articles = book["Articles"]
    assert articles["D2"].hyperlink.target == "https://dailyplanet.example/jobs"
    assert articles["D4"].value is None and articles["E4"].value is None  # no URL, no date: empty cells
    assert book["Verdicts"]["M2"].is_date


def test_hostile_quotes_are_inert_text_cells_that_read_back_exactly(sample, export) -> None:
    path = export("verdicts.xlsx")
    book = load_workbook(path)
    claims = book["Claims"]
    quotes = {c.value: c for c in claims["I"][1:]}
    for hostile in HOSTILE:
        cell = quotes[hostile]
        assert cell.data_type == "s", hostile  # a string cell: no spreadsheet evaluates it
        assert cell.quotePrefix, hostile  # and editing it in Excel keeps it text
    assert not quotes["the bridge will close in June"].quotePrefix
    rationale = book["Verdicts"]["D3"]
    assert rationale.value == "=1+1 is not a formula here" and rationale.data_type == "s" and rationale.quotePrefix
    # No formula anywhere in the package: the raw sheet XML holds no <f> element.
    import zipfile

    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name


def test_control_characters_and_escape_lookalikes_survive_the_workbook(
    wb, new_article, tmp_path: Path, db_backend: str
) -> None:
    control = "\x00" if db_backend == "sqlite" else "\x01"  # PostgreSQL text cannot hold U+0000 at all
    text = f"Header\x0cPage two says \rthe rate was 5_x0041_ percent{control} and fell. Then more text follows."
    aid = new_article(wb, text)
    claim = wb.add_claim(aid, quote=f"\rthe rate was 5_x0041_ percent{control}")
    wb.set_verdict(claim.group_id, rating="mixed", rationale="Form\x0cfeed and _x0000_ stay as they were")
    path = tmp_path / "odd.xlsx"
    wb.export(path)
    book = load_workbook(path)
    assert xlsx_unescape(book["Claims"]["I2"].value) == claim.text
    assert book["Claims"]["I2"].quotePrefix  # starts with a carriage return
    assert xlsx_unescape(book["Verdicts"]["D2"].value) == "Form\x0cfeed and _x0000_ stay as they were"
    report = wb.import_verdicts(path)
    assert (report.unchanged, report.applied, report.errors) == (1, [], [])


def test_a_scope_selects_groups_and_what_belongs_to_them(sample, export) -> None:
    wb = sample.wb
    chosen = load_workbook(export("chosen.xlsx", group_ids=[sample.linked_group, sample.bare_group]))
    assert [r["group id"] for r in rows_by_header(chosen["Verdicts"])] == [1, 3]
    assert [r["claim id"] for r in rows_by_header(chosen["Claims"])] == [1, 2, 4]
    assert [r["title"] for r in rows_by_header(chosen["Articles"])] == [
        "Minister on jobs", "Jobs figures repeated", "Bridge rumour",
    ]
    final = load_workbook(export("final.xlsx", final_only=True))
    assert [r["group id"] for r in rows_by_header(final["Verdicts"])] == [1, 4]
    assert rows_by_header(final["Links"])[0]["claim id"] == 1
    today = dt.date.today()
    dated = load_workbook(export("dated.xlsx", since=today - dt.timedelta(days=1), until=today + dt.timedelta(days=1)))
    assert [r["group id"] for r in rows_by_header(dated["Verdicts"])] == [1, 2, 4]  # the groups with a verdict
    empty = load_workbook(export("empty.xlsx", since="2001-01-01", until="2001-12-31"))
    assert [sheet.max_row for sheet in empty.worksheets] == [1, 1, 1, 1]
    assert empty["Verdicts"].auto_filter.ref == "A1:O2"
    with pytest.raises(InvalidValue, match="is not a date"):
        wb.export(Path("x.xlsx"), since="last week")
    with pytest.raises(InvalidValue, match="empty"):
        wb.export(Path("x.xlsx"), since="2022-02-01", until="2022-01-01")


def test_a_crash_or_cancel_never_leaves_a_half_written_file(sample, tmp_path: Path) -> None:
    wb = sample.wb
    target = tmp_path / "verdicts.xlsx"
    target.write_bytes(b"the previous export")
    report = wb.export(target, cancelled=lambda: True)
    assert report.cancelled and target.read_bytes() == b"the previous export"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]

    def explode(done: int, total: int, message: str) -> None:
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        wb.export(target, progress=explode)
    assert target.read_bytes() == b"the previous export"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    with pytest.raises(WorkbenchError, match="folder does not exist"):
        wb.export(tmp_path / "missing" / "out.xlsx")


def test_export_reports_progress_up_to_the_total(sample, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    report = sample.wb.export(tmp_path / "v.xlsx", progress=lambda done, total, msg: seen.append((done, total)))
    assert seen[0] == (0, 21) and seen[-1] == (21, 21)
    assert report.rows == {"verdicts": 8, "claims": 9, "links": 1, "articles": 3}
    assert "): 8 verdicts, 9 claims, 1 links, 3 articles in " in report.summary()  # rows, not ticks


def test_format_follows_the_file_name_unless_given(sample, tmp_path: Path) -> None:
    wb = sample.wb
    assert wb.export(tmp_path / "a.xlsx").format == "xlsx"
    assert wb.export(tmp_path / "a.csv").format == "csv"
    assert wb.export(tmp_path / "reviews.jsonld").format == "claimreview"
    assert wb.export(tmp_path / "reviews.json").format == "claimreview"
    assert wb.export(tmp_path / "claims.annotations.jsonld").format == "annotations"
    assert wb.export(tmp_path / "out.txt", format="csv").format == "csv"
    with pytest.raises(InvalidValue, match="cannot tell the export format"):
        wb.export(tmp_path / "out.txt")
    with pytest.raises(InvalidValue, match="unknown table"):
        wb.export(tmp_path / "out.csv", table="sources")


def test_unescape_reads_excel_escapes() -> None:
    assert xlsx_unescape("a_x000D_b_x005F_x0041_") == "a\rb_x0041_"
