"""Content tokens, passages stored on import, BM25 retrieval over them, and span alignment."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from workbench.matching.align import find_spans
from workbench.matching.analysis import Query, analyze
from workbench.matching.collection import K1, B
from workbench.matching.index import decode_spans
from workbench.matching.passages import ANALYZER, query_terms
from workbench.matching.tokens import content_tokens
from workbench.model import ArticlePassages
from workbench.service import Workbench


def test_content_tokens_are_stemmed_without_stop_words_with_positions() -> None:
    text = "we're currently waiting for the promised answers, the u.s. said"
    tokens = content_tokens(text)
    assert tokens.terms == ["current", "wait", "promis", "answer", "us", "said"]
    assert [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)][:2] == ["currently", "waiting"]


def test_link_fragments_are_not_terms_but_handles_are() -> None:
    terms = query_terms("Unbelievable. https://t.co/yoEOL6vXBm pic.twitter.com/PYQKe9Geez — Paul (@PaulWilczynski)")
    assert terms == ["unbeliev", "paul", "paulwilczynski"]


def test_importing_an_article_stores_its_passages_and_their_terms(seeded: Workbench) -> None:
    with seeded.db.read() as session:
        rows = session.execute(select(ArticlePassages)).scalars().all()
        assert len(rows) == 5 and {r.analyzer for r in rows} == {ANALYZER}
        for row in rows:
            text = seeded.get_article(row.article_id).text
            spans = decode_spans(row.spans).tolist()
            lines = row.terms.split("\n")
            assert len(spans) == len(lines) > 10
            assert all(a < b <= c < d for (a, b), (c, d) in itertools.pairwise(spans))
            for (start, end), line in zip(spans, lines, strict=True):
                assert text[start:end] == text[start:end].strip()
                assert line.split() == query_terms(text[start:end])


def test_bm25_ranks_passages_as_its_plain_definition_does(seeded: Workbench) -> None:
    """Retrieval over the in-memory index equals BM25 computed passage by passage from the stored rows."""
    engine = seeded.matching_engine()
    with seeded.db.read() as session:
        collection = engine.sync_articles(session)
        rows = session.execute(select(ArticlePassages.article_id, ArticlePassages.spans, ArticlePassages.terms))
        passages = [(aid, tuple(span), line.split())
                    for aid, spans, terms in rows
                    for span, line in zip(decode_spans(spans).tolist(), terms.split("\n"), strict=True)]
    n = sum(1 for *_, terms in passages if terms)
    average = sum(len(t) for *_, t in passages) / n
    df = Counter(t for *_, terms in passages for t in set(terms))
    for claim in ("We are now awaiting responses to these proposals in order to continue negotiations",
                  "Blinken will meet Lavrov on Friday in Geneva", "Russia rejected the Western demands"):
        terms = query_terms(claim)
        weights = collection.term_weights(terms)
        expected = []
        for aid, span, p_terms in passages:
            counts = Counter(p_terms)
            score = 0.0
            for term in set(terms):
                if counts[term]:
                    idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
                    tf = counts[term]
                    score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(p_terms) / average))
            if score > 0:
                expected.append((score, aid, span))
        expected.sort(key=lambda e: -e[0])
        found = collection.lexical(weights, limit=10)
        assert [round(h.score, 4) for h in found] == [round(e[0], 4) for e in expected[:10]]
        assert {(h.doc_id, (h.start, h.end)) for h in found if h.score > expected[9][0] + 1e-6} == {
            (aid, span) for s, aid, span in expected[:10] if s > expected[9][0] + 1e-6
        }


def test_bm25_retrieval_over_many_segments_finds_what_one_segment_finds(
        seeded: Workbench, monkeypatch: pytest.MonkeyPatch) -> None:
    """Later segments are searched only for passages reaching the best found so far: the top is the same as
    over one segment holding every article."""
    from workbench.matching.engine import MatchingEngine
    from workbench.matching.sources import ArticleSource

    with seeded.db.read() as session:
        whole = seeded.matching_engine().sync_articles(session)
    monkeypatch.setattr(ArticleSource, "segment_size", 1)  # one article per segment
    split_engine = MatchingEngine(seeded.db)
    with seeded.db.read() as session:
        split = split_engine.sync_articles(session)
    assert len(whole.segments) == 1 and len(split.segments) == len(seeded.list_articles())
    for claim in ("We are now awaiting responses to these proposals in order to continue negotiations",
                  "Blinken will meet Lavrov on Friday in Geneva", "Russia rejected the Western demands",
                  "the talks"):
        for limit in (0, 1, 4, 10_000):
            one = whole.lexical(whole.term_weights(query_terms(claim)), limit=limit)
            many = split.lexical(split.term_weights(query_terms(claim)), limit=limit)
            assert [round(h.score, 9) for h in many] == [round(h.score, 9) for h in one]
            # the same passages too: equal scores (the reprint's passages) are broken by article and position
            assert [(h.doc_id, h.start, h.end) for h in many] == [(h.doc_id, h.start, h.end) for h in one]


def test_terms_found_in_no_other_article_weigh_nothing(seeded: Workbench) -> None:
    engine = seeded.matching_engine()
    articles = seeded.list_articles()
    with seeded.db.read() as session:
        collection = engine.sync_articles(session)
    home = next(a.id for a in articles if "Baerbock" in seeded.get_article(a.id).text)
    weights = collection.term_weights(["baerbock", "zzyzx", "kremlin"], exclude_doc=home).weights
    assert weights["zzyzx"] == 0.0 and weights["baerbock"] > 0
    only_here = [t for t in query_terms(seeded.get_article(home).text)
                 if collection.term_weights([t], exclude_doc=home).weights[t] == 0.0]
    assert only_here  # every article has words of its own ...
    assert all(collection.term_weights([t]).weights[t] > 0 for t in only_here[:5])  # ... found when it is not excluded


def test_find_spans_returns_non_overlapping_best_first() -> None:
    doc = analyze("Talks will go on, he said. Later: \u201ctalks will go on,\u201d the minister\nrepeated. Nothing.")
    query = Query.build("talks will go on", {"talk": 1, "go": 1}, 10)
    spans = find_spans(query, doc, limit=3)
    assert len(spans) == 2 and spans[0].score >= spans[1].score
    assert spans[0].end <= spans[1].start or spans[1].end <= spans[0].start
    assert {doc.norm.text[s.start : s.end] for s in spans} == {"talks will go on"}


def test_stale_passages_are_rebuilt_when_matching_runs(seeded: Workbench) -> None:
    """Passages of an older analyzer (or none: a library migrated from before them) are rebuilt on use."""
    home, other = (a.id for a in seeded.list_articles()[:2])
    text = seeded.get_article(home).text
    start = text.index("We")
    claim = seeded.add_claim(home, start=start, end=text.index(".", start) + 1)
    before = [(s.article_id, s.start, s.end, s.score) for s in seeded.suggest(claim.id, min_score=0, store=False)]
    with seeded.db.write() as session:
        session.execute(update(ArticlePassages).values(analyzer="old"))
        session.execute(ArticlePassages.__table__.delete().where(ArticlePassages.article_id == other))
    report = seeded.check()
    assert report.ok and "5 article(s) wait to be indexed" in " ".join(report.notes)
    reopened = Workbench.open(seeded.db.url)  # as after a migration: the index is looked at once per opening
    try:
        after = [(s.article_id, s.start, s.end, s.score) for s in reopened.suggest(claim.id, min_score=0,
                                                                                  store=False)]
    finally:
        reopened.close()
    assert after == before and len(after) > 1
    with seeded.db.read() as session:
        assert set(session.scalars(select(ArticlePassages.analyzer))) == {ANALYZER}
        assert session.scalar(select(ArticlePassages.id).where(ArticlePassages.article_id == other))
    assert not seeded.check().notes


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


def test_vectors_are_scanned_as_their_float_cosines() -> None:
    from workbench.matching.vectors import Scanner, quantise

    rng = np.random.default_rng(7)
    rows = rng.standard_normal((500, 384)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    query = rows[[3, 77]] * 0.9 + rng.standard_normal((2, 384)).astype(np.float32) * 0.05
    query /= np.linalg.norm(query, axis=1, keepdims=True)
    stored, scales = quantise(rows)
    asked, asked_scales = quantise(query)
    found = Scanner().cosines(stored, scales, asked, asked_scales)
    assert np.abs(found - rows @ query.T).max() < 0.01
    assert list(found.argmax(axis=0)) == [3, 77]


_PIECES = st.sampled_from(["word", "Word", "2024", " ", ". ", "? ", ", ", ": ", "\n", "\n\n", " \n \n ", "\r\n\r\n",
                           '"', "\u201c", "\u201d", "'", "(", ")", "&nbsp;", "\t", "--", "-\n"])


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=40), data=st.data())
def test_sentence_starts_are_where_their_definition_puts_them(pieces: list[str], data) -> None:  # type: ignore[no-untyped-def]
    """A sentence starts after a full stop before a capital or digit, after a paragraph break, or at an opening
    quote mark (checked here gap by gap, from the original text, as written before paragraph breaks were
    looked up once per analysis)."""
    import re

    from workbench.matching.align import _sentence_starts

    original = "".join(pieces)
    doc = analyze(original)
    text = doc.norm.text
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    gap = re.compile(r"""(?:(?P<stop>[.!?]["')]*)|[,:;]?)(?P<space> )(?P<opening>["'(])?(?=\w)""")
    expected = []
    for match in gap.finditer(text, max(lo - 4, 0), hi):
        p = match.end()
        if p >= len(text) or p < lo:
            continue
        a, b = doc.norm.char_span(match.start("space"))
        paragraph = original[a:b].count("\n") >= 2
        after = doc.norm.char_span(p)[0]
        capital = original[after].isupper() or original[after].isdigit()
        if paragraph or (match.group("stop") and capital) or match.group("opening"):
            expected.append(p)
    assert _sentence_starts(doc, lo, hi) == expected
