"""Live updates: hear about changes other programs make to the open library (Qt-free).

On PostgreSQL every changed row of the library is announced by the database itself (migration 0007's
triggers, channel ``claim_workbench``), whoever made it, so a listener learns which claim groups, articles and
claims changed, who changed them and whether the change came from this very process. On SQLite there is no
such channel: the listener polls ``PRAGMA data_version``, which moves whenever another connection commits,
and reports that something changed (``everything``), without saying what.

    listener = workbench.changes()          # or changes.listen(db)
    found = listener.wait(timeout=1.0)      # None: nothing within the timeout
    if found and not found.own: reload(found.groups, found.articles, found.claims)

A window runs ``ChangeWatcher`` (a thread) and hands each Changes to the GUI thread (a queued signal); several
notifications arriving together (one transaction, a batch) are merged into one Changes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from workbench.db import Database

log = logging.getLogger(__name__)
CHANNEL = "claim_workbench"
POLL_S = 0.2  # SQLite: how often data_version is read
GATHER_S = 0.05  # after a first notification, how long to wait for the rest of its transaction
GATHER_MAX_S = 0.25


@dataclass(frozen=True)
class Changes:
    """What changed in the library since the last report."""

    tables: frozenset[str] = frozenset()
    groups: frozenset[int] = frozenset()
    articles: frozenset[int] = frozenset()
    claims: frozenset[int] = frozenset()
    settings: frozenset[str] = frozenset()
    by: frozenset[str] = frozenset()  # logins that made the changes (server only)
    everything: bool = False  # what changed is not known (SQLite, or notifications may have been missed)
    own: bool = False  # every change came from this process's own connections (server only)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.tables | other.tables, self.groups | other.groups, self.articles | other.articles,
            self.claims | other.claims, self.settings | other.settings, self.by | other.by,
            self.everything or other.everything, self.own and other.own,
        )


class ChangeListener(Protocol):
    """Reports changes made to one library."""

    def wait(self, timeout: float) -> Changes | None:
        """Block up to timeout seconds for changes; None when there were none."""
        ...

    def interrupt(self) -> None:
        """Make a wait() in progress return soon (the listener is being stopped); any thread may call it."""
        ...

    def close(self) -> None:
        """Stop listening and release the connection."""
        ...


def listen(db: Database) -> ChangeListener:
    """A listener on the library of db (LISTEN/NOTIFY on a server, data_version polling on SQLite)."""
    if db.on_server:
        return PostgresListener(db.url, f"claim-workbench/{db.origin}")
    path = db.path
    if path is None:
        raise ValueError("an in-memory SQLite library has no other writers to listen to")
    return SqliteListener(str(path))


@dataclass
class _Gathered:
    tables: set[str] = field(default_factory=set)
    groups: set[int] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)
    claims: set[int] = field(default_factory=set)
    settings: set[str] = field(default_factory=set)
    by: set[str] = field(default_factory=set)
    own: bool = True

    def add(self, payload: str, me: str) -> None:
        try:
            body: dict[str, Any] = json.loads(payload)
        except ValueError:
            return
        self.tables.add(str(body.get("t")))
        self.by.add(str(body.get("by")))
        self.own = self.own and body.get("o") == me
        for key, target in (("g", self.groups), ("a", self.articles), ("c", self.claims)):
            value = body.get(key)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, int):
                    target.add(item)
        if isinstance(body.get("k"), str):
            self.settings.add(body["k"])

    def changes(self) -> Changes:
        return Changes(frozenset(self.tables), frozenset(self.groups), frozenset(self.articles),
                       frozenset(self.claims), frozenset(self.settings), frozenset(self.by), own=self.own)


class PostgresListener:
    """LISTEN on the library's channel with a connection of its own (reconnecting after a server restart)."""

    def __init__(self, url: str, me: str) -> None:
        self._url = url
        self._me = me
        self._conn: Any = None
        self._connect()

    def _connect(self) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        engine = create_engine(self._url, poolclass=NullPool)
        try:
            raw = engine.raw_connection()
        finally:
            engine.dispose()
        conn: Any = raw.dbapi_connection
        raw.detach()  # the connection is ours now, not the pool's
        conn.autocommit = True
        conn.execute(f"LISTEN {CHANNEL}")
        self._conn = conn

    def wait(self, timeout: float) -> Changes | None:
        import psycopg

        if self._conn is None:
            return self._reconnect(timeout)
        try:
            gathered = self._gather(timeout)
        except psycopg.OperationalError:
            return self._reconnect(timeout)
        return gathered.changes() if gathered.tables else None

    def _gather(self, timeout: float) -> _Gathered:
        gathered = _Gathered()
        for note in self._conn.notifies(timeout=max(timeout, 0.001), stop_after=1):
            gathered.add(note.payload, self._me)
        if gathered.tables:  # the rest of that transaction (or batch) follows at once
            stop = time.monotonic() + GATHER_MAX_S
            while time.monotonic() < stop:
                count = 0
                for note in self._conn.notifies(timeout=GATHER_S):
                    gathered.add(note.payload, self._me)
                    count += 1
                if count == 0:
                    break
        return gathered

    def _reconnect(self, timeout: float) -> Changes | None:
        """The connection broke (server restart): listen again; changes may have been missed meanwhile."""
        import psycopg
        from sqlalchemy.exc import DBAPIError

        deadline = time.monotonic() + max(timeout, 0.001)
        self._close_connection()
        while True:
            try:
                self._connect()
                return Changes(everything=True)
            except (psycopg.Error, DBAPIError):
                if time.monotonic() >= deadline:
                    return None  # still down: the next wait() tries again
                time.sleep(min(0.2, max(deadline - time.monotonic(), 0.0)))

    def _close_connection(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):  # already broken
                self._conn.close()
            self._conn = None

    def interrupt(self) -> None:
        """A wait() returns within its own timeout (the watcher's tick): nothing to do."""

    def close(self) -> None:
        self._close_connection()

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.closed


class SqliteListener:
    """Poll PRAGMA data_version on a connection of its own: it moves when another connection commits."""

    def __init__(self, path: str, interval: float = POLL_S) -> None:
        self._conn = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
        self._interval = interval
        self._version = self._data_version()
        self._interrupted = threading.Event()

    def _data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def wait(self, timeout: float) -> Changes | None:
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            try:
                version = self._data_version()
            except sqlite3.Error:
                version = self._version
            if version != self._version:
                self._version = version
                return Changes(everything=True)
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._interrupted.wait(min(self._interval, remaining)):
                return None

    def interrupt(self) -> None:
        self._interrupted.set()

    def close(self) -> None:
        self._conn.close()


class ChangeWatcher:
    """A thread listening to a library and calling back with each Changes (on that thread: hand it to the GUI
    thread, e.g. with a queued Qt signal). stop() ends it within about `tick` seconds."""

    def __init__(self, listener: ChangeListener, callback: Callable[[Changes], None], *, tick: float = 0.5) -> None:
        self._listener = listener
        self._callback = callback
        self._tick = tick
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="claim-workbench-changes", daemon=True)

    def start(self) -> ChangeWatcher:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                found = self._listener.wait(self._tick)
                if found is not None and not self._stop.is_set():
                    try:
                        self._callback(found)
                    except Exception:  # a failing receiver must not end live updates
                        log.exception("live update receiver failed")
        finally:
            self._listener.close()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._listener.interrupt()  # closing a library need not wait for the next poll
        if self._thread.is_alive():
            self._thread.join(timeout)
