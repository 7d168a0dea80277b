"""Storing suggestions: replace a claim's pending suggestions, keep decided ones, never resurrect rejections."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.matching.suggest import Found
from workbench.model import Suggestion
from workbench.states import SuggestionState

PENDING = SuggestionState.PENDING
ACCEPTED = SuggestionState.ACCEPTED
REJECTED = SuggestionState.REJECTED
STATES = tuple(SuggestionState)


def store_suggestions(
    session: Session, claim_id: int, found: list[Found], min_score: float = 0.0
) -> tuple[list[Suggestion], int]:
    """Store found as the claim's pending suggestions; return them (in found's order) and how many are new.

    Pending suggestions not found again are stale and deleted, except those scored below
    min_score: a search with a higher threshold did not look at them. Rejected and accepted
    suggestions are never touched.
    """
    pending = {
        (s.article_id, s.start, s.end): s
        for s in session.scalars(
            select(Suggestion).where(Suggestion.claim_id == claim_id, Suggestion.state == PENDING)
        )
    }
    rows: list[Suggestion] = []
    created = 0
    for f in found:
        row = pending.pop((f.article_id, f.start, f.end), None)
        if row is None:
            row = Suggestion(
                claim_id=claim_id, article_id=f.article_id, start=f.start, end=f.end, text=f.text,
                score=f.score, method=f.method, state=PENDING, target_claim_id=f.existing_claim_id,
            )
            session.add(row)
            created += 1
        else:
            row.score, row.method, row.text = f.score, f.method, f.text
            row.target_claim_id = f.existing_claim_id
        rows.append(row)
    for stale in pending.values():
        if stale.score >= min_score:
            session.delete(stale)
    session.flush()
    return rows, created
