"""A format library that fails in a way we did not foresee costs one file, never the rest of a folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.workbench.ingest.conftest import docx_bytes, pdf_bytes

HTML = (
    "<html><head><title>Talks</title></head>"
    "<body><article><p>Lavrov said the talks will go on.</p></article></body></html>"
)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(HTML, encoding="utf-8")
    (folder / "b.md").write_text("# Talks\n\nThe talks will go on, a spokesman said.\n", encoding="utf-8")
    (folder / "c.pdf").write_bytes(pdf_bytes(["The talks will go on next week in Geneva."]))
    (folder / "d.txt").write_text("Talks in Geneva\n\nThe minister said the talks will go on.\n", encoding="utf-8")
    (folder / "e.docx").write_bytes(docx_bytes(lambda d: d.add_paragraph("Talks will resume on Monday.")))
    return folder


def test_html_library_that_cannot_be_imported_fails_only_the_html_file(
    wb: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a fresh install without lxml_html_clean did: importing the HTML stack raises ImportError.
    monkeypatch.delitem(sys.modules, "workbench.ingest.html", raising=False)
    monkeypatch.setitem(sys.modules, "trafilatura", None)

    results = wb.import_paths([_folder(tmp_path)])  # type: ignore[attr-defined]

    by_name = {Path(r.path).name: r for r in results}
    assert by_name["a.html"].status == "error"
    message = by_name["a.html"].message
    assert message.startswith(f"{tmp_path / 'in' / 'a.html'}: could not read it: a library it needs cannot be loaded")
    assert message.endswith("reinstall Claim Workbench")
    assert "\n" not in message
    assert [by_name[n].status for n in ("b.md", "c.pdf", "d.txt", "e.docx")] == ["imported"] * 4
    assert len(wb.list_articles()) == 4  # type: ignore[attr-defined]


def test_a_parser_raising_an_unexpected_error_becomes_that_files_one_line_error(
    wb: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import charset_normalizer

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("detector exploded\nwith a second line")

    monkeypatch.setattr(charset_normalizer, "from_bytes", broken)
    folder = _folder(tmp_path)
    # Bytes that are not UTF-8 make the text reader ask the (broken) encoding detector.
    (folder / "d.txt").write_bytes("Caf\xe9 talks in Geneva\n\nThe talks will go on.\n".encode("cp1252"))

    results = wb.import_paths([folder])  # type: ignore[attr-defined]

    by_name = {Path(r.path).name: r for r in results}
    assert by_name["d.txt"].status == "error"
    assert by_name["d.txt"].message == f"{folder / 'd.txt'}: could not read it (RuntimeError: detector exploded)"
    assert [by_name[n].status for n in ("a.html", "b.md", "c.pdf", "e.docx")] == ["imported"] * 4
