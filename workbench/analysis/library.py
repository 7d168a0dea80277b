"""The analyses fed from a library: read what they need in one session, return plain results.

Used by the application service (one group, or every group for the claims table) and by the
exports (a batch of groups at a time, so memory stays bounded).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, select
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
from workbench.analysis.text import paragraph_context
from workbench.model import Article, Claim, ClaimGroup, ConflictDecision, RatingScale, Source, Suggestion, Verdict

BATCH = 500
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


def _chunks(ids: Sequence[int], size: int = BATCH) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def load_drift(session: Session, group_ids: Sequence[int]) -> list[ClaimDrift]:
    """Every claim of the groups compared with its group's canonical wording (flags may be empty).

    A claim is read with the paragraph around it (where quotation marks and speakers sit) when its group's
    canonical wording is a claim's quote, so has a paragraph too, or when quotation marks are near it
    (its stored context); else its quote alone is compared, and the article's text is not read.
    """
    out: list[ClaimDrift] = []
    for chunk in _chunks(list(group_ids)):
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
        by_group: dict[int, list] = defaultdict(list)
        for r in rows:
            by_group[r.group_id].append(r)
        sourced = {gid for gid, claims in by_group.items() if any(r.quote == canonical[gid] for r in claims)}
        wanted = {r.article_id for r in rows
                  if r.group_id in sourced or _QUOTE_MARK.search(r.prefix) or _QUOTE_MARK.search(r.suffix)}
        texts = dict(session.execute(select(Article.id, Article.text).where(Article.id.in_(wanted))).all()) \
            if wanted else {}
        for gid, claims in by_group.items():
            source = next((r for r in claims if r.quote == canonical[gid]), None)
            base = Analysed(_wording(texts.get(source.article_id, ""), source.start, source.end, source.quote)
                            if source is not None else Wording(canonical[gid]))
            for r in claims:
                wording = _wording(texts.get(r.article_id, ""), r.start, r.end, r.quote)
                flags = () if wording == base.wording else tuple(detect_drift(base, Analysed(wording)))
                out.append(ClaimDrift(r.id, gid, r.article_id, r.start, r.name, flags))
    return out


def _wording(text: str, start: int, end: int, quote: str) -> Wording:
    """A claim's quote with its paragraph around it (none without the text, or when it no longer holds the quote)."""
    if text[start:end] != quote:
        return Wording(quote)
    before, after = paragraph_context(text, start, end)
    return Wording(quote, before, after)


def load_origins(session: Session, group_ids: Sequence[int], cache: ShingleCache | None = None) -> dict[int, Origins]:
    """Origin chains of the groups; a shared cache keeps each article's shingles between calls."""
    cache = cache if cache is not None else ShingleCache()
    found: dict[int, Origins] = {}
    for chunk in _chunks(list(group_ids)):
        rows = session.execute(
            select(Claim.group_id, Article.id, Source.name, Article.published, Article.title)
            .join(Article, Article.id == Claim.article_id)
            .outerjoin(Source, Source.id == Article.source_id)
            .where(Claim.group_id.in_(chunk))
            .distinct()
            .order_by(Claim.group_id, Article.id)
        ).all()
        per_group: dict[int, list] = defaultdict(list)
        for r in rows:
            per_group[r.group_id].append(r)
        several = sorted({r.id for rs in per_group.values() if len(rs) > 1 for r in rs})
        missing = [aid for aid in several if aid not in cache]
        for ids in _chunks(missing, 50):
            for aid, text, author in session.execute(
                select(Article.id, Article.text, Article.author).where(Article.id.in_(ids))
            ):
                cache.add(aid, text, author)
        for gid, rs in per_group.items():
            articles = [OriginArticle(r.id, r.name, r.published, r.title, cache.credits.get(r.id, ())) for r in rs]
            found[gid] = find_origins(gid, articles, cache)
    return found


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


def claim_drift_cells(session: Session, group_ids: Sequence[int]) -> dict[int, str | None]:
    """Per claim of the groups, its drift flags as one cell (exports)."""
    return {d.claim_id: drift_cell(d.flags) for d in load_drift(session, group_ids)}


def independent_origins(session: Session, group_ids: Sequence[int], cache: ShingleCache) -> dict[int, int]:
    """Per group: how many independent origins carry it (exports)."""
    return {gid: o.independent for gid, o in load_origins(session, group_ids, cache).items()}
