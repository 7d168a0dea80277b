"""The result of importing a file, and which files can be imported."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from workbench.ingest import registry

FORMAT_BY_SUFFIX: dict[str, str] = {
    suffix: fmt.key for fmt in registry.FORMATS.values() for suffix in fmt.suffixes
}  # read from the format registry (workbench/ingest/registry.py)
SUPPORTED_SUFFIXES: frozenset[str] = registry.suffixes()


@dataclass(frozen=True)
class ParsedDocument:
    """An imported file: the article text to store plus whatever metadata could be found."""

    text: str
    format: str  # 'text' | 'markdown' | 'html' | 'pdf' | 'docx'
    title: str | None = None
    outlet: str | None = None
    published: datetime.date | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None


def format_of(path: Path) -> str | None:
    """Return the format key for a file name's suffix (case-insensitive), or None if unsupported."""
    fmt = registry.format_for(path)
    return fmt.key if fmt is not None else None
