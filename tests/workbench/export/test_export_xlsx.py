"""The verdict workbook: sheets, values, formatting, print set-up, links, long text, hostile quotes, scopes,
and safe file writing."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.workbench.export.conftest import HOSTILE, headers
from workbench.errors import InvalidValue, WorkbenchError
from workbench.export.safety import EXCEL_MAX_CHARS, PART_CHARS, needs_parts, utf16_len, xlsx_unescape
from workbench.export.xlsx import CONTINUED, id_ranges, parse_id_ranges, wrapped_lines

TABLE_SHEETS = ["Verdicts", "Claims", "Links", "Articles", "Evidence"]


def rows_by_header(sheet) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def cell(sheet, row: int, header: str):  # type: ignore[no-untyped-def]
    return sheet.cell(row, headers(sheet).index(header) + 1)


def test_workbook_has_a_sheet_per_table_and_about_with_one_row_per_group_claim_link_article(sample, export) -> None:
    book = load_workbook(export("verdicts.xlsx"))
    assert book.sheetnames == [*TABLE_SHEETS, "About"]  # no Long text sheet: nothing was too long
    verdicts = rows_by_header(book["Verdicts"])
    assert [r["group id"] for r in verdicts] == [1, 2, 3, 4, 5, 6, 7, 8]
    linked = verdicts[0]
    assert linked["claim"] == "unemployment fell by 40 percent last year"
    assert (linked["rating"], linked["status"], linked["reviewer"]) == ("False", "final", "tester")
    assert linked["rationale"] == "Official statistics show 4 percent."
    assert linked["evidence"] == "stats.example/unemployment"  # a short label; the link holds the URL
    assert linked["appears in"] == "Daily Planet, 2022-01-18\nMoscow Times, 2022-01-19"
    assert (linked["number of articles"], linked["number of outlets"]) == (2, 2)
    assert linked["first appearance"] == dt.datetime(2022, 1, 18)
    assert linked["last appearance"] == dt.datetime(2022, 1, 19)
    assert linked["version"] == 1 and str(linked["row key"]).startswith("1-")
    assert linked["claimant"] is None
    bare = verdicts[2]
    assert bare["rating"] is None and bare["status"] is None and bare["version"] == 0
    assert bare["first appearance"] is None  # the bridge article has no date
    assert bare["appears in"] == "Bridge rumour"  # no outlet: the article's title

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
    assert rows_by_header(book["Evidence"]) == [{
        "group id": 1, "claim": "unemployment fell by 40 percent last year", "rating": "False",
        "URL": "https://stats.example/unemployment", "title": None, "note": None,
    }]


def test_the_claimant_is_in_the_verdicts_and_claims_sheets(sample, export) -> None:
    sample.wb.set_claimant(sample.linked_group, "Jane Minister", role="Minister of Labour")
    sample.wb.set_claimant(sample.draft_group, "Ferry Company", organization=True)
    book = load_workbook(export("verdicts.xlsx"))
    verdicts = rows_by_header(book["Verdicts"])
    assert (verdicts[0]["claimant"], verdicts[0]["claimant type"]) == ("Jane Minister, Minister of Labour", "Person")
    assert (verdicts[1]["claimant"], verdicts[1]["claimant type"]) == ("Ferry Company", "Organization")
    assert [r["claimant"] for r in rows_by_header(book["Claims"])][:3] == [
        "Jane Minister, Minister of Labour", "Jane Minister, Minister of Labour", "Ferry Company",
    ]


def test_every_table_sheet_has_a_styled_frozen_filtered_header_that_is_not_cut_off(sample, export) -> None:
    book = load_workbook(export("verdicts.xlsx"))
    for name in TABLE_SHEETS:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{max(sheet.max_row, 2)}"
        header = sheet["A1"]
        assert header.font.b and header.fill.fill_type == "solid" and header.fill.fgColor.rgb == "FF1F4E78"
        assert header.alignment.wrap_text
        for c in sheet[1]:
            width = sheet.column_dimensions[c.column_letter].width
            lines = wrapped_lines(c.value, width, bold=True)
            assert width > 5 and sheet.row_dimensions[1].height >= 15 * lines, (name, c.value)
    verdicts = book["Verdicts"]
    assert verdicts.row_dimensions[1].height == 30  # "first appearance" and "number of outlets" take two lines
    assert cell(verdicts, 2, "claim").alignment.wrap_text and cell(verdicts, 2, "rationale").alignment.wrap_text


def test_rows_grow_to_their_wrapped_text(sample, export) -> None:
    wb = sample.wb
    long = "Three sources disagree. " * 40  # ~960 characters: many lines in the rationale column
    wb.set_verdict(sample.linked_group, rationale=long + "\nAnd a last paragraph.")
    sheet = load_workbook(export("verdicts.xlsx"))["Verdicts"]
    width = sheet.column_dimensions[cell(sheet, 1, "rationale").column_letter].width
    lines = wrapped_lines(long, width) + 1
    assert lines > 10 and sheet.row_dimensions[2].height == 15 * lines
    assert sheet.row_dimensions[2].customHeight
    assert sheet.row_dimensions[4].height in (None, 15)  # a one-line row keeps the default height


def test_pages_are_landscape_one_page_wide_with_the_header_row_title_and_date_on_every_page(sample, export) -> None:
    sample.wb.set_setting("organisation", "Example Fact Check")
    book = load_workbook(export("verdicts.xlsx"))
    for name in TABLE_SHEETS:
        sheet = book[name]
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, name  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (None, 1)  # 1 is the default
        assert setup.fitToHeight == 0
        assert sheet.print_title_rows == "$1:$1"  # the header row on every printed page
        assert sheet.print_options.gridLines
        assert f"Claim Workbench verdicts: {name}" in sheet.oddHeader.left.text
        assert "Example Fact Check · exported 20" in sheet.oddHeader.right.text
        assert sheet.oddFooter.right.text == "page &P of &N" and sheet.oddFooter.left.text == "scope: everything"
    verdicts = book["Verdicts"]
    printed = headers(verdicts)[:9]
    assert printed == ["group id", "claim", "claimant", "rating", "rationale", "evidence", "appears in", "status",
                       "reviewer"]
    assert verdicts.print_area == "'Verdicts'!$A$1:$I$9"  # the reader's columns; ids and versions stay on screen


def test_evidence_and_appearances_are_clickable_links(sample, export) -> None:
    from workbench.service import EvidenceInfo

    wb = sample.wb
    wb.set_verdict(sample.draft_group,
                   evidence=[EvidenceInfo(id=None, url="https://ferry.example/timetable", title="Timetable")])
    wb.set_verdict(sample.linked_group, evidence=[
        *wb.get_verdict(sample.linked_group).evidence,  # type: ignore[union-attr]
        EvidenceInfo(id=None, url="https://www.ons.example/labour/2022", title="Labour survey"),
    ])
    book = load_workbook(export("verdicts.xlsx"))
    verdicts = book["Verdicts"]
    single = cell(verdicts, 3, "evidence")  # one item: a one-line link
    assert (single.value, single.hyperlink.target) == ("Timetable (ferry.example)", "https://ferry.example/timetable")
    appears = cell(verdicts, 3, "appears in")
    assert (appears.value, appears.hyperlink.target) == ("Daily Planet, 2022-01-18", "https://dailyplanet.example/jobs")
    # Several lines stay wrapped text (LibreOffice shows a link cell on one line); each URL links elsewhere.
    several = cell(verdicts, 2, "evidence")
    assert several.value == "stats.example/unemployment\nLabour survey (ons.example)" and several.hyperlink is None
    assert cell(verdicts, 2, "appears in").hyperlink is None
    urls = cell(verdicts, 2, "article URLs")  # every URL, to copy; each links on the Claims sheet
    assert urls.value == "https://dailyplanet.example/jobs\nhttps://themoscowtimes.example/2022/01/19/jobs"
    sheet = book["Evidence"]
    targets = [cell(sheet, r, "URL").hyperlink.target for r in (2, 3, 4)]
    assert targets == ["https://stats.example/unemployment", "https://www.ons.example/labour/2022",
                       "https://ferry.example/timetable"]
    claims = book["Claims"]
    assert [cell(claims, r, "URL").hyperlink.target for r in (2, 3)] == [
        "https://dailyplanet.example/jobs", "https://themoscowtimes.example/2022/01/19/jobs"]


def test_rating_cells_take_the_rating_colour_and_the_editable_columns_offer_choices(sample, export) -> None:
    book = load_workbook(export("verdicts.xlsx"))
    sheet = book["Verdicts"]
    col = headers(sheet).index("rating")
    fills = {row[col].value: row[col].fill.fgColor.rgb for row in sheet.iter_rows(min_row=2) if row[col].value}
    assert fills == {"False": "FFEE6352", "Mostly true": "FFA1D99B", "Unproven": "FF9E9AC8"}
    assert cell(sheet, 2, "rating").font.color.rgb == "FFFFFFFF"  # white on the dark red, black on light colours
    assert cell(book["Claims"], 2, "rating").fill.fgColor.rgb == "FFEE6352"
    lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert lists == {"D2:D9": '"False,Mostly false,Mixed,Mostly true,True,Unproven"', "H2:H9": '"draft,review,final"'}
    for header in ("rating", "rationale", "status"):  # typed text stays text (no dates, numbers, formulas)
        assert cell(sheet, 2, header).number_format == "@"
        assert sheet.column_dimensions[cell(sheet, 1, header).column_letter].number_format == "@"


def test_dates_are_date_cells_and_urls_are_hyperlinks(sample, export) -> None:
    book = load_workbook(export("verdicts.xlsx"))
    claims = book["Claims"]
    published, created = cell(claims, 2, "published"), cell(claims, 2, "created (UTC)")
    assert published.is_date and published.number_format == "yyyy-mm-dd"
    assert published.value == dt.datetime(2022, 1, 18)
    assert created.is_date and created.number_format == "yyyy-mm-dd hh:mm"
    url = cell(claims, 2, "URL")
    assert url.value == "https://dailyplanet.example/jobs" and url.hyperlink.target == url.value
    articles = book["Articles"]
    assert cell(articles, 2, "URL").hyperlink.target == "https://dailyplanet.example/jobs"
    assert cell(articles, 4, "URL").value is None and cell(articles, 4, "published").value is None
    assert cell(book["Verdicts"], 2, "updated (UTC)").is_date


def test_hostile_quotes_are_inert_text_cells_that_read_back_exactly(sample, export) -> None:
    path = export("verdicts.xlsx")
    book = load_workbook(path)
    claims = book["Claims"]
    col = headers(claims).index("quote")
    quotes = {row[col].value: row[col] for row in claims.iter_rows(min_row=2)}
    for hostile in HOSTILE:
        c = quotes[hostile]
        assert c.data_type == "s", hostile  # a string cell: no spreadsheet evaluates it
        assert c.quotePrefix, hostile  # and editing it in Excel keeps it text
    assert not quotes["the bridge will close in June"].quotePrefix
    rationale = cell(book["Verdicts"], 3, "rationale")
    assert rationale.value == "=1+1 is not a formula here" and rationale.data_type == "s" and rationale.quotePrefix
    # No formula anywhere in the package: the raw sheet XML holds no <f> element.
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
    quote = cell(book["Claims"], 2, "quote")
    assert xlsx_unescape(quote.value) == claim.text  # openpyxl leaves inline strings encoded
    assert quote.quotePrefix  # starts with a carriage return
    assert xlsx_unescape(cell(book["Verdicts"], 2, "rationale").value) == "Form\x0cfeed and _x0000_ stay as they were"
    report = wb.import_verdicts(path)
    assert (report.unchanged, report.applied, report.errors) == (1, [], [])


def test_a_text_longer_than_a_cell_continues_on_the_long_text_sheet(wb, new_article, tmp_path: Path) -> None:
    aid = new_article(wb, "The mayor said the bridge will close in June, residents were told.")
    group = wb.add_claim(aid, quote="the bridge will close in June").group_id
    rationale = ("Bridge notes 🌉 " * 3000) + "THE END"  # 45,007 code points, 48,007 UTF-16 units
    assert utf16_len(rationale) > EXCEL_MAX_CHARS
    wb.set_verdict(group, rating="false", rationale=rationale)
    report = wb.export(tmp_path / "long.xlsx")
    assert any("continue on the Long text sheet" in n for n in report.notes)
    book = load_workbook(tmp_path / "long.xlsx")
    assert book.sheetnames == [*TABLE_SHEETS, "About", "Long text"]
    first = cell(book["Verdicts"], 2, "rationale").value
    assert first.endswith(CONTINUED) and utf16_len(first) <= PART_CHARS
    rest = rows_by_header(book["Long text"])
    assert [(r["sheet"], r["column"], r["row id"], r["cell"], r["part"]) for r in rest] == [
        ("Verdicts", "rationale", group, "E2", n) for n in (2, 3, 4)
    ]
    assert first[: -len(CONTINUED)] + "".join(str(r["text"]) for r in rest) == rationale  # nothing cut or doubled
    assert all(utf16_len(str(r["text"])) <= PART_CHARS for r in rest)


def test_a_multi_line_text_with_a_paragraph_libreoffice_would_break_is_continued_too() -> None:
    assert needs_parts("x" * 20000 + "\nend") and not needs_parts("x" * 20000)  # one paragraph: LibreOffice keeps it
    assert needs_parts("x" * (EXCEL_MAX_CHARS + 1)) and not needs_parts("short\ntext")


def test_the_about_sheet_says_what_was_exported_and_how_to_edit_it(sample, export) -> None:
    about = load_workbook(export("chosen.xlsx", group_ids=[1, 2, 3, 7])).worksheets[-1]
    values = {row[0]: row[1] for row in about.iter_rows(min_row=3, values_only=True)}
    assert values["scope"] == "4 selected claim group(s)"
    assert values["exported claim groups"] == "1-3, 7"
    assert values["library"].endswith("library.sqlite3") or values["library"].startswith("postgresql")
    assert "import-verdicts" in values["editing"] and "does not delete a verdict" in values["do not change"]
    assert about.print_options.gridLines and about.page_setup.orientation == "landscape"
    assert id_ranges([5, 1, 2, 3, 9, 10]) == "1-3, 5, 9-10" and parse_id_ranges("1-3, 5, 9-10") == {1, 2, 3, 5, 9, 10}


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
    assert [empty[name].max_row for name in TABLE_SHEETS] == [1, 1, 1, 1, 1]
    assert empty["Verdicts"].auto_filter.ref == "A1:T2"
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
    assert seen[0] == (0, 22) and seen[-1] == (22, 22)
    assert report.rows == {"verdicts": 8, "claims": 9, "links": 1, "articles": 3, "evidence": 1}
    assert "): 8 verdicts, 9 claims, 1 links, 3 articles, 1 evidence in " in report.summary()  # rows, not ticks


def test_format_follows_the_file_name_unless_given(sample, tmp_path: Path) -> None:
    wb = sample.wb
    wb.set_setting("organisation", "Example Fact Check")
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
