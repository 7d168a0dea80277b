"""Importing through the service: seeds land verbatim, duplicates and edited re-imports are recognised."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from workbench.model import ArticlePassages
from workbench.service import Workbench

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_every_seed_quote_is_found_at_exactly_its_offset_in_the_file(seeded: Workbench) -> None:
    by_name = {}
    for info in seeded.list_articles():
        detail = seeded.get_article(info.id)
        by_name[detail.file_name] = detail
    assert len(by_name) == 5
    for path in sorted(SEEDS.iterdir()):
        raw = path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        stored = by_name[path.name].text
        assert stored == raw
        for start in range(0, len(raw) - 60, max(1, len(raw) // 7)):
            quote = raw[start : start + 60]
            if not quote.strip():
                continue
            claim = seeded.add_claim(by_name[path.name].id, start=start, end=start + 60)
            assert claim.text == quote
            seeded.remove_claim(claim.id)


def test_importing_the_seeds_twice_reports_duplicates(seeded: Workbench) -> None:
    again = seeded.import_seeds()
    assert [r.status for r in again] == ["duplicate"] * 5
    assert all("same text as article" in r.message for r in again)
    assert len(seeded.list_articles()) == 5


def test_each_article_is_indexed_in_the_same_transaction(seeded: Workbench) -> None:
    with seeded.db.read() as s:
        indexed = s.scalar(select(func.count(func.distinct(ArticlePassages.article_id))))
    assert indexed == 5


def test_folder_import_goes_on_after_a_bad_file(wb: Workbench, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("The first article.\nIt says something.\n", encoding="utf-8")
    (folder / "sub" / "b.md").write_text("# Second\n\nAnother article entirely.\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe binary \x00 junk" * 50)
    (folder / "empty.txt").write_bytes(b"")
    results = {Path(r.path).name: r for r in wb.import_paths([folder])}
    assert results["a.txt"].status == "imported"
    assert results["b.md"].status == "imported" and results["b.md"].title == "Second"
    assert results["broken.txt"].status == "error" and "broken.txt" in results["broken.txt"].message
    assert results["empty.txt"].status == "error" and "empty" in results["empty.txt"].message
    assert len(wb.list_articles()) == 2


def test_reimporting_an_edited_file_updates_the_article_and_reanchors_claims(wb: Workbench, tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("# Talks stall\n\nLavrov said talks will not resume. 😀 He left.\n", encoding="utf-8")
    (first,) = wb.import_paths([path])
    wb.update_article(first.article_id, source="Daily Planet")
    claim = wb.add_claim(first.article_id, quote="talks will not resume")
    path.write_text("# Talks stall\n\nUPDATED 🚨. Lavrov said talks will not resume. 😀 He left.\n", encoding="utf-8")
    # Same outlet and title: the file is a new version of the same article.
    from workbench.ingest import read_document

    assert read_document(path).title == "Talks stall"
    wb.update_article_text(first.article_id, path.read_text(encoding="utf-8"))
    moved = wb.get_claim(claim.id)
    assert moved.text == "talks will not resume"
    assert moved.anchor_state == "moved"
    assert wb.get_article(first.article_id).text[moved.start : moved.end] == "talks will not resume"


def test_update_of_text_flags_a_claim_that_cannot_be_placed(wb: Workbench, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Alpha beta gamma. The minister promised lower taxes next year. Delta.\n", encoding="utf-8")
    (res,) = wb.import_paths([path])
    claim = wb.add_claim(res.article_id, quote="The minister promised lower taxes next year.")
    report = wb.update_article_text(res.article_id, "Alpha beta gamma. Weather was fine. Delta.\n")
    assert report.needs_review == 1
    assert wb.get_claim(claim.id).anchor_state == "needs_review"


def test_empty_new_text_is_refused(seeded: Workbench) -> None:
    from workbench.errors import InvalidValue

    with pytest.raises(InvalidValue):
        seeded.update_article_text(1, "   ")


def test_naming_an_unknown_outlet_is_remembered_for_its_masthead_and_undone(wb, tmp_path: Path) -> None:
    from workbench.service import Workbench

    assert isinstance(wb, Workbench)
    first = tmp_path / "one.txt"
    first.write_text("Kayhan International\n\nTalks stall again\n\nThe minister said so on Monday.\n")
    second = tmp_path / "two.txt"
    second.write_text("Kayhan International\n\nNo reply yet\n\nOfficials denied it on Tuesday.\n")
    a, b = (r.article_id for r in wb.import_paths([first, second]))
    assert a is not None and b is not None
    assert wb.get_article(a).source is None and wb.get_article(b).source is None

    change = wb.set_article_outlet(a, "Kayhan")
    assert change.masthead == "Kayhan International" and change.previous == {a: None, b: None}
    assert wb.get_article(a).source == wb.get_article(b).source == "Kayhan"  # same masthead, no outlet yet
    later = tmp_path / "three.txt"
    later.write_text("Kayhan International\n\nA third article\n\nIt reported the talks on Wednesday.\n")
    (third,) = wb.import_paths([later])
    assert third.article_id is not None and wb.get_article(third.article_id).source == "Kayhan"

    wb.undo_outlet(change)
    assert wb.get_article(a).source is None and wb.get_article(b).source is None
    fourth = tmp_path / "four.txt"
    fourth.write_text("Kayhan International\n\nA fourth article\n\nNothing new on Thursday.\n")
    (result,) = wb.import_paths([fourth])
    assert result.article_id is not None and wb.get_article(result.article_id).source is None  # forgotten


def test_an_article_opening_with_body_text_has_no_masthead_to_remember(wb, tmp_path: Path) -> None:
    body = tmp_path / "body.txt"
    body.write_text("The minister said so on Monday, and " + "the talks went on for hours and hours. " * 5 + "\n")
    (result,) = wb.import_paths([body])
    change = wb.set_article_outlet(result.article_id, "Kayhan")
    assert change.masthead is None and change.previous == {result.article_id: None}
    assert wb.get_article(result.article_id).source == "Kayhan"
