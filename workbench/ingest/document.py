"""The result of importing a file, and which files can be imported."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

FORMAT_BY_SUFFIX: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(FORMAT_BY_SUFFIX)


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
    """Return the format name for a file name's suffix (case-insensitive), or None if unsupported."""
    return FORMAT_BY_SUFFIX.get(path.suffix.lower())
