"""The application service: one method per user action, one transaction each.

Both front ends (``workbench.cli`` and ``ui``) call this and nothing below it.
"""

from __future__ import annotations

import os

from workbench.db import Database, open_database
from workbench.export.files import FORMAT_LABELS as EXPORT_FORMAT_LABELS
from workbench.export.files import FORMATS as EXPORT_FORMATS
from workbench.export.files import SUFFIXES as EXPORT_SUFFIXES
from workbench.export.report import ExportReport, VerdictImportReport
from workbench.export.tables import TABLE_NAMES as EXPORT_TABLES
from workbench.matching.scoring import TIER_LABELS, TIER_ORDER, MatchExplanation, Tier
from workbench.matching.summary import EmbeddingStatus, EmbeddingSummary
from workbench.service.claims import ClaimActions, RemovedClaim
from workbench.service.dto import (
    ArticleDetail,
    ArticleInfo,
    ClaimInfo,
    EvidenceInfo,
    GroupInfo,
    ImportResult,
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
from workbench.service.matching import LinkResult, MatchSummary, ReprintPair, UnlinkResult
from workbench.service.references import CheckedResult, FactCheckImportReport, ReferenceActions
from workbench.service.verdicts import UNSET, VerdictActions
from workbench.verdicts import STATUS_LABELS


class Workbench(LibraryActions, ClaimActions, VerdictActions, ExportActions, ReferenceActions, MaintenanceActions):
    """Everything a reviewer can do to a library."""

    @classmethod
    def open(cls, target: str | os.PathLike[str] | None = None, *, user: str | None = None) -> Workbench:
        """Open (create, migrate) the library at a path or URL and return its service."""
        return cls(open_database(target), user=user)

    def close(self) -> None:
        """Release the database."""
        self.db.close()


__all__ = [
    "EXPORT_FORMATS",
    "EXPORT_FORMAT_LABELS",
    "EXPORT_SUFFIXES",
    "EXPORT_TABLES",
    "STATUS_LABELS",
    "TIER_LABELS",
    "TIER_ORDER",
    "UNSET",
    "ArticleDetail",
    "ArticleInfo",
    "CheckedResult",
    "ClaimInfo",
    "Database",
    "EmbeddingStatus",
    "EmbeddingSummary",
    "EvidenceInfo",
    "ExportReport",
    "FactCheckImportReport",
    "GroupInfo",
    "ImportResult",
    "IntegrityReport",
    "LinkResult",
    "MatchExplanation",
    "MatchSummary",
    "RatingInfo",
    "ReanchorReport",
    "RemovedClaim",
    "ReprintPair",
    "RevisionInfo",
    "SuggestionInfo",
    "Tier",
    "UnlinkResult",
    "VerdictImportReport",
    "VerdictInfo",
    "Workbench",
    "to_jsonable",
]
