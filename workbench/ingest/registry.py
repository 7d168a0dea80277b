"""Every importable file format, declared once: its key, label, file name suffixes and parser.

The importer, the folder walk, the CLI help, the window's file dialog and its drop handler all read
this table. Adding a format: a parser module beside the others and one ``register(...)`` line below.
A parser's library is imported only when a file of its format is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.ingest.document import ParsedDocument

Parser = Callable[[bytes, Path, int], "ParsedDocument"]
"""parse(data, path, max_bytes): the document, or ImportFailed naming the file and the problem."""


@dataclass(frozen=True, kw_only=True)
class ImportFormat:
    """One kind of article file."""

    key: str  # stored as the article's file_format: 'text', 'markdown', 'html', 'pdf', 'docx'
    label: str  # for file dialogs: "Web page"
    suffixes: tuple[str, ...]  # lower case, with the dot, the usual one first
    parse: Parser

    def file_filter(self) -> str:
        """A Qt file dialog filter: 'Web page (*.html *.htm *.xhtml)'."""
        return f"{self.label} ({' '.join('*' + s for s in self.suffixes)})"


FORMATS: dict[str, ImportFormat] = {}
_BY_SUFFIX: dict[str, ImportFormat] = {}


def register(fmt: ImportFormat) -> ImportFormat:
    """Add a format; a suffix belongs to one format only."""
    for suffix in fmt.suffixes:
        if suffix != suffix.lower() or not suffix.startswith("."):
            raise ValueError(f"suffix {suffix!r} of {fmt.key} must be lower case and start with a dot")
        if suffix in _BY_SUFFIX:
            raise ValueError(f"suffix {suffix} is already taken by {_BY_SUFFIX[suffix].key}")
    FORMATS[fmt.key] = fmt
    for suffix in fmt.suffixes:
        _BY_SUFFIX[suffix] = fmt
    return fmt


def format_for(path: Path | str) -> ImportFormat | None:
    """The format of a file name (by its suffix, case-insensitive), or None when it cannot be imported."""
    return _BY_SUFFIX.get(Path(path).suffix.lower())


def suffixes() -> frozenset[str]:
    """Every importable suffix."""
    return frozenset(_BY_SUFFIX)


def file_filters() -> str:
    """The filter list of an 'Import articles' file dialog: all articles, then each format, then all files."""
    every = " ".join(f"*{s}" for s in _BY_SUFFIX)
    return ";;".join([f"Articles ({every})", *(f.file_filter() for f in FORMATS.values()), "All files (*)"])


# -- the formats ----------------------------------------------------------------------------------


def _text(data: bytes, path: Path, max_bytes: int) -> ParsedDocument:
    from workbench.ingest.text import parse_text

    return parse_text(data, path, markdown=False)


def _markdown(data: bytes, path: Path, max_bytes: int) -> ParsedDocument:
    from workbench.ingest.text import parse_text

    return parse_text(data, path, markdown=True)


def _html(data: bytes, path: Path, max_bytes: int) -> ParsedDocument:
    from workbench.ingest.html import parse_html

    return parse_html(data, path)


def _pdf(data: bytes, path: Path, max_bytes: int) -> ParsedDocument:
    from workbench.ingest.pdf import parse_pdf

    return parse_pdf(data, path)


def _docx(data: bytes, path: Path, max_bytes: int) -> ParsedDocument:
    from workbench.ingest.docx import parse_docx

    return parse_docx(data, path, max_bytes=max_bytes)


register(ImportFormat(key="text", label="Plain text", suffixes=(".txt", ".text"), parse=_text))
register(ImportFormat(key="markdown", label="Markdown", suffixes=(".md", ".markdown"), parse=_markdown))
register(ImportFormat(key="html", label="Web page", suffixes=(".html", ".htm", ".xhtml"), parse=_html))
register(ImportFormat(key="pdf", label="PDF", suffixes=(".pdf",), parse=_pdf))
register(ImportFormat(key="docx", label="Word document", suffixes=(".docx",), parse=_docx))
