"""Plain text and Markdown import: verbatim text, encodings, and refusals."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from workbench.errors import ImportFailed
from workbench.ingest import DEFAULT_MAX_BYTES, parse_bytes, read_document

SEED_FILES = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_there_are_five_seeds() -> None:
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_seed_text_is_stored_verbatim(seed: Path) -> None:
    raw = seed.read_bytes().decode("utf-8")
    expected = raw.replace("\r\n", "\n").replace("\r", "\n")

    document = read_document(seed)

    assert document.format == "text"
    assert document.text == expected


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_quote_sliced_from_the_raw_seed_is_at_the_same_offset(seed: Path) -> None:
    raw = seed.read_bytes().decode("utf-8")
    text = read_document(seed).text
    for start in range(0, len(raw) - 80, max(1, len(raw) // 7)):
        quote = raw[start : start + 80]
        assert text[start : start + 80] == quote
        assert text.find(quote) == raw.find(quote)


def test_markdown_is_stored_verbatim_without_entity_decoding(tmp_path: Path) -> None:
    source = "# Heading\n\n  Indented *emphasis* &amp; <b>tags</b>  \n\n\n\ttab\u00a0nbsp  \n"
    document = read_document(write(tmp_path, "note.md", source.encode()))
    assert document.format == "markdown"
    assert document.text == source
    assert document.title == "Heading"


def test_markdown_suffix_variants_and_upper_case(tmp_path: Path) -> None:
    assert read_document(write(tmp_path, "a.markdown", b"x y z")).format == "markdown"
    assert read_document(write(tmp_path, "B.TXT", b"x y z")).format == "text"
    assert read_document(write(tmp_path, "c.text", b"x y z")).format == "text"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"one\r\ntwo\r\n", "one\ntwo\n"),
        (b"one\rtwo\r", "one\ntwo\n"),
        (b"one\r\n\r\ntwo\rthree\n", "one\n\ntwo\nthree\n"),
        (b"a\r\r\nb", "a\n\nb"),
    ],
)
def test_line_endings_are_normalised_and_nothing_else(tmp_path: Path, raw: bytes, expected: str) -> None:
    assert read_document(write(tmp_path, "x.txt", raw)).text == expected


def test_leading_and_trailing_white_space_is_kept(tmp_path: Path) -> None:
    assert read_document(write(tmp_path, "x.txt", b"\n\n  text  \n\n")).text == "\n\n  text  \n\n"


SAMPLE = "Caf\u00e9 \u2013 na\u00efve \u201cquoted\u201d text, line one.\nLine two: \u00fcber."


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with BOM, native order
        codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"),
        SAMPLE.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-32-le-bom", "cp1252"],
)
def test_encodings_are_detected(tmp_path: Path, encoded: bytes) -> None:
    assert read_document(write(tmp_path, "x.txt", encoded)).text == SAMPLE


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_short_legacy_western_text(tmp_path: Path, codec: str) -> None:
    source = "caf\u00e9 \u2013 na\u00efve" if codec == "cp1252" else "Gr\u00fc\u00dfe aus K\u00f6ln, sch\u00f6n."
    assert read_document(write(tmp_path, "x.txt", source.encode(codec))).text == source


def test_cyrillic_legacy_text(tmp_path: Path) -> None:
    source = "\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430? " * 3
    assert read_document(write(tmp_path, "x.txt", source.encode("cp1251"))).text == source


def test_utf16_without_bom_is_text_not_binary(tmp_path: Path) -> None:
    source = "Hello world, this is a UTF-16 file without a byte-order mark.\n"
    assert read_document(write(tmp_path, "x.txt", source.encode("utf-16-le"))).text == source


def test_bom_is_dropped_and_line_endings_normalised_in_utf16(tmp_path: Path) -> None:
    assert read_document(write(tmp_path, "x.txt", "a\r\nb".encode("utf-16"))).text == "a\nb"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        b"plain ascii but a NUL\x00 byte in the middle",
        b"\x01\x02\x03 text with many control characters \x04\x05\x06\x07\x08",
    ],
    ids=["all-bytes", "png", "nul", "controls"],
)
def test_binary_files_are_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ImportFailed, match=r"x\.txt: looks like a binary file, not text$"):
        read_document(write(tmp_path, "x.txt", data))


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, "\u00a0\n".encode(), " ".encode("utf-16")])
def test_empty_files_are_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ImportFailed, match=r"x\.txt: file is empty$"):
        read_document(write(tmp_path, "x.txt", data))


def test_invalid_utf16_after_bom_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="not valid UTF-16"):
        read_document(write(tmp_path, "x.txt", codecs.BOM_UTF16_LE + b"a\x00b"))


def test_huge_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.txt"
    with path.open("wb") as file:  # sparse: 61.2 MB on paper, nothing on disk
        file.truncate(int(61.2 * 1024 * 1024))

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr("workbench.ingest.files.open", no_reading, raising=False)
    with pytest.raises(ImportFailed) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: file is 61.2 MB, over the 50 MB import limit"


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", b"x" * 2048)
    assert read_document(path, max_bytes=2048).text == "x" * 2048
    with pytest.raises(ImportFailed, match=r"file is 2 KB, over the 1 KB import limit"):
        read_document(path, max_bytes=1024)
    with pytest.raises(ImportFailed, match=r"file is 2,048 bytes, over the 2,047 bytes import limit"):
        read_document(path, max_bytes=2047)


def test_parse_bytes_checks_size_and_names_the_file() -> None:
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024
    with pytest.raises(ImportFailed, match=r"^big\.txt: file is 11 bytes, over the 10 bytes import limit$"):
        parse_bytes(b"hello world", "big.txt", max_bytes=10)
    assert parse_bytes(b"hello\r\nworld", "ok.md").text == "hello\nworld"
