"""The application service: one method per user action, one transaction each.

Both front ends (``workbench.cli`` and ``ui``) call this and nothing below it.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from workbench.agreement import AgreementReport, PairAgreement
from workbench.analysis.charts import ChartData, ChartGroup, ChartRating, TimelinePoint, TimelineRow
from workbench.analysis.library import ClaimDrift
from workbench.analysis.origins import OriginArticle, OriginLink, Origins
from workbench.attribution import ClaimantSuggestion
from workbench.changes import ChangeListener, Changes, ChangeWatcher, listen
from workbench.claimant import Claimant, ClaimantType
from workbench.db import Database, display_url, open_database, safe_url
from workbench.export.registry import FORMATS as EXPORT_FORMATS
from workbench.export.registry import ExportFormat
from workbench.export.registry import suffixes as export_suffixes
from workbench.export.report import ExportReport, VerdictImportReport
from workbench.export.tables import TABLE_NAMES as EXPORT_TABLES
from workbench.ingest.registry import FORMATS as IMPORT_FORMATS
from workbench.ingest.registry import ImportFormat
from workbench.ingest.registry import file_filters as import_file_filters
from workbench.ingest.registry import format_for as import_format_for
from workbench.matching.scoring import TIER_LABELS, TIER_ORDER, MatchExplanation, Tier
from workbench.matching.summary import EmbeddingStatus, EmbeddingSummary
from workbench.scales import MappingChoice, Scale, ScaleValue, scale_from_json
from workbench.service.analysis import (
    CHART_KIND_LABELS,
    CHART_KIND_NAMES,
    DRIFT_KINDS,
    DRIFT_LABELS,
    AnalysisActions,
    DriftInfo,
    GroupInsight,
)
from workbench.service.assignments import AssignmentActions
from workbench.service.claimants import ClaimantActions, ClaimantProposal
from workbench.service.claims import ClaimActions, RemovedClaim
from workbench.service.conflicts import ConflictActions, ConflictInfo, ConflictMerge, KeptApart
from workbench.service.dto import (
    ArticleDetail,
    ArticleInfo,
    AssignmentInfo,
    ClaimInfo,
    Disagreement,
    EvidenceInfo,
    GroupInfo,
    ImportResult,
    OutletChange,
    RatingEntry,
    RatingInfo,
    ReanchorReport,
    RevisionInfo,
    SuggestionInfo,
    TeamMember,
    VerdictInfo,
    to_jsonable,
)
from workbench.service.exports import ExportActions
from workbench.service.library import LibraryActions
from workbench.service.maintenance import IntegrityReport, MaintenanceActions
from workbench.service.matching import LinkResult, MatchSummary, ReprintPair, UnlinkResult
from workbench.service.references import CheckedResult, FactCheckImportReport, ReferenceActions
from workbench.service.retry import retry_actions
from workbench.service.scales import RatingMove, ScaleActions, ScaleInfo, ScalePlan, ScaleRatingInfo, ScaleSwitch
from workbench.service.team import TeamActions
from workbench.service.verdicts import SIGNOFF_SETTING, UNSET, VerdictActions, signoff_text
from workbench.verdicts import STATUS_LABELS


@retry_actions
class Workbench(
    LibraryActions, ClaimActions, ClaimantActions, VerdictActions, ExportActions, ConflictActions, ReferenceActions,
    MaintenanceActions, ScaleActions, AnalysisActions, AssignmentActions, TeamActions,
):
    """Everything a reviewer can do to a library.

    Each public method is one action; on a server an action the server rolled back (a lost connection, a
    write colliding with another's) runs again by itself (see ``workbench.service.retry``).
    """

    @classmethod
    def open(cls, target: str | os.PathLike[str] | None = None, *, user: str | None = None) -> Workbench:
        """Open (create, migrate) the library at a path or URL and return its service."""
        return cls(open_database(target), user=user)

    def close(self) -> None:
        """Release the database."""
        self.db.close()

    def changes(self) -> ChangeListener:
        """A listener reporting changes made to this library (by other programs and by this one)."""
        return listen(self.db)

    def watch(self, callback: Callable[[Changes], None], *, tick: float = 0.5) -> ChangeWatcher:
        """A started thread calling callback(Changes) (on that thread) whenever the library changes."""
        return ChangeWatcher(listen(self.db), callback, tick=tick).start()


__all__ = [
    "CHART_KIND_LABELS",
    "CHART_KIND_NAMES",
    "DRIFT_KINDS",
    "DRIFT_LABELS",
    "EXPORT_FORMATS",
    "EXPORT_TABLES",
    "IMPORT_FORMATS",
    "SIGNOFF_SETTING",
    "STATUS_LABELS",
    "TIER_LABELS",
    "TIER_ORDER",
    "UNSET",
    "AgreementReport",
    "ArticleDetail",
    "ArticleInfo",
    "AssignmentInfo",
    "ChangeListener",
    "ChangeWatcher",
    "Changes",
    "ChartData",
    "ChartGroup",
    "ChartRating",
    "CheckedResult",
    "ClaimDrift",
    "ClaimInfo",
    "Claimant",
    "ClaimantProposal",
    "ClaimantSuggestion",
    "ClaimantType",
    "ConflictInfo",
    "ConflictMerge",
    "Database",
    "Disagreement",
    "DriftInfo",
    "EmbeddingStatus",
    "EmbeddingSummary",
    "EvidenceInfo",
    "ExportFormat",
    "ExportReport",
    "FactCheckImportReport",
    "GroupInfo",
    "GroupInsight",
    "ImportFormat",
    "ImportResult",
    "IntegrityReport",
    "KeptApart",
    "LinkResult",
    "MappingChoice",
    "MatchExplanation",
    "MatchSummary",
    "OriginArticle",
    "OriginLink",
    "Origins",
    "OutletChange",
    "PairAgreement",
    "RatingEntry",
    "RatingInfo",
    "RatingMove",
    "ReanchorReport",
    "RemovedClaim",
    "ReprintPair",
    "RevisionInfo",
    "Scale",
    "ScaleInfo",
    "ScalePlan",
    "ScaleRatingInfo",
    "ScaleSwitch",
    "ScaleValue",
    "SuggestionInfo",
    "TeamMember",
    "Tier",
    "TimelinePoint",
    "TimelineRow",
    "UnlinkResult",
    "VerdictImportReport",
    "VerdictInfo",
    "Workbench",
    "display_url",
    "export_suffixes",
    "import_file_filters",
    "import_format_for",
    "safe_url",
    "scale_from_json",
    "signoff_text",
    "to_jsonable",
]
