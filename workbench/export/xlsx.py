"""The verdict workbook (XLSX), streamed with XlsxWriter's constant-memory mode.

Each sheet is written row by row to a temporary file, so memory stays bounded whatever the number
of claims. Text always goes through ``write_string`` (see ``safety``), dates are real date cells,
URLs are hyperlinks (up to Excel's 65,530 per sheet; beyond that, plain text; a cell of several
lines stays plain text, since LibreOffice shows a link cell on one line), ratings are filled in the
rating's colour.

Made to be read and printed: long text wraps and each row is as tall as its wrapped text (estimated
from the column widths, since a streamed sheet is written before any program lays it out), the
header row is repeated on every printed page, pages are landscape and one page wide, with the
title, the export date and page numbers in the page header and footer; the reader's columns come
first and only they are printed. A text longer than Excel's 32,767 characters (or with a paragraph
LibreOffice would break, see ``safety``) ends with a mark and continues on the "Long text" sheet;
the "About" sheet says what was exported, how to edit and re-import the Verdicts sheet, and lists
the exported claim groups (so a deleted row is noticed).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.export.safety import (
    EXCEL_MAX_CHARS,
    FORMULA_TRIGGERS,
    PART_CHARS,
    cell_parts,
    looks_like_formula,
    needs_parts,
    utf16_len,
)
from workbench.export.tables import (
    DATE,
    DATETIME,
    FLOAT,
    INT,
    LONG,
    RATING,
    URL,
    Column,
    Link,
    Rating,
    Table,
)
from workbench.verdicts import STATUSES

if TYPE_CHECKING:  # XlsxWriter is imported when a workbook is written: the app starts faster without it
    import xlsxwriter
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

MAX_HYPERLINKS = 65530  # Excel's limit per worksheet
MAX_URL_CHARS = 2079
MAX_ROW_POINTS = 409  # Excel's tallest row
LINE_POINTS = 15.0  # one line of 11 pt Calibri
CHARS_PER_WIDTH = 1.15  # average characters of text per unit of column width ('0' widths)
HEADER_FILL = "#1F4E78"
LONG_TEXT_SHEET = "Long text"
ABOUT_SHEET = "About"
CONTINUED = "\n[… continued on the Long text sheet]"
EXPORTED_GROUPS = "exported claim groups"
LONG_TEXT_COLUMNS = (
    Column("sheet", "text", 10), Column("column", "text", 12), Column("row id", INT, 8),
    Column("cell", "text", 8), Column("part", INT, 6), Column("text", LONG, 110),
)
_LINKABLE = re.compile(r"(?:https?|ftp)://[^\s\x00-\x1f\"<>]+|mailto:[^\s\x00-\x1f\"<>]+", re.IGNORECASE)

Tick = Callable[[], None]


@dataclass(frozen=True)
class WorkbookInfo:
    """What the page headers and the About sheet say about the export."""

    title: str = "Claim Workbench verdicts"
    exported_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None))
    scope: str = "everything"
    library: str = ""
    organisation: str | None = None


@dataclass
class WorkbookStats:
    """What was written: rows per sheet and anything worth telling the user."""

    rows: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    continued: int = 0  # cells continued on the Long text sheet


def forget_row(sheet: Worksheet, row: int) -> None:
    """Drop what XlsxWriter keeps of a row it has written (its height), so memory stays bounded.

    In constant-memory mode a row is written out when the next one starts, but the heights set with
    set_row stay in dictionaries for the whole sheet (30 MB per 100,000 rows); nothing reads them
    after the row is written (they place images and comments, which these sheets have none of).
    """
    if row < 0:
        return
    for name in ("row_info", "set_rows", "row_sizes"):  # row_info: XlsxWriter 3.2+, set_rows before
        kept = getattr(sheet, name, None)
        if isinstance(kept, dict):
            kept.pop(row, None)


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on the fill colour (#rrggbb)."""
    r, g, b = (int(fill.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#FFFFFF"


def wrapped_lines(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines text takes in a wrapped cell of this width (a generous estimate: never too few).

    Lines break between words, as spreadsheets wrap them; a word wider than the cell takes lines of its own.
    """
    per_line = max(1, int(width * (CHARS_PER_WIDTH * 0.8 if bold else CHARS_PER_WIDTH)))
    lines = 0
    for paragraph in text.split("\n"):
        if len(paragraph) <= per_line:
            lines += 1
            continue
        used = 0  # characters on the current line
        lines += 1
        for word in paragraph.split(" "):
            size = len(word)
            if used and used + 1 + size <= per_line:
                used += 1 + size
            elif size <= per_line:
                lines += 1 if used else 0
                used = size
            else:
                lines += (1 if used else 0) + math.ceil(size / per_line) - 1
                used = size % per_line or per_line
    return lines


def row_height(lines: int) -> float:
    """Points for a row of so many lines of text."""
    return min(MAX_ROW_POINTS, LINE_POINTS * max(1, lines))


class _Formats:
    """The workbook's cell formats, made on first use."""

    def __init__(self, book: xlsxwriter.Workbook, ratings: dict[str, Rating]) -> None:
        self.book = book
        self.colours = {r.label: r.colour for r in ratings.values()}
        self.cache: dict[tuple[str, bool, str | None, bool], Format] = {}
        self.header = book.add_format({
            "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "text_wrap": True,
            "valign": "top", "bottom": 1,
        })
        self.label = book.add_format({"bold": True, "valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 14})

    def get(self, kind: str, *, inert: bool = False, rating: str | None = None, editable: bool = False) -> Format:
        key = (kind, inert, rating, editable)
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
            if editable:
                props["num_format"] = "@"  # typed text stays text: no dates, numbers or formulas
            if rating in self.colours:
                props.update({"bg_color": self.colours[rating], "font_color": text_colour(self.colours[rating])})
            if inert:
                props["quote_prefix"] = True
            self.cache[key] = self.book.add_format(props)
        return self.cache[key]


CellWriter = Callable[[int, int, Any], None]


class _LongText:
    """The Long text sheet (the workbook's last, made when first needed): the rest of every cell
    longer than Excel's limit, part by part."""

    def __init__(self, book: xlsxwriter.Workbook, formats: _Formats) -> None:
        self.book, self.formats = book, formats
        self.sheet: Worksheet | None = None
        self.rows = 0

    def _open(self) -> Worksheet:
        sheet = self.sheet = self.book.add_worksheet(LONG_TEXT_SHEET)
        for col, column in enumerate(LONG_TEXT_COLUMNS):
            sheet.set_column(col, col, column.width)
            sheet.write_string(0, col, column.header, self.formats.header)
        sheet.freeze_panes(1, 0)
        return sheet

    def add(self, sheet: str, column: str, row_id: Any, cell: str, parts: Sequence[str]) -> None:
        if self.sheet is None:
            self._open()
        assert self.sheet is not None
        text = self.formats.get(LONG)
        for number, part in enumerate(parts, start=2):
            self.rows += 1
            r = self.rows
            forget_row(self.sheet, r - 2)
            self.sheet.write_string(r, 0, sheet)
            self.sheet.write_string(r, 1, column)
            if isinstance(row_id, int):
                self.sheet.write_number(r, 2, row_id)
            self.sheet.write_string(r, 3, cell)
            self.sheet.write_number(r, 4, number)
            self.sheet.write_string(r, 5, part, self.formats.get(LONG, inert=part.startswith(FORMULA_TRIGGERS))
                                    if part else text)
            self.sheet.set_row(r, MAX_ROW_POINTS)


class _SheetWriter:
    """Writes one table to one worksheet, row after row, with one cell writer per column."""

    def __init__(self, sheet: Worksheet, formats: _Formats, table: Table, long_text: _LongText) -> None:
        self.sheet, self.formats, self.columns = sheet, formats, table.columns
        self.title, self.long_text = table.title, long_text
        self.links = 0
        self.unlinked = 0
        self.continued = 0
        self.lines = 1
        self.current_id: Any = None
        self.writers = [self._writer(c) for c in self.columns]

    def header(self) -> None:
        lines = 1
        for col, column in enumerate(self.columns):
            default = self.formats.get("text", editable=True) if column.editable else None
            self.sheet.set_column(col, col, column.width, default)
            self.sheet.write_string(0, col, column.header, self.formats.header)
            lines = max(lines, wrapped_lines(column.header, column.width, bold=True))
        self.sheet.set_row(0, row_height(lines))
        self.sheet.freeze_panes(1, 0)

    def row(self, row: int, values: Sequence[Any]) -> None:
        writers = self.writers
        forget_row(self.sheet, row - 2)  # row - 1 is written out when this row's first cell comes
        self.lines, self.current_id = 1, values[0] if values else None
        for col, value in enumerate(values):
            if value is not None and value != "":
                writers[col](row, col, value)
        if self.lines > 1:
            self.sheet.set_row(row, row_height(self.lines))

    def _writer(self, column: Column) -> CellWriter:
        sheet, formats, kind = self.sheet, self.formats, column.kind
        text = self._text_writer(column)
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
        if kind == RATING:
            def write_rating(row: int, col: int, value: Any) -> None:
                label = str(value)
                sheet.write_string(row, col, label, formats.get(
                    "text", inert=looks_like_formula(label), rating=label, editable=column.editable))
            return write_rating
        link = formats.get(URL)

        def write_text_or_link(row: int, col: int, value: Any) -> None:
            if isinstance(value, Link):
                # One line only: LibreOffice shows a link cell on one line, so a longer one would print
                # clipped or run together; such cells stay wrapped text (each URL links on Claims and Evidence).
                if value.url and wrapped_lines(value.text, column.width) == 1 and self._linkable(value.url):
                    sheet.write_url(row, col, value.url, link, string=value.text)
                    self.links += 1
                    return
                value = value.text
            if kind == URL and isinstance(value, str) and self._linkable(value):
                sheet.write_url(row, col, value, link, string=value)
                self.links += 1
                return
            text(row, col, value)
        return write_text_or_link

    def _text_writer(self, column: Column) -> CellWriter:
        """Text as a string cell (never a formula); formula-like text also gets the quote prefix.

        A text over Excel's limit ends with a mark and continues on the Long text sheet.
        """
        kind = LONG if column.kind == LONG else "text"
        plain = self.formats.get(kind, editable=column.editable)
        inert = self.formats.get(kind, inert=True, editable=column.editable)
        write, wrapped = self.sheet.write_string, kind == LONG

        def write_text(row: int, col: int, value: Any) -> None:
            text = value if isinstance(value, str) else str(value)
            if needs_parts(text):
                parts = cell_parts(text, PART_CHARS, first_limit=PART_CHARS - utf16_len(CONTINUED))
                ref = f"{_column_letter(col)}{row + 1}"
                self.long_text.add(self.title, column.header, self.current_id, ref, parts[1:])
                self.continued += 1
                text = parts[0] + CONTINUED
            write(row, col, text, inert if text.startswith(FORMULA_TRIGGERS) else plain)
            if wrapped:
                self.lines = max(self.lines, wrapped_lines(text, column.width))
        return write_text

    def _linkable(self, url: str) -> bool:
        if len(url) > MAX_URL_CHARS or not _LINKABLE.fullmatch(url):
            return False
        if self.links >= MAX_HYPERLINKS:
            self.unlinked += 1
            return False
        return True

    def finish(self, rows: int, info: WorkbookInfo) -> None:
        self.sheet.autofilter(0, 0, max(rows, 1), len(self.columns) - 1)
        printed = sum(1 for c in self.columns if c.printed)
        print_setup(self.sheet, info, self.title, last_column=printed - 1, last_row=max(rows, 1))


def _column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header_text(text: str) -> str:
    """Text for a page header or footer: & doubled, cut to fit Excel's 255 characters."""
    return text.replace("&", "&&")[:120]


def print_setup(sheet: Worksheet, info: WorkbookInfo, title: str, *, last_column: int, last_row: int) -> None:
    """Landscape A4, one page wide, header row on every page, title and export date above, pages below."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.print_area(0, 0, last_row, last_column)
    sheet.hide_gridlines(0)  # gridlines on screen and on paper
    exported = info.exported_at.strftime("%Y-%m-%d %H:%M")
    who = f"{info.organisation} · " if info.organisation else ""
    sheet.set_header(
        f'&L&"-,Bold"&12{_header_text(info.title)}: {_header_text(title)}'
        f'&R&9{_header_text(who)}exported {exported} UTC', {"margin": 0.3},
    )
    sheet.set_footer(f"&L&8scope: {_header_text(info.scope)}&R&8page &P of &N", {"margin": 0.3})


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


def id_ranges(ids: Iterable[int]) -> str:
    """Sorted ids as ranges: "1-3, 7, 9-12"."""
    out: list[str] = []
    first = last = None
    for n in sorted(set(ids)):
        if last is not None and n == last + 1:
            last = n
            continue
        if first is not None:
            out.append(f"{first}-{last}" if last != first else str(first))
        first = last = n
    if first is not None:
        out.append(f"{first}-{last}" if last != first else str(first))
    return ", ".join(out)


def parse_id_ranges(text: str) -> set[int]:
    """The ids of an id_ranges text; raises ValueError for anything else."""
    ids: set[int] = set()
    for item in text.replace("\n", ",").split(","):
        item = item.strip()
        if not item:
            continue
        low, _, high = item.partition("-")
        ids.update(range(int(low), int(high or low) + 1))
    return ids


def _about(sheet: Worksheet, formats: _Formats, info: WorkbookInfo, stats: WorkbookStats,
           groups: list[int]) -> None:
    """The About sheet: what this workbook is, how to edit it, and the exported claim groups."""
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 100, formats.get(LONG))
    sheet.write_string(0, 0, info.title, formats.title)
    counts = ", ".join(f"{n} {name}" for name, n in stats.rows.items())
    lines: list[tuple[str, str]] = [
        ("organisation", info.organisation or "(not set)"),
        ("exported (UTC)", info.exported_at.strftime("%Y-%m-%d %H:%M")),
        ("scope", info.scope),
        ("rows", counts),
        ("library", info.library),
        ("editing", "Change rating, rationale and status on the Verdicts sheet, save the file (XLSX), and import "
                    "it with File → Import verdicts… or `claim-workbench import-verdicts FILE`. Each changed row "
                    "becomes a new revision of its verdict; verdicts changed in the library since this export are "
                    "reported as conflicts, never overwritten. Other columns are not read back."),
        ("do not change", "group id and row key: they tie each row to its claim group. Deleting a row does not "
                          "delete a verdict (the import reports it as missing)."),
        ("long text", "A text too long for one cell (Excel holds 32,767 characters) ends with “[… continued on "
                      "the Long text sheet]” and continues there; edit its first part in place and keep the mark."),
    ]
    for text in cell_parts(id_ranges(groups), 30000) if groups else [""]:
        lines.append((EXPORTED_GROUPS, text))
    for row, (label, value) in enumerate(lines, start=2):
        sheet.write_string(row, 0, label, formats.label)
        sheet.write_string(row, 1, value, formats.get(LONG))
        sheet.set_row(row, row_height(wrapped_lines(value, 100)))
    print_setup(sheet, info, ABOUT_SHEET, last_column=1, last_row=len(lines) + 1)
    sheet.repeat_rows(0, 0)


def write_workbook(path: Path, tables: Sequence[Table], ratings: dict[str, Rating], tick: Tick,
                   info: WorkbookInfo | None = None) -> WorkbookStats:
    """Write the tables as sheets of one XLSX file at path; tick() is called after every row."""
    import xlsxwriter

    info = info or WorkbookInfo()
    stats = WorkbookStats()
    book = xlsxwriter.Workbook(str(path), {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False, "use_zip64": True,
    })
    try:
        book.set_properties({"title": info.title, "comments": f"Exported by Claim Workbench ({info.scope})"})
        formats = _Formats(book, ratings)
        sheets = [book.add_worksheet(table.title) for table in tables]
        about = book.add_worksheet(ABOUT_SHEET)
        long_text = _LongText(book, formats)
        exported_groups: list[int] = []
        for table, sheet in zip(tables, sheets, strict=True):
            writer = _SheetWriter(sheet, formats, table, long_text)
            writer.header()
            rows = 0
            for rows, values in enumerate(table.rows, start=1):
                writer.row(rows, values)
                if table.name == "verdicts":
                    exported_groups.append(values[0])
                tick()
            writer.finish(rows, info)
            if table.name == "verdicts":
                _validations(sheet, table.columns, rows, ratings)
            stats.rows[table.name] = rows
            stats.continued += writer.continued
            if writer.unlinked:
                stats.notes.append(
                    f"{table.title}: {writer.unlinked} URL(s) written as plain text "
                    f"(Excel allows {MAX_HYPERLINKS} links per sheet)"
                )
        if stats.continued:
            stats.notes.append(
                f"{stats.continued} long text(s) continue on the {LONG_TEXT_SHEET} sheet (a cell holds at most "
                f"{EXCEL_MAX_CHARS:,} characters; nothing was cut)"
            )
        if long_text.sheet is not None:
            print_setup(long_text.sheet, info, LONG_TEXT_SHEET, last_column=len(LONG_TEXT_COLUMNS) - 1,
                        last_row=long_text.rows)
        _about(about, formats, info, stats, exported_groups)
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
