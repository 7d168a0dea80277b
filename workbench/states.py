"""Closed sets of stored values: Python enums here, CHECK constraints in the database (migration 0006).

Each is a ``StrEnum``: a member equals its stored string ("pending" == SuggestionState.PENDING), so code
comparing with plain strings keeps working, and JSON output shows the value.
"""

from __future__ import annotations

from enum import StrEnum


class AnchorState(StrEnum):
    """How sure re-anchoring is that a claim still points at its quote."""

    ANCHORED = "anchored"  # same offsets, same quote
    MOVED = "moved"  # same quote found elsewhere (text edited around it)
    FUZZY = "fuzzy"  # quote itself edited slightly; placed by fuzzy search
    NEEDS_REVIEW = "needs_review"  # could not be placed with confidence; offsets kept as they were


class SuggestionState(StrEnum):
    """Where a suggested link stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class VerdictStatus(StrEnum):
    """A verdict's place in the workflow, in order."""

    DRAFT = "draft"
    REVIEW = "review"
    FINAL = "final"


def check_sql(column: str, enum: type[StrEnum]) -> str:
    """The SQL of a CHECK constraint allowing exactly the enum's values in a column."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return f"{column} IN ({values})"
