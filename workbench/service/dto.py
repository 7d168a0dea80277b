"""Plain values the service hands to front ends (CLI, GUI); ORM objects never leave the core."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from workbench.matching.scoring import MatchExplanation


def to_jsonable(value: Any) -> Any:
    """A dataclass (or list of them) as JSON-ready dicts, dates as ISO strings."""
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: to_jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class ArticleInfo:
    id: int
    title: str
    source: str | None
    url: str | None
    published: dt.date | None
    length: int
    file_format: str
    claim_count: int = 0


@dataclass(frozen=True)
class ArticleDetail:
    id: int
    title: str
    source: str | None
    url: str | None
    published: dt.date | None
    author: str | None
    language: str | None
    file_name: str | None
    file_format: str
    text: str
    imported_at: dt.datetime


@dataclass(frozen=True)
class ImportResult:
    path: str
    status: str  # 'imported' | 'duplicate' | 'updated' | 'error'
    article_id: int | None = None
    title: str | None = None
    message: str = ""


@dataclass(frozen=True)
class ClaimInfo:
    id: int
    article_id: int
    group_id: int
    start: int
    end: int
    text: str
    prefix: str
    suffix: str
    anchor_state: str
    note: str | None
    created_by: str | None
    created_at: dt.datetime
    source: str | None = None
    article_title: str | None = None


@dataclass(frozen=True)
class ReanchorReport:
    article_id: int
    anchored: int = 0
    moved: int = 0
    fuzzy: int = 0
    needs_review: int = 0


@dataclass(frozen=True)
class GroupInfo:
    id: int
    canonical: str
    claims: list[ClaimInfo] = field(default_factory=list)
    rating: str | None = None
    rating_label: str | None = None
    rating_colour: str | None = None
    status: str | None = None
    reviewer: str | None = None
    updated_at: dt.datetime | None = None

    @property
    def outlets(self) -> list[str]:
        """Distinct outlets of the group's claims, in claim order."""
        seen: dict[str, None] = {}
        for claim in self.claims:
            seen.setdefault(claim.source or "(unknown outlet)", None)
        return list(seen)


@dataclass(frozen=True)
class SuggestionInfo:
    id: int | None
    claim_id: int
    article_id: int
    start: int
    end: int
    text: str
    score: float
    method: str
    state: str
    existing_claim_id: int | None = None
    source: str | None = None
    article_title: str | None = None
    tier: str | None = None  # a workbench.matching.scoring.Tier value (None: made before tiers)
    explanation: MatchExplanation | None = None


@dataclass(frozen=True)
class RatingInfo:
    key: str
    label: str
    value: int | None
    colour: str


@dataclass(frozen=True)
class EvidenceInfo:
    id: int | None
    url: str
    title: str = ""
    note: str = ""


@dataclass(frozen=True)
class RevisionInfo:
    version: int
    changed_by: str | None
    changed_at: dt.datetime
    changes: dict[str, Any]


@dataclass(frozen=True)
class VerdictInfo:
    group_id: int
    rating: str | None
    rationale: str
    status: str
    reviewer: str | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    evidence: list[EvidenceInfo] = field(default_factory=list)
    revisions: list[RevisionInfo] = field(default_factory=list)
