"""Word .docx files: paragraphs and table cells in document order (python-docx), after a zip bomb check."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.errors import ImportFailed
from workbench.ingest.document import ParsedDocument
from workbench.ingest.encoding import normalize_newlines
from workbench.ingest.limits import MIB, format_size

MAX_UNPACKED_BYTES = 200 * MIB  # never more than 20 times the import limit either
MAX_MEMBERS = 10_000
MAX_RATIO = 250  # Word's XML packs 10-50 times; zeros pack a thousand times
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def parse_docx(data: bytes, path: Path, *, max_bytes: int) -> ParsedDocument:
    """Return a .docx file's paragraphs and table cells joined by blank lines, with title, author, date."""
    check_archive(data, path, max_bytes=max_bytes)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [normalize_newlines(block) for block in _blocks(document.element.body)]
        properties = _properties(document)
    except Exception as exc:  # python-docx and lxml raise many types on damaged files
        raise ImportFailed(path, f"DOCX file is damaged ({_short(exc)})") from None
    text = "\n\n".join(block for block in blocks if block.strip())
    if not text:
        raise ImportFailed(path, "document has no text")
    return ParsedDocument(text=text, format="docx", **properties)


def check_archive(data: bytes, path: Path, *, max_bytes: int) -> None:
    """Raise ImportFailed unless data is a zip with word/document.xml that unpacks to a sane size."""
    if data.startswith(_OLE2_MAGIC):
        raise ImportFailed(
            path, "not a .docx file but an old Word .doc or a password-protected document; save it as .docx"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:  # zipfile raises several types on garbage
        raise ImportFailed(path, "not a DOCX file (not a zip archive)") from None
    if len(members) > MAX_MEMBERS:
        raise ImportFailed(path, f"DOCX has {len(members):,} parts, more than {MAX_MEMBERS:,} (zip bomb?)")
    if "word/document.xml" not in {member.filename for member in members}:
        raise ImportFailed(path, "not a Word document (no word/document.xml in the archive)")
    limit = max(max_bytes, min(20 * max_bytes, MAX_UNPACKED_BYTES))
    unpacked = sum(member.file_size for member in members)
    if unpacked > limit:
        raise ImportFailed(
            path, f"DOCX unpacks to {format_size(unpacked)}, over the {format_size(limit)} limit (zip bomb?)"
        )
    for member in members:
        if member.file_size > MIB and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            ratio = member.file_size // max(member.compress_size, 1)
            raise ImportFailed(path, f"DOCX part {member.filename} is compressed {ratio:,}:1 (zip bomb?)")


def _blocks(container: Any) -> Iterator[str]:
    """Yield the text of each paragraph and table cell under a body, cell or content control, in order."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    seen_cells: set[Any] = set()  # merged cells appear once per grid column they span
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, None).text  # type: ignore[arg-type]
        elif child.tag == qn("w:tbl"):
            for row in Table(child, None).rows:  # type: ignore[arg-type]
                for cell in row.cells:
                    if cell._tc not in seen_cells:
                        seen_cells.add(cell._tc)
                        yield from _blocks(cell._tc)
        elif child.tag == qn("w:sdt"):  # content control: a template's fields
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)


def _properties(document: Any) -> dict[str, Any]:
    """Return title, author, creation date and language from the core properties."""
    core = document.core_properties
    created = core.created
    return {
        "title": " ".join((core.title or "").split()) or None,
        "author": " ".join((core.author or "").split()) or None,
        "published": created.date() if isinstance(created, datetime.datetime) else None,
        "language": (core.language or "").strip() or None,
    }


def _short(exc: BaseException) -> str:
    """Return an exception's message on one short line."""
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message if len(message) <= 80 else message[:77] + "..."
