"""One table as CSV: RFC 4180 (comma, double quotes, CRLF), UTF-8, optionally with a byte order mark.

Excel needs the byte order mark to read UTF-8; other programs are happier without it, so it is an
option. Dates are ISO 8601 (``2022-01-18``, ``2022-01-18 09:30:00`` in UTC); text goes through
``safety.csv_escape`` so a spreadsheet never runs it as a formula. Every text field is quoted and
numbers are not (an empty cell is ""), so a spreadsheet told to keep quoted fields as text (LibreOffice's "quoted field
as text") does not turn a rationale such as "0042" into the number 42.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from workbench.export.safety import csv_escape, csv_unescape
from workbench.export.tables import Table

Tick = Callable[[], None]


def csv_value(value: Any) -> str:
    """A cell value as CSV text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return str(value)
    return csv_escape(str(value))  # a Link: its plain text


_BARE = (int, float)  # written unquoted; bool is not one of them (type(), not isinstance)


def write_csv_rows(handle: IO[str], table: Table, tick: Tick) -> int:
    """Write the header and rows of a table to an open text file; returns the number of rows.

    Numbers are written bare and everything else quoted (an empty cell as ""), by the csv module.
    """
    writer = csv.writer(handle, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([c.header for c in table.columns])
    rows = 0
    for values in table.rows:
        writer.writerow([v if type(v) in _BARE else csv_value(v) for v in values])
        rows += 1
        tick()
    return rows


def write_csv(path: Path, table: Table, tick: Tick, *, bom: bool = False) -> int:
    """Write a table to a CSV file; returns the number of rows."""
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        return write_csv_rows(handle, table, tick)


def read_csv_rows(path: Path) -> Iterator[list[str]]:
    """The rows of a CSV file written by write_csv (byte order mark and apostrophes removed)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            yield [csv_unescape(v) for v in row]
