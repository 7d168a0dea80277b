"""The verdict workbook (XLSX), streamed with XlsxWriter's constant-memory mode.

Each sheet is written row by row to a temporary file, so memory stays bounded whatever the number
of claims. Text always goes through ``write_string`` (see ``safety``), dates are real date cells,
URLs are hyperlinks (up to Excel's 65,530 per sheet; beyond that, plain text), ratings are filled
in the rating's colour. Column widths are fixed per column: a streamed sheet cannot measure its
data before writing it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.export.safety import FORMULA_TRIGGERS, looks_like_formula, xlsx_text
from workbench.export.tables import DATE, DATETIME, FLOAT, INT, LONG, RATING, URL, Column, Rating, Table
from workbench.verdicts import STATUSES

if TYPE_CHECKING:  # XlsxWriter is imported when a workbook is written: the app starts faster without it
    import xlsxwriter
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

MAX_HYPERLINKS = 65530  # Excel's limit per worksheet
MAX_URL_CHARS = 2079
HEADER_FILL = "#1F4E78"
_LINKABLE = re.compile(r"(?:https?|ftp)://[^\s\x00-\x1f\"<>]+|mailto:[^\s\x00-\x1f\"<>]+", re.IGNORECASE)

Tick = Callable[[], None]


@dataclass
class WorkbookStats:
    """What was written: rows per sheet and anything worth telling the user."""

    rows: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on the fill colour (#rrggbb)."""
    r, g, b = (int(fill.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#FFFFFF"


class _Formats:
    """The workbook's cell formats, made on first use."""

    def __init__(self, book: xlsxwriter.Workbook, ratings: dict[str, Rating]) -> None:
        self.book = book
        self.colours = {r.label: r.colour for r in ratings.values()}
        self.cache: dict[tuple[str, bool, str | None], Format] = {}
        self.header = book.add_format({
            "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "text_wrap": True,
            "valign": "top", "bottom": 1,
        })

    def get(self, kind: str, *, inert: bool = False, rating: str | None = None) -> Format:
        key = (kind, inert, rating)
        if key not in self.cache:
            props: dict[str, Any] = {"valign": "top"}
            if kind == LONG:
                props["text_wrap"] = True
            elif kind == DATE:
                props["num_format"] = "yyyy-mm-dd"
            elif kind == DATETIME:
                props["num_format"] = "yyyy-mm-dd hh:mm"
            elif kind == FLOAT:
                props["num_format"] = "0.000"
            elif kind == URL:
                props.update({"font_color": "#0563C1", "underline": 1})
            if rating in self.colours:
                props.update({"bg_color": self.colours[rating], "font_color": text_colour(self.colours[rating])})
            if inert:
                props["quote_prefix"] = True
            self.cache[key] = self.book.add_format(props)
        return self.cache[key]


CellWriter = Callable[[int, int, Any], None]


class _SheetWriter:
    """Writes one table to one worksheet, row after row, with one cell writer per column."""

    def __init__(self, sheet: Worksheet, formats: _Formats, columns: Sequence[Column]) -> None:
        self.sheet, self.formats, self.columns = sheet, formats, columns
        self.links = 0
        self.unlinked = 0
        self.writers = [self._writer(c.kind) for c in columns]

    def header(self) -> None:
        for col, column in enumerate(self.columns):
            self.sheet.set_column(col, col, column.width)
            self.sheet.write_string(0, col, column.header, self.formats.header)
        self.sheet.freeze_panes(1, 0)

    def row(self, row: int, values: Sequence[Any]) -> None:
        writers = self.writers
        for col, value in enumerate(values):
            if value is not None and value != "":
                writers[col](row, col, value)

    def _writer(self, kind: str) -> CellWriter:
        sheet, formats = self.sheet, self.formats
        text = self._text_writer(LONG if kind == LONG else "text")
        if kind in (INT, FLOAT):
            number = formats.get(kind)

            def write_number(row: int, col: int, value: Any) -> None:
                if isinstance(value, int | float):
                    sheet.write_number(row, col, value, number)
                else:
                    text(row, col, value)
            return write_number
        if kind in (DATE, DATETIME):
            day, moment = formats.get(DATE), formats.get(DATETIME)

            def write_date(row: int, col: int, value: Any) -> None:
                if isinstance(value, dt.date):
                    sheet.write_datetime(row, col, value, moment if isinstance(value, dt.datetime) else day)
                else:
                    text(row, col, value)
            return write_date
        if kind == URL:
            link = formats.get(URL)

            def write_link(row: int, col: int, value: Any) -> None:
                if isinstance(value, str) and self._linkable(value):
                    sheet.write_url(row, col, value, link, string=value)
                    self.links += 1
                else:
                    text(row, col, value)
            return write_link
        if kind == RATING:
            def write_rating(row: int, col: int, value: Any) -> None:
                label = str(value)
                sheet.write_string(row, col, xlsx_text(label), formats.get("text", inert=looks_like_formula(label),
                                                                           rating=label))
            return write_rating
        return text

    def _text_writer(self, kind: str) -> CellWriter:
        """Text as a string cell (never a formula); formula-like text also gets the quote prefix."""
        write, plain, inert = self.sheet.write_string, self.formats.get(kind), self.formats.get(kind, inert=True)

        def write_text(row: int, col: int, value: Any) -> None:
            text = value if isinstance(value, str) else str(value)
            write(row, col, xlsx_text(text), inert if text.startswith(FORMULA_TRIGGERS) else plain)
        return write_text

    def _linkable(self, url: str) -> bool:
        if len(url) > MAX_URL_CHARS or not _LINKABLE.fullmatch(url):
            return False
        if self.links >= MAX_HYPERLINKS:
            self.unlinked += 1
            return False
        return True

    def finish(self, rows: int) -> None:
        self.sheet.autofilter(0, 0, max(rows, 1), len(self.columns) - 1)


def _validations(sheet: Worksheet, columns: Sequence[Column], rows: int, ratings: dict[str, Rating]) -> None:
    """Drop-down lists for the columns a reviewer edits (rating, status) on the Verdicts sheet."""
    headers = [c.header for c in columns]
    lists: dict[str, list[str]] = {"rating": [r.label for r in ratings.values()], "status": list(STATUSES)}
    for header, choices in lists.items():
        if header in headers and rows and len(",".join(choices)) < 255:
            col = headers.index(header)
            sheet.data_validation(1, col, rows, col, {
                "validate": "list", "source": choices, "error_type": "warning",
                "error_title": f"Unknown {header}", "error_message": f"Use one of: {', '.join(choices)}",
            })


def write_workbook(path: Path, tables: Sequence[Table], ratings: dict[str, Rating], tick: Tick) -> WorkbookStats:
    """Write the tables as sheets of one XLSX file at path; tick() is called after every row."""
    import xlsxwriter

    stats = WorkbookStats()
    book = xlsxwriter.Workbook(str(path), {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "use_zip64": True,
    })
    try:
        book.set_properties({"title": "Claim Workbench verdicts", "comments": "Exported by Claim Workbench"})
        formats = _Formats(book, ratings)
        for table in tables:
            sheet = book.add_worksheet(table.title)
            writer = _SheetWriter(sheet, formats, table.columns)
            writer.header()
            rows = 0
            for rows, values in enumerate(table.rows, start=1):
                writer.row(rows, values)
                tick()
            writer.finish(rows)
            if table.name == "verdicts":
                _validations(sheet, table.columns, rows, ratings)
            stats.rows[table.name] = rows
            if writer.unlinked:
                stats.notes.append(
                    f"{table.title}: {writer.unlinked} URL(s) written as plain text "
                    f"(Excel allows {MAX_HYPERLINKS} links per sheet)"
                )
    except BaseException:
        _abandon(book)
        raise
    book.close()
    return stats


def _abandon(book: xlsxwriter.Workbook) -> None:
    """Drop an unfinished workbook: close and delete the sheets' temporary row files."""
    for sheet in book.worksheets():
        handle, name = getattr(sheet, "row_data_fh", None), getattr(sheet, "row_data_filename", None)
        if handle is not None:
            handle.close()
        if name:
            Path(name).unlink(missing_ok=True)
