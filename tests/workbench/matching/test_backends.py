"""Matching gives the same results on SQLite and PostgreSQL (BM25 and vectors are computed in memory).

The PostgreSQL side is a fresh database in the test run's throwaway cluster (tests/pgcluster.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pgcluster import fresh_library
from workbench.service import Workbench

CLAIM = "We\u2019re currently waiting for the promised answers in order to continue negotiations"
CHECKS = ('claim,rating,url,organization,date,title\n"Russia is waiting for answers from the US and NATO before it '
          'continues talks",Accurate,https://checks.example/1,Desk,2022-01-19,Waiting for answers?\n')


def results(wb: Workbench, folder: Path) -> tuple[list, list]:
    wb.import_seeds()
    (folder / "checks.csv").write_text(CHECKS, encoding="utf-8")
    wb.import_factchecks([folder / "checks.csv"])
    wb.embed_pending()
    home = next(a.id for a in wb.list_articles() if CLAIM in wb.get_article(a.id).text)
    claim = wb.add_claim(home, quote=CLAIM)
    found = [(wb.get_article(s.article_id).file_name, s.start, s.end, s.score, s.tier)
             for s in wb.suggest(claim.id, min_score=0, store=False)]
    checked = [(r.claim, r.score) for r in wb.checked(claim.id, top=3)]
    return found, checked


def test_suggest_and_checked_are_the_same_on_sqlite_and_postgresql(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    with fresh_library(request, "postgresql", tmp_path) as server_url:
        on_sqlite = Workbench.open(tmp_path / "lib.sqlite3", user="tester")
        on_postgres = Workbench.open(server_url, user="tester")
        try:
            expected = results(on_sqlite, tmp_path)
            assert expected[0] and expected[1]
            assert results(on_postgres, tmp_path) == expected
            assert on_postgres.check().ok
        finally:
            on_sqlite.close()
            on_postgres.close()
