"""Reliability fixtures: synthetic libraries built once per test process and copied per test."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from reliability_corpus import SHARED, write_corpus  # noqa: E402

MATCH_ARTICLES = 200


def _claims_on_shared_sentences(wb: object) -> int:
    """Mark every shared sentence of every article as a claim, in one transaction (set-up, not under test)."""
    from sqlalchemy import select

    from workbench.model import Article, Claim, ClaimGroup
    from workbench.textspan import make_anchor

    added = 0
    with wb.db.write() as session:  # type: ignore[attr-defined]
        for article in session.scalars(select(Article).order_by(Article.id)):
            for quote in SHARED:
                at = article.text.find(quote)
                if at >= 0:
                    anchor = make_anchor(article.text, at, at + len(quote))
                    session.add(Claim(
                        article=article, group=ClaimGroup(canonical=quote), start=at, end=at + len(quote),
                        quote=anchor.quote, prefix=anchor.prefix, suffix=anchor.suffix, created_by="setup",
                    ))
                    added += 1
    return added


def _draft_verdicts(wb: object) -> None:
    """A first draft verdict (version 1, one revision) on every group, in one transaction (set-up)."""
    from sqlalchemy import select

    from workbench.model import ClaimGroup, Verdict, VerdictRevision, utcnow
    from workbench.verdicts import diff_states, verdict_state

    with wb.db.write() as session:  # type: ignore[attr-defined]
        for group in session.scalars(select(ClaimGroup).order_by(ClaimGroup.id)):
            verdict = Verdict(
                group=group, rating_key="mixed", rationale=f"first look at group {group.id}", status="draft",
                reviewer="setup", evidence=[],
            )
            session.add(verdict)
            session.flush()
            verdict.revisions.append(VerdictRevision(
                version=verdict.version, changed_by="setup", changed_at=utcnow(),
                changes=diff_states({}, verdict_state(verdict)),
            ))


@pytest.fixture(scope="session")
def claims_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library file of MATCH_ARTICLES articles, each with a claim on its shared sentence; embedded (as the
    window's background job leaves it), not matched yet."""
    from workbench.service import Workbench

    folder = tmp_path_factory.mktemp("claims-library")
    write_corpus(folder / "articles", MATCH_ARTICLES, seed=7)
    path = folder / "library.sqlite3"
    wb = Workbench.open(path, user="setup")
    try:
        results = wb.import_paths([folder / "articles"])
        assert {r.status for r in results} == {"imported"}
        assert _claims_on_shared_sentences(wb) == MATCH_ARTICLES
        wb.embed_pending()  # type: ignore[attr-defined]
    finally:
        wb.close()  # the last connection checkpoints the WAL: the file alone holds everything
    return path


@pytest.fixture(scope="session")
def rated_library(tmp_path_factory: pytest.TempPathFactory, claims_library: Path) -> Path:
    """claims_library matched to completion (pending suggestions stored) with a draft verdict per group."""
    from workbench.service import Workbench

    path = tmp_path_factory.mktemp("rated-library") / "library.sqlite3"
    shutil.copy(claims_library, path)
    wb = Workbench.open(path, user="setup")
    try:
        summary = wb.match_all()  # type: ignore[attr-defined]
        assert summary.suggestions > MATCH_ARTICLES
        _draft_verdicts(wb)
    finally:
        wb.close()
    return path


@pytest.fixture
def copy_of(tmp_path: Path) -> Iterator[object]:
    """Copy a template library into this test's folder: copy_of(template) -> path."""

    def make(template: Path, name: str = "library.sqlite3") -> Path:
        target = tmp_path / name
        shutil.copy(template, target)
        return target

    yield make
