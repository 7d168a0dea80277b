"""Derived data (the search index, and later vectors or caches): which code built it, stale checks, rebuilds.

Each kind of derived data registers itself once: its name, a label for messages, the version of the
code that derives it (tokenizer, stemmer, model...) and a rebuild function. The table ``derived_data``
records the version each kind was built with; `check` compares it with the running code, and
`reindex` rebuilds whatever is stale (or everything).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.db import Database
from workbench.model import DerivedData, utcnow

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]
UNRECORDED = "unrecorded"  # built before versions were recorded (migration 0006)


@dataclass(frozen=True, kw_only=True)
class DerivedKind:
    """One kind of derived data."""

    name: str  # the key in derived_data
    label: str  # "search index"
    version: Callable[[], str]  # what the running code would build
    rebuild: Callable[[Database, ProgressFn | None, CancelledFn | None], int]
    """Rebuild everything in short transactions (db.write() per batch); returns how many items were rebuilt."""


@dataclass(frozen=True, kw_only=True)
class DerivedStatus:
    """What is stored against what the running code builds."""

    kind: DerivedKind
    stored: str | None  # None: never built (an empty library)
    current: str

    @property
    def stale(self) -> bool:
        """True when the stored data was built by other code than the running one."""
        return self.stored is not None and self.stored != self.current


REGISTRY: dict[str, DerivedKind] = {}


def register(kind: DerivedKind) -> DerivedKind:
    """Add a kind of derived data (one line beside its builder)."""
    REGISTRY[kind.name] = kind
    return kind


def statuses(session: Session) -> list[DerivedStatus]:
    """The stored and current version of every registered kind."""
    _load_kinds()
    stored = {row.name: row.version for row in session.scalars(select(DerivedData))}
    return [DerivedStatus(kind=k, stored=stored.get(k.name), current=k.version()) for k in REGISTRY.values()]


def record(session: Session, name: str, version: str) -> None:
    """Note that a kind was (re)built with version, inside the caller's transaction."""
    row = session.get(DerivedData, name)
    if row is None:
        session.add(DerivedData(name=name, version=version, built_at=utcnow()))
    else:
        row.version, row.built_at = version, utcnow()


def note_written(session: Session, kind: DerivedKind) -> None:
    """Derived data was just written with the running code: record its version if none is recorded yet.

    A recorded older version stays: the data is then mixed, and stays stale until it is rebuilt.
    """
    if session.get(DerivedData, kind.name) is None:
        record(session, kind.name, kind.version())


def _load_kinds() -> None:
    """Import the modules that register kinds (kept out of import time: they pull in the matcher)."""
    import workbench.matching.index_version  # noqa: F401
