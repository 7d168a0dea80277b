"""Maintenance: consistent backups of a library in use, restoring one, and checking its integrity."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from workbench import derived
from workbench.db import (
    BUSY_TIMEOUT_S,
    SQLITE_MAGIC,
    _check_sqlite_file,
    backup_sqlite,
    resolve_target,
    sqlite_path,
)
from workbench.errors import DatabaseError, DatabaseTooNew, InvalidValue, TransientError, WorkbenchError
from workbench.migrations import revisions
from workbench.model import Article, ArticlePassages, Claim, ClaimGroup, Suggestion, Verdict
from workbench.service.base import ServiceBase
from workbench.textspan import NEEDS_REVIEW

SIDECARS = ("-wal", "-shm", "-journal")
_WORD = re.compile(r"\w{3,}")


@dataclass(frozen=True)
class IntegrityProblem:
    """One thing wrong in a library: what kind of check found it, and a sentence fit to show."""

    kind: str  # 'sqlite' | 'foreign-key' | 'article' | 'span' | 'quote' | 'group' | 'suggestion' | 'index' | 'stale'
    message: str


@dataclass(frozen=True)
class IntegrityReport:
    """The result of `check`: problems (empty when all is well), notes, and what was looked at."""

    problems: list[IntegrityProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no problem was found (notes are not problems)."""
        return not self.problems


@dataclass(frozen=True, kw_only=True)
class RebuiltData:
    """One kind of derived data rebuilt by `reindex`."""

    name: str
    label: str
    items: int
    previous: str | None
    version: str
    cancelled: bool = False


@dataclass(frozen=True)
class LibrarySummary:
    """What a library file holds, read without changing it (shown before a restore)."""

    path: Path
    revision: str | None
    modified: dt.datetime
    size: int
    counts: dict[str, int]


class MaintenanceActions(ServiceBase):
    """Back up the open library and check it."""

    def backup(self, path: str | os.PathLike[str]) -> Path:
        """Copy the library to path (a new file, or a folder to put it in) while it stays in use; return the copy."""
        source = self.db.path
        if source is None:
            raise WorkbenchError(
                "this library lives in a database server; use your database server's backup tools "
                "(for PostgreSQL: pg_dump) to back it up"
            )
        target = Path(path).expanduser()
        if target.is_dir():
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            target = target / f"{source.stem}-backup-{stamp}{source.suffix or '.sqlite3'}"
        target = target.resolve()
        if target == source.resolve():
            raise WorkbenchError(f"{target}: that is the library itself; choose another file for the backup")
        if target.exists():
            raise WorkbenchError(f"{target}: already exists; choose a new file name (nothing was overwritten)")
        if not target.parent.is_dir():
            raise WorkbenchError(f"{target.parent}: no such folder")
        with _temporary_next_to(target) as temporary:
            _copy_verified(source, temporary)
            os.chmod(temporary, stat.S_IMODE(source.stat().st_mode))
            os.replace(temporary, target)
        return target

    def check(self) -> IntegrityReport:
        """Check the database (SQLite integrity and foreign keys) and the library's own invariants."""
        try:
            return self._check()
        except TransientError:
            raise
        except DatabaseError as exc:  # so damaged that SQLite cannot even run its own check
            return IntegrityReport([IntegrityProblem("sqlite", str(exc))])

    def _check(self) -> IntegrityReport:
        problems: list[IntegrityProblem] = []
        notes: list[str] = []
        with self.db.read() as session:
            if session.get_bind().dialect.name == "sqlite":
                problems += _sqlite_checks(session)
            if any(p.kind == "sqlite" for p in problems):
                # A damaged file can give wrong answers (or crash) below; report what SQLite says.
                return IntegrityReport(problems, notes, {})
            counts = _counts(session)
            article_problems, article_notes = _article_checks(session)
            problems += article_problems
            notes += article_notes
            problems += _claim_checks(session)
            group_problems, group_notes = _group_checks(session)
            problems += group_problems
            notes += group_notes
            problems += _suggestion_checks(session)
            problems += _derived_checks(session)
        return IntegrityReport(problems, notes, counts)

    def reindex(
        self,
        names: list[str] | None = None,
        *,
        progress: derived.ProgressFn | None = None,
        cancelled: derived.CancelledFn | None = None,
    ) -> list[RebuiltData]:
        """Rebuild derived data (every kind, or those named) with the running code; record its version.

        Each kind is rebuilt in short transactions; its version is recorded only once all of it is rebuilt,
        so an interrupted rebuild leaves it reported as stale.
        """
        with self.db.read() as session:
            known = {s.kind.name: s for s in derived.statuses(session)}
        unknown = set(names or ()) - set(known)
        if unknown:
            raise InvalidValue(f"unknown derived data {', '.join(sorted(unknown))}; use one of: {', '.join(known)}")
        rebuilt = []
        for name in names or list(known):
            status = known[name]
            items = status.kind.rebuild(self.db, progress, cancelled)
            stopped = cancelled is not None and cancelled()
            if not stopped:
                with self.db.write() as session:
                    derived.record(session, name, status.current)
            rebuilt.append(RebuiltData(name=name, label=status.kind.label, items=items, previous=status.stored,
                                       version=status.current, cancelled=stopped))
        return rebuilt

    def stale_derived_data(self) -> list[derived.DerivedStatus]:
        """Derived data built by other code than the running one (rebuild it with reindex)."""
        with self.db.read() as session:
            return [s for s in derived.statuses(session) if s.stale]


# -- restore ----------------------------------------------------------------------------------------


def library_summary(path: str | os.PathLike[str]) -> LibrarySummary:
    """Describe a library file (schema revision, counts) without changing it; raises DatabaseError."""
    file = Path(path).expanduser().resolve()
    if not file.is_file():
        raise DatabaseError(f"{file}: no such file")
    revision = _check_sqlite_file(file)
    counts: dict[str, int] = {}
    if revision is not None:
        try:
            conn = sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
            try:
                for table in ("articles", "claims", "claim_groups", "verdicts"):
                    counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise _sqlite_problem(file, exc) from exc
    info = file.stat()
    return LibrarySummary(file, revision, dt.datetime.fromtimestamp(info.st_mtime), info.st_size, counts)


def check_backup(backup_path: str | os.PathLike[str]) -> LibrarySummary:
    """Make sure a file is an intact Claim Workbench library this version can open; raises DatabaseError."""
    summary = library_summary(backup_path)
    if summary.revision is None:
        raise DatabaseError(f"{summary.path}: an empty database, not a Claim Workbench backup")
    known, _head = revisions()
    if summary.revision not in known:
        raise DatabaseTooNew(
            f"{summary.path}: this backup was written by a newer version of Claim Workbench "
            f"(schema {summary.revision}); update the app to restore it"
        )
    try:
        conn = sqlite3.connect(f"{summary.path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise _sqlite_problem(summary.path, exc) from exc
    if result != ["ok"]:
        raise DatabaseError(f"{summary.path}: the backup is damaged ({result[0]}); it cannot be restored")
    return summary


def restore(backup_path: str | os.PathLike[str], target: str | os.PathLike[str] | None) -> Path | None:
    """Replace the library at target with a backup, saving the current library next to itself first.

    Returns that saved copy (None when there was no library at target). Refuses a backup that is not an
    intact library of a known schema, a target in use by another program, and a target that is not an
    SQLite file; in every refusal nothing is changed.
    """
    source = check_backup(backup_path).path
    url = resolve_target(target)
    path = sqlite_path(url)
    if path is None:
        raise WorkbenchError(
            "the library lives in a database server; restore it with your database server's tools"
        )
    if path.resolve() == source:
        raise WorkbenchError(f"{source}: that is the library itself")
    if not path.parent.is_dir():
        raise WorkbenchError(f"{path.parent}: no such folder")
    existing = path.exists() and path.stat().st_size > 0
    if existing:
        with path.open("rb") as handle:
            if handle.read(16) != SQLITE_MAGIC:
                raise DatabaseError(
                    f"{path}: not an SQLite file, so not a library; it was left as it is "
                    "(move it away to restore a backup there)"
                )
    saved = _save_current(path) if existing else None
    try:
        with _sole_user(path) as current, _temporary_next_to(path) as temporary:
            _copy_verified(source, temporary)
            mode = (path if path.exists() else source).stat().st_mode
            os.chmod(temporary, stat.S_IMODE(mode))
            if current is not None:
                _lock_unchanged(path, current)
            for suffix in SIDECARS:  # a crashed writer's; their content is in the saved copy
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            os.replace(temporary, path)
    except BaseException:
        if saved is not None:  # nothing was replaced: the safety copy is not needed
            for suffix in ("", *SIDECARS):
                Path(f"{saved}{suffix}").unlink(missing_ok=True)
        raise
    return saved


@dataclass
class _Held:
    """The connection that proved nobody else uses the library, and the data version it saw."""

    conn: sqlite3.Connection
    data_version: int


_IN_USE = (
    "{path}: the library is open in another program (a Claim Workbench window or command); "
    "close it and try again. Nothing was changed."
)


@contextmanager
def _sole_user(path: Path) -> Iterator[_Held | None]:
    """Make sure no other program uses the library at path; None when SQLite cannot open it (damaged).

    Switching a WAL library to rollback-journal mode needs every other connection closed (SQLite says
    "locked" otherwise), and checkpoints the WAL into the file, so no -wal content is lost or left behind.
    """
    if not path.exists() or path.stat().st_size == 0:
        yield None
        return
    conn = sqlite3.connect(path, timeout=1.0, isolation_level=None)
    try:
        try:
            conn.execute("PRAGMA journal_mode=DELETE").fetchone()
            held: _Held | None = _Held(conn, conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise DatabaseError(_IN_USE.format(path=path)) from exc
            held = None  # damaged: it is saved byte for byte instead
        except sqlite3.DatabaseError:
            held = None
        yield held
    finally:
        with suppress(sqlite3.Error):
            conn.rollback()
        conn.close()


def _lock_unchanged(path: Path, held: _Held) -> None:
    """Take the write lock for the replacement and make sure nobody wrote since the check."""
    try:
        held.conn.execute("BEGIN EXCLUSIVE")
        changed = held.conn.execute("PRAGMA data_version").fetchone()[0] != held.data_version
    except sqlite3.OperationalError as exc:
        raise DatabaseError(_IN_USE.format(path=path)) from exc
    if changed:
        raise DatabaseError(_IN_USE.format(path=path))


def _save_current(path: Path) -> Path:
    """Copy the library about to be replaced next to itself: a sound one with SQLite's online backup,
    a damaged one (or one SQLite cannot read) byte for byte, with its -wal and -shm files."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    saved = path.with_name(f"{path.name}.before-restore-{stamp}")
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            sound = [row[0] for row in conn.execute("PRAGMA quick_check")] == ["ok"]
            if sound:
                with _temporary_next_to(saved) as temporary:
                    copy = sqlite3.connect(temporary)
                    try:
                        conn.backup(copy)
                    finally:
                        copy.close()
                    os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
                    os.replace(temporary, saved)
                return saved
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseError(_IN_USE.format(path=path)) from exc
    except sqlite3.DatabaseError:
        pass
    for suffix in ("", *SIDECARS):
        original = Path(f"{path}{suffix}")
        if original.exists():
            shutil.copy2(original, f"{saved}{suffix}")
    return saved


# -- helpers ----------------------------------------------------------------------------------------


@contextmanager
def _temporary_next_to(target: Path) -> Iterator[Path]:
    """A temporary file name in target's folder (so os.replace is atomic); removed unless it was moved."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        for suffix in ("", *SIDECARS):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)


def _copy_verified(source: Path, temporary: Path) -> None:
    """Copy a library with the online backup API into one self-contained, integrity-checked file."""
    try:
        backup_sqlite(source, temporary)
        _make_self_contained(temporary)
        _verify_copy(temporary)
    except sqlite3.Error as exc:
        raise _sqlite_problem(source, exc) from exc


def _make_self_contained(path: Path) -> None:
    """Make a copied library one file: rollback-journal mode, nothing in sidecar files."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE").fetchone()
    finally:
        conn.close()


def _verify_copy(path: Path) -> None:
    """Raise DatabaseError unless the copy passes SQLite's quick check."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        result = [row[0] for row in conn.execute("PRAGMA quick_check")]
    finally:
        conn.close()
    if result != ["ok"]:
        raise DatabaseError(f"{path}: the copy failed its check ({result[0]}); nothing was replaced")


def _sqlite_problem(path: Path, exc: sqlite3.Error) -> DatabaseError:
    """A driver error about a library file as a message a user understands."""
    reason = str(exc)
    if "locked" in reason or "busy" in reason:
        return DatabaseError(f"{path}: the database is busy (another program is writing to it); try again")
    if "not a database" in reason or "malformed" in reason or "corrupt" in reason:
        return DatabaseError(f"{path}: the database file is damaged ({reason}); it was left as it is")
    return DatabaseError(f"{path}: {reason}")


def _sqlite_checks(session: Session) -> list[IntegrityProblem]:
    problems = [
        IntegrityProblem("sqlite", f"SQLite integrity check: {row[0]}")
        for row in session.execute(text("PRAGMA integrity_check"))
        if row[0] != "ok"
    ]
    if problems:
        return problems
    for table, rowid, parent, _fk in session.execute(text("PRAGMA foreign_key_check")):
        problems.append(
            IntegrityProblem("foreign-key", f"{table} row {rowid} refers to a missing row of {parent}")
        )
    return problems


def _counts(session: Session) -> dict[str, int]:
    return {
        "articles": session.scalar(select(func.count(Article.id))) or 0,
        "claims": session.scalar(select(func.count(Claim.id))) or 0,
        "groups": session.scalar(select(func.count(ClaimGroup.id))) or 0,
        "verdicts": session.scalar(select(func.count(Verdict.id))) or 0,
        "suggestions": session.scalar(select(func.count(Suggestion.id))) or 0,
    }


def _article_checks(session: Session) -> tuple[list[IntegrityProblem], list[str]]:
    """Stored length and hash match the text; each article's passages (what matching reads) fit its text.

    Passages missing or made from an older text or analyzer are a note, not a problem: matching
    rebuilds them the next time it runs (a library migrated from before passages has none yet).
    """
    from workbench.matching.index import decode_spans
    from workbench.matching.passages import ANALYZER

    problems: list[IntegrityProblem] = []
    passages = {
        aid: (analyzer, digest, spans, terms)
        for aid, analyzer, digest, spans, terms in session.execute(
            select(ArticlePassages.article_id, ArticlePassages.analyzer, ArticlePassages.content_hash,
                   ArticlePassages.spans, ArticlePassages.terms)
        )
    }
    waiting = 0
    for article_id, body, length, digest in session.execute(
        select(Article.id, Article.text, Article.length, Article.content_hash).order_by(Article.id)
    ):
        if length != len(body):
            problems.append(
                IntegrityProblem("article", f"article {article_id}: stored length {length}, text has {len(body)}")
            )
        if digest != hashlib.sha256(body.encode("utf-8")).hexdigest():
            problems.append(IntegrityProblem("article", f"article {article_id}: content hash does not match its text"))
        stored = passages.get(article_id)
        if stored is None or stored[0] != ANALYZER or stored[1] != digest:
            waiting += 1
            continue
        if not _passages_fit(decode_spans, stored[2], stored[3], len(body)):
            problems.append(IntegrityProblem("index", f"article {article_id}: its stored passages do not fit its text"))
    notes = [f"{waiting} article(s) wait to be indexed for matching (done when matching next runs)"] if waiting else []
    return problems, notes


def _passages_fit(decode: Callable[[bytes], Any], spans: bytes, terms: str, length: int) -> bool:
    """Passage spans are ordered, inside the text, and have one line of terms each."""
    try:
        decoded = decode(spans).tolist()
    except ValueError:
        return False
    lines = terms.split("\n") if decoded else []
    previous = 0
    for start, end in decoded:
        if not previous <= start < end <= length:
            return False
        previous = end
    return len(lines) == len(decoded)


def _claim_checks(session: Session) -> list[IntegrityProblem]:
    """Every claim lies within its article and quotes it exactly (unless marked for review)."""
    problems: list[IntegrityProblem] = []
    query = (
        select(Claim.id, Claim.article_id, Claim.start, Claim.end, Claim.quote, Claim.anchor_state, Article.text)
        .outerjoin(Article, Article.id == Claim.article_id)
        .order_by(Claim.id)
    )
    for claim_id, article_id, start, end, quote, state, body in session.execute(query):
        if body is None:
            problems.append(IntegrityProblem("span", f"claim {claim_id} belongs to missing article {article_id}"))
            continue
        if not 0 <= start < end <= len(body):
            problems.append(
                IntegrityProblem(
                    "span",
                    f"claim {claim_id}: span {start}:{end} is outside article {article_id} "
                    f"({len(body)} characters)",
                )
            )
            continue
        if state != NEEDS_REVIEW and body[start:end] != quote:
            problems.append(
                IntegrityProblem(
                    "quote", f"claim {claim_id}: its quote differs from article {article_id}'s text at {start}:{end}"
                )
            )
    return problems


def _group_checks(session: Session) -> tuple[list[IntegrityProblem], list[str]]:
    """No claim points to a missing group; no group is empty (unless it keeps a verdict)."""
    problems = [
        IntegrityProblem("group", f"claim {claim_id} belongs to missing group {group_id}")
        for claim_id, group_id in session.execute(
            select(Claim.id, Claim.group_id)
            .outerjoin(ClaimGroup, ClaimGroup.id == Claim.group_id)
            .where(ClaimGroup.id.is_(None))
            .order_by(Claim.id)
        )
    ]
    notes: list[str] = []
    empty = (
        select(ClaimGroup.id, Verdict.id)
        .outerjoin(Verdict, Verdict.group_id == ClaimGroup.id)
        .where(~ClaimGroup.claims.any())
        .order_by(ClaimGroup.id)
    )
    for group_id, verdict_id in session.execute(empty):
        if verdict_id is None:
            problems.append(IntegrityProblem("group", f"group {group_id} holds no claims"))
        else:
            notes.append(f"group {group_id} keeps a verdict but holds no claims (its claims were removed)")
    return problems, notes


def _derived_checks(session: Session) -> list[IntegrityProblem]:
    """Derived data (the search index) built by the code that runs now."""
    problems = []
    for status in derived.statuses(session):
        if not status.stale:
            continue
        built = ("before index versions were recorded" if status.stored == derived.UNRECORDED
                 else f"with {status.stored}")
        problems.append(IntegrityProblem(
            "stale", f"the {status.kind.label} was built {built}; this version builds it with {status.current}: "
            "run `claim-workbench reindex`",
        ))
    return problems


def _suggestion_checks(session: Session) -> list[IntegrityProblem]:
    """Every suggestion's span lies within its article."""
    query = (
        select(Suggestion.id, Suggestion.article_id, Suggestion.start, Suggestion.end, Article.length)
        .join(Article, Article.id == Suggestion.article_id)
        .where((Suggestion.start < 0) | (Suggestion.end > Article.length) | (Suggestion.start > Suggestion.end))
        .order_by(Suggestion.id)
    )
    return [
        IntegrityProblem(
            "suggestion", f"suggestion {sid}: span {start}:{end} is outside article {aid} ({length} characters)"
        )
        for sid, aid, start, end, length in session.execute(query)
    ]
