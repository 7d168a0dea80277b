"""PDF files: the text layer, page by page, with the PDF's own line breaks kept (pypdf)."""

from __future__ import annotations

import datetime
import io
import logging
import re
from pathlib import Path
from typing import Any

from workbench.errors import ImportFailed
from workbench.ingest.document import ParsedDocument
from workbench.ingest.encoding import normalize_newlines

ENCRYPTED = "PDF is encrypted"
NO_TEXT = "PDF has no text layer (scanned image?); run OCR first"
_SILENT = logging.NullHandler()
# Titles that word processors and printers write instead of a real one.
_JUNK_TITLE = re.compile(
    r"(?:untitled|document\d*|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|odt|rtf|txt|pdf|html?|indd|qxd))",
    re.I,
)


def parse_pdf(data: bytes, path: Path) -> ParsedDocument:
    """Return the text layer of a PDF (pages separated by a blank line) and its title, author and date."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    logging.getLogger("pypdf").addHandler(_SILENT)  # its repair notes are not for users; added once
    if b"%PDF-" not in data[:1024]:
        raise ImportFailed(path, "not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportFailed(path, ENCRYPTED)
        pages = [_page_text(page) for page in reader.pages]
    except ImportFailed:
        raise
    except DependencyError:  # AES needs the 'cryptography' package
        raise ImportFailed(path, f"{ENCRYPTED} (with AES, which this installation cannot open)") from None
    except Exception as exc:  # pypdf raises many types on damaged files
        raise ImportFailed(path, f"PDF is damaged or truncated ({_short(exc)})") from None
    if not pages:
        raise ImportFailed(path, "PDF has no pages")
    text = "\n\n".join(page for page in pages if page)
    if not text:
        raise ImportFailed(path, NO_TEXT)
    return ParsedDocument(text=text, format="pdf", **_metadata(reader))


def _page_text(page: Any) -> str:
    """Return one page's text with LF line endings and no trailing blank lines."""
    text = normalize_newlines(page.extract_text() or "").replace("\x00", "")
    return text.rstrip() if text.strip() else ""


def _metadata(reader: Any) -> dict[str, Any]:
    """Return title, author and creation date from the PDF's document information, where sensible."""
    try:
        info = reader.metadata
    except Exception:  # a damaged information dictionary only costs the metadata
        return {}
    if info is None:
        return {}
    title = _clean(_field(info, "title"))
    return {
        "title": None if title and _JUNK_TITLE.fullmatch(title) else title,
        "author": _clean(_field(info, "author")),
        "published": _creation_date(info),
    }


def _field(info: Any, name: str) -> Any:
    """Return a document information field, None if missing or unreadable."""
    try:
        return getattr(info, name)
    except Exception:  # malformed values
        return None


def _creation_date(info: Any) -> datetime.date | None:
    """Return the creation date, None if missing or malformed."""
    value = _field(info, "creation_date")
    return value.date() if isinstance(value, datetime.datetime) else None


def _clean(value: Any) -> str | None:
    """Return a metadata string with white space folded, None if empty or not a string."""
    if not isinstance(value, str):
        return None
    return " ".join(value.replace("\x00", "").split()) or None


def _short(exc: BaseException) -> str:
    """Return an exception's message on one short line."""
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message if len(message) <= 80 else message[:77] + "..."
