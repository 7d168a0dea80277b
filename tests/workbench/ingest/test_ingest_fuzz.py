"""Fuzzing: whatever the bytes, parse_bytes returns a document or raises ImportFailed, nothing else."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import ImportFailed
from workbench.ingest import ParsedDocument, parse_bytes
from workbench.ingest.metadata import guess_metadata

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def check(data: bytes, name: str) -> None:
    try:
        document = parse_bytes(data, name)
    except ImportFailed as exc:
        message = str(exc)
        assert message.startswith(f"{name}: ")
        assert "\n" not in message
    else:
        assert isinstance(document, ParsedDocument)
        assert isinstance(document.text, str) and document.text.strip()
        assert "\r" not in document.text


TEXTY = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(lambda t: t.encode("utf-8")),
    st.text(max_size=300).map(lambda t: t.encode("utf-16")),
    st.text(alphabet=st.characters(max_codepoint=0xFF), max_size=300).map(lambda t: t.encode("latin-1")),
)
MARKUP = st.lists(
    st.sampled_from(["<p>", "</p>", "<div>", "<script>", "</script>", "<iframe>", "<br>", "<table><tr><td>",
                     "<!--", "-->", "<?xml version='1.0' encoding='utf-8'?>", "<meta charset='koi8-r'>",
                     "&amp;", "&#0;", "&#13;", "<pre>", "&#x110000;", "<html lang=''>", "<![CDATA[", "text ",
                     "\u00e9", "\x00"]),
    max_size=40,
).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))


HEADERISH = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(["", "M Moscow Times", "News / Russia", "(Moscow Times – – Jan. 18, 2022)", "# Title",
                         "===", "---", "title: x", "Original url:", "https://example.com/a)", "By Jane Doe",
                         "January 32, 2022", "2022-02-30", "Press TV’s website", "RUSSIALINK: “x” – y"]),
    ),
    max_size=30,
).map("\n".join)


@FUZZ
@given(text=HEADERISH, markdown=st.booleans())
def test_fuzz_metadata_heuristics(text: str, markdown: bool) -> None:
    found = guess_metadata(text, markdown=markdown)
    assert found.title is None or (found.title.strip() and "\n" not in found.title)
    assert found.url is None or found.url.startswith(("http://", "https://"))


@pytest.mark.parametrize("suffix", [".txt", ".md"])
@FUZZ
@given(data=TEXTY)
def test_fuzz_text(suffix: str, data: bytes) -> None:
    check(data, f"fuzz{suffix}")


@FUZZ
@given(data=st.one_of(TEXTY, MARKUP))
def test_fuzz_html(data: bytes) -> None:
    check(data, "fuzz.html")


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000), st.binary(max_size=2000).map(lambda b: b"%PDF-1.4\n" + b)))
def test_fuzz_pdf(data: bytes) -> None:
    check(data, "fuzz.pdf")


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.dictionaries(
            st.sampled_from(["word/document.xml", "[Content_Types].xml", "_rels/.rels", "docProps/core.xml"]),
            st.binary(max_size=300),
        ).map(zipped),
    )
)
def test_fuzz_docx(data: bytes) -> None:
    check(data, "fuzz.docx")


@FUZZ
@given(data=st.binary(max_size=4000), cut=st.integers(min_value=0))
def test_fuzz_damaged_real_files(data: bytes, cut: int) -> None:
    # Flip a slice of a real PDF and a real DOCX to random bytes.
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Hello fuzz")
    pdf.showPage()
    pdf.save()
    for name, real in (("real.pdf", buffer.getvalue()), ("real.docx", _docx())):
        start = cut % len(real)
        check(real[:start] + data + real[start + len(data) :], name)


_DOCX: bytes | None = None


def _docx() -> bytes:
    global _DOCX
    if _DOCX is None:
        import docx

        document = docx.Document()
        document.add_paragraph("Hello fuzz")
        buffer = io.BytesIO()
        document.save(buffer)
        _DOCX = buffer.getvalue()
    return _DOCX
