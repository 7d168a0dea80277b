"""Claims checked before: fact-checkers' files read into records, one reader per format.

Each format declares itself once in ``FORMATS`` (suffixes, label, reader); the service, the command
line and a file dialog all read that registry. A reader turns a file's bytes into records and row
errors (each naming its line); problems with the whole file raise ``FactCheckFileError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.factchecks.claimreview import read_claimreview
from workbench.factchecks.csv_format import read_csv
from workbench.factchecks.records import FactCheckFileError, FactCheckRecord, Reader, ReadResult, RowError

__all__ = [
    "FORMATS",
    "FactCheckFileError",
    "FactCheckFormat",
    "FactCheckRecord",
    "ReadResult",
    "RowError",
    "format_for",
]


@dataclass(frozen=True)
class FactCheckFormat:
    """One importable fact-check format."""

    key: str
    label: str
    suffixes: tuple[str, ...]
    reader: Reader


FORMATS: tuple[FactCheckFormat, ...] = (
    FactCheckFormat("csv", "Fact-checks CSV (claim,rating,url,organization,date,title)", (".csv",), read_csv),
    FactCheckFormat("claimreview", "schema.org ClaimReview JSON-LD", (".json", ".jsonld"), read_claimreview),
)


def format_for(path: Path) -> FactCheckFormat:
    """The format a file's suffix names; raises FactCheckFileError for any other suffix."""
    suffix = path.suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    known = ", ".join(s for fmt in FORMATS for s in fmt.suffixes)
    raise FactCheckFileError(f"{path}: not a fact-check file (expected {known})")
