"""A corpus of hostile and broken article files, and good ones to mix them with.

Each case is a file name, how to write it, and what the import must do with it: store a given text
(`keeps`), or refuse it with a message holding given words (`refused`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SMALL_LIMIT = 256 * 1024  # the import limit the service tests set (Workbench.max_import_bytes)


@dataclass(frozen=True)
class Case:
    name: str
    write: Callable[[Path], None]
    refused: tuple[str, ...] = ()  # words the one-line message must hold (empty: it imports)
    keeps: str | None = None  # text the stored article must contain


def pdf_bytes(lines: list[str], *, rectangle_only: bool = False) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    if rectangle_only:
        pdf.rect(100, 100, 200, 300, fill=1)
    for i, line in enumerate(lines):
        pdf.drawString(72, 800 - 14 * i, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted_pdf_bytes() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(["Secret text of the page."]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bomb(path: Path, unpacked: int) -> None:
    """A real .docx with one extra part of `unpacked` zero bytes, streamed and deflated (a few KB on disk)."""
    import docx

    document = docx.Document()
    document.add_paragraph("A harmless looking paragraph.")
    plain = io.BytesIO()
    document.save(plain)
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(
        path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9
    ) as archive:
        for member in source.infolist():
            archive.writestr(member.filename, source.read(member))
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as padding:
            for _ in range(unpacked // len(chunk)):
                padding.write(chunk)


HOSTILE_HTML = """<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<html><head><title>Harbour reopens after storm</title>
<script>document.write('INJECTED BY SCRIPT'); fetch('http://tracker.invalid/beacon');</script>
<script src="http://cdn.invalid/evil.js"></script>
<link rel="stylesheet" href="http://cdn.invalid/style.css">
<meta http-equiv="refresh" content="0; url=http://redirect.invalid/">
</head>
<body onload="alert('ONLOAD RAN')">
<article>
<h1>Harbour reopens after storm</h1>
<p>The harbour reopened on Monday after three days of closure, the port authority said in a statement.</p>
<img src="http://images.invalid/pixel.gif" onerror="alert('ONERROR RAN')" alt="">
<iframe src="http://ads.invalid/frame.html">IFRAME FALLBACK</iframe>
<iframe src="file:///etc/passwd"></iframe>
<p>Fishing boats were the first to leave, followed by two ferries bound for the islands. &xxe;</p>
<p><a href="javascript:alert('LINK RAN')">Read more</a> about the repairs planned for the quay.</p>
</article>
<object data="http://plugins.invalid/x.swf"></object>
</body></html>
"""

LATIN1_TEXT = "Café owners in Sevilla said the façade would be repaired before the fiesta, señor Núñez added.\n"
UTF16_TEXT = "Zürich: Die Verhandlungen über den Vertrag gehen nächste Woche weiter, sagte der Minister.\n"


def cases(limit: int) -> list[Case]:
    """The hostile corpus for an import limit of `limit` bytes."""

    def raw(data: bytes) -> Callable[[Path], None]:
        return lambda p: p.write_bytes(data)

    return [
        Case("binary.txt", raw(bytes(range(256)) * 40), refused=("binary",)),
        Case("empty.txt", raw(b""), refused=("empty",)),
        Case("utf16.txt", raw(UTF16_TEXT.encode("utf-16")), keeps=UTF16_TEXT.strip()),
        Case("latin1.txt", raw(LATIN1_TEXT.encode("latin-1")), keeps=LATIN1_TEXT.strip()),
        Case(
            "invalid-utf8.txt",
            raw(b"Valid start of a report about the summit. " * 3 + b"\xff\xfe\xc3\x28 broken bytes\n"),
            keeps="Valid start of a report about the summit.",
        ),
        Case(
            "too-big.txt",
            lambda p: p.write_bytes(b"A long report. " * (limit // 15 + 100)),
            refused=("over the", "limit"),
        ),
        Case("hostile.html", lambda p: p.write_text(HOSTILE_HTML, encoding="utf-8"),
             keeps="The harbour reopened on Monday after three days of closure"),
        Case("truncated.pdf", lambda p: p.write_bytes(pdf_bytes(["A page of text that is cut."])[:400]),
             refused=("PDF",)),
        Case("encrypted.pdf", lambda p: p.write_bytes(encrypted_pdf_bytes()), refused=("encrypted",)),
        Case("scanned.pdf", lambda p: p.write_bytes(pdf_bytes([], rectangle_only=True)), refused=("text",)),
        Case("bomb.docx", lambda p: docx_bomb(p, 40 * 1024 * 1024), refused=("zip bomb",)),
        Case("report with spaces, ünïcödé & 'quotes' — 東京.txt",
             lambda p: p.write_text("An oddly named report about the harbour.\n", encoding="utf-8"),
             keeps="An oddly named report about the harbour."),
        Case("-starts-with-a-dash.txt",
             lambda p: p.write_text("A report whose name starts with a dash.\n", encoding="utf-8"),
             keeps="A report whose name starts with a dash."),
    ]


NEWLINE_NAME = "line\nbreak.txt"
NEWLINE_TEXT = "A report whose file name holds a line break.\n"

FORBIDDEN_WORDS = ("INJECTED BY SCRIPT", "ONLOAD RAN", "ONERROR RAN", "LINK RAN", "root:x:0:0", "IFRAME FALLBACK")
"""Text from scripts, handlers, frames and external entities: never in a stored article."""
