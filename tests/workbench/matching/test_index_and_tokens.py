"""Content tokens, the inverted index in the database, candidate search and span alignment."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from workbench.matching.align import find_spans
from workbench.matching.analysis import Query, analyze
from workbench.matching.index import (
    MemoryIndex,
    candidate_articles,
    document_frequencies,
    exact_weights,
    split_terms,
)
from workbench.matching.tokens import content_tokens
from workbench.model import ArticleTerm
from workbench.service import Workbench


def test_content_tokens_are_stemmed_without_stop_words_with_positions() -> None:
    text = "we're currently waiting for the promised answers, the u.s. said"
    tokens = content_tokens(text)
    assert tokens.terms == ["current", "wait", "promis", "answer", "us", "said"]
    assert [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)][:2] == ["currently", "waiting"]


def test_importing_an_article_indexes_its_terms(seeded: Workbench) -> None:
    with seeded.db.read() as session:
        rows = session.execute(select(ArticleTerm.article_id, ArticleTerm.term, ArticleTerm.count)).all()
        assert len({aid for aid, _, _ in rows}) == 5
        negoti = {aid: count for aid, term, count in rows if term == "negoti"}
        assert len(negoti) == 5 and max(negoti.values()) >= 2
        assert document_frequencies(session, ["negoti", "starter", "nonexistent"]) == {"negoti": 5, "starter": 4}


def test_sql_and_memory_candidates_rank_alike(seeded: Workbench) -> None:
    with seeded.db.read() as session:
        memory = MemoryIndex.load(session)
        df = memory.document_frequencies(["lavrov", "baerbock", "negoti", "promis", "current"])
        assert df == document_frequencies(session, df)
        query = Query.build("Lavrov said we're currently waiting for the promised answers", df, memory.n_docs)
        rare, common = split_terms(query.weights, df, 0.3 * query.total)
        assert common < 0.3 * query.total and rare
        in_sql = candidate_articles(session, rare, exclude_article=None, limit=10)
        in_memory = memory.candidate_articles(rare, exclude_article=None, limit=10)
        assert [a for a, _ in in_sql] == [a for a, _ in in_memory]
        assert [round(w, 6) for _, w in in_sql] == [round(w, 6) for _, w in in_memory]


def test_find_spans_returns_non_overlapping_best_first() -> None:
    doc = analyze("Talks will go on, he said. Later: \u201ctalks will go on,\u201d the minister\nrepeated. Nothing.")
    query = Query.build("talks will go on", {"talk": 1, "go": 1}, 10)
    spans = find_spans(query, doc, limit=3)
    assert len(spans) == 2 and spans[0].score >= spans[1].score
    assert spans[0].end <= spans[1].start or spans[1].end <= spans[0].start
    assert {doc.norm.text[s.start : s.end] for s in spans} == {"talks will go on"}


def test_stored_term_sequences_follow_the_text_and_only_spare_work(seeded: Workbench, tmp_path) -> None:
    """The first look through stored term sequences gives the same suggestions as analysing every candidate."""
    from workbench.matching.tokens import content_terms
    from workbench.model import Article, ArticleTermSequence
    from workbench.normalize import normalize

    with seeded.db.read() as session:
        stored = dict(session.execute(select(ArticleTermSequence.article_id, ArticleTermSequence.terms)).all())
        texts = dict(session.execute(select(Article.id, Article.text)).all())
    assert stored.keys() == texts.keys()
    assert all(stored[aid].split() == content_terms(normalize(texts[aid]).text) for aid in texts)

    article = seeded.list_articles()[0]
    quotes = ["We’re currently waiting for the promised answers", "Blinken", "Lavrov said talks would continue"]
    claims = [seeded.add_claim(article.id, quote=q) for q in quotes if q in seeded.get_article(article.id).text]
    assert claims
    with_sequences = {c.id: [(s.article_id, s.start, s.end, s.score) for s in seeded.suggest(c.id, min_score=0)]
                      for c in claims}
    with seeded.db.write() as session:
        session.query(ArticleTermSequence).delete()
    fresh = Workbench.open(seeded.db.url)  # no cached analyses: every candidate is analysed in full
    try:
        without = {c.id: [(s.article_id, s.start, s.end, s.score) for s in fresh.suggest(c.id, min_score=0)]
                   for c in claims}
    finally:
        fresh.close()
    assert with_sequences == without
    assert any(with_sequences.values())


def test_memory_candidates_with_a_minimum_weight_equal_a_full_count(seeded: Workbench) -> None:
    """Skipping long postings once no new article can qualify changes nothing in the ranking."""
    texts = {a.id: seeded.get_article(a.id).text for a in seeded.list_articles()}
    with seeded.db.read() as session:
        memory = MemoryIndex.load(session)
    for claim in ("We are now awaiting responses to these proposals in order to continue negotiations",
                  "Blinken will meet Lavrov on Friday in Geneva", "Russia rejected the Western demands"):
        terms = analyze(claim).tokens.terms
        df = memory.document_frequencies(terms)
        query = Query.build(claim, df, memory.n_docs)
        for share in (0.0, 0.2, 0.4, 0.6, 0.8):
            needed = share * query.total
            weights = exact_weights(query.weights)  # what the index sums (exact in any order)
            full = {aid: sum(w for t, w in weights.items() if t in analyze(text).tokens.terms)
                    for aid, text in texts.items()}
            expected = sorted(((aid, w) for aid, w in full.items() if w >= needed and w > 0),
                              key=lambda item: (-item[1], item[0]))
            found = memory.candidate_articles(query.weights, exclude_article=None, limit=10, min_weight=needed)
            assert [a for a, _ in found] == [a for a, _ in expected], (claim, share)
            assert [round(w, 6) for _, w in found] == [round(w, 6) for _, w in expected]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_growing_span_scores_as_token_similarity_does(data) -> None:  # type: ignore[no-untyped-def]
    """The incremental token score used while refining a match equals the plain definition for every span."""
    from workbench.matching.align import _GrowingSpan
    from workbench.matching.scoring import token_similarity

    words = ["talks", "continue", "lavrov", "said", "hope", "the", "answers", "waiting", "promised", "nato"]
    text = " ".join(data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=30)))
    claim = " ".join(data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=8)))
    doc = analyze(text)
    query = Query.build(claim, {}, 10)
    start = data.draw(st.integers(0, len(doc.norm.text)))
    ends = sorted(data.draw(st.lists(st.integers(start, len(doc.norm.text)), min_size=1, max_size=10)))
    growing = _GrowingSpan(query, doc, start)
    for end in ends:
        expected = token_similarity(query, doc.tokens, start, end)
        assert growing.similarity_up_to(end) == pytest.approx(expected, abs=1e-12)
