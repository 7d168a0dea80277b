"""The application service: one method per user action, one transaction each.

Both front ends (``workbench.cli`` and ``ui``) call this and nothing below it.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from workbench.agreement import AgreementReport, PairAgreement
from workbench.changes import ChangeListener, Changes, ChangeWatcher, listen
from workbench.db import Database, display_url, open_database, safe_url
from workbench.export.files import FORMAT_LABELS as EXPORT_FORMAT_LABELS
from workbench.export.files import FORMATS as EXPORT_FORMATS
from workbench.export.files import SUFFIXES as EXPORT_SUFFIXES
from workbench.export.report import ExportReport, VerdictImportReport
from workbench.export.tables import TABLE_NAMES as EXPORT_TABLES
from workbench.service.assignments import AssignmentActions
from workbench.service.claims import ClaimActions, RemovedClaim
from workbench.service.dto import (
    ArticleDetail,
    ArticleInfo,
    AssignmentInfo,
    ClaimInfo,
    Disagreement,
    EvidenceInfo,
    GroupInfo,
    ImportResult,
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
from workbench.service.matching import LinkResult, MatchingActions, MatchSummary, ReprintPair, UnlinkResult
from workbench.service.retry import retry_actions
from workbench.service.team import TeamActions
from workbench.service.verdicts import SIGNOFF_SETTING, UNSET, VerdictActions, signoff_text
from workbench.verdicts import STATUS_LABELS


@retry_actions
class Workbench(
    LibraryActions, ClaimActions, VerdictActions, ExportActions, MatchingActions, MaintenanceActions,
    AssignmentActions, TeamActions,
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
    "EXPORT_FORMATS",
    "EXPORT_FORMAT_LABELS",
    "EXPORT_SUFFIXES",
    "EXPORT_TABLES",
    "SIGNOFF_SETTING",
    "STATUS_LABELS",
    "UNSET",
    "AgreementReport",
    "ArticleDetail",
    "ArticleInfo",
    "AssignmentInfo",
    "ChangeListener",
    "ChangeWatcher",
    "Changes",
    "ClaimInfo",
    "Database",
    "Disagreement",
    "EvidenceInfo",
    "ExportReport",
    "GroupInfo",
    "ImportResult",
    "IntegrityReport",
    "LinkResult",
    "MatchSummary",
    "PairAgreement",
    "RatingEntry",
    "RatingInfo",
    "ReanchorReport",
    "RemovedClaim",
    "ReprintPair",
    "RevisionInfo",
    "SuggestionInfo",
    "TeamMember",
    "UnlinkResult",
    "VerdictImportReport",
    "VerdictInfo",
    "Workbench",
    "display_url",
    "safe_url",
    "signoff_text",
    "to_jsonable",
]
