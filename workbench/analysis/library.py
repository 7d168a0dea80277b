"""The analyses fed from a library: read what they need in one session, return plain results.

Used by the application service (one group, or every group for the claims table) and by the
exports (a batch of groups at a time, so memory stays bounded).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from workbench.analysis.charts import Appearance, GroupRow
from workbench.analysis.conflicts import (
    Conflict,
    RatedGroup,
    merge_conflicts,
    note_conflicts,
    similar_conflicts,
    suggestion_conflicts,
)
from workbench.analysis.drift import Analysed, DriftFlag, Wording, detect_drift
from workbench.analysis.origins import OriginArticle, Origins, ShingleCache, find_origins
from workbench.analysis.text import CONTEXT_LIMIT, paragraph_context
from workbench.db import chunks
from workbench.model import Article, Claim, ClaimGroup, ConflictDecision, RatingScale, Source, Suggestion, Verdict

_QUOTE_MARK = re.compile(r"[\"“”„‟«»‹›‘’‚']")


@dataclass(frozen=True)
class ClaimDrift:
    """The drift flags of one claim against its group's canonical wording."""

    claim_id: int
    group_id: int
    article_id: int
    start: int  # the claim's start in its article (flag spans are relative to the claim's quote)
    source: str | None
    flags: tuple[DriftFlag, ...]


class ClaimPlace(NamedTuple):
    """What a claim's drift is computed from: its quote, where it sits, and its stored context."""

    claim_id: int
    group_id: int
    article_id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def load_drift(session: Session, group_ids: Sequence[int]) -> list[ClaimDrift]:
    """Every claim of the groups compared with its group's canonical wording (flags may be empty)."""
    out: list[ClaimDrift] = []
    for chunk in chunks(list(group_ids)):
        canonical = dict(session.execute(select(ClaimGroup.id, ClaimGroup.canonical)
                                         .where(ClaimGroup.id.in_(chunk))).all())
        rows = session.execute(
            select(Claim.id, Claim.group_id, Claim.article_id, Claim.start, Claim.end, Claim.quote, Claim.prefix,
                   Claim.suffix, Source.name)
            .join(Article, Article.id == Claim.article_id)
            .outerjoin(Source, Source.id == Article.source_id)
            .where(Claim.group_id.in_(chunk))
            .order_by(Claim.group_id, Claim.id)
        ).all()
        flags = group_drift(session, canonical, [ClaimPlace(*r[:8]) for r in rows])
        out.extend(ClaimDrift(r.id, r.group_id, r.article_id, r.start, r.name, flags[r.id]) for r in rows)
    return out


def group_drift(session: Session, canonical: Mapping[int, str],
                claims: Sequence[ClaimPlace]) -> dict[int, tuple[DriftFlag, ...]]:
    """Per claim, its drift flags against its group's canonical wording; `claims` holds every claim of its groups.

    A claim is read with the paragraph around it (where quotation marks and speakers sit) when its group's
    canonical wording is a claim's quote, so has a paragraph too, or when quotation marks are near it
    (its stored context); else its quote alone is compared. Only that paragraph's stretch of the article
    is read (``_windows``), never a whole article. Each group's canonical wording is analysed once, and a
    wording that recurs in a group (reprints) is compared once.
    """
    by_group: dict[int, list[ClaimPlace]] = defaultdict(list)
    for c in claims:
        by_group[c.group_id].append(c)
    sources = {gid: next((c for c in cs if c.quote == canonical[gid]), None) for gid, cs in by_group.items()}
    windows = _windows(session, [c for c in claims if sources[c.group_id] is not None
                                 or _QUOTE_MARK.search(c.prefix) or _QUOTE_MARK.search(c.suffix)])
    out: dict[int, tuple[DriftFlag, ...]] = {}
    for gid, cs in by_group.items():
        source = sources[gid]
        base = Analysed(_wording(windows, source) if source is not None else Wording(canonical[gid]))
        compared: dict[Wording, tuple[DriftFlag, ...]] = {base.wording: ()}
        for c in cs:
            wording = _wording(windows, c)
            flags = compared.get(wording)
            if flags is None:
                flags = compared[wording] = tuple(detect_drift(base, Analysed(wording)))
            out[c.claim_id] = flags
    return out


def _windows(session: Session, claims: Sequence[ClaimPlace]) -> dict[int, tuple[int, str]]:
    """Per claim: the stretch of its article that ``paragraph_context`` can read around it, and where it starts.

    CONTEXT_LIMIT characters each side (and one more after, where a blank line is looked for), cut in SQL
    (``substr`` counts characters, as our offsets do), so a batch holds a few hundred characters per claim
    instead of its articles' whole texts.
    """
    found: dict[int, tuple[int, str]] = {}
    low = case((Claim.start > CONTEXT_LIMIT, Claim.start - CONTEXT_LIMIT), else_=0)
    for chunk in chunks([c.claim_id for c in claims]):
        found.update((cid, (offset, text or "")) for cid, offset, text in session.execute(
            select(Claim.id, low, func.substr(Article.text, low + 1, Claim.end + CONTEXT_LIMIT + 1 - low))
            .join(Article, Article.id == Claim.article_id)
            .where(Claim.id.in_(chunk))
        ))
    return found


def _wording(windows: Mapping[int, tuple[int, str]], claim: ClaimPlace) -> Wording:
    """A claim's quote with its paragraph around it (none without its text, or when it no longer holds the quote)."""
    offset, text = windows.get(claim.claim_id, (0, ""))
    start, end = claim.start - offset, claim.end - offset
    if text[start:end] != claim.quote:
        return Wording(claim.quote)
    before, after = paragraph_context(text, start, end)
    return Wording(claim.quote, before, after)


def load_origins(session: Session, group_ids: Sequence[int], cache: ShingleCache | None = None) -> dict[int, Origins]:
    """Origin chains of the groups; a shared cache keeps each article's shingles between calls."""
    cache = cache if cache is not None else ShingleCache()
    found: dict[int, Origins] = {}
    for chunk in chunks(list(group_ids)):
        rows = session.execute(
            select(Claim.group_id, Article.id, Source.name, Article.published, Article.title)
            .join(Article, Article.id == Claim.article_id)
            .outerjoin(Source, Source.id == Article.source_id)
            .where(Claim.group_id.in_(chunk))
            .distinct()
            .order_by(Claim.group_id, Article.id)
        ).all()
        per_group: dict[int, list[GroupArticle]] = defaultdict(list)
        for gid, aid, outlet, published, title in rows:
            per_group[gid].append(GroupArticle(aid, outlet, published, title))
        found.update(origins_of(session, per_group, cache))
    return found


class GroupArticle(NamedTuple):
    """An article a claim group appears in, as origins need it."""

    article_id: int
    outlet: str | None
    published: dt.date | None
    title: str


def origins_of(session: Session, per_group: Mapping[int, Sequence[GroupArticle]],
               cache: ShingleCache) -> dict[int, Origins]:
    """Origin chains of groups whose articles are read already: only the texts of articles in groups of
    several articles are read (for their shingles and credits), each once while the cache keeps it."""
    several = {a.article_id for arts in per_group.values() if len(arts) > 1 for a in arts}
    cache.trim(several)
    missing = sorted(aid for aid in several if aid not in cache)
    for ids in chunks(missing, 50):
        for aid, text, author in session.execute(
            select(Article.id, Article.text, Article.author).where(Article.id.in_(ids))
        ):
            cache.add(aid, text, author)
    return {
        gid: find_origins(gid, [OriginArticle(a.article_id, a.outlet, a.published, a.title,
                                              cache.credits.get(a.article_id, ())) for a in arts], cache)
        for gid, arts in per_group.items()
    }


def load_chart_rows(session: Session, group_ids: Sequence[int] | None = None) -> list[GroupRow]:
    """Every group holding claims (or the given ones) with its rating and appearances."""
    query = (
        select(Claim.group_id, ClaimGroup.canonical, Verdict.rating_key, Article.id, Source.name, Article.published)
        .join(ClaimGroup, ClaimGroup.id == Claim.group_id)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Source, Source.id == Article.source_id)
        .outerjoin(Verdict, Verdict.group_id == Claim.group_id)
        .order_by(Claim.group_id, Article.id)
    )
    if group_ids is not None:
        query = query.where(Claim.group_id.in_(list(group_ids)))
    groups: dict[int, tuple[str, str | None, list[Appearance]]] = {}
    for gid, canonical, rating, aid, outlet, published in session.execute(query):
        entry = groups.setdefault(gid, (canonical, rating, []))
        if all(a.article_id != aid for a in entry[2]):
            entry[2].append(Appearance(aid, outlet, published))
    return [GroupRow(gid, c, r, tuple(a)) for gid, (c, r, a) in groups.items()]


def load_conflicts(session: Session, *, include_kept: bool = False, min_score: float = 0.0) -> list[Conflict]:
    """Every verdict conflict in the library, strongest first."""
    rated = {
        gid: RatedGroup(gid, canonical, rating)
        for gid, canonical, rating in session.execute(
            select(ClaimGroup.id, ClaimGroup.canonical, Verdict.rating_key)
            .join(Verdict, Verdict.group_id == ClaimGroup.id)
            .where(Verdict.rating_key.is_not(None), ClaimGroup.claims.any())
        )
    }
    source = aliased(Claim)
    target = aliased(Claim)
    links = session.execute(
        select(source.group_id, target.group_id, Suggestion.score)
        .join(source, source.id == Suggestion.claim_id)
        .join(target, and_(target.article_id == Suggestion.article_id, target.start < Suggestion.end,
                           target.end > Suggestion.start))
        .where(Suggestion.state == "pending", source.group_id != target.group_id)
    ).all()
    found = suggestion_conflicts(rated, [(a, b, s) for a, b, s in links])
    found += similar_conflicts(list(rated.values()))
    scale = {r.key: (r.label, r.value) for r in session.scalars(select(RatingScale))}
    notes: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for cid, gid, note in session.execute(
        select(Claim.id, Claim.group_id, Claim.note).where(Claim.note.is_not(None), Claim.note != "")
        .order_by(Claim.group_id, Claim.id)
    ):
        notes[gid].append((cid, note or ""))
    for gid, items in notes.items():
        if len(items) > 1:
            found += note_conflicts(gid, items, scale)
    kept = {(d.group_a, d.group_b): d.reason for d in session.scalars(select(ConflictDecision))}
    return [c for c in merge_conflicts(found, kept, include_kept=include_kept) if c.score >= min_score]


# -- export cells ---------------------------------------------------------------------------------------


def drift_cell(flags: Sequence[DriftFlag]) -> str | None:
    """A claim's drift flags in one cell: "number: 30 → 40; hedge: “will” → “may” (…)"."""
    return "; ".join(f"{f.kind.value}: {f.detail}" for f in flags) or None


def drift_cells(session: Session, canonical: Mapping[int, str], claims: Sequence[ClaimPlace]) -> dict[int, str | None]:
    """Per claim, its drift flags as one cell, from claims an export has read already (every claim of their groups)."""
    return {cid: drift_cell(flags) for cid, flags in group_drift(session, canonical, claims).items()}


def independent_counts(session: Session, per_group: Mapping[int, Sequence[GroupArticle]],
                       cache: ShingleCache) -> dict[int, int]:
    """Per group: how many independent origins carry it, from the articles an export has read already."""
    return {gid: o.independent for gid, o in origins_of(session, per_group, cache).items()}
