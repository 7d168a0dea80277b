"""Reading an edited Verdicts sheet back: rows, their values, and what a row changes.

A reviewer edits rating, rationale and status of the exported workbook (or of the verdicts CSV) and
imports it. Rows are matched by group id. The "version" column holds the verdict's version at export
time (0: no verdict yet): when the database holds a newer version, a row that differs from the
verdict as it was exported is a conflict (both sides are reported, nothing is overwritten); a row
left as exported is simply out of date and skipped. Other columns are ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import ImportFailed, InvalidValue
from workbench.export.csv_tables import read_csv_rows
from workbench.export.safety import same_as_exported, xlsx_unescape
from workbench.verdicts import check_status

SHEET = "Verdicts"
REQUIRED = ("group id", "rating", "rationale", "status", "version")
FIELDS = ("rating", "rationale", "status")


@dataclass(frozen=True)
class SheetRow:
    """One data row of the sheet: its row number (as the spreadsheet shows it) and raw values."""

    row: int
    values: dict[str, Any]


@dataclass(frozen=True)
class RowEdit:
    """A parsed row: which verdict, the version it was exported at, and its three editable fields."""

    row: int
    group_id: int
    version: int
    rating: str | None
    rationale: str
    status: str | None

    def fields(self) -> dict[str, Any]:
        """The editable values as {field: value}."""
        return {"rating": self.rating, "rationale": self.rationale, "status": self.status}


def read_verdict_sheet(path: Path) -> Iterator[SheetRow]:
    """The rows of an exported Verdicts sheet (XLSX) or verdicts table (CSV); raises ImportFailed."""
    if not path.is_file():
        raise ImportFailed(path, "no such file")
    if path.suffix.lower() == ".csv":
        yield from _rows(path, read_csv_rows(path))
        return
    try:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise ImportFailed(path, f"not a readable XLSX workbook ({exc.__class__.__name__}: {exc})") from exc
    try:
        names = book.sheetnames
        name = SHEET if SHEET in names else names[0]
        cells = (
            [xlsx_unescape(v) if isinstance(v, str) else v for v in values]
            for values in book[name].iter_rows(values_only=True)
        )
        yield from _rows(path, cells)
    finally:
        book.close()


def _rows(path: Path, rows: Iterator[Sequence[Any]]) -> Iterator[SheetRow]:
    header = next(rows, None)
    if header is None:
        raise ImportFailed(path, "the sheet is empty")
    names = [str(h).strip().lower() if h is not None else "" for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ImportFailed(
            path, f"the {SHEET} sheet has no {', '.join(repr(m) for m in missing)} column; import a Verdicts "
            "sheet exported by Claim Workbench (its version column detects conflicting changes)",
        )
    where = {c: names.index(c) for c in REQUIRED}
    for number, values in enumerate(rows, start=2):
        cells = {c: values[i] if i < len(values) else None for c, i in where.items()}
        if all(_blank(v) for v in cells.values()):
            continue
        yield SheetRow(number, cells)


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


def rating_key(value: Any, scale: Mapping[str, str]) -> str | None:
    """The rating key for a cell holding a key or label (any case); blank: None; raises InvalidValue."""
    if _blank(value):
        return None
    wanted = str(value).strip().lower()
    for key, label in scale.items():
        if wanted in (key.lower(), label.lower()):
            return key
    raise InvalidValue(f"unknown rating {str(value).strip()!r}; use one of: {', '.join(scale.values())}")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def parse_row(row: SheetRow, scale: Mapping[str, str]) -> RowEdit:
    """The row's verdict edit (scale: rating key -> label); raises InvalidValue naming the problem."""
    v = row.values
    status = v["status"]
    return RowEdit(
        row=row.row,
        group_id=_whole_number(v["group id"], "group id"),
        version=_whole_number(v["version"], "version"),
        rating=rating_key(v["rating"], scale),
        rationale=_text(v["rationale"]),
        status=None if _blank(status) else check_status(str(status)),
    )


def changed_fields(edit: RowEdit, state: Mapping[str, Any] | None) -> dict[str, Any]:
    """The fields the row sets differently from a verdict state (None: no verdict).

    A blank status keeps the verdict's status (a new verdict starts as a draft).
    """
    state = state or {}
    changes: dict[str, Any] = {}
    if edit.rating != state.get("rating"):
        changes["rating"] = edit.rating
    if not same_as_exported(edit.rationale, state.get("rationale") or ""):
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
