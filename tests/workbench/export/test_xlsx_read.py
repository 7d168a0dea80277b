"""Reading cells as a spreadsheet shows them: strings decoded once, numbers and dates in their formats."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbench.export.xlsx_read import (
    BOOL,
    EMPTY,
    ERROR,
    NUMBER,
    TEXT,
    Cell,
    NotAWorkbook,
    Workbook,
    format_date,
    format_number,
    is_date_format,
    read_rows,
    serial_to_datetime,
    shown_text,
)


@pytest.mark.parametrize(("code", "shown"), [
    ("yyyy-mm-dd", "2022-01-05"),
    ("yyyy\\-mm\\-dd", "2022-01-05"),  # as LibreOffice writes it
    ("d/m/yy", "5/1/22"),
    ("dd mmm yyyy", "05 Jan 2022"),
    ("mmmm d, yyyy", "January 5, 2022"),
    ("dddd", "Wednesday"),
    ("yyyy-mm-dd hh:mm:ss", "2022-01-05 14:07:09"),
    ("h:mm AM/PM", "2:07 PM"),
    ('[$-409]d "of" mmmm', "5 of January"),
])
def test_dates_are_shown_in_their_number_format(code: str, shown: str) -> None:
    moment = dt.datetime(2022, 1, 5, 14, 7, 9)
    assert is_date_format(code)
    assert format_date(moment, code) == shown


def test_numbers_are_shown_in_plain_formats_and_odd_formats_are_not_guessed() -> None:
    assert format_number(42.0, "General") == "42"
    assert format_number(3.5, "General") == "3.5"
    assert format_number(0.1 + 0.2, "General") == "0.3"
    assert format_number(0.256, "0%") == "26%" and format_number(0.256, "0.0%") == "25.6%"
    assert format_number(1234.5, "#,##0.00") == "1,234.50" and format_number(7, "0") == "7"
    assert format_number(1.5, "# ?/?") is None
    assert not is_date_format("General") and not is_date_format("0.00") and not is_date_format('"days"0')


def test_serial_dates_in_both_date_systems() -> None:
    assert serial_to_datetime(44566) == dt.datetime(2022, 1, 5)
    assert serial_to_datetime(44566.604166666664) == dt.datetime(2022, 1, 5, 14, 30)  # not 14:29:59.99
    assert serial_to_datetime(1) == dt.datetime(1900, 1, 1)
    assert serial_to_datetime(0, date1904=True) == dt.datetime(1904, 1, 1)


def test_shown_text_of_each_kind_of_cell() -> None:
    assert shown_text(Cell("a _x0041_", TEXT)) == "a _x0041_"  # already decoded by the reader: not again
    assert shown_text(Cell(True, BOOL)) == "TRUE"
    assert shown_text(Cell("#DIV/0!", ERROR)) is None
    assert shown_text(Cell(None, EMPTY, formula="1+1", computed=False)) is None
    assert shown_text(Cell(44566.0, NUMBER, number_format="m/d/yyyy", locale_date=True)) == "2022-01-05"
    assert shown_text(Cell(44566.0, NUMBER, number_format="dd.mm.yyyy")) == "05.01.2022"


def test_strings_are_decoded_exactly_once_whichever_way_they_are_stored(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "s.xlsx"
    book = xlsxwriter.Workbook(str(path))  # shared strings (not constant memory)
    sheet = book.add_worksheet("S")
    for row, text in enumerate(["lit _x0041_", "ctrl\x01char", "cr\rhere", "plain"]):
        sheet.write_string(row, 0, text)
    sheet.write_number(4, 1, 7)
    book.close()
    assert list(read_rows(path)) == [["lit _x0041_"], ["ctrl\x01char"], ["cr\rhere"], ["plain"], [None, "7"]]
    with Workbook(path) as opened:
        assert opened.sheet_names == ["S"]


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").write_text("no")
    with pytest.raises(NotAWorkbook):
        Workbook(tmp_path / "x.xlsx")
