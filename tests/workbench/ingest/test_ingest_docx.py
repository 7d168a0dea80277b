"""DOCX import: paragraphs and cells in order, core properties, and archives that are not documents."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench.errors import ImportFailed
from workbench.ingest import read_document


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def article(document: Any) -> None:
    document.add_heading("Talks Stall in Geneva", 1)
    document.add_paragraph("First paragraph, with \u201cquotes\u201d.")
    document.add_paragraph("")
    document.add_paragraph("   ")
    paragraph = document.add_paragraph("Line one")
    paragraph.add_run().add_break()
    paragraph.add_run("line two\tafter a tab")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Cell A"
    table.cell(0, 1).text = "Cell B"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Merged cell"
    merged.add_table(rows=1, cols=1).cell(0, 0).text = "Nested cell"
    document.add_paragraph("Last paragraph.")


def test_paragraphs_and_cells_in_order(tmp_path: Path, make_docx: Callable[..., bytes]) -> None:
    document = read_document(write(tmp_path, "a.docx", make_docx(article)))
    assert document.format == "docx"
    assert document.text == (
        "Talks Stall in Geneva\n\n"
        "First paragraph, with \u201cquotes\u201d.\n\n"
        "Line one\nline two\tafter a tab\n\n"
        "Cell A\n\nCell B\n\nMerged cell\n\nNested cell\n\n"
        "Last paragraph."
    )


def test_core_properties(tmp_path: Path, make_docx: Callable[..., bytes]) -> None:
    data = make_docx(
        article,
        title="Property Title",
        author="Ann Author",
        created=datetime.datetime(2022, 1, 18, 10, 30),
        language="en-GB",
    )
    document = read_document(write(tmp_path, "p.docx", data))
    assert document.title == "Property Title"
    assert document.author == "Ann Author"
    assert document.published == datetime.date(2022, 1, 18)
    assert document.language == "en-GB"


def test_title_from_text_when_properties_have_none(tmp_path: Path, make_docx: Callable[..., bytes]) -> None:
    document = read_document(write(tmp_path, "n.docx", make_docx(article, title="")))
    assert document.title == "Talks Stall in Geneva"


def test_content_controls_are_read(tmp_path: Path, make_docx: Callable[..., bytes]) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(document: Any) -> None:
        document.add_paragraph("Before.")
        sdt = parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>Inside a field.</w:t></w:r></w:p>"
            "</w:sdtContent></w:sdt>"
        )
        document.element.body.insert(1, sdt)

    assert read_document(write(tmp_path, "s.docx", make_docx(build))).text == "Before.\n\nInside a field."


def test_document_without_text_is_refused(tmp_path: Path, make_docx: Callable[..., bytes]) -> None:
    with pytest.raises(ImportFailed, match=r"e\.docx: document has no text$"):
        read_document(write(tmp_path, "e.docx", make_docx(lambda d: d.add_paragraph("  "))))


def test_empty_docx(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"e\.docx: file is empty$"):
        read_document(write(tmp_path, "e.docx", b""))


def test_not_a_zip(tmp_path: Path) -> None:
    path = write(tmp_path, "x.docx", b"This is plain text pretending to be a Word document.")
    with pytest.raises(ImportFailed) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: not a DOCX file (not a zip archive)"


def test_old_word_file_renamed_to_docx(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"old Word \.doc or a password-protected document"):
        read_document(write(tmp_path, "x.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)))


def test_zip_without_word_document(tmp_path: Path, make_zip: Callable[[dict[str, bytes]], bytes]) -> None:
    data = make_zip({"content.xml": b"<office:document/>", "mimetype": b"application/vnd.oasis"})
    with pytest.raises(ImportFailed, match=r"x\.docx: not a Word document \(no word/document\.xml"):
        read_document(write(tmp_path, "x.docx", data))


def test_damaged_docx(tmp_path: Path, make_zip: Callable[[dict[str, bytes]], bytes]) -> None:
    data = make_zip({"word/document.xml": b"<not xml", "[Content_Types].xml": b"<Types/>"})
    with pytest.raises(ImportFailed, match=r"x\.docx: DOCX file is damaged \(.+\)$"):
        read_document(write(tmp_path, "x.docx", data))


def test_truncated_docx(tmp_path: Path, make_docx: Callable[..., bytes]) -> None:
    data = make_docx(article)
    with pytest.raises(ImportFailed, match=r"x\.docx: not a DOCX file"):
        read_document(write(tmp_path, "x.docx", data[: len(data) // 2]))


def test_zip_bomb_over_the_unpacked_limit(tmp_path: Path, make_zeros_docx: Callable[[Path, int], Path]) -> None:
    path = make_zeros_docx(tmp_path / "bomb.docx", 201 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ImportFailed, match=r"bomb\.docx: DOCX unpacks to 201\.\d MB, over the 200 MB limit"):
        read_document(path)
    assert time.monotonic() - started < 1  # refused from the zip directory, nothing unpacked


def test_zip_bomb_limit_follows_max_bytes(tmp_path: Path, make_zeros_docx: Callable[[Path, int], Path]) -> None:
    path = make_zeros_docx(tmp_path / "bomb.docx", 3 * 1024 * 1024)
    with pytest.raises(ImportFailed, match=r"over the 2 MB limit \(zip bomb\?\)"):
        read_document(path, max_bytes=100 * 1024)  # 20 x 100 KB


def test_absurd_compression_ratio(tmp_path: Path, make_zeros_docx: Callable[[Path, int], Path]) -> None:
    path = make_zeros_docx(tmp_path / "ratio.docx", 5 * 1024 * 1024)
    with pytest.raises(ImportFailed, match=r"ratio\.docx: DOCX part word/media/padding\.bin is compressed [\d,]+:1"):
        read_document(path)


def test_python_docx_is_not_reached_for_a_bomb(
    tmp_path: Path, make_zeros_docx: Callable[[Path, int], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx

    path = make_zeros_docx(tmp_path / "bomb.docx", 5 * 1024 * 1024)

    def must_not_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("python-docx opened the bomb")

    monkeypatch.setattr(docx, "Document", must_not_open)
    with pytest.raises(ImportFailed, match="zip bomb"):
        read_document(path)
