"""The application service: one method per user action, one transaction each.

Both front ends (``workbench.cli`` and ``ui``) call this and nothing below it.
"""

from __future__ import annotations

import os

from workbench.analysis.charts import ChartData, ChartGroup, ChartRating, TimelinePoint, TimelineRow
from workbench.analysis.library import ClaimDrift
from workbench.analysis.origins import OriginArticle, OriginLink, Origins
from workbench.attribution import ClaimantSuggestion
from workbench.claimant import Claimant, ClaimantType
from workbench.db import Database, open_database
from workbench.export.registry import FORMATS as EXPORT_FORMATS
from workbench.export.registry import ExportFormat
from workbench.export.registry import suffixes as export_suffixes
from workbench.export.report import ExportReport, VerdictImportReport
from workbench.export.tables import TABLE_NAMES as EXPORT_TABLES
from workbench.ingest.registry import FORMATS as IMPORT_FORMATS
from workbench.ingest.registry import ImportFormat
from workbench.ingest.registry import file_filters as import_file_filters
from workbench.ingest.registry import format_for as import_format_for
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
from workbench.service.claimants import ClaimantActions, ClaimantProposal
from workbench.service.claims import ClaimActions, RemovedClaim
from workbench.service.conflicts import ConflictActions, ConflictInfo, ConflictMerge, KeptApart
from workbench.service.dto import (
    ArticleDetail,
    ArticleInfo,
    ClaimInfo,
    EvidenceInfo,
    GroupInfo,
    ImportResult,
    OutletChange,
    RatingInfo,
    ReanchorReport,
    RevisionInfo,
    SuggestionInfo,
    VerdictInfo,
    to_jsonable,
)
from workbench.service.exports import ExportActions
from workbench.service.library import LibraryActions
from workbench.service.maintenance import IntegrityReport, MaintenanceActions
from workbench.service.matching import LinkResult, MatchingActions, MatchSummary, ReprintPair, UnlinkResult
from workbench.service.scales import RatingMove, ScaleActions, ScaleInfo, ScalePlan, ScaleRatingInfo, ScaleSwitch
from workbench.service.verdicts import UNSET, VerdictActions
from workbench.verdicts import STATUS_LABELS


class Workbench(
    LibraryActions, ClaimActions, ClaimantActions, VerdictActions, ExportActions, ConflictActions, MatchingActions,
    MaintenanceActions, ScaleActions, AnalysisActions,
):
    """Everything a reviewer can do to a library."""

    @classmethod
    def open(cls, target: str | os.PathLike[str] | None = None, *, user: str | None = None) -> Workbench:
        """Open (create, migrate) the library at a path or URL and return its service."""
        return cls(open_database(target), user=user)

    def close(self) -> None:
        """Release the database."""
        self.db.close()


__all__ = [
    "CHART_KIND_LABELS",
    "CHART_KIND_NAMES",
    "DRIFT_KINDS",
    "DRIFT_LABELS",
    "EXPORT_FORMATS",
    "EXPORT_TABLES",
    "IMPORT_FORMATS",
    "STATUS_LABELS",
    "UNSET",
    "ArticleDetail",
    "ArticleInfo",
    "ChartData",
    "ChartGroup",
    "ChartRating",
    "ClaimDrift",
    "ClaimInfo",
    "Claimant",
    "ClaimantProposal",
    "ClaimantSuggestion",
    "ClaimantType",
    "ConflictInfo",
    "ConflictMerge",
    "Database",
    "DriftInfo",
    "EvidenceInfo",
    "ExportFormat",
    "ExportReport",
    "GroupInfo",
    "GroupInsight",
    "ImportFormat",
    "ImportResult",
    "IntegrityReport",
    "KeptApart",
    "LinkResult",
    "MappingChoice",
    "MatchSummary",
    "OriginArticle",
    "OriginLink",
    "Origins",
    "OutletChange",
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
    "TimelinePoint",
    "TimelineRow",
    "UnlinkResult",
    "VerdictImportReport",
    "VerdictInfo",
    "Workbench",
    "export_suffixes",
    "import_file_filters",
    "import_format_for",
    "scale_from_json",
    "to_jsonable",
]
