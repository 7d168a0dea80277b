"""Plain values the service hands to front ends (CLI, GUI); ORM objects never leave the core.

Every one is built by keyword (``kw_only``): adding a field never shifts another one's meaning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from workbench.claimant import Claimant
from workbench.matching.scoring import MatchExplanation
from workbench.states import AnchorState, SuggestionState, VerdictStatus


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


@dataclass(frozen=True, kw_only=True)
class ArticleInfo:
    id: int
    title: str
    source: str | None
    url: str | None
    published: dt.date | None
    length: int
    file_format: str
    claim_count: int = 0


@dataclass(frozen=True, kw_only=True)
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


@dataclass(frozen=True, kw_only=True)
class ImportResult:
    path: str
    status: str  # 'imported' | 'duplicate' | 'updated' | 'error'
    article_id: int | None = None
    title: str | None = None
    message: str = ""


@dataclass(frozen=True, kw_only=True)
class ClaimInfo:
    id: int
    article_id: int
    group_id: int
    start: int
    end: int
    text: str
    prefix: str
    suffix: str
    anchor_state: AnchorState
    note: str | None
    created_by: str | None
    created_at: dt.datetime
    source: str | None = None
    article_title: str | None = None
    article_published: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class OutletChange:
    """Articles whose outlet a reviewer set, what they had before, and the masthead remembered (for undo)."""

    outlet: str | None
    previous: dict[int, str | None]  # article id -> the outlet it had
    masthead: str | None = None  # remembered for later imports opening with this line
    previous_mapping: str | None = None  # what that masthead was remembered as before


@dataclass(frozen=True, kw_only=True)
class ReanchorReport:
    article_id: int
    anchored: int = 0
    moved: int = 0
    fuzzy: int = 0
    needs_review: int = 0


@dataclass(frozen=True, kw_only=True)
class GroupInfo:
    id: int
    canonical: str
    claims: list[ClaimInfo] = field(default_factory=list)
    rating: str | None = None
    rating_label: str | None = None
    rating_colour: str | None = None
    status: VerdictStatus | None = None
    reviewer: str | None = None
    updated_at: dt.datetime | None = None
    claimant: Claimant | None = None  # who made the claim (None: not recorded)
    assignees: tuple[str, ...] = ()  # logins whose queue holds the group
    written_by: str | None = None  # the verdict's last author (rating or rationale)
    approved_by: str | None = None  # who made the verdict final

    @property
    def outlets(self) -> list[str]:
        """Distinct outlets of the group's claims, in claim order."""
        seen: dict[str, None] = {}
        for claim in self.claims:
            seen.setdefault(claim.source or "(unknown outlet)", None)
        return list(seen)


@dataclass(frozen=True, kw_only=True)
class SuggestionInfo:
    id: int | None
    claim_id: int
    article_id: int
    start: int
    end: int
    text: str
    score: float
    method: str
    state: SuggestionState
    existing_claim_id: int | None = None
    source: str | None = None
    article_title: str | None = None
    tier: str | None = None  # a workbench.matching.scoring.Tier value (None: made before tiers)
    explanation: MatchExplanation | None = None


@dataclass(frozen=True, kw_only=True)
class RatingInfo:
    key: str
    label: str
    value: int | None
    colour: str


@dataclass(frozen=True, kw_only=True)
class EvidenceInfo:
    url: str
    id: int | None = None
    title: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class RevisionInfo:
    version: int
    changed_by: str | None
    changed_at: dt.datetime
    changes: dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class VerdictInfo:
    group_id: int
    rating: str | None
    rationale: str
    status: VerdictStatus
    reviewer: str | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    evidence: list[EvidenceInfo] = field(default_factory=list)
    revisions: list[RevisionInfo] = field(default_factory=list)
    written_by: str | None = None  # last author of the rating or rationale
    approved_by: str | None = None  # who made it final (None unless final)
    approved_at: dt.datetime | None = None


@dataclass(frozen=True, kw_only=True)
class TeamMember:
    login: str
    role: str  # 'reviewer' | 'editor'
    can_login: bool = True


@dataclass(frozen=True, kw_only=True)
class AssignmentInfo:
    group_id: int
    login: str
    assigned_by: str | None
    assigned_at: dt.datetime


@dataclass(frozen=True, kw_only=True)
class RatingEntry:
    """One rater's own (blind) rating of a claim group."""

    group_id: int
    rater: str
    rating: str
    note: str
    rated_at: dt.datetime


@dataclass(frozen=True, kw_only=True)
class Disagreement:
    """A claim group its raters rated differently: every rating, to resolve into the verdict."""

    group_id: int
    canonical: str
    ratings: list[RatingEntry] = field(default_factory=list)
    verdict_rating: str | None = None
