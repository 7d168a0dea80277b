"""PDF import: text layer with line breaks, metadata, and the ways a PDF can be unusable."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.errors import ImportFailed
from workbench.ingest import read_document

LINES = ["Russia is still awaiting the response, the diplomat said", "Tuesday, as tensions continue to mount."]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_text_layer_keeps_hard_line_breaks(tmp_path: Path, make_pdf: Callable[..., bytes]) -> None:
    document = read_document(write(tmp_path, "a.pdf", make_pdf(LINES)))
    assert document.format == "pdf"
    assert document.text == "\n".join(LINES)


def test_pages_are_separated_by_a_blank_line(tmp_path: Path, make_pdf: Callable[..., bytes]) -> None:
    document = read_document(write(tmp_path, "a.pdf", make_pdf(["Page {page} text."], pages=3)))
    assert document.text == "Page 1 text.\n\nPage 2 text.\n\nPage 3 text."


def test_non_ascii_text(tmp_path: Path, make_pdf: Callable[..., bytes]) -> None:
    line = "Caf\u00e9 \u2013 na\u00efve \u201cquoted\u201d"
    assert read_document(write(tmp_path, "a.pdf", make_pdf([line]))).text == line


def test_title_author_and_date_from_metadata(tmp_path: Path, make_pdf: Callable[..., bytes]) -> None:
    document = read_document(write(tmp_path, "m.pdf", make_pdf(LINES, title="Metadata Title", author="Ann Author")))
    assert document.title == "Metadata Title"
    assert document.author == "Ann Author"
    assert document.published == datetime.date.today()  # reportlab stamps the creation date


def test_word_processor_junk_title_is_ignored(tmp_path: Path, make_pdf: Callable[..., bytes]) -> None:
    data = make_pdf(["Real Headline", "", "Body text of the report goes here."], title="Microsoft Word - draft3.docx")
    assert read_document(write(tmp_path, "j.pdf", data)).title == "Real Headline"


def test_encrypted_pdf_is_refused(tmp_path: Path, make_encrypted_pdf: Callable[..., bytes]) -> None:
    path = write(tmp_path, "x.pdf", make_encrypted_pdf("secret"))
    with pytest.raises(ImportFailed) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: PDF is encrypted"


def test_pdf_encrypted_with_empty_user_password_opens(tmp_path: Path, make_encrypted_pdf: Callable[..., bytes]) -> None:
    assert read_document(write(tmp_path, "o.pdf", make_encrypted_pdf(""))).text == "Secret text of the page."


def test_aes_pdf_that_cannot_be_decrypted_here_is_refused(
    tmp_path: Path, make_encrypted_pdf: Callable[..., bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    def needs_cryptography(self: object, password: str) -> None:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", needs_cryptography)
    with pytest.raises(ImportFailed, match=r"x\.pdf: PDF is encrypted \(with AES"):
        read_document(write(tmp_path, "x.pdf", make_encrypted_pdf("")))


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.98])
def test_truncated_pdf_is_refused(tmp_path: Path, make_pdf: Callable[..., bytes], keep: float) -> None:
    data = make_pdf(LINES)
    with pytest.raises(ImportFailed, match=r"t\.pdf: PDF is damaged or truncated \(.+\)$"):
        read_document(write(tmp_path, "t.pdf", data[: int(len(data) * keep)]))


def test_garbage_after_header_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"g\.pdf: PDF is damaged or truncated"):
        read_document(write(tmp_path, "g.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 10))


def test_pdf_without_text_layer_is_refused(tmp_path: Path, make_pdf: Callable[..., bytes]) -> None:
    path = write(tmp_path, "scan.pdf", make_pdf(rectangle_only=True))
    with pytest.raises(ImportFailed) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: PDF has no text layer (scanned image?); run OCR first"


def test_not_a_pdf(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"n\.pdf: not a PDF file"):
        read_document(write(tmp_path, "n.pdf", b"<html><body>Error 404</body></html>"))


def test_empty_pdf_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"e\.pdf: file is empty$"):
        read_document(write(tmp_path, "e.pdf", b""))


def test_pypdf_warnings_do_not_reach_stderr(
    tmp_path: Path, make_pdf: Callable[..., bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_pdf(LINES)
    with pytest.raises(ImportFailed):
        read_document(write(tmp_path, "t.pdf", data[: len(data) - 20]))
    assert capsys.readouterr().err == ""
