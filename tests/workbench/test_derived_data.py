"""Derived data records the code that built it: `check` reports a stale search index, `reindex` rebuilds it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

from tests.workbench.test_cli import run
from workbench import derived
from workbench.matching.index_version import SEARCH_INDEX, search_index_version
from workbench.model import ArticlePassages, DerivedData
from workbench.service import Workbench


def stored_version(wb: Workbench) -> str | None:
    with wb.db.read() as session:
        row = session.get(DerivedData, "search_index")
        return row.version if row else None


def test_a_new_library_records_the_index_version_with_its_first_article(wb: Workbench) -> None:
    assert stored_version(wb) is None and wb.check().ok  # nothing indexed: nothing stale
    wb.import_seeds()
    assert stored_version(wb) == search_index_version()
    assert "PyStemmer" in search_index_version() or "snowballstemmer" in search_index_version()
    assert wb.check().ok and wb.stale_derived_data() == []


def test_an_index_built_by_other_code_is_reported_and_reindex_rebuilds_it(seeded: Workbench) -> None:
    with seeded.db.write() as session:
        session.execute(text("UPDATE derived_data SET version = 'index 0; porter'"))
        built_before = set(session.scalars(select(ArticlePassages.id)))
    report = seeded.check()
    assert [p.kind for p in report.problems] == ["stale"]
    assert "built with index 0; porter" in report.problems[0].message
    assert [s.kind.name for s in seeded.stale_derived_data()] == ["search_index"]

    seen: list[tuple[int, int]] = []
    (rebuilt,) = seeded.reindex(progress=lambda done, total, _what: seen.append((done, total)))
    assert (rebuilt.items, rebuilt.previous, rebuilt.version) == (5, "index 0; porter", search_index_version())
    assert seen[-1] == (5, 5)
    assert seeded.check().ok and stored_version(seeded) == search_index_version()
    with seeded.db.read() as session:  # a rebuild writes new rows (their ids only grow)
        assert not built_before & set(session.scalars(select(ArticlePassages.id)))


def test_passages_rebuilt_by_matching_record_the_version_once_every_article_is_current(seeded: Workbench) -> None:
    """A library from before passages (migration 0009 leaves none, 0006 records "unrecorded") needs no reindex."""
    with seeded.db.write() as session:
        derived.record(session, SEARCH_INDEX.name, derived.UNRECORDED)
        session.execute(text("DELETE FROM article_passages"))
    assert [s.kind.name for s in seeded.stale_derived_data()] == ["search_index"]
    article = seeded.list_articles()[0]
    claim = seeded.add_claim(article.id, start=0, end=40)
    suggest_in_a_new_window(seeded, claim.id)  # matching re-indexes what it needs first
    assert stored_version(seeded) == search_index_version() and seeded.check().ok

    with seeded.db.write() as session:  # one article re-cut: the recorded older version stays
        derived.record(session, SEARCH_INDEX.name, "older")
        session.execute(text("UPDATE article_passages SET analyzer = 'old' WHERE article_id = :a"), {"a": article.id})
    suggest_in_a_new_window(seeded, claim.id)
    assert stored_version(seeded) == "older"

    with seeded.db.write() as session:  # a first refresh cut short (the window closed): two articles left
        derived.record(session, SEARCH_INDEX.name, derived.UNRECORDED)
        session.execute(text("DELETE FROM article_passages WHERE article_id IN (2, 3)"))
    suggest_in_a_new_window(seeded, claim.id)
    assert stored_version(seeded) == search_index_version() and seeded.check().ok


def suggest_in_a_new_window(wb: Workbench, claim_id: int) -> None:
    """Matching as a newly opened library runs it (stale passages are looked for once per opening)."""
    other = Workbench.open(wb.db.url)
    try:
        assert other.suggest(claim_id, store=False, min_score=0)
    finally:
        other.close()


def test_a_cancelled_reindex_keeps_the_index_reported_stale(seeded: Workbench) -> None:
    with seeded.db.write() as session:
        derived.record(session, SEARCH_INDEX.name, "older")
    (rebuilt,) = seeded.reindex(cancelled=lambda: True)
    assert rebuilt.cancelled and stored_version(seeded) == "older"


def test_reindex_and_check_on_the_command_line(db_path: Path) -> None:
    assert run(db_path, "demo").returncode == 0
    wb = Workbench.open(db_path)
    try:
        with wb.db.write() as session:
            derived.record(session, SEARCH_INDEX.name, "older")
    finally:
        wb.close()
    checked = run(db_path, "check", ok=False)
    assert checked.returncode == 1 and "problem (stale): the search index was built with older" in checked.stdout
    done = run(db_path, "reindex")
    assert done.returncode == 0, done.stderr
    assert f"search index: rebuilt 5 item(s) with {search_index_version()} (was: older)" in done.stdout
    assert run(db_path, "check").returncode == 0
    unknown = run(db_path, "reindex", "vectors", ok=False)
    assert unknown.returncode == 2 and unknown.stderr.strip().startswith("claim-workbench: error: unknown derived")
