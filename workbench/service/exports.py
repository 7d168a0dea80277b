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

from workbench.errors import InvalidValue, MissingSetting, TransientError, VerdictConflict, WorkbenchError
from workbench.export.files import atomic_output
from workbench.export.registry import ExportJob, infer_format
from workbench.export.report import AppliedRow, ConflictRow, ExportReport, RowError, VerdictImportReport
from workbench.export.safety import cut_at_limit, utf16_len
from workbench.export.scope import ExportScope
from workbench.export.tables import TABLE_NAMES, load_ratings, row_key
from workbench.export.verdict_import import KEY as ROW_KEY
from workbench.export.verdict_import import (
    RowEdit,
    SheetRow,
    changed_fields,
    exported_group_of,
    group_id_of,
    open_verdict_sheet,
    parse_row,
    state_at,
)
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
        if fmt.key == "claimreview":
            self._require_organisation()
        urn = self._library_urn() if fmt.needs_library_urn else ""
        started = time.perf_counter()
        try:
            with atomic_output(target) as temp, self.db.read() as session:
                written = fmt.write(ExportJob(
                    session=session, path=temp, scope=scope, ratings=load_ratings(session), table=table,
                    bom=bom and "bom" in fmt.options, library_urn=urn, library_name=self._library_name(),
                    setting=lambda key: self._setting(session, key),
                    ticker=lambda total, label: _Ticker(total, label, progress, cancelled),
                ))
        except _Cancelled:
            return ExportReport(str(target), fmt.key, {}, scope.describe(), time.perf_counter() - started,
                                cancelled=True)
        except OSError as exc:
            raise WorkbenchError(f"{target}: the export could not be written ({exc.strerror or exc})") from exc
        rows = written.rows
        if progress is not None:
            progress(sum(rows.values()), sum(rows.values()), "done")
        return ExportReport(str(target), fmt.key, rows, scope.describe(), time.perf_counter() - started,
                            written.notes)

    # -- settings ---------------------------------------------------------------------------

    def export_needs(self, format: str) -> list[str]:
        """The library settings an export in this format needs and lacks (ask for them before exporting).

        ClaimReview is published under the reviewing organisation's name: ["organisation"] while it
        is not set. The GUI asks for it on first export; the CLI refuses with MissingSetting.
        """
        if format != "claimreview":
            return []
        with self.db.read() as session:
            return [] if self._setting(session, "organisation") else ["organisation"]

    def _require_organisation(self) -> None:
        if self.export_needs("claimreview"):
            raise MissingSetting(
                "organisation",
                "ClaimReview names the reviewing organisation, and none is set: set it with "
                "`claim-workbench settings organisation NAME` (in the window: the export asks for it)",
            )

    @staticmethod
    def _setting(session: Session, key: str) -> str | None:
        row = session.get(Setting, key)
        return row.value if row and row.value.strip() else None

    def list_settings(self) -> dict[str, str]:
        """Every library setting (organisation, organisation_url, claimreview_url...), by key."""
        with self.db.read() as session:
            return {s.key: s.value for s in session.scalars(select(Setting).order_by(Setting.key))}

    def _library_name(self) -> str:
        """The library as the About sheet names it: its file name (not the folder: the workbook travels),
        or its database URL without the password."""
        if self.db.path is not None:
            return self.db.path.name
        from sqlalchemy.engine import make_url

        return make_url(self.db.url).render_as_string(hide_password=True)

    def _library_urn(self) -> str:
        """This library's URN (a random UUID stored on first use), the stem of exported ids and row keys."""
        with self.db.read() as session:  # read first: exporting from a read-only library needs no write
            row = session.get(Setting, LIBRARY_ID_SETTING)
            if row is not None:
                return f"urn:claim-workbench:{row.value}"
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
        rows whose verdict changed in the database since the export, or whose group id was changed
        in the sheet, are conflicts, never applied; exported rows that are gone are listed as missing.
        """
        source = Path(path).expanduser()
        actor = copy.copy(self)
        actor.user = (reviewer or "").strip() or self.user
        report = VerdictImportReport(str(source), actor.user)
        with self.db.read() as session:
            scale = {r.key: r.label for r in load_ratings(session).values()}
        seen: set[int] = set()
        exported_seen: set[int] = set()
        with open_verdict_sheet(source) as sheet:
            for chunk in _batched(sheet.rows, IMPORT_BATCH):
                parsed: list[tuple[SheetRow, RowEdit, int | None]] = []
                for row in chunk:
                    gid = group_id_of(row)
                    exported = exported_group_of(row) if sheet.keyed else None
                    exported_seen.add(exported if exported is not None else gid if gid is not None else -1)
                    try:
                        parsed.append((row, parse_row(row, scale, sheet.continuations, exported), exported))
                    except InvalidValue as exc:
                        report.errors.append(RowError(row.row, gid, f"{exc}; nothing in this row was applied"))
                made = self._groups_made(
                    [e.group_id for _, e, _ in parsed] + [x for _, _, x in parsed if x is not None]
                ) if sheet.keyed else {}
                edits: list[tuple[RowEdit, int | None]] = []
                for row, edit, exported in parsed:
                    if sheet.keyed and not self._key_matches(row, edit, made, report):
                        continue
                    if edit.group_id in seen:
                        report.errors.append(RowError(
                            row.row, edit.group_id, f"group {edit.group_id} appears more than once; only its first "
                            "row is used",
                        ))
                        continue
                    seen.add(edit.group_id)
                    report.notes.extend(f"row {row.row} (group {edit.group_id}): {note}" for note in row.notes)
                    edits.append((edit, exported))
                states = self._verdict_states([e.group_id for e, _ in edits])
                for edit, _exported in edits:
                    self._import_row(actor, edit, states, report)
        if sheet.exported_groups is not None:
            report.missing = sorted(sheet.exported_groups - exported_seen)
        report.errors.sort(key=lambda e: e.row)
        return report

    def _key_matches(self, row: SheetRow, edit: RowEdit, made: dict[int, dt.datetime],
                     report: VerdictImportReport) -> bool:
        """True when the row key is the key of the row's group (made: when groups were made); else it is reported."""
        key = str(row.values.get(ROW_KEY) or "").strip()
        exported = exported_group_of(row)
        if edit.group_id in made and key == row_key(edit.group_id, made[edit.group_id]):
            return True
        if edit.group_id not in made:
            report.errors.append(RowError(edit.row, edit.group_id, f"no claim group with id {edit.group_id}"))
        elif not key:
            report.errors.append(RowError(edit.row, edit.group_id, "the row key is empty, so the row cannot be "
                                          "matched to its claim group safely; nothing in this row was applied"))
        elif exported is not None and exported in made and key == row_key(exported, made[exported]):
            states = self._verdict_states([edit.group_id])
            theirs = {k: v for k, v in (states.get(edit.group_id) or {}).items() if k != "verdict_id"}
            report.conflicts.append(ConflictRow(
                edit.row, edit.group_id, edit.version, int(theirs.get("version") or 0), edit.fields(), theirs,
                reason=f"this row was exported for group {exported}, and its group id was changed to "
                       f"{edit.group_id}; it was not applied to either group",
            ))
        else:
            report.errors.append(RowError(edit.row, edit.group_id, f"the row key {key!r} does not belong to this "
                                          "library's export (another library's workbook, or an edited key); "
                                          "nothing in this row was applied"))
        return False

    def _groups_made(self, group_ids: list[int]) -> dict[int, dt.datetime]:
        """When each of these claim groups was made (the row keys' check), for those that exist."""
        with self.db.read() as session:
            rows = session.execute(select(ClaimGroup.id, ClaimGroup.created_at).where(ClaimGroup.id.in_(group_ids)))
            return {gid: made for gid, made in rows}

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
        stored = (current or {}).get("rationale") or ""
        if not edit.continued and cut_at_limit(edit.rationale, stored):
            report.errors.append(RowError(edit.row, gid, (
                f"the rationale cell holds {utf16_len(edit.rationale):,} characters, Excel's limit, and the stored "
                f"rationale is longer ({utf16_len(stored):,}): the cell was cut (Excel cuts long CSV fields when it "
                "opens them); nothing in this row was applied")))
            return
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
