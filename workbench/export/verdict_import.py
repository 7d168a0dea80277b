"""Reading an edited Verdicts sheet back: rows, their values as the reviewer saw them, and what a row changes.

A reviewer edits rating, rationale and status of the exported workbook (or of the verdicts CSV) and
imports it. Rows are matched by group id, guarded by the row key (a changed group id is a conflict,
never applied to another verdict). The "version" column holds the verdict's version at export
time (0: no verdict yet): when the database holds a newer version, a row that differs from the
verdict as it was exported is a conflict (both sides are reported, nothing is overwritten); a row
left as exported is simply out of date and skipped. Other columns are ignored.

What the reviewer saw is what is stored: a date or number typed into the rationale becomes the text
the cell showed, a formula its computed value (a formula never computed, or an error, is reported);
line endings a spreadsheet changed (CR to LF) are not edits; a rationale continued on the Long text
sheet is read whole. A row with a bad field is reported whole and nothing in it is applied.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from workbench.errors import ImportFailed, InvalidValue
from workbench.export.csv_tables import read_csv_rows
from workbench.export.safety import same_text
from workbench.export.xlsx import ABOUT_SHEET, CONTINUED, EXPORTED_GROUPS, LONG_TEXT_SHEET, parse_id_ranges
from workbench.export.xlsx_read import (
    BLANK,
    EMPTY,
    ERROR,
    NUMBER,
    TEXT,
    Cell,
    NotAWorkbook,
    Workbook,
    is_date_format,
    shown_text,
)
from workbench.verdicts import check_status

SHEET = "Verdicts"
REQUIRED = ("group id", "rating", "rationale", "status", "version")
KEY = "row key"
FIELDS = ("rating", "rationale", "status")
_KEY = re.compile(r"^(\d+)-[0-9a-f]{10}$")


@dataclass(frozen=True)
class SheetRow:
    """One data row of the sheet: its row number (as the spreadsheet shows it) and its cells by header."""

    row: int
    values: dict[str, Any]  # text fields as shown text (None: blank); ids as read
    problems: tuple[str, ...] = ()  # cells whose shown value cannot be told (reported, row not applied)
    notes: tuple[str, ...] = ()  # values stored as shown, worth telling (a typed date, a formula's value)


@dataclass(frozen=True)
class RowEdit:
    """A parsed row: which verdict, the version it was exported at, and its three editable fields."""

    row: int
    group_id: int
    version: int
    rating: str | None
    rationale: str
    status: str | None
    continued: bool = False  # the rationale was read whole from the Long text sheet

    def fields(self) -> dict[str, Any]:
        """The editable values as {field: value}."""
        return {"rating": self.rating, "rationale": self.rationale, "status": self.status}


@dataclass
class VerdictSheet:
    """An open Verdicts sheet: its rows, and what the workbook says beside them."""

    rows: Iterator[SheetRow]
    keyed: bool = False  # the sheet has the row key column
    exported_groups: set[int] | None = None  # from the About sheet (None: not known, e.g. a CSV)
    continuations: dict[int, list[str]] = field(default_factory=dict)  # group id -> rest of its rationale


@contextmanager
def open_verdict_sheet(path: Path) -> Iterator[VerdictSheet]:
    """The exported Verdicts sheet (XLSX) or verdicts table (CSV) at path; raises ImportFailed."""
    if not path.is_file():
        raise ImportFailed(path, "no such file")
    if path.suffix.lower() == ".csv":
        rows = ([_csv_cell(v) for v in values] for values in read_csv_rows(path))
        header, body = _header(path, rows)
        yield VerdictSheet(_rows(header, body), keyed=KEY in header)
        return
    try:
        book = Workbook(path)
    except NotAWorkbook as exc:
        raise ImportFailed(path, str(exc)) from exc
    try:
        names = book.sheet_names
        name = SHEET if SHEET in names else names[0]
        sheet = VerdictSheet(iter(()))
        if ABOUT_SHEET in names:
            sheet.exported_groups = _exported_groups(book)
        if LONG_TEXT_SHEET in names:
            sheet.continuations = _continuations(book)
        header, body = _header(path, _guarded(path, book.rows(name)))
        sheet.rows, sheet.keyed = _rows(header, body, date1904=book.date1904), KEY in header
    except (KeyError, ValueError, ElementTree.ParseError) as exc:
        book.close()
        raise ImportFailed(path, f"not a readable XLSX workbook ({exc.__class__.__name__}: {exc})") from exc
    try:
        yield sheet
    finally:
        book.close()


def _guarded(path: Path, rows: Iterator[list[Cell]]) -> Iterator[list[Cell]]:
    """The rows, with a damaged sheet reported as ImportFailed wherever it shows."""
    try:
        yield from rows
    except (KeyError, ValueError, ElementTree.ParseError) as exc:
        raise ImportFailed(path, f"not a readable XLSX workbook ({exc.__class__.__name__}: {exc})") from exc


def _csv_cell(value: str) -> Cell:
    return Cell(value, TEXT) if value != "" else BLANK


def _plain(cell: Cell) -> str:
    text = shown_text(cell)
    return (text or "").strip()


def _exported_groups(book: Workbook) -> set[int] | None:
    texts = [_plain(row[1]) for row in book.rows(ABOUT_SHEET) if len(row) > 1 and _plain(row[0]) == EXPORTED_GROUPS]
    if not texts:
        return None
    try:
        return parse_id_ranges(", ".join(texts))
    except ValueError:
        return None  # edited beyond recognition: deleted rows cannot be told


def _continuations(book: Workbook) -> dict[int, list[str]]:
    """Group id -> the parts 2, 3… of its rationale, from the Long text sheet."""
    parts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = book.rows(LONG_TEXT_SHEET)
    header = [_plain(c).lower() for c in next(rows, [])]
    if not {"sheet", "column", "row id", "part", "text"} <= set(header):
        return {}
    where = {h: header.index(h) for h in ("sheet", "column", "row id", "part", "text")}
    for row in rows:
        cells = {h: row[i] if i < len(row) else BLANK for h, i in where.items()}
        if _plain(cells["sheet"]) != SHEET or _plain(cells["column"]) != "rationale":
            continue
        try:
            gid, part = int(float(_plain(cells["row id"]))), int(float(_plain(cells["part"])))
        except ValueError:
            continue
        parts[gid].append((part, shown_text(cells["text"]) or ""))
    return {gid: [text for _n, text in sorted(found)] for gid, found in parts.items()}


def _header(path: Path, rows: Iterator[list[Cell]]) -> tuple[list[str], Iterator[list[Cell]]]:
    first = next(rows, None)
    if first is None:
        raise ImportFailed(path, "the sheet is empty")
    names = [_plain(c).lower() for c in first]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ImportFailed(
            path, f"the {SHEET} sheet has no {', '.join(repr(m) for m in missing)} column; import a Verdicts "
            "sheet exported by Claim Workbench (its version column detects conflicting changes)",
        )
    return names, rows


def _rows(names: list[str], rows: Iterator[list[Cell]], *, date1904: bool = False) -> Iterator[SheetRow]:
    wanted = (*REQUIRED, KEY) if KEY in names else REQUIRED
    where = {c: names.index(c) for c in wanted}
    for number, values in enumerate(rows, start=2):
        cells = {c: values[i] if i < len(values) else BLANK for c, i in where.items()}
        if all(c.kind == EMPTY and c.formula is None for c in cells.values()):
            continue
        read: dict[str, Any] = {}
        problems: list[str] = []
        notes: list[str] = []
        for header, cell in cells.items():
            read[header] = _value(header, cell, problems, notes, date1904)
        yield SheetRow(number, read, tuple(problems), tuple(notes))


def _value(header: str, cell: Cell, problems: list[str], notes: list[str], date1904: bool) -> Any:
    """A cell as the reviewer saw it: text for text fields, the number or text of an id."""
    if cell.formula is not None and not cell.computed:
        problems.append(f"the {header} cell holds a formula (={cell.formula}) whose value was never computed; "
                        "type the text itself")
        return None
    if cell.kind == EMPTY:
        return None
    if cell.kind == ERROR:
        problems.append(f"the {header} cell shows the error {cell.value}")
        return None
    if header in ("group id", "version") and cell.kind == NUMBER:
        return cell.value
    shown = shown_text(cell, date1904=date1904)
    if shown is None:
        problems.append(f"the {header} cell holds a number in a format Claim Workbench cannot show "
                        f"({cell.number_format}); type it as text")
        return None
    if cell.formula is not None:
        notes.append(f"the {header} cell held the formula ={cell.formula}; stored what it showed: {shown!r}")
    elif cell.kind != TEXT and header in FIELDS:
        what = "a date" if cell.kind == NUMBER and is_date_format(cell.number_format) else f"a {cell.kind}"
        notes.append(f"the {header} cell held {what}, not text; stored what it showed: {shown!r}")
    return shown


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _whole_number(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise InvalidValue(f"{what} {value!r} is not a whole number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    elif _blank(value):
        raise InvalidValue(f"the {what} is empty")
    else:
        raise InvalidValue(f"{what} {value!r} is not a whole number")
    if number < 0:
        raise InvalidValue(f"{what} {number} is negative")
    return number


def group_id_of(row: SheetRow) -> int | None:
    """The row's group id when it is a valid number, for reports."""
    try:
        return _whole_number(row.values["group id"], "group id")
    except InvalidValue:
        return None


def exported_group_of(row: SheetRow) -> int | None:
    """The group the row was exported for, read from its row key (None: no key, or not a key)."""
    match = _KEY.match(str(row.values.get(KEY) or "").strip())
    return int(match.group(1)) if match else None


def rating_key(value: Any, scale: Mapping[str, str]) -> str | None:
    """The rating key for a cell holding a key or label (any case); blank: None; raises InvalidValue."""
    if _blank(value):
        return None
    wanted = str(value).strip().lower()
    for key, label in scale.items():
        if wanted in (key.lower(), label.lower()):
            return key
    raise InvalidValue(f"unknown rating {str(value).strip()!r}; use one of: {', '.join(scale.values())}")


def parse_row(row: SheetRow, scale: Mapping[str, str], continuations: Mapping[int, list[str]] | None = None,
              exported_group: int | None = None) -> RowEdit:
    """The row's verdict edit (scale: rating key -> label); raises InvalidValue naming every problem.

    A rationale ending with the Long text mark is read whole: its first part here, the rest from the
    Long text sheet (continuations, by the group the row was exported for).
    """
    v = row.values
    problems = list(row.problems)
    found: dict[str, Any] = {}
    checks = {
        "group_id": lambda: _whole_number(v["group id"], "group id"),
        "version": lambda: _whole_number(v["version"], "version"),
        "rating": lambda: rating_key(v["rating"], scale),
        "status": lambda: None if _blank(v["status"]) else check_status(str(v["status"])),
    }
    for name, check in checks.items():
        try:
            found[name] = check()
        except InvalidValue as exc:
            problems.append(str(exc))
    rationale, continued = _rationale(v["rationale"], continuations or {}, exported_group or found.get("group_id"),
                                      problems)
    if problems:
        raise InvalidValue("; ".join(dict.fromkeys(problems)))
    return RowEdit(row.row, found["group_id"], found["version"], found["rating"], rationale, found["status"],
                   continued)


def _rationale(value: Any, continuations: Mapping[int, list[str]], group: int | None,
               problems: list[str]) -> tuple[str, bool]:
    text = "" if value is None else str(value)
    rest = continuations.get(group) if group is not None else None
    mark = CONTINUED.lstrip("\n")
    if text.rstrip().endswith(mark):
        head = text.rstrip()[: -len(mark)]
        head = head[:-1] if head.endswith("\n") else head
        if not rest:
            problems.append("the rationale continues on the Long text sheet, which holds no continuation for "
                            "this group (was the sheet deleted?)")
            return text, False
        return head + "".join(rest), True
    if rest:
        problems.append(f"the rationale no longer ends with “{mark}” but its continuation is still there: restore "
                        "the mark, or delete the group's rows on the Long text sheet to shorten the rationale")
    return text, False


def changed_fields(edit: RowEdit, state: Mapping[str, Any] | None) -> dict[str, Any]:
    """The fields the row sets differently from a verdict state (None: no verdict).

    A blank status keeps the verdict's status (a new verdict starts as a draft). Line endings a
    spreadsheet changed (CR, CRLF to LF) are not a change.
    """
    state = state or {}
    changes: dict[str, Any] = {}
    if edit.rating != state.get("rating"):
        changes["rating"] = edit.rating
    if not same_text(edit.rationale, state.get("rationale") or ""):
        changes["rationale"] = edit.rationale
    if edit.status is not None and edit.status != state.get("status"):
        changes["status"] = edit.status
    if changes and not state.get("status") and "status" not in changes:
        changes["status"] = "draft"
    return changes


def state_at(current: Mapping[str, Any], revisions: Sequence[tuple[int, Mapping[str, Any]]],
             version: int) -> dict[str, Any] | None:
    """The verdict as it was at an earlier version, undoing newer revisions (None: not recoverable).

    current holds rating, rationale, status and version; revisions are (version, changes) pairs
    with changes as {field: [old, new]}.
    """
    newer = sorted((r for r in revisions if r[0] > version), key=lambda r: r[0], reverse=True)
    if [r[0] for r in newer] != list(range(current["version"], version, -1)):
        return None
    state = {f: current.get(f) for f in FIELDS}
    for _version, changes in newer:
        for name in FIELDS:
            if name in changes:
                state[name] = changes[name][0]
    return state
