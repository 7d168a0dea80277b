"""Plain text and Markdown: stored verbatim after decoding, only line endings normalised."""

from __future__ import annotations

from pathlib import Path

from workbench.ingest.document import ParsedDocument
from workbench.ingest.encoding import decode_text, normalize_newlines


def parse_text(data: bytes, path: Path, *, markdown: bool = False) -> ParsedDocument:
    """Return the decoded text exactly as in the file (BOM dropped, line endings as LF)."""
    text = normalize_newlines(decode_text(data, path))
    return ParsedDocument(text=text, format="markdown" if markdown else "text")
