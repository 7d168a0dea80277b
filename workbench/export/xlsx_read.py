"""Reading cells of an XLSX workbook exactly as a spreadsheet shows them, for the verdict import.

openpyxl decodes the ``_xHHHH_`` escapes of shared strings halfway (it only drops ``x005F_``) and
those of inline strings not at all, so a literal ``_x0041_`` in a cell comes back as ``A`` or as
``_x005F_x0041_`` depending on which program saved the file last. This reader parses the sheet XML
itself (streamed, one row at a time) and decodes every string exactly once, as Excel and
LibreOffice do. Each cell comes with what a spreadsheet needs to show it: its kind, the formula it
holds (if any, with the value last computed), and its number format.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

from workbench.export.safety import xlsx_unescape

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "m/d/yyyy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yyyy h:mm", 45: "mm:ss", 46: "[h]:mm:ss",
    47: "mm:ss.0", 48: "##0.0E+0", 49: "@",
}
LOCALE_DATE_FORMATS = frozenset({14, 22})  # shown in the reader's own locale: the file cannot tell how

TEXT, NUMBER, BOOL, ERROR, EMPTY = "text", "number", "bool", "error", "empty"


class NotAWorkbook(Exception):
    """The file is not an XLSX workbook this reader understands (the message says why)."""


@dataclass(frozen=True)
class Cell:
    """One cell: its value (decoded text, number or bool), kind, formula and number format."""

    value: str | float | bool | None
    kind: str = EMPTY
    formula: str | None = None  # the formula without "=", when the cell holds one
    computed: bool = True  # False: a formula whose value was never computed (no cached value saved)
    number_format: str = "General"
    locale_date: bool = False  # the number format is the reader's short date: the file cannot say how it looked


BLANK = Cell(None)


def _column_index(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref)
    if not letters:
        return -1
    index = 0
    for ch in letters.group():
        index = index * 26 + ord(ch) - 64
    return index - 1


class Workbook:
    """An open XLSX file: its sheet names, shared strings and number formats, and its sheets' rows."""

    def __init__(self, path: Path) -> None:
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise NotAWorkbook(f"not an XLSX workbook ({exc})") from exc
        try:
            self.sheets, parts = self._workbook()
            self.strings = self._shared_strings(parts.get("sharedStrings"))
            self.formats, self.locale_formats = self._styles(parts.get("styles"))
        except (KeyError, ElementTree.ParseError, ValueError) as exc:
            self.zip.close()
            raise NotAWorkbook(f"not an XLSX workbook ({exc.__class__.__name__}: {exc})") from exc

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def _open(self, name: str) -> IO[bytes]:
        return self.zip.open(name.lstrip("/"))

    def _workbook(self) -> tuple[dict[str, str], dict[str, str]]:
        """Sheet name -> part name, and the shared strings and styles parts."""
        rels: dict[str, tuple[str, str]] = {}
        with self._open("xl/_rels/workbook.xml.rels") as handle:
            for rel in ElementTree.parse(handle).getroot().iter(f"{PKG_REL}Relationship"):
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                rels[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], target)
        with self._open("xl/workbook.xml") as handle:
            root = ElementTree.parse(handle).getroot()
        self.date1904 = any(p.get("date1904") in ("1", "true") for p in root.iter(f"{MAIN}workbookPr"))
        sheets = {s.get("name", ""): rels[s.get(f"{REL}id", "")][1] for s in root.iter(f"{MAIN}sheet")}
        parts = {kind: target for kind, target in rels.values() if kind in ("sharedStrings", "styles")}
        return sheets, parts

    def _shared_strings(self, part: str | None) -> list[str]:
        if not part:
            return []
        strings: list[str] = []
        with self._open(part) as handle:
            for _event, node in ElementTree.iterparse(handle):
                if node.tag == f"{MAIN}si":
                    strings.append(_text_of(node))
                    node.clear()
        return strings

    def _styles(self, part: str | None) -> tuple[list[str], set[int]]:
        """Per cell style index: its number format code; and the style indexes of locale short dates."""
        if not part:
            return [], set()
        with self._open(part) as handle:
            root = ElementTree.parse(handle).getroot()
        custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "General") for f in root.iter(f"{MAIN}numFmt")}
        formats, locale = [], set()
        xfs = root.find(f"{MAIN}cellXfs")
        for i, xf in enumerate(xfs if xfs is not None else []):
            ident = int(xf.get("numFmtId", "0"))
            formats.append(custom.get(ident, BUILTIN_FORMATS.get(ident, "General")))
            if ident in LOCALE_DATE_FORMATS and ident not in custom:
                locale.add(i)
        return formats, locale

    def rows(self, sheet: str) -> Iterator[list[Cell]]:
        """The rows of a sheet, each a list of cells by column (gaps filled with blank cells)."""
        expected = 1
        with self._open(self.sheets[sheet]) as handle:
            for _event, node in ElementTree.iterparse(handle):
                if node.tag != f"{MAIN}row":
                    continue
                number = int(node.get("r") or expected)
                while expected < number:  # rows the file leaves out are empty
                    yield []
                    expected += 1
                yield self._row(node)
                expected = number + 1
                node.clear()

    def _row(self, node: ElementTree.Element) -> list[Cell]:
        cells: list[Cell] = []
        for c in node.iter(f"{MAIN}c"):
            index = _column_index(c.get("r", "")) if c.get("r") else len(cells)
            while len(cells) < index:
                cells.append(BLANK)
            cells.append(self._cell(c))
        return cells

    def _cell(self, c: ElementTree.Element) -> Cell:
        kind = c.get("t", "n")
        style = int(c.get("s", "0"))
        number_format = self.formats[style] if style < len(self.formats) else "General"
        formula_node = c.find(f"{MAIN}f")
        formula = None if formula_node is None else (formula_node.text or "")
        v = c.find(f"{MAIN}v")
        raw = v.text if v is not None else None
        locale = style in self.locale_formats
        if kind == "inlineStr":
            node = c.find(f"{MAIN}is")
            return Cell(_text_of(node) if node is not None else "", TEXT, formula, True, number_format, locale)
        if raw is None:
            return Cell(None, EMPTY, formula, formula is None, number_format, locale)
        if kind == "s":
            return Cell(self.strings[int(raw)], TEXT, formula, True, number_format, locale)
        if kind == "str":
            return Cell(xlsx_unescape(raw), TEXT, formula, True, number_format, locale)
        if kind == "b":
            return Cell(raw.strip() in ("1", "true"), BOOL, formula, True, number_format, locale)
        if kind == "e":
            return Cell(raw, ERROR, formula, True, number_format, locale)
        if kind == "d":
            return Cell(raw, TEXT, formula, True, "yyyy-mm-dd", locale)
        return Cell(float(raw), NUMBER, formula, True, number_format, locale)


def _text_of(node: ElementTree.Element) -> str:
    """The text of a string item (plain or rich runs; phonetic hints left out), decoded once."""
    parts: list[str] = []

    def walk(element: ElementTree.Element) -> None:
        for child in element:
            if child.tag == f"{MAIN}rPh":
                continue
            if child.tag == f"{MAIN}t":
                parts.append(child.text or "")
            else:
                walk(child)

    walk(node)
    return xlsx_unescape("".join(parts))


# -- what a spreadsheet shows for a number ------------------------------------------------------------

_DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|\[[^\]]*\]|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM/PM|A/P|\.0+|[^"\\\[ymdhsA.]+|.',
    re.IGNORECASE,
)


def is_date_format(code: str) -> bool:
    """True when a number format shows a date or time."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)
    return bool(re.search(r"[ymdhs]", bare, re.IGNORECASE)) and "General" not in code


def serial_to_datetime(serial: float, *, date1904: bool = False) -> dt.datetime:
    """A spreadsheet date serial as a datetime (the 1900 system counts the phantom 29 Feb 1900)."""
    if date1904:
        base = dt.datetime(1904, 1, 1)
    else:
        base = dt.datetime(1899, 12, 30) if serial >= 61 else dt.datetime(1899, 12, 31)
    return base + dt.timedelta(milliseconds=round(serial * 86_400_000))  # binary fractions: 14:30 is 14:29:59.99…


def format_date(moment: dt.datetime, code: str) -> str:
    """A datetime shown in an Excel date/time number format (the first section of the format)."""
    section = code.split(";")[0]
    tokens = _DATE_TOKEN.findall(section)
    if not any(t.startswith(".0") for t in tokens):  # shown to the second: rounded, as spreadsheets do
        moment = (moment + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
    twelve = any(t.upper() in ("AM/PM", "A/P") for t in tokens)
    out: list[str] = []
    for i, token in enumerate(tokens):
        low = token.lower()
        previous = next((t.lower() for t in reversed(tokens[:i]) if re.fullmatch(r"[ymdhs]+", t.lower())), "")
        following = next((t.lower() for t in tokens[i + 1 :] if re.fullmatch(r"[ymdhs]+", t.lower())), "")
        minutes = low in ("m", "mm") and (previous.startswith("h") or following.startswith("s"))
        if token.startswith('"'):
            out.append(token[1:-1])
        elif token.startswith("\\"):
            out.append(token[1:])
        elif token.startswith("["):
            continue  # colours and locales; [h] elapsed hours are not dates a reviewer types
        elif low == "yyyy":
            out.append(f"{moment.year:04d}")
        elif low == "yy":
            out.append(f"{moment.year % 100:02d}")
        elif minutes:
            out.append(f"{moment.minute:02d}" if low == "mm" else str(moment.minute))
        elif low == "mmmmm":
            out.append(moment.strftime("%B")[0])
        elif low == "mmmm":
            out.append(moment.strftime("%B"))
        elif low == "mmm":
            out.append(moment.strftime("%b"))
        elif low == "mm":
            out.append(f"{moment.month:02d}")
        elif low == "m":
            out.append(str(moment.month))
        elif low == "dddd":
            out.append(moment.strftime("%A"))
        elif low == "ddd":
            out.append(moment.strftime("%a"))
        elif low == "dd":
            out.append(f"{moment.day:02d}")
        elif low == "d":
            out.append(str(moment.day))
        elif low in ("hh", "h"):
            hour = (moment.hour % 12 or 12) if twelve else moment.hour
            out.append(f"{hour:02d}" if low == "hh" else str(hour))
        elif low in ("ss", "s"):
            out.append(f"{moment.second:02d}" if low == "ss" else str(moment.second))
        elif low.startswith(".0"):
            out.append("." + f"{moment.microsecond / 1e6:.{len(low) - 1}f}"[2:])
        elif token.upper() == "AM/PM":
            out.append("AM" if moment.hour < 12 else "PM")
        elif token.upper() == "A/P":
            out.append("A" if moment.hour < 12 else "P")
        else:
            out.append(token)
    return "".join(out)


_FIXED = re.compile(r"^(#,##)?0(\.0+)?(%?)$")


def format_number(value: float, code: str) -> str | None:
    """A number shown in a plain number format (General, 0, 0.00, #,##0, 0%...); None for other formats."""
    section = code.split(";")[0].strip()
    if section in ("General", "@", ""):
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.10g}"
    match = _FIXED.match(section)
    if not match:
        return None
    decimals = len(match.group(2) or ".")-1
    shown = value * 100 if match.group(3) else value
    text = f"{shown:,.{decimals}f}" if match.group(1) else f"{shown:.{decimals}f}"
    return text + match.group(3)


def shown_text(cell: Cell, *, date1904: bool = False) -> str | None:
    """The text a spreadsheet shows for a cell; None when this cannot be told (an error, an odd format)."""
    if cell.kind == TEXT:
        return str(cell.value)
    if cell.kind == EMPTY:
        return "" if cell.computed else None
    if cell.kind == BOOL:
        return "TRUE" if cell.value else "FALSE"
    if cell.kind == NUMBER and isinstance(cell.value, float):
        if is_date_format(cell.number_format):
            moment = serial_to_datetime(cell.value, date1904=date1904)
            if cell.locale_date:  # the reader's own short date: shown here as an ISO date
                return moment.date().isoformat() if moment.time() == dt.time() else \
                    moment.isoformat(sep=" ", timespec="minutes")
            return format_date(moment, cell.number_format)
        return format_number(cell.value, cell.number_format)
    return None


def read_rows(path: Path, sheet: str | None = None) -> Iterator[list[Any]]:
    """Plain values of a sheet's rows (shown text, or None for blanks), for tests and tools."""
    with Workbook(path) as book:
        name = sheet or book.sheet_names[0]
        for row in book.rows(name):
            yield [shown_text(c, date1904=book.date1904) if c.kind != EMPTY else None for c in row]
