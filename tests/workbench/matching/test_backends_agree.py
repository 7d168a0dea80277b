"""Matching gives the same suggestions on SQLite and on PostgreSQL.

The same library (the sample articles and a synthetic corpus sharing sentences) is built on both backends
with the same claims; every claim's suggestions (one at a time, and stored by a batch run) must be equal:
same articles, spans, scores and order. Only the service's public API is used, so this holds whatever the
matcher does inside (index, candidates, scoring).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from workbench.service import Workbench

RELIABILITY = str(Path(__file__).resolve().parents[2] / "reliability")
if RELIABILITY not in sys.path:
    sys.path.insert(0, RELIABILITY)

from reliability_corpus import SHARED, write_corpus  # noqa: E402

pytestmark = pytest.mark.postgresql_only

QUOTES = [
    "We\u2019re currently waiting for the promised answers in order to continue negotiations",
    "Lavrov",
    *SHARED[:4],
]


def build(url: str, corpus: Path) -> tuple[Workbench, list[int]]:
    wb = Workbench.open(url, user="tester")
    wb.import_seeds()
    wb.import_paths([corpus])
    claims: list[int] = []
    for article in wb.list_articles():
        text = wb.get_article(article.id).text
        for quote in QUOTES:
            if quote in text and len(claims) < 40:
                claims.append(wb.add_claim(article.id, quote=quote).id)
    return wb, claims


def picture(found: list) -> list[tuple[object, ...]]:
    return [(s.claim_id, s.article_id, s.start, s.end, s.score, s.method, s.text) for s in found]


def test_suggestions_are_the_same_on_both_backends(pg, pg_template: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40, seed=5)
    database = pg.new_database(pg_template)
    sqlite, sqlite_claims = build(str(tmp_path / "library.sqlite3"), corpus)
    server, server_claims = build(pg.url(database), corpus)
    try:
        assert [(a.id, a.title, a.source) for a in sqlite.list_articles()] == \
            [(a.id, a.title, a.source) for a in server.list_articles()]
        assert sqlite_claims == server_claims and len(sqlite_claims) >= 20
        for claim in sqlite_claims:
            for options in ({}, {"min_score": 0.0, "per_article": 2}):
                one = picture(sqlite.suggest(claim, store=False, **options))
                other = picture(server.suggest(claim, store=False, **options))
                assert one == other, (claim, options)
        done = [wb.match_all() for wb in (sqlite, server)]
        first, second = ((d.claims_done, d.suggestions, d.new_suggestions, d.linked_articles) for d in done)
        assert first == second
        for claim in sqlite_claims:
            assert picture(sqlite.list_suggestions(claim)) == picture(server.list_suggestions(claim))
        assert [(r.article_id, r.other_article_id, r.overlap) for r in sqlite.reprints()] == \
            [(r.article_id, r.other_article_id, r.overlap) for r in server.reprints()]
    finally:
        sqlite.close()
        server.close()
        pg.drop_database(database)
