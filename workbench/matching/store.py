"""Storing suggestions: replace a claim's pending suggestions, keep decided ones, never resurrect rejections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.db import chunks
from workbench.matching.scoring import Tier, shown
from workbench.model import Suggestion
from workbench.states import SuggestionState

if TYPE_CHECKING:
    from workbench.matching.suggest import Found

PENDING = SuggestionState.PENDING
ACCEPTED = SuggestionState.ACCEPTED
REJECTED = SuggestionState.REJECTED
STATES = tuple(SuggestionState)


def store_suggestions(
    session: Session, claim_id: int, found: list[Found], min_score: float | None = 0.0
) -> tuple[list[Suggestion], int]:
    """Store found as the claim's pending suggestions; return them (in found's order) and how many are new.

    Pending suggestions not found again are stale and deleted, except those scored below
    min_score: a search with a higher threshold did not look at them (min_score None: the tiers'
    own thresholds). Rejected and accepted suggestions are never touched.
    """
    return store_many(session, {claim_id: found}, min_score)[claim_id]


def store_many(
    session: Session, found: dict[int, list[Found]], min_score: float | None = 0.0
) -> dict[int, tuple[list[Suggestion], int]]:
    """``store_suggestions`` for many claims at once (batch matching): their pending suggestions read in
    one query, the changes written in one flush."""
    pending: dict[int, dict[tuple[int, int, int], Suggestion]] = {claim_id: {} for claim_id in found}
    for ids in chunks(list(found)):
        for s in session.scalars(select(Suggestion).where(Suggestion.claim_id.in_(ids), Suggestion.state == PENDING)):
            pending[s.claim_id][(s.article_id, s.start, s.end)] = s
    stored: dict[int, tuple[list[Suggestion], int]] = {}
    for claim_id, claim_found in found.items():
        mine = pending[claim_id]
        rows: list[Suggestion] = []
        created = 0
        for f in claim_found:
            row = mine.pop((f.article_id, f.start, f.end), None)
            if row is None:
                row = Suggestion(claim_id=claim_id, article_id=f.article_id, start=f.start, end=f.end, state=PENDING)
                session.add(row)
                created += 1
            row.text, row.score, row.method, row.tier = f.text, f.score, f.tier.value, f.tier.value
            row.semantic, row.lexical, row.character = f.semantic, f.lexical, f.character
            row.target_claim_id = f.existing_claim_id
            rows.append(row)
        for stale in mine.values():
            if _searched(stale, min_score):
                session.delete(stale)
        stored[claim_id] = (rows, created)
    session.flush()
    return stored


def _searched(row: Suggestion, min_score: float | None) -> bool:
    """Whether a search with this threshold would have found the stored suggestion again."""
    if min_score is not None:
        return row.score >= min_score
    tier = Tier(row.tier) if row.tier in {t.value for t in Tier} else Tier.REWORDED
    return shown(tier, row.score, None)
