"""Builders for PDF, DOCX and zip fixtures written to tmp_path, and a no-network guard."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest


def pdf_bytes(
    lines: Sequence[str] = (),
    *,
    title: str | None = None,
    author: str | None = None,
    pages: int = 1,
    rectangle_only: bool = False,
) -> bytes:
    """Return a PDF drawn with reportlab: `lines` on each page, or only a filled rectangle."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    if title:
        pdf.setTitle(title)
    if author:
        pdf.setAuthor(author)
    for page in range(pages):
        if rectangle_only:
            pdf.rect(100, 100, 200, 300, fill=1)
        y = 800
        for line in lines:
            pdf.drawString(72, y, line.format(page=page + 1))
            y -= 14
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted_pdf_bytes(user_password: str, *, algorithm: str = "RC4-128") -> bytes:
    """Return a one-page text PDF encrypted with pypdf's writer."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(["Secret text of the page."]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(build: Callable[[object], None] | None = None, **properties: object) -> bytes:
    """Return a .docx made with python-docx: `build(document)` adds content, properties set core properties."""
    import docx

    document = docx.Document()
    for name, value in properties.items():
        setattr(document.core_properties, name, value)
    if build is not None:
        build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """Return a deflated zip archive holding members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zeros_docx(path: Path, size: int) -> Path:
    """Write a real .docx plus a member of `size` zero bytes at path, streamed, deflated at level 9."""
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source, zipfile.ZipFile(
        path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9
    ) as archive:
        for member in source.infolist():
            archive.writestr(member.filename, source.read(member))
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as padding:
            for _ in range(size // len(chunk)):
                padding.write(chunk)
            padding.write(bytes(size % len(chunk)))
    return path


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    """The PDF builder (reportlab)."""
    return pdf_bytes


@pytest.fixture
def make_encrypted_pdf() -> Callable[..., bytes]:
    """The encrypted PDF builder (pypdf)."""
    return encrypted_pdf_bytes


@pytest.fixture
def make_docx() -> Callable[..., bytes]:
    """The DOCX builder (python-docx)."""
    return docx_bytes


@pytest.fixture
def make_zip() -> Callable[[dict[str, bytes]], bytes]:
    """The zip builder."""
    return zip_bytes


@pytest.fixture
def make_zeros_docx() -> Callable[[Path, int], Path]:
    """The zip bomb builder."""
    return zeros_docx
