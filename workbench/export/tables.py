"""The exported tables (verdicts, claims, links, articles, evidence): their columns and their rows, streamed.

Rows are read in batches (``yield_per``) inside the caller's session, so one export sees one
consistent snapshot and holds only a batch of rows at a time. Cell values are plain Python values
(int, float, str, date, datetime or None), or a ``Link`` (text that opens a URL); each format
decides how to write them.

The Verdicts table is the one a reviewer edits and imports back: its editable columns are marked,
and its "row key" ties each row to its claim group (see ``row_key``), so a changed group id is
caught instead of applied to another verdict.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from workbench.analysis.library import ClaimPlace, GroupArticle, drift_cells, independent_counts
from workbench.analysis.origins import ShingleCache
from workbench.claimant import Claimant
from workbench.export.scope import ExportScope
from workbench.model import Article, Claim, ClaimGroup, Evidence, RatingScale, Source, Suggestion, Verdict

BATCH = 1000

# Column kinds: how a value is written and formatted.
INT, FLOAT, TEXT, LONG, DATE, DATETIME, URL, RATING = (
    "int", "float", "text", "long", "date", "datetime", "url", "rating",
)

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Link:
    """A cell's text that opens a URL in a spreadsheet; CSV writes plain (default: the text)."""

    text: str
    url: str | None
    plain: str | None = None

    def __str__(self) -> str:
        return self.text if self.plain is None else self.plain


def url_label(url: str, title: str = "") -> str:
    """A short line for a link in a printed cell: its title and site, or the URL without its scheme."""
    parsed = urlsplit(url)
    site = parsed.netloc.removeprefix("www.")
    if title and site:
        return f"{title} ({site})"
    if title or not site:
        return title or url
    path = parsed.path.rstrip("/")
    return site + (path if len(path) <= 24 else "/…" + path[path.rfind("/"):][:24])


@dataclass(frozen=True)
class Column:
    """One exported column: header, kind of value, width in characters (XLSX), editable by a reviewer."""

    header: str
    kind: str
    width: float
    editable: bool = False
    printed: bool = True  # part of the printed page (XLSX print area: the printed columns come first)


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


def _technical(header: str, kind: str, width: float) -> Column:
    return Column(header, kind, width, printed=False)


COLUMNS: dict[str, tuple[Column, ...]] = {
    "verdicts": (
        Column("group id", INT, 7), Column("claim", LONG, 40), Column("claimant", LONG, 17),
        Column("rating", RATING, 11, editable=True), Column("rationale", LONG, 48, editable=True),
        Column("evidence", LONG, 26), Column("appears in", LONG, 24), Column("status", TEXT, 8, editable=True),
        Column("reviewer", TEXT, 11),
        _technical("article URLs", LONG, 40), _technical("number of articles", INT, 10),
        _technical("number of outlets", INT, 10), _technical("independent origins", INT, 11),
        _technical("first appearance", DATE, 11),
        _technical("last appearance", DATE, 11), _technical("claimant type", TEXT, 12),
        _technical("created (UTC)", DATETIME, 16), _technical("updated (UTC)", DATETIME, 16),
        _technical("version", INT, 8), _technical("row key", TEXT, 18),
    ),
    "claims": (
        Column("claim id", INT, 7), Column("group id", INT, 7), Column("rating", RATING, 11),
        Column("outlet", TEXT, 16), Column("article title", LONG, 28), Column("quote", LONG, 44),
        Column("context", LONG, 50), Column("claimant", LONG, 16), Column("drift", LONG, 30),
        Column("published", DATE, 11),
        Column("URL", URL, 30), _technical("article id", INT, 8), _technical("start", INT, 8),
        _technical("end", INT, 8), _technical("anchor state", TEXT, 12), _technical("note", LONG, 30),
        _technical("created by", TEXT, 12), _technical("created (UTC)", DATETIME, 16),
    ),
    "links": (
        Column("link id", INT, 7), Column("claim id", INT, 7), Column("group id", INT, 7),
        Column("article id", INT, 8), Column("outlet", TEXT, 18), Column("start", INT, 7),
        Column("end", INT, 7), Column("matched text", LONG, 50), Column("linked claim id", INT, 9),
        Column("score", FLOAT, 7), Column("method", TEXT, 10), Column("state", TEXT, 10),
        Column("decided by", TEXT, 12), Column("decided (UTC)", DATETIME, 16),
    ),
    "articles": (
        Column("article id", INT, 8), Column("outlet", TEXT, 18), Column("title", LONG, 44),
        Column("URL", URL, 40), Column("published", DATE, 11), Column("author", TEXT, 18),
        Column("language", TEXT, 9), Column("claims", INT, 7), _technical("file name", TEXT, 24),
        _technical("format", TEXT, 8), _technical("length", INT, 9), _technical("imported (UTC)", DATETIME, 16),
    ),
    "evidence": (
        Column("group id", INT, 7), Column("claim", LONG, 44), Column("rating", RATING, 11),
        Column("URL", URL, 50), Column("title", LONG, 30), Column("note", LONG, 40),
    ),
}
TABLE_NAMES = tuple(COLUMNS)
TITLES = {name: name.capitalize() for name in TABLE_NAMES}
EDITABLE = tuple(c.header for c in COLUMNS["verdicts"] if c.editable)


def row_key(group_id: int, created_at: dt.datetime) -> str:
    """The key of a group's Verdicts row: its id and a check of (id, when the group was made), e.g. "12-5f0c2e9a41".

    A row whose group id was edited no longer matches its key; a row from another library's export
    matches no key of this one (its groups were made at other moments). Exporting writes nothing.
    """
    digest = hashlib.sha256(f"{group_id}:{created_at.isoformat(timespec='microseconds')}".encode()).hexdigest()[:10]
    return f"{group_id}-{digest}"


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


def claimant_text(name: str | None, role: str | None) -> str | None:
    """A claimant as one line of a cell: "Sergei Lavrov, Russian Foreign Minister"."""
    return Claimant(name, role).display() if name else None


# -- verdicts: one row per claim group ---------------------------------------------------------

def _verdict_groups(scope: ExportScope) -> Select:
    query = select(ClaimGroup.id).where(ClaimGroup.claims.any())
    return _in_scope(query, ClaimGroup.id, scope)


def _verdict_rows(session: Session, scope: ExportScope, ratings: dict[str, Rating]) -> Iterator[Row]:
    query = (
        select(
            ClaimGroup.id, ClaimGroup.canonical, ClaimGroup.claimant_name, ClaimGroup.claimant_role,
            ClaimGroup.claimant_type, ClaimGroup.created_at.label("group_created_at"), Verdict.rating_key,
            Verdict.rationale, Verdict.status, Verdict.reviewer, Verdict.created_at, Verdict.updated_at,
            Verdict.version,
        )
        .outerjoin(Verdict, Verdict.group_id == ClaimGroup.id)
        .where(ClaimGroup.claims.any())
        .order_by(ClaimGroup.id)
    )
    shingles = ShingleCache()  # each article's shingles once while the export needs them (bounded)
    for batch in _stream(session, _in_scope(query, ClaimGroup.id, scope)):
        ids = [r.id for r in batch]
        seen, evidence = group_appearances(session, ids), _evidence(session, ids)
        independent = independent_counts(session, {
            gid: [GroupArticle(p.article_id, p.outlet, p.published, p.title) for p in places]
            for gid, places in seen.items()}, shingles)
        for r in batch:
            places = seen.get(r.id, [])
            dates = [p.published for p in places if p.published]
            urls = [p.url for p in places if p.url]
            links = evidence.get(r.id, [])
            shown = "\n".join(url_label(url, title) if url else title for url, title in links)
            yield (
                r.id, r.canonical, claimant_text(r.claimant_name, r.claimant_role), _label(ratings, r.rating_key),
                r.rationale,
                Link(shown, links[0][0] or None, "\n".join(url or title for url, title in links)) if links else None,
                Link("\n".join(p.line() for p in places), urls[0] if urls else None) if places else None,
                r.status, r.reviewer,
                "\n".join(urls) or None, len(places), len({p.outlet for p in places}), independent.get(r.id),
                min(dates, default=None), max(dates, default=None), r.claimant_type, r.created_at, r.updated_at,
                r.version or 0, row_key(r.id, r.group_created_at),
            )


@dataclass(frozen=True)
class Appearance:
    """An article a claim group appears in: outlet, date, URL, title."""

    article_id: int
    outlet: str | None
    published: dt.date | None
    url: str | None
    title: str

    def line(self) -> str:
        """ "The Moscow Times, 2022-01-21" (or the title when the outlet is unknown)."""
        who = self.outlet or self.title or "(unknown outlet)"
        return f"{who}, {self.published.isoformat()}" if self.published else who


def group_appearances(session: Session, ids: list[int]) -> dict[int, list[Appearance]]:
    """Per group: the articles its claims appear in, oldest first (undated last)."""
    # Distinct (group, article) pairs first: PostgreSQL wants a DISTINCT query's ORDER BY in its select list.
    pairs = select(Claim.group_id, Claim.article_id).where(Claim.group_id.in_(ids)).distinct().subquery()
    query = (
        select(pairs.c.group_id, Article.id, Source.name, Article.published, Article.url, Article.title)
        .join(Article, Article.id == pairs.c.article_id)
        .outerjoin(Source, Source.id == Article.source_id)
        .order_by(pairs.c.group_id, Article.published.is_(None), Article.published, Article.id)
    )
    found: dict[int, list[Appearance]] = defaultdict(list)
    for gid, aid, outlet, published, url, title in session.execute(query):
        found[gid].append(Appearance(aid, outlet, published, url, title))
    return found


def _evidence(session: Session, ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Per group: its verdict's evidence as (URL, title), in order."""
    query = (
        select(Verdict.group_id, Evidence.url, Evidence.title)
        .join(Evidence, Evidence.verdict_id == Verdict.id)
        .where(Verdict.group_id.in_(ids))
        .order_by(Verdict.group_id, Evidence.position, Evidence.id)
    )
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for gid, url, title in session.execute(query):
        if url or title:
            found[gid].append((url or "", title or ""))
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
            ClaimGroup.claimant_name, ClaimGroup.claimant_role, ClaimGroup.canonical,
        )
        .join(Article, Article.id == Claim.article_id)
        .join(ClaimGroup, ClaimGroup.id == Claim.group_id)
        .outerjoin(Source, Source.id == Article.source_id)
        .outerjoin(Verdict, Verdict.group_id == Claim.group_id)
        .order_by(Claim.group_id, Claim.id)
    )
    for rows in _whole_groups(_stream(session, _in_scope(query, Claim.group_id, scope))):
        drift = drift_cells(session, {r.group_id: r.canonical for r in rows}, [
            ClaimPlace(r.id, r.group_id, r.article_id, r.start, r.end, r.quote, r.prefix, r.suffix) for r in rows])
        for r in rows:
            yield (
                r.id, r.group_id, _label(ratings, r.rating_key), r.name, r.title, r.quote,
                context_of(r.prefix, r.quote, r.suffix), claimant_text(r.claimant_name, r.claimant_role),
                drift[r.id],
                r.published, r.url, r.article_id, r.start, r.end, r.anchor_state, r.note, r.created_by, r.created_at,
            )


def _whole_groups(batches: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    """Batches of rows ordered by group id, regrouped so that no group is split between two of them.

    A group's drift needs all its claims (whether one is worded as the canonical wording); the rows of
    the group a batch ends in wait for the next batch (memory: a batch and one group).
    """
    pending: list[Any] = []
    for batch in batches:
        rows = pending + list(batch)
        if not rows:
            continue
        last = rows[-1].group_id
        cut = len(rows)
        while cut and rows[cut - 1].group_id == last:
            cut -= 1
        if cut:
            yield rows[:cut]
        pending = rows[cut:]
    if pending:
        yield pending


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
            Article.language, func.coalesce(counts.c.n, 0), Article.file_name, Article.file_format,
            Article.length, Article.imported_at,
        )
        .outerjoin(Source, Source.id == Article.source_id)
        .outerjoin(counts, counts.c.article_id == Article.id)
        .order_by(Article.id)
    )
    for batch in _stream(session, query):
        for r in batch:
            yield tuple(r)


# -- evidence: one row per evidence item of the verdicts in scope ------------------------------------

def _evidence_ids(scope: ExportScope) -> Select:
    query = (
        select(Evidence.id).join(Verdict, Verdict.id == Evidence.verdict_id)
        .join(ClaimGroup, ClaimGroup.id == Verdict.group_id).where(ClaimGroup.claims.any())
    )
    return _in_scope(query, Verdict.group_id, scope)


def _evidence_rows(session: Session, scope: ExportScope, ratings: dict[str, Rating]) -> Iterator[Row]:
    query = (
        select(Verdict.group_id, ClaimGroup.canonical, Verdict.rating_key, Evidence.url, Evidence.title,
               Evidence.note)
        .join(Verdict, Verdict.id == Evidence.verdict_id)
        .join(ClaimGroup, ClaimGroup.id == Verdict.group_id)
        .where(ClaimGroup.claims.any())
        .order_by(Verdict.group_id, Evidence.position, Evidence.id)
    )
    for batch in _stream(session, _in_scope(query, Verdict.group_id, scope)):
        for r in batch:
            yield (r.group_id, r.canonical, _label(ratings, r.rating_key), r.url or None, r.title or None,
                   r.note or None)


_TABLES: dict[str, tuple[Callable[[ExportScope], Select], Callable[..., Iterator[Row]]]] = {
    "verdicts": (_verdict_groups, _verdict_rows),
    "claims": (_claim_ids, _claim_rows),
    "links": (_link_ids, _link_rows),
    "articles": (_article_ids, _article_rows),
    "evidence": (_evidence_ids, _evidence_rows),
}
