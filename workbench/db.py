"""Opening a library database: location, SQLite pragmas, safety checks, migrations on open.

A library is an SQLite file (one user) or a PostgreSQL database (a team, see ``workbench.team``). On a
server, connections that broke (a server restart) are replaced on the next action, waiting up to
RECONNECT_S for the server to come back; an action whose connection broke mid-way raises ConnectionLost
(``retryable``: the server rolled it back), one that collided with another user's raises WriteCollision, and
a commit whose answer was lost is settled by asking the server whether that transaction committed
(``pg_xact_status``), so nothing is saved twice or lost unseen. The service runs retryable actions again.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session

from workbench.errors import (
    ConnectionLost,
    DatabaseError,
    DatabaseTooNew,
    InvalidValue,
    PermissionRefused,
    WriteCollision,
)
from workbench.migrations import revisions

# psycopg reports pipelines it abandons after a rolled-back write on stderr; the action is run again (or its
# error shown) by us, so that report is noise to a user.
logging.getLogger("psycopg").addHandler(logging.NullHandler())
logging.getLogger("psycopg").propagate = False

APP_NAME = "claim-workbench"
DB_ENV = "CLAIM_WORKBENCH_DB"
DEFAULT_FILE_NAME = "workbench.sqlite3"
BUSY_TIMEOUT_S = 15.0
BACKUPS_KEPT = 3
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
PG_DRIVER = "postgresql+psycopg"
RECONNECT_S = 30.0  # how long an action waits for a restarting server before it gives up
REFUSED_SQLSTATE = "CW403"  # raised by the team rules in the database (migration 0007)
_MIGRATION_LOCK = 0x43574D47  # pg_advisory_xact_lock key: one process migrates a server library at a time
_UNAVAILABLE = ("57P01", "57P02", "57P03")  # admin shutdown, crash shutdown, cannot connect now
IN_LIST = 500  # values in one IN (...): old SQLite builds allow 999 parameters a statement
_TRANSIENT = ("40001", "40P01")  # serialization failure, deadlock: rolled back, safe to run again
# Unique and foreign-key violations between simultaneous writers: a row both inserted (a source, a rating), or one
# pointing at a row another just removed (a merged group). Every action checks before it writes, so running it
# again finds the other's row and does the right thing (or says what is wrong).
_COLLISIONS = ("23505", "23503")


def chunks(items: Sequence[Any], size: int | None = None) -> Iterator[Sequence[Any]]:
    """items in consecutive pieces of at most size (IN_LIST: a long IN (...) list queried a piece at a time)."""
    step = size or IN_LIST
    for begin in range(0, len(items), step):
        yield items[begin : begin + step]


def default_database_path() -> Path:
    """The default library file in the platform's user data directory."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DEFAULT_FILE_NAME


def resolve_target(target: str | os.PathLike[str] | None) -> str:
    """Turn --db (a path or SQLAlchemy URL), the environment or the default into a URL."""
    if target is None or str(target) == "":
        target = os.environ.get(DB_ENV) or default_database_path()
    text = os.fspath(target)
    if "://" in text:
        scheme, rest = text.split("://", 1)
        if scheme in ("postgresql", "postgres"):  # the driver we ship (psycopg 3), not SQLAlchemy's default
            return f"{PG_DRIVER}://{rest}"
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def display_url(url: str) -> str:
    """The library's location fit to show (title bar, messages, logs): a file path, or the URL without password."""
    if "://" not in url:
        return url
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url.split("@")[-1] if "@" in url else url  # never the part that may hold a password
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return str(Path(parsed.database))
    return parsed.render_as_string(hide_password=True)


# Driver packages for the database URLs people use, and how to get them.
_DRIVER_HINTS = {
    "psycopg": "pip install 'claim-workbench[postgres]'",
    "psycopg2": "use postgresql+psycopg://… with pip install 'claim-workbench[postgres]'",
}


def _make_engine(url: str, **kwargs: Any) -> Engine:
    """create_engine with the mistakes a user can make in a URL turned into one-line DatabaseErrors."""
    shown = display_url(url)
    parsed = make_url(url)  # already checked by sqlite_path()
    try:
        return create_engine(parsed, **kwargs)
    except NoSuchModuleError:
        raise DatabaseError(
            f"{shown}: unknown database type {parsed.drivername!r} "
            "(give a file path, sqlite:///PATH or postgresql+psycopg://user@host/db)"
        ) from None
    except ImportError as exc:
        module = (exc.name or str(exc)).split(".")[0]
        hint = _DRIVER_HINTS.get(module, f"install the Python package that provides {module!r}")
        raise DatabaseError(f"{shown}: the database driver {module!r} is not installed; {hint}") from None


def safe_url(url: str) -> str:
    """The URL with any password removed: what may be remembered (recent libraries); libpq finds the
    password again in ~/.pgpass, a service file or PGPASSFILE."""
    if "://" not in url:
        return url
    parsed = make_url(url)
    if parsed.password is None:
        return url
    return parsed._replace(password=None).render_as_string(hide_password=False)


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other databases and in-memory SQLite."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"{display_url(url)}: not a database URL (give a file path or e.g. postgresql+psycopg://user@host/db)"
        ) from None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


@dataclass(repr=False)
class Database:
    """An open library: a reading engine and a writing engine over the same database.

    str() is where to open it again, without any password (what a window may remember); repr() is for
    logs: neither ever shows a password.
    """

    url: str
    engine: Engine
    write_engine: Engine
    origin: str = field(default_factory=lambda: uuid.uuid4().hex[:12])  # names this process's connections

    def __str__(self) -> str:
        return safe_url(self.url)

    def __repr__(self) -> str:
        return f"Database({self.display})"

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None when the library lives in a server database."""
        return sqlite_path(self.url)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @property
    def on_server(self) -> bool:
        """True when the library lives in a database server (PostgreSQL), shared by a team."""
        return self.dialect != "sqlite"

    @property
    def display(self) -> str:
        """Where the library is, fit to show (never with a password)."""
        return display_url(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; objects stay usable after it closes."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            except DBAPIError as exc:
                translated = self._translate(exc)
                if translated is exc:
                    raise
                raise translated from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction for one user action: committed on success, rolled back on error.

        On a server, a commit whose answer was lost with the connection is looked up afterwards: when it
        did commit, the action succeeded; when it did not, ConnectionLost(retryable=True) says so.
        """
        with Session(self.write_engine, expire_on_commit=False) as session:
            try:
                session.begin()
                yield session
                xid = self._transaction_id(session)
                try:
                    session.commit()
                except DBAPIError as exc:
                    if xid is None or not _disconnected(exc):
                        raise
                    if not self._settle(xid, exc):
                        raise
            except DBAPIError as exc:
                translated = self._translate(exc)
                if translated is exc:
                    raise
                raise translated from exc

    def _transaction_id(self, session: Session) -> str | None:
        """The server's id of the open transaction (to ask about it if the commit's answer is lost)."""
        if not self.on_server or not session.in_transaction():
            return None
        return str(session.execute(text("SELECT pg_current_xact_id()::text")).scalar_one())

    def _settle(self, xid: str, exc: BaseException) -> bool:
        """After a lost commit: True when the transaction did commit; raises ConnectionLost otherwise."""
        try:
            with self.engine.connect() as conn:
                status = conn.execute(text("SELECT pg_xact_status(CAST(:xid AS xid8))"), {"xid": xid}).scalar()
        except DBAPIError as again:
            raise ConnectionLost(
                f"{self.display}: the connection to the database server was lost while saving, and the server "
                "could not be asked whether the change was saved; reopen the library and check before "
                "repeating it",
                retryable=False,
            ) from again
        if status == "committed":
            return True
        raise ConnectionLost(
            f"{self.display}: the connection to the database server was lost while saving; nothing was saved",
            retryable=True,
        ) from exc

    def _translate(self, exc: DBAPIError) -> BaseException:
        """A driver error as one of our errors (DBAPIErrors we have no words for pass through)."""
        sqlstate = getattr(exc.orig, "sqlstate", None)
        if sqlstate == REFUSED_SQLSTATE:
            return PermissionRefused(_primary(exc))
        if sqlstate == "42501":
            return PermissionRefused(f"the database refused this to your login: {_primary(exc)}")
        if sqlstate == "22001":
            return InvalidValue(f"a value is too long to store: {_primary(exc)}")
        if "NUL" in str(exc.orig) and self.on_server:
            return InvalidValue("text with a NUL character (U+0000) cannot be stored in a PostgreSQL library")
        if sqlstate in _TRANSIENT or (self.on_server and sqlstate in _COLLISIONS):
            return WriteCollision(
                f"{self.display}: another user's change collided with this one ({_primary(exc)}); nothing was saved"
            )
        if self.on_server and _disconnected(exc):
            return ConnectionLost(
                f"{self.display}: the connection to the database server was lost; nothing of this action "
                "was saved",
                retryable=True,
            )
        if isinstance(exc, OperationalError) or _damaged(exc):
            return _friendly(exc, self.url)
        return exc

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()
        self.write_engine.dispose()


def _primary(exc: DBAPIError) -> str:
    """The server's own message, first line only."""
    diag = getattr(exc.orig, "diag", None)
    message = getattr(diag, "message_primary", None) or str(exc.orig)
    return message.strip().splitlines()[0] if message.strip() else "refused"


def _disconnected(exc: DBAPIError) -> bool:
    """True when the error means the connection to the server is gone (or the server is going away)."""
    if exc.connection_invalidated:
        return True
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate.startswith("08") or sqlstate in _UNAVAILABLE
    text = str(exc.orig).lower()
    return any(s in text for s in ("server closed the connection", "connection is lost", "connection is closed",
                                   "consuming input failed", "terminating connection", "connection refused"))


def _damaged(exc: DBAPIError) -> bool:
    """True when the driver says the file is not (or no longer) a sound database."""
    text = str(exc.orig)
    return "not a database" in text or "malformed" in text or "corrupt" in text


def _friendly(exc: DBAPIError, url: str) -> DatabaseError:
    """Translate a driver error into a message a user understands (never showing a password)."""
    text = str(exc.orig)
    where = display_url(url)
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in ("28P01", "28000"):
        return DatabaseError(f"{where}: the server refused the login ({_primary(exc)})")
    if sqlstate == "3D000":
        return DatabaseError(f"{where}: {_primary(exc)} (create it first, e.g. with createdb)")
    if sqlstate is None and sqlite_path(url) is None and "connection" in text.lower():
        reason = _one_line(text.rsplit("FATAL:", 1)[-1]) if "FATAL:" in text else _one_line(text)
        if "password" in reason:  # wrong, or none found (in the URL, ~/.pgpass, a service file or PGPASSFILE)
            hint = "; keep it in ~/.pgpass or a service file" if "no password supplied" in reason else ""
            return DatabaseError(f"{where}: the server refused the login ({reason}{hint})")
        return DatabaseError(f"{where}: cannot connect to the database server ({reason})")
    if "locked" in text or "busy" in text:
        return DatabaseError(f"{where}: the database is busy (another program is writing to it); try again")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseError(f"{where}: the database file is damaged ({text}); it was left as it is")
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"{where}: the database is read-only")
    return DatabaseError(f"{where}: database error: {_one_line(text)}")


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    engine = _make_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see below)
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: object) -> None:
        # Writers take the write lock at BEGIN so two processes queue up instead of deadlocking.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")  # type: ignore[attr-defined]

    return engine


def _check_sqlite_location(path: Path) -> None:
    """Refuse a folder or a file in a missing folder; only the default library's folder is made for you."""
    try:
        is_folder, folder_exists = path.is_dir(), path.parent.is_dir()
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot reach the library ({(exc.strerror or str(exc)).lower()})") from None
    if is_folder:
        raise DatabaseError(f"{path}: is a folder; give the path of a library file (e.g. {path / DEFAULT_FILE_NAME})")
    folder = path.parent
    if folder_exists:
        return
    if path == default_database_path().resolve():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"{path}: cannot create its folder ({exc.strerror})") from exc
        return
    if folder.exists():
        raise DatabaseError(f"{path}: {folder} is not a folder")
    raise DatabaseError(f"{path}: the folder {folder} does not exist; create it first or choose another place")


def _check_sqlite_file(path: Path) -> str | None:
    """Refuse a file that is not a Claim Workbench database; return its schema revision (None: empty)."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return None
        with path.open("rb") as handle:
            magic = handle.read(16)
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot read the library ({(exc.strerror or str(exc)).lower()})") from None
    if magic != SQLITE_MAGIC:
        raise DatabaseError(f"{path}: not a Claim Workbench database (not an SQLite file); it was left as it is")
    try:
        # Without a WAL to read, open it immutable: a refused file then gets no -wal/-shm files beside it.
        wal = Path(f"{path}-wal")
        flags = "mode=ro" if wal.exists() and wal.stat().st_size > 0 else "mode=ro&immutable=1"
        conn = sqlite3.connect(f"{path.as_uri()}?{flags}", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables:
                return None
            if "alembic_version" not in tables or "articles" not in tables:
                raise DatabaseError(
                    f"{path}: an SQLite database, but not a Claim Workbench library; it was left as it is"
                )
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: the database file is damaged ({exc}); it was left as it is") from exc
    return row[0] if row else None


def _backup_before_migration(path: Path, revision: str) -> Path:
    """Copy the database next to itself (online backup API) and keep the last few copies."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.name}.backup-{revision}-{stamp}")
    backup_sqlite(path, target)
    old = sorted(path.parent.glob(f"{path.name}.backup-*"), key=lambda p: p.stat().st_mtime)
    for stale in old[:-BACKUPS_KEPT]:
        stale.unlink(missing_ok=True)
    return target


def backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database, made with SQLite's online backup API."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _server_engine(url: str, origin: str, *, isolation: str) -> Engine:
    """An engine for a PostgreSQL library: psycopg 3, connections checked before use, reconnection waited for."""
    engine = _make_engine(url, pool_pre_ping=True, isolation_level=isolation)
    state = {"connected": False}

    @event.listens_for(engine, "do_connect")
    def _connect(dialect: Dialect, _record: object, cargs: list[Any], cparams: dict[str, Any]) -> Any:
        cparams.setdefault("application_name", f"claim-workbench/{origin}")
        cparams.setdefault("connect_timeout", 10)
        deadline = time.monotonic() + RECONNECT_S
        delay = 0.05
        while True:
            try:
                connection = dialect.connect(*cargs, **cparams)
            except dialect.loaded_dbapi.OperationalError as exc:
                # Once connected, a refused connection is a restarting server: wait for it, a while.
                sqlstate = getattr(exc, "sqlstate", None)
                waiting = state["connected"] and (sqlstate is None or sqlstate in _UNAVAILABLE)
                if not waiting:
                    raise
                if time.monotonic() + delay > deadline:
                    raise ConnectionLost(
                        f"{display_url(url)}: the database server did not come back within {RECONNECT_S:.0f} s; "
                        "the action was not saved, try it again later",
                        retryable=False,
                    ) from exc
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
                continue
            state["connected"] = True
            return connection

    return engine


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # two programs opening an old library: one migrates
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return
    # SQLite changes a table by copying it; with foreign keys on, dropping the old copy would cascade
    # into the rows that refer to it. SQLite's own recipe: foreign keys off (outside any transaction),
    # change, check the foreign keys, commit.
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatabaseError(f"a migration would leave {len(broken)} broken references; nothing was changed")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None


def open_database(target: str | os.PathLike[str] | None = None) -> Database:
    """Open (creating and migrating as needed) the library at a path or URL; refuse unsafe files."""
    url = resolve_target(target)
    known, head = revisions()
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_location(path)
        revision = _check_sqlite_file(path)
        if revision is not None and revision not in known:
            raise DatabaseTooNew(
                f"{path}: this library was written by a newer version of Claim Workbench "
                f"(schema {revision}); update the app to open it. The file was left untouched."
            )
        if revision is not None and revision != head:
            _backup_before_migration(path, revision)
        engine = _sqlite_engine(url, immediate=False)
        write_engine = _sqlite_engine(url, immediate=True)
        origin = uuid.uuid4().hex[:12]
    elif make_url(url).get_backend_name() == "sqlite":
        raise DatabaseError(f"{url}: an in-memory library would be lost when the program ends; give a file path")
    else:
        origin = uuid.uuid4().hex[:12]
        # Read committed: each statement sees what others committed. Actions lock the rows they change
        # (SELECT ... FOR UPDATE: claims and groups being linked, a claim's suggestions, an article's text), and a
        # verdict's version column refuses lost updates; a write that collides anyway is rolled back by the server
        # and run again by the service (workbench.service.retry).
        engine = _server_engine(url, origin, isolation="READ COMMITTED")
        write_engine = engine
    try:
        current = _current_revision(engine)
        if current is not None and current not in known:
            raise DatabaseTooNew(
                f"{display_url(url)}: this library was written by a newer version of Claim Workbench "
                f"(schema {current}); update the app to open it. It was left untouched."
            )
        if current != head:
            try:
                _upgrade(write_engine)
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) == "42501":
                    raise DatabaseError(
                        f"{display_url(url)}: the library needs a schema upgrade that only its owner can run; "
                        "ask the owner to run `claim-workbench --db URL team init`"
                    ) from exc
                raise
    except DBAPIError as exc:
        engine.dispose()
        write_engine.dispose()
        raise _friendly(exc, url) from exc
    except DatabaseError:
        engine.dispose()
        write_engine.dispose()
        raise
    return Database(url=url, engine=engine, write_engine=write_engine, origin=origin)
