"""The import format registry: one declaration per format drives the importer, the folder walk and the filters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.ingest import ParsedDocument, file_filters, format_for, iter_import_files, read_document, registry
from workbench.service import Workbench


@pytest.fixture
def subtitles() -> Iterator[registry.ImportFormat]:
    """A made-up format registered for one test: .srt subtitles, the text lines without the timings."""

    def parse(data: bytes, path: Path, max_bytes: int) -> ParsedDocument:
        lines = [line for line in data.decode("utf-8").splitlines() if line and "-->" not in line
                 and not line.isdigit()]
        return ParsedDocument(text="\n".join(lines), format="subtitles", title=path.stem)

    fmt = registry.register(registry.ImportFormat(key="subtitles", label="Subtitles", suffixes=(".srt",),
                                                  parse=parse))
    yield fmt
    del registry.FORMATS["subtitles"]
    del registry._BY_SUFFIX[".srt"]


def test_the_dialog_filter_lists_every_suffix_of_every_format() -> None:
    filters = file_filters().split(";;")
    every = filters[0]
    for suffix in (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".docx"):
        assert f"*{suffix}" in every
    assert "Web page (*.html *.htm *.xhtml)" in filters and filters[-1] == "All files (*)"


def test_suffixes_are_matched_case_insensitively_and_belong_to_one_format() -> None:
    assert format_for("REPORT.XHTML").key == "html"  # type: ignore[union-attr]
    assert format_for("notes.Markdown").key == "markdown"  # type: ignore[union-attr]
    assert format_for("scan.tiff") is None
    with pytest.raises(ValueError, match="already taken"):
        registry.register(registry.ImportFormat(key="other", label="Other", suffixes=(".txt",),
                                                parse=registry.FORMATS["text"].parse))


def test_a_registered_format_is_walked_imported_and_offered(subtitles: registry.ImportFormat, tmp_path: Path,
                                                            wb: Workbench) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "interview.srt").write_text("1\n00:00:01,000 --> 00:00:03,000\nThe minister said so.\n")
    (folder / "ignored.xyz").write_text("not an article")
    assert [p.name for p in iter_import_files([folder])] == ["interview.srt"]  # type: ignore[union-attr]
    assert read_document(folder / "interview.srt").text == "The minister said so."
    assert "Subtitles (*.srt)" in file_filters() and "*.srt" in file_filters().split(";;")[0]
    (result,) = wb.import_paths([folder])
    assert result.status == "imported" and wb.get_article(result.article_id).file_format == "subtitles"  # type: ignore[arg-type]
