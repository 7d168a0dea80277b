"""Sentence vectors in the library: compact rows with their model, re-embedded when the model or text changes,
embedded by a job that can be cancelled and resumed, picked up by a running window without reopening."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, update

import workbench.matching.embedding as embedding
from workbench.matching.encoder import model_info
from workbench.matching.index import decode_spans
from workbench.model import ArticlePassages, ArticleVectors, ClaimVector, FactCheck
from workbench.service import Workbench

MODEL = model_info().key


def test_vectors_are_stored_compactly_with_the_model_that_made_them(seeded: Workbench) -> None:
    before = seeded.embedding_status()
    assert before.model == MODEL and before.passages > 50 and before.passages_embedded == 0
    summary = seeded.embed_pending()
    assert summary.passages == before.passages and not summary.cancelled
    with seeded.db.read() as session:
        for vectors, spans in session.execute(
            select(ArticleVectors, ArticlePassages.spans)
            .join(ArticlePassages, ArticlePassages.article_id == ArticleVectors.article_id)
        ):
            assert vectors.model == MODEL
            assert len(vectors.data) == len(decode_spans(spans)) * (model_info().dimensions + 4)  # int8 + scale
    after = seeded.embedding_status()
    assert after.passages_embedded == after.passages and after.pending == 0
    assert seeded.embed_pending().texts == 0  # nothing left to do


def test_a_model_change_means_everything_is_embedded_again(seeded: Workbench, tmp_path: Path) -> None:
    table = tmp_path / "checks.csv"
    table.write_text('claim,rating,url,organization,date,title\n"Talks go on",True,,,,\n', encoding="utf-8")
    seeded.import_factchecks([table])
    claim = seeded.add_claim(seeded.list_articles()[0].id, start=0, end=30)
    seeded.embed_pending()
    with seeded.db.write() as session:  # as a library embedded by an older model version leaves it
        session.execute(update(ArticleVectors).values(model="all-MiniLM-L6-v2/older"))
        session.execute(update(FactCheck).values(vector_model="all-MiniLM-L6-v2/older"))
        session.execute(update(ClaimVector).values(model="all-MiniLM-L6-v2/older"))
    stale = seeded.embedding_status()
    assert stale.passages_embedded == 0 and stale.factchecks_embedded == 0 and stale.claims_embedded == 0
    found = seeded.suggest(claim.id, min_score=0, store=False)
    assert found and all(s.explanation is not None for s in found)  # words still find candidates meanwhile
    summary = seeded.embed_pending()
    assert (summary.passages, summary.factchecks) == (stale.passages, 1)
    with seeded.db.read() as session:
        assert set(session.scalars(select(ArticleVectors.model))) == {MODEL}
        assert set(session.scalars(select(FactCheck.vector_model))) == {MODEL}
        assert set(session.scalars(select(ClaimVector.model))) == {MODEL}


def test_an_edited_article_is_embedded_again_and_only_it(seeded: Workbench) -> None:
    seeded.embed_pending()
    article = seeded.list_articles()[0]
    text = seeded.get_article(article.id).text
    seeded.update_article_text(article.id, text + "\n\nA new closing paragraph about the talks.")
    status = seeded.embedding_status()
    with seeded.db.read() as session:
        spans = session.scalar(select(ArticlePassages.spans).where(ArticlePassages.article_id == article.id))
    assert status.passages - status.passages_embedded == len(decode_spans(spans or b""))
    assert seeded.embed_pending().passages == len(decode_spans(spans or b""))


def test_embedding_can_be_cancelled_and_resumes_where_it_stopped(
    seeded: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embedding, "PASSAGES_PER_TRANSACTION", 20)  # several transactions for the seeds
    total = seeded.embedding_status().passages
    seen: list[tuple[int, int]] = []
    calls = 0

    def cancel_after_two() -> bool:
        nonlocal calls
        calls += 1
        return calls > 2

    first = seeded.embed_pending(progress=lambda done, of, _msg: seen.append((done, of)), cancelled=cancel_after_two)
    assert first.cancelled and 0 < first.passages < total
    assert seeded.embedding_status().passages_embedded == first.passages  # what was done is committed
    assert seen[0] == (0, total) and all(of == total for _, of in seen)
    rest = seeded.embed_pending()
    assert not rest.cancelled and first.passages + rest.passages == total
    assert seeded.embedding_status().pending == 0


def test_a_running_library_picks_up_new_vectors_and_articles_without_reopening(
    seeded: Workbench, tmp_path: Path
) -> None:
    articles = {seeded.get_article(a.id).file_name[:3]: a.id for a in seeded.list_articles()}
    claim = seeded.add_claim(articles["001"], quote="We\u2019re currently waiting for the promised answers in order "
                                                   "to continue negotiations")
    before = {s.article_id: s for s in seeded.suggest(claim.id, min_score=0, store=False)}
    assert all(s.explanation.semantic_similarity is None for s in before.values())  # type: ignore[union-attr]
    other = Workbench.open(seeded.db.url)  # another program (the window's worker) embeds meanwhile
    try:
        other.embed_pending()
        (tmp_path / "new.txt").write_text("Lavrov said Moscow is waiting for the promised answers before it "
                                          "continues negotiations.\n", encoding="utf-8")
        [imported] = other.import_paths([tmp_path / "new.txt"])
    finally:
        other.close()
    after = {s.article_id: s for s in seeded.suggest(claim.id, min_score=0, store=False)}
    assert imported.article_id in after
    assert all(s.explanation.semantic_similarity is not None  # type: ignore[union-attr]
               for a, s in after.items() if a != imported.article_id)
    seeded.delete_article(imported.article_id)
    assert imported.article_id not in {s.article_id for s in seeded.suggest(claim.id, min_score=0, store=False)}
    with seeded.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ArticleVectors)) == 5
