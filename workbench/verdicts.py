"""Verdict rules: statuses, the rating scale, and the field-by-field record of each change."""

from __future__ import annotations

from typing import Any

from workbench.errors import InvalidValue
from workbench.model import Evidence, Verdict
from workbench.states import VerdictStatus

STATUSES = tuple(VerdictStatus)
STATUS_LABELS: dict[str, str] = {
    VerdictStatus.DRAFT: "Draft", VerdictStatus.REVIEW: "In review", VerdictStatus.FINAL: "Final",
}
TRACKED_FIELDS = ("rating_key", "rationale", "status", "reviewer")


def check_status(status: str) -> VerdictStatus:
    """The status for a status name or label ('in review' -> 'review'); raises InvalidValue."""
    key = status.strip().lower().replace("in review", "review").replace("in-review", "review")
    if key not in STATUSES:
        raise InvalidValue(f"unknown status {status!r}; use one of: {', '.join(STATUSES)}")
    return VerdictStatus(key)


def verdict_state(verdict: Verdict) -> dict[str, Any]:
    """The reviewable content of a verdict as plain values (for revisions and conflict reports)."""
    return {
        "rating": verdict.rating_key,
        "rationale": verdict.rationale,
        "status": verdict.status,
        "reviewer": verdict.reviewer,
        "evidence": [evidence_state(e) for e in verdict.evidence],
        "version": verdict.version,
    }


def evidence_state(evidence: Evidence) -> dict[str, str]:
    """One evidence item as plain values."""
    return {"url": evidence.url, "title": evidence.title, "note": evidence.note}


def diff_states(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]} (the version counter is not a change)."""
    return {
        key: [before.get(key), after.get(key)]
        for key in after
        if key != "version" and before.get(key) != after.get(key)
    }
