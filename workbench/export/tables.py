"""The exported tables (verdicts, claims, links, articles): their columns and their rows, streamed.

Rows are read in batches (``yield_per``) inside the caller's session, so one export sees one
consistent snapshot and holds only a batch of rows at a time. Cell values are plain Python values
(int, float, str, date, datetime or None); each format decides how to write them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session, aliased

from workbench.export.scope import ExportScope
from workbench.model import Article, Claim, ClaimGroup, Evidence, RatingScale, Source, Suggestion, Verdict

BATCH = 1000

# Column kinds: how a value is written and formatted.
INT, FLOAT, TEXT, LONG, DATE, DATETIME, URL, RATING = (
    "int", "float", "text", "long", "date", "datetime", "url", "rating",
)

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Column:
    """One exported column: header, kind of value, width in characters (XLSX)."""

    header: str
    kind: str
    width: float


@dataclass(frozen=True)
class Rating:
    """One rating of the library's scale, as exports need it."""

    key: str
    label: str
    value: int | None
    colour: str


@dataclass
class Table:
    """A table ready to write: name, sheet title, columns, row count and the rows themselves."""

    name: str
    title: str
    columns: tuple[Column, ...]
    count: int
    rows: Iterator[Row]


COLUMNS: dict[str, tuple[Column, ...]] = {
    "verdicts": (
        Column("group id", INT, 10), Column("claim", LONG, 60), Column("rating", RATING, 14),
        Column("rationale", LONG, 60), Column("status", TEXT, 10), Column("reviewer", TEXT, 16),
        Column("evidence URLs", LONG, 40), Column("articles", INT, 9), Column("sources", INT, 9),
        Column("outlets", LONG, 30), Column("first appearance", DATE, 12),
        Column("last appearance", DATE, 12), Column("created (UTC)", DATETIME, 17),
        Column("updated (UTC)", DATETIME, 17), Column("version", INT, 9),
    ),
    "claims": (
        Column("claim id", INT, 9), Column("group id", INT, 9), Column("rating", RATING, 14),
        Column("outlet", TEXT, 20), Column("article id", INT, 9), Column("article title", LONG, 40),
        Column("URL", URL, 40), Column("published", DATE, 12), Column("quote", LONG, 60),
        Column("start", INT, 8), Column("end", INT, 8), Column("context", LONG, 70),
        Column("anchor state", TEXT, 13), Column("note", LONG, 30), Column("created by", TEXT, 14),
        Column("created (UTC)", DATETIME, 17),
    ),
    "links": (
        Column("link id", INT, 8), Column("claim id", INT, 9), Column("group id", INT, 9),
        Column("article id", INT, 9), Column("outlet", TEXT, 20), Column("start", INT, 8),
        Column("end", INT, 8), Column("matched text", LONG, 60), Column("linked claim id", INT, 10),
        Column("score", FLOAT, 8), Column("method", TEXT, 12), Column("state", TEXT, 10),
        Column("decided by", TEXT, 14), Column("decided (UTC)", DATETIME, 17),
    ),
    "articles": (
        Column("article id", INT, 9), Column("outlet", TEXT, 20), Column("title", LONG, 50),
        Column("URL", URL, 40), Column("published", DATE, 12), Column("author", TEXT, 20),
        Column("language", TEXT, 9), Column("file name", TEXT, 24), Column("format", TEXT, 8),
        Column("length", INT, 9), Column("claims", INT, 8), Column("imported (UTC)", DATETIME, 17),
    ),
}
TABLE_NAMES = tuple(COLUMNS)
TITLES = {name: name.capitalize() for name in TABLE_NAMES}


def load_ratings(session: Session) -> dict[str, Rating]:
    """The rating scale by key, worst to best."""
    rows = session.scalars(select(RatingScale).order_by(RatingScale.position))
    return {r.key: Rating(r.key, r.label, r.value, r.colour) for r in rows}


def make_table(session: Session, name: str, scope: ExportScope, ratings: dict[str, Rating]) -> Table:
    """One table of the export, with its row count and a lazy stream of its rows."""
    counter, reader = _TABLES[name]
    count = session.scalar(select(func.count()).select_from(counter(scope).subquery())) or 0
    return Table(name, TITLES[name], COLUMNS[name], count, reader(session, scope, ratings))


def _label(ratings: dict[str, Rating], key: str | None) -> str | None:
    rating = ratings.get(key) if key else None
    return rating.label if rating else key


def _in_scope(query: Select, column: Any, scope: ExportScope) -> Select:
    groups = scope.groups()
    return query if groups is None else query.where(column.in_(groups))


def _stream(session: Session, query: Select) -> Iterator[Sequence[Any]]:
    """The query's rows in batches of BATCH (one open cursor, bounded memory)."""
    result = session.execute(query.execution_options(yield_per=BATCH))
    yield from result.partitions()


# -- verdicts: one row per claim group ---------------------------------------------------------

def _verdict_groups(scope: ExportScope) -> Select:
    query = select(ClaimGroup.id).where(ClaimGroup.claims.any())
    return _in_scope(query, ClaimGroup.id, scope)


def _verdict_rows(session: Session, scope: ExportScope, ratings: dict[str, Rating]) -> Iterator[Row]:
    query = (
        select(
            ClaimGroup.id, ClaimGroup.canonical, Verdict.rating_key, Verdict.rationale, Verdict.status,
            Verdict.reviewer, Verdict.created_at, Verdict.updated_at, Verdict.version,
        )
        .outerjoin(Verdict, Verdict.group_id == ClaimGroup.id)
        .where(ClaimGroup.claims.any())
        .order_by(ClaimGroup.id)
    )
    for batch in _stream(session, _in_scope(query, ClaimGroup.id, scope)):
        ids = [r.id for r in batch]
        stats, outlets, evidence = group_stats(session, ids), group_outlets(session, ids), _evidence(session, ids)
        for r in batch:
            n_articles, n_sources, first, last = stats.get(r.id, (0, 0, None, None))
            yield (
                r.id, r.canonical, _label(ratings, r.rating_key), r.rationale, r.status, r.reviewer,
                "\n".join(evidence.get(r.id, [])) or None, n_articles, n_sources,
                "; ".join(outlets.get(r.id, [])) or None, first, last, r.created_at, r.updated_at,
                r.version or 0,
            )


def group_stats(session: Session, ids: list[int]) -> dict[int, tuple[int, int, dt.date | None, dt.date | None]]:
    """Per group: number of articles, of outlets, first and last publication date."""
    query = (
        select(
            Claim.group_id, func.count(distinct(Claim.article_id)), func.count(distinct(Article.source_id)),
            func.min(Article.published), func.max(Article.published),
        )
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.group_id.in_(ids))
        .group_by(Claim.group_id)
    )
    return {gid: (a, s, first, last) for gid, a, s, first, last in session.execute(query)}


def group_outlets(session: Session, ids: list[int]) -> dict[int, list[str]]:
    """Per group: the names of the outlets its claims appear in, alphabetically."""
    query = (
        select(Claim.group_id, Source.name)
        .join(Article, Article.id == Claim.article_id)
        .join(Source, Source.id == Article.source_id)
        .where(Claim.group_id.in_(ids))
        .distinct()
        .order_by(Claim.group_id, Source.name.asc().nulls_first())  # as SQLite sorts a missing name
    )
    found: dict[int, list[str]] = defaultdict(list)
    for gid, name in session.execute(query):
        found[gid].append(name)
    return found


def _evidence(session: Session, ids: list[int]) -> dict[int, list[str]]:
    query = (
        select(Verdict.group_id, Evidence.url, Evidence.title)
        .join(Evidence, Evidence.verdict_id == Verdict.id)
        .where(Verdict.group_id.in_(ids))
        .order_by(Verdict.group_id, Evidence.position, Evidence.id)
    )
    found: dict[int, list[str]] = defaultdict(list)
    for gid, url, title in session.execute(query):
        if url or title:
            found[gid].append(url or title)
    return found


# -- claims ---------------------------------------------------------------------------------------

def _claim_ids(scope: ExportScope) -> Select:
    return _in_scope(select(Claim.id), Claim.group_id, scope)


def context_of(prefix: str, quote: str, suffix: str) -> str:
    """A claim in its context, the quote in double brackets (as `claim-workbench show` prints it)."""
    return f"{prefix}[[{quote}]]{suffix}"


def _claim_rows(session: Session, scope: ExportScope, ratings: dict[str, Rating]) -> Iterator[Row]:
    query = (
        select(
            Claim.id, Claim.group_id, Verdict.rating_key, Source.name, Article.id.label("article_id"),
            Article.title, Article.url, Article.published, Claim.quote, Claim.start, Claim.end,
            Claim.prefix, Claim.suffix, Claim.anchor_state, Claim.note, Claim.created_by, Claim.created_at,
        )
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Source, Source.id == Article.source_id)
        .outerjoin(Verdict, Verdict.group_id == Claim.group_id)
        .order_by(Claim.group_id, Claim.id)
    )
    for batch in _stream(session, _in_scope(query, Claim.group_id, scope)):
        for r in batch:
            yield (
                r.id, r.group_id, _label(ratings, r.rating_key), r.name, r.article_id, r.title, r.url,
                r.published, r.quote, r.start, r.end, context_of(r.prefix, r.quote, r.suffix),
                r.anchor_state, r.note, r.created_by, r.created_at,
            )


# -- links: suggested and decided matches of the claims ------------------------------------------

def _link_ids(scope: ExportScope) -> Select:
    query = select(Suggestion.id).join(Claim, Claim.id == Suggestion.claim_id)
    return _in_scope(query, Claim.group_id, scope)


def _link_rows(session: Session, scope: ExportScope, ratings: dict[str, Rating]) -> Iterator[Row]:
    source = aliased(Claim)
    query = (
        select(
            Suggestion.id, Suggestion.claim_id, source.group_id, Suggestion.article_id, Source.name,
            Suggestion.start, Suggestion.end, Suggestion.text, Suggestion.target_claim_id, Suggestion.score,
            Suggestion.method, Suggestion.state, Suggestion.decided_by, Suggestion.decided_at,
        )
        .join(source, source.id == Suggestion.claim_id)
        .outerjoin(Article, Article.id == Suggestion.article_id)
        .outerjoin(Source, Source.id == Article.source_id)
        .order_by(source.group_id, Suggestion.claim_id, Suggestion.id)
    )
    for batch in _stream(session, _in_scope(query, source.group_id, scope)):
        for r in batch:
            yield tuple(r)


# -- articles ---------------------------------------------------------------------------------------

def _articles_query(scope: ExportScope, *columns: Any) -> Select:
    query = select(*columns)
    groups = scope.groups()
    if groups is not None:
        query = query.where(Article.id.in_(select(Claim.article_id).where(Claim.group_id.in_(groups))))
    return query


def _article_ids(scope: ExportScope) -> Select:
    return _articles_query(scope, Article.id)


def _article_rows(session: Session, scope: ExportScope, ratings: dict[str, Rating]) -> Iterator[Row]:
    counts = select(Claim.article_id, func.count(Claim.id).label("n")).group_by(Claim.article_id).subquery()
    query = (
        _articles_query(
            scope, Article.id, Source.name, Article.title, Article.url, Article.published, Article.author,
            Article.language, Article.file_name, Article.file_format, Article.length,
            func.coalesce(counts.c.n, 0), Article.imported_at,
        )
        .outerjoin(Source, Source.id == Article.source_id)
        .outerjoin(counts, counts.c.article_id == Article.id)
        .order_by(Article.id)
    )
    for batch in _stream(session, query):
        for r in batch:
            yield tuple(r)


_TABLES: dict[str, tuple[Callable[[ExportScope], Select], Callable[..., Iterator[Row]]]] = {
    "verdicts": (_verdict_groups, _verdict_rows),
    "claims": (_claim_ids, _claim_rows),
    "links": (_link_ids, _link_rows),
    "articles": (_article_ids, _article_rows),
}
