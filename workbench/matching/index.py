"""Inverted index of stemmed content terms per article, kept in the database, and candidate search.

Candidates for a claim are the articles holding the most rarity weight of its terms:
one ``SUM(CASE term WHEN ... THEN weight END) ... GROUP BY article_id`` aggregate that runs
the same on SQLite and PostgreSQL. The claim's most common terms are left out of that query
as long as they could not make an article a candidate on their own (their postings are the
long ones); they still count when a candidate is scored.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter

from sqlalchemy import Table, case, delete, func, insert, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

from workbench.matching.analysis import Analysis
from workbench.matching.tokens import content_terms
from workbench.model import Article, ArticleTerm, ArticleTermSequence
from workbench.normalize import normalize

MAX_QUERY_TERMS = 40  # rarest terms of a claim used to find candidates


def index_article(
    session: Session, article: Article, analysis: Analysis | None = None, *, new: bool = False
) -> None:
    """(Re)build the index entries of one article inside the caller's transaction.

    new=True: the article was just added, so it has no entries to delete yet.
    """
    session.flush()
    terms = analysis.tokens.terms if analysis else content_terms(normalize(article.text).text)
    table = ArticleTerm.__table__
    sequences = ArticleTermSequence.__table__
    assert isinstance(table, Table) and isinstance(sequences, Table)
    connection = session.connection()
    if not new:
        connection.execute(delete(table).where(table.c.article_id == article.id))
        connection.execute(delete(sequences).where(sequences.c.article_id == article.id))
    connection.execute(insert(sequences).values(article_id=article.id, terms=" ".join(terms)))
    counts = Counter(terms)
    if not counts:
        return
    # Hundreds of rows per article: SQLAlchemy compiles the INSERT once per dialect and the
    # driver's executemany takes plain tuples (the per-row parameter handling of a Core
    # executemany costs about as much as SQLite's own work here).
    compiled = _compiled_insert(connection.dialect, table)
    aid = article.id
    params: list
    if compiled.positional and list(compiled.positiontup or []) == ["term", "article_id", "count"]:
        params = [(t, aid, c) for t, c in counts.items()]
    elif compiled.positional:
        names = compiled.positiontup or []
        params = [tuple({"term": t, "article_id": aid, "count": c}[n] for n in names) for t, c in counts.items()]
    else:
        params = [{"term": t, "article_id": aid, "count": c} for t, c in counts.items()]
    connection.exec_driver_sql(compiled.string, params)


_INSERTS: dict[str, SQLCompiler] = {}


def _compiled_insert(dialect: Dialect, table: Table) -> SQLCompiler:
    """The article_terms INSERT compiled for a dialect (positional or named parameters)."""
    key = f"{dialect.name}:{dialect.paramstyle}"
    found = _INSERTS.get(key)
    if found is None:
        compiled = insert(table).compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        found = _INSERTS[key] = compiled
    return found


def article_count(session: Session) -> int:
    """How many articles the library holds."""
    return session.scalar(select(func.count()).select_from(Article)) or 0


def document_frequencies(session: Session, terms: Iterable[str]) -> dict[str, int]:
    """In how many articles each of the terms occurs (absent terms are left out)."""
    wanted = sorted(set(terms))
    if not wanted:
        return {}
    query = (
        select(ArticleTerm.term, func.count())
        .where(ArticleTerm.term.in_(wanted))
        .group_by(ArticleTerm.term)
    )
    return {term: n for term, n in session.execute(query)}


def split_terms(weights: dict[str, float], df: dict[str, int], min_weight: float) -> tuple[dict[str, float], float]:
    """Split claim terms into those that find candidates and the most common ones left out.

    Common terms are left out only while their total weight stays below min_weight, the weight
    an article needs to qualify: so every qualifying article holds at least one term used.
    Returns the terms used (rarest first) and the weight of those left out.
    """
    common = 0.0
    kept: list[str] = []
    for term in sorted(weights, key=lambda t: (-df.get(t, 0), t)):
        if common + weights[term] < min_weight and len(weights) - len(kept) > MAX_QUERY_TERMS // 4:
            common += weights[term]
        else:
            kept.append(term)
    kept.reverse()
    return {t: weights[t] for t in kept[:MAX_QUERY_TERMS]}, common


def exact_weights(weights: dict[str, float]) -> dict[str, float]:
    """Term weights rounded to multiples of 2**-20: their sums are then exact in any order, so the database's
    aggregate (PostgreSQL adds in its own order) and the in-memory index rank ties alike."""
    return {term: round(weight * _QUANTUM) / _QUANTUM for term, weight in weights.items()}


_QUANTUM = float(2**20)


def candidate_articles(
    session: Session, rare: dict[str, float], *, exclude_article: int | None, limit: int
) -> list[tuple[int, float]]:
    """Articles holding the most weight of the given terms: (article id, weight), best first."""
    if not rare:
        return []
    rare = exact_weights(rare)
    weight = func.sum(case(rare, value=ArticleTerm.term, else_=0.0)).label("weight")
    query = (
        select(ArticleTerm.article_id, weight)
        .where(ArticleTerm.term.in_(list(rare)))
        .group_by(ArticleTerm.article_id)
        .order_by(weight.desc(), ArticleTerm.article_id)
        .limit(limit)
    )
    if exclude_article is not None:
        query = query.where(ArticleTerm.article_id != exclude_article)
    return [(aid, float(w)) for aid, w in session.execute(query)]


class MemoryIndex:
    """The whole inverted index loaded once, for batch matching (same ranking as the SQL query)."""

    def __init__(self, postings: dict[str, array], n_docs: int) -> None:
        """postings: for each term, the ids of the articles holding it, ascending."""
        self.postings = postings
        self.n_docs = n_docs

    @classmethod
    def load(cls, session: Session) -> MemoryIndex:
        """Read every posting of the library."""
        postings: dict[str, array] = {}
        table = ArticleTerm.__table__
        assert isinstance(table, Table)
        # Millions of rows: read them through the driver's cursor, in term order, one array per term. On a server
        # that is a server-side cursor (stream_results), so the postings arrive in batches, not all at once.
        query = (
            select(table.c.term, table.c.article_id)
            .order_by(table.c.term, table.c.article_id)
            .execution_options(stream_results=True)
        )
        result = session.connection().execute(query)
        cursor = result.cursor
        try:
            while rows := cursor.fetchmany(50_000):
                for term, group in groupby(rows, key=itemgetter(0)):
                    found = postings.get(term)
                    if found is None:
                        found = postings[term] = array("i")
                    found.extend(map(itemgetter(1), group))
        finally:
            result.close()
        return cls(postings, article_count(session))

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """In how many articles each term occurs (absent terms are left out)."""
        return {t: len(self.postings[t]) for t in set(terms) if t in self.postings}

    def candidate_articles(
        self, rare: dict[str, float], *, exclude_article: int | None, limit: int, min_weight: float = 0.0
    ) -> list[tuple[int, float]]:
        """Articles holding the most weight of the given terms (at least min_weight): (id, weight), best first."""
        # Heaviest terms first. While an article seen for the first time could still reach min_weight
        # (this term's weight plus all lighter ones), every posting is added; after that, only the
        # articles already found are looked up (bisect in the sorted postings) and those that can no
        # longer reach min_weight are dropped: common terms' long postings are never walked.
        ordered = sorted(exact_weights(rare).items(), key=lambda item: (-item[1], item[0]))
        after = [0.0] * len(ordered)
        for k in range(len(ordered) - 2, -1, -1):
            after[k] = after[k + 1] + ordered[k + 1][1]
        scores: dict[int, float] = {}
        get = scores.get
        for k, (term, weight) in enumerate(ordered):
            posting = self.postings.get(term)
            if weight + after[k] >= min_weight:
                for aid in posting or ():
                    scores[aid] = get(aid, 0.0) + weight
                continue
            for aid, score in list(scores.items()):
                if posting is not None:
                    at = bisect_left(posting, aid)
                    if at < len(posting) and posting[at] == aid:
                        score += weight
                        scores[aid] = score
                if score + after[k] < min_weight:
                    del scores[aid]
        scores.pop(exclude_article, None)  # type: ignore[arg-type]
        kept = [(-weight, aid) for aid, weight in scores.items() if weight >= min_weight]
        return [(aid, -negative) for negative, aid in heapq.nsmallest(limit, kept)]
