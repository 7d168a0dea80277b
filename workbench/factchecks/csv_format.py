"""Fact-checks from CSV: a header ``claim,rating,url,organization,date,title`` (UTF-8), one claim per row.

Extra columns are ignored and optional fields may be empty; a row without a claim, with a bad url or
date, or with fewer fields than the header is left out and named by its line.
"""

from __future__ import annotations

import csv
import io

from workbench.factchecks.records import (
    FactCheckFileError,
    ReadResult,
    RowError,
    RowProblem,
    make_record,
    text_of,
)

COLUMNS = ("claim", "rating", "url", "organization", "date", "title")
ALIASES = {"organisation": "organization"}


def read_csv(data: bytes, name: str) -> ReadResult:
    """The records of a fact-check CSV file; raises FactCheckFileError when its header is not usable."""
    text = text_of(data, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise FactCheckFileError(f"{name}: the file is empty (expected the header {','.join(COLUMNS)})")
        names = [ALIASES.get(h.strip().casefold(), h.strip().casefold()) for h in header]
        missing = [c for c in COLUMNS if c not in names]
        if missing:
            raise FactCheckFileError(
                f"{name}: the header lacks {', '.join(missing)} (expected {','.join(COLUMNS)}; extra columns are fine)"
            )
        at = {c: names.index(c) for c in COLUMNS}
        needed = max(at.values()) + 1  # rows may lack trailing extra columns, not ours
        result = ReadResult()
        while True:
            line = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < needed:
                result.errors.append(RowError(line, f"{len(row)} fields where the header has {len(header)}"))
                continue
            try:
                result.records.append(make_record(line, **{c: row[k] for c, k in at.items()}))
            except RowProblem as exc:
                result.errors.append(RowError(line, str(exc)))
    except csv.Error as exc:
        raise FactCheckFileError(f"{name}: not a readable CSV file (line {reader.line_num}: {exc})") from exc
    return result
