"""Export actions: write the library (or a scope of it) as XLSX, CSV, ClaimReview or Web Annotations,
and import verdict edits back from an exported workbook."""

from __future__ import annotations

import copy
import datetime as dt
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.errors import InvalidValue, TransientError, VerdictConflict, WorkbenchError
from workbench.export.annotations import claim_annotations, count_annotations, write_annotations
from workbench.export.claimreview import Reviewer, claim_reviews, count_reviews, write_claim_reviews
from workbench.export.csv_tables import write_csv
from workbench.export.files import atomic_output, infer_format
from workbench.export.report import AppliedRow, ConflictRow, ExportReport, RowError, VerdictImportReport
from workbench.export.scope import ExportScope
from workbench.export.tables import TABLE_NAMES, load_ratings, make_table
from workbench.export.verdict_import import (
    RowEdit,
    changed_fields,
    group_id_of,
    parse_row,
    read_verdict_sheet,
    state_at,
)
from workbench.export.xlsx import write_workbook
from workbench.model import ClaimGroup, Setting, Verdict, VerdictRevision
from workbench.service.base import ServiceBase

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]
T = TypeVar("T")

IMPORT_BATCH = 500
LIBRARY_ID_SETTING = "library_id"


class _Cancelled(Exception):
    """Raised inside an export when the caller's cancelled() says so."""


class _Ticker:
    """Counts written rows, reports progress and checks for cancellation every few hundred rows."""

    every = 250

    def __init__(self, total: int, label: str, progress: ProgressFn | None, cancelled: CancelledFn | None) -> None:
        self.total, self.label, self.progress, self.cancelled = total, label, progress, cancelled
        self.done = 0

    def __call__(self) -> None:
        self.done += 1
        if self.done % self.every == 0:
            self.check()

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise _Cancelled
        if self.progress is not None:
            self.progress(self.done, self.total, self.label)


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class ExportActions(ServiceBase):
    """Exports in every format, the verdict round trip, and the library settings they use."""

    def export(
        self,
        path: str | os.PathLike[str],
        *,
        format: str | None = None,
        table: str = "verdicts",
        final_only: bool = False,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        group_ids: Iterable[int] | None = None,
        bom: bool = False,
        progress: ProgressFn | None = None,
        cancelled: CancelledFn | None = None,
    ) -> ExportReport:
        """Export a scope of the library to path (format from the suffix unless given); returns the report.

        The file appears under its name only when complete; a cancelled export leaves nothing.
        """
        target = Path(path).expanduser()
        fmt = infer_format(target, format)
        if table not in TABLE_NAMES:
            raise InvalidValue(f"unknown table {table!r}; use one of: {', '.join(TABLE_NAMES)}")
        scope = ExportScope.make(group_ids=group_ids, final_only=final_only, since=since, until=until)
        base = self._library_urn() if fmt == "annotations" else ""
        started = time.perf_counter()
        try:
            with atomic_output(target) as temp, self.db.read() as session:
                rows, notes = self._write(session, fmt, temp, scope, table, bom, base, progress, cancelled)
        except _Cancelled:
            return ExportReport(str(target), fmt, {}, scope.describe(), time.perf_counter() - started, cancelled=True)
        except OSError as exc:
            raise WorkbenchError(f"{target}: the export could not be written ({exc.strerror or exc})") from exc
        if progress is not None:
            progress(sum(rows.values()), sum(rows.values()), "done")
        return ExportReport(str(target), fmt, rows, scope.describe(), time.perf_counter() - started, notes)

    def _write(
        self, session: Session, fmt: str, temp: Path, scope: ExportScope, table: str, bom: bool, base: str,
        progress: ProgressFn | None, cancelled: CancelledFn | None,
    ) -> tuple[dict[str, int], list[str]]:
        """Write one export to the temporary file; returns rows per table and notes for the user."""
        ratings = load_ratings(session)
        if fmt == "xlsx":
            tables = [make_table(session, name, scope, ratings) for name in TABLE_NAMES]
            tick = _Ticker(sum(t.count for t in tables), "writing workbook", progress, cancelled)
            tick.check()
            stats = write_workbook(temp, tables, ratings, tick)
            return stats.rows, stats.notes
        if fmt == "csv":
            one = make_table(session, table, scope, ratings)
            tick = _Ticker(one.count, f"writing {table}", progress, cancelled)
            tick.check()
            return {table: write_csv(temp, one, tick, bom=bom)}, []
        with temp.open("w", encoding="utf-8", newline="\n") as handle:
            if fmt == "claimreview":
                reviewer = Reviewer(
                    self._setting(session, "organisation"), self._setting(session, "organisation_url"),
                    self._setting(session, "claimreview_url"),
                )
                rated, unrated = count_reviews(session, scope)
                tick = _Ticker(rated, "writing ClaimReview", progress, cancelled)
                tick.check()
                written = write_claim_reviews(handle, claim_reviews(session, scope, ratings, reviewer), tick)
                notes = []
                if unrated:
                    notes.append(f"{unrated} final verdict(s) without a rating were left out")
                if not reviewer.name:
                    notes.append("no reviewing organisation is set: `claim-workbench settings organisation NAME`")
                return {"claim reviews": written}, notes
            total = count_annotations(session, scope)
            tick = _Ticker(total, "writing annotations", progress, cancelled)
            tick.check()
            written = write_annotations(
                handle, claim_annotations(session, scope, ratings, base), base=base, total=total,
                label=f"Claim Workbench claims ({scope.describe()})", tick=tick,
            )
            return {"annotations": written}, []

    # -- settings ---------------------------------------------------------------------------

    @staticmethod
    def _setting(session: Session, key: str) -> str | None:
        row = session.get(Setting, key)
        return row.value if row and row.value.strip() else None

    def list_settings(self) -> dict[str, str]:
        """Every library setting (organisation, organisation_url, claimreview_url...), by key."""
        with self.db.read() as session:
            return {s.key: s.value for s in session.scalars(select(Setting).order_by(Setting.key))}

    def _library_urn(self) -> str:
        """This library's URN (a random UUID stored on first use), the stem of exported ids."""
        with self.db.write() as session:
            row = session.get(Setting, LIBRARY_ID_SETTING)
            if row is None:
                row = Setting(key=LIBRARY_ID_SETTING, value=str(uuid.uuid4()))
                session.add(row)
            return f"urn:claim-workbench:{row.value}"

    # -- the round trip ----------------------------------------------------------------------

    def import_verdicts(self, path: str | os.PathLike[str], *, reviewer: str | None = None) -> VerdictImportReport:
        """Apply the rating, rationale and status edits of an exported Verdicts sheet; returns the report.

        Each changed row becomes a new revision by the reviewer (default: the current user), in its
        own transaction; unknown groups or ratings and bad values are reported by row and skipped;
        rows whose verdict changed in the database since the export are conflicts, never applied.
        """
        source = Path(path).expanduser()
        actor = copy.copy(self)
        actor.user = (reviewer or "").strip() or self.user
        report = VerdictImportReport(str(source), actor.user)
        with self.db.read() as session:
            scale = {r.key: r.label for r in load_ratings(session).values()}
        seen: set[int] = set()
        for chunk in _batched(read_verdict_sheet(source), IMPORT_BATCH):
            edits: list[RowEdit] = []
            for row in chunk:
                gid = group_id_of(row)
                if gid is not None and gid in seen:
                    report.errors.append(RowError(
                        row.row, gid, f"group {gid} appears more than once; only its first row is used",
                    ))
                    continue
                if gid is not None:
                    seen.add(gid)
                try:
                    edits.append(parse_row(row, scale))
                except InvalidValue as exc:
                    report.errors.append(RowError(row.row, gid, str(exc)))
            states = self._verdict_states([e.group_id for e in edits])
            for edit in edits:
                self._import_row(actor, edit, states, report)
        report.errors.sort(key=lambda e: e.row)
        return report

    def _verdict_states(self, group_ids: list[int]) -> dict[int, dict[str, Any] | None]:
        """Per known group id: its verdict's rating, rationale, status, reviewer and version (None: none)."""
        query = (
            select(ClaimGroup.id, Verdict.id, Verdict.rating_key, Verdict.rationale, Verdict.status,
                   Verdict.reviewer, Verdict.version)
            .outerjoin(Verdict, Verdict.group_id == ClaimGroup.id)
            .where(ClaimGroup.id.in_(group_ids))
        )
        with self.db.read() as session:
            return {
                gid: None if vid is None else {
                    "verdict_id": vid, "rating": rating, "rationale": rationale, "status": status,
                    "reviewer": who, "version": version,
                }
                for gid, vid, rating, rationale, status, who, version in session.execute(query)
            }

    def _exported_state(self, current: dict[str, Any], version: int) -> dict[str, Any] | None:
        """The verdict as the export saw it (at version), rebuilt from its revisions, or None."""
        with self.db.read() as session:
            revisions = session.execute(
                select(VerdictRevision.version, VerdictRevision.changes)
                .where(VerdictRevision.verdict_id == current["verdict_id"], VerdictRevision.version > version)
            ).all()
        return state_at(current, [(v, c or {}) for v, c in revisions], version)

    def _import_row(
        self, actor: ExportActions, edit: RowEdit, states: dict[int, dict[str, Any] | None], report: VerdictImportReport
    ) -> None:
        """Apply one parsed row, or record why not, in the report."""
        gid = edit.group_id
        if gid not in states:
            report.errors.append(RowError(edit.row, gid, f"no claim group with id {gid}"))
            return
        current = states[gid]
        current_version = current["version"] if current else 0
        theirs = {k: v for k, v in (current or {}).items() if k != "verdict_id"}
        try:
            changes = changed_fields(edit, current)
            if not changes:
                report.unchanged += 1
                return
            if edit.version != current_version:
                exported = (
                    self._exported_state(current, edit.version)
                    if current is not None and edit.version < current_version else None
                )
                if exported is not None and not changed_fields(edit, exported):
                    report.unchanged += 1  # out of date, but the reviewer did not edit it
                    return
                report.conflicts.append(
                    ConflictRow(edit.row, gid, edit.version, current_version, edit.fields(), theirs)
                )
                return
            info = actor.set_verdict(  # type: ignore[attr-defined]
                gid, **changes, reviewer=actor.user, expected_version=edit.version
            )
        except VerdictConflict as exc:
            report.conflicts.append(ConflictRow(
                edit.row, gid, edit.version, int(exc.theirs.get("version", 0)), edit.fields(), exc.theirs
            ))
            return
        except TransientError:
            raise  # not this row's fault: the whole import stops with the reason (each applied row is saved)
        except WorkbenchError as exc:
            report.errors.append(RowError(edit.row, gid, str(exc)))
            return
        report.applied.append(AppliedRow(edit.row, gid, info.version, changes))
