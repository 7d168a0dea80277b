"""Opening a library database: location, SQLite pragmas, safety checks, migrations on open."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session

from workbench.errors import DatabaseError, DatabaseTooNew
from workbench.migrations import revisions

APP_NAME = "claim-workbench"
DB_ENV = "CLAIM_WORKBENCH_DB"
DEFAULT_FILE_NAME = "workbench.sqlite3"
BUSY_TIMEOUT_S = 15.0
BACKUPS_KEPT = 3
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


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
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


# Driver packages for the database URLs people use, and how to get them.
_DRIVER_HINTS = {
    "psycopg": "pip install 'claim-workbench[postgres]'",
    "psycopg2": "use postgresql+psycopg://… with pip install 'claim-workbench[postgres]'",
}


def _make_engine(url: str, **kwargs: Any) -> Engine:
    """create_engine with the mistakes a user can make in a URL turned into one-line DatabaseErrors."""
    shown = _shown(url)
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


def _shown(url: str) -> str:
    """A URL as it may be shown to a user: never with its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1] if "@" in url else url


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other databases and in-memory SQLite."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"{_shown(url)}: not a database URL (give a file path or e.g. postgresql+psycopg://user@host/db)"
        ) from None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


@dataclass
class Database:
    """An open library: a reading engine and a writing engine over the same database."""

    url: str
    engine: Engine
    write_engine: Engine

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None when the library lives in a server database."""
        return sqlite_path(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; objects stay usable after it closes."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            except DBAPIError as exc:
                if isinstance(exc, OperationalError) or _damaged(exc):
                    raise _friendly(exc, self.url) from exc
                raise

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction for one user action: committed on success, rolled back on error."""
        with Session(self.write_engine, expire_on_commit=False) as session:
            try:
                with session.begin():
                    yield session
            except DBAPIError as exc:
                if isinstance(exc, OperationalError) or _damaged(exc):
                    raise _friendly(exc, self.url) from exc
                raise

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()
        self.write_engine.dispose()


def _damaged(exc: DBAPIError) -> bool:
    """True when the driver says the file is not (or no longer) a sound database."""
    text = str(exc.orig)
    return "not a database" in text or "malformed" in text or "corrupt" in text


def _friendly(exc: DBAPIError, url: str) -> DatabaseError:
    """Translate a driver error into a message a user understands."""
    text = " ".join(str(exc.orig).split())  # one line, whatever the driver wrote
    where = sqlite_path(url) or _shown(url)
    if "locked" in text or "busy" in text:
        return DatabaseError(f"{where}: the database is busy (another program is writing to it); try again")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseError(f"{where}: the database file is damaged ({text}); it was left as it is")
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"{where}: the database is read-only")
    return DatabaseError(f"{where}: database error: {text}")


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


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
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
    else:
        engine = _make_engine(url, pool_pre_ping=True)
        write_engine = engine
    try:
        current = _current_revision(engine)
        if current is not None and current not in known:
            raise DatabaseTooNew(
                f"{url}: this library was written by a newer version of Claim Workbench "
                f"(schema {current}); update the app to open it. It was left untouched."
            )
        if current != head:
            _upgrade(write_engine)
    except DBAPIError as exc:
        engine.dispose()
        write_engine.dispose()
        raise _friendly(exc, url) from exc
    except DatabaseTooNew:
        engine.dispose()
        write_engine.dispose()
        raise
    return Database(url=url, engine=engine, write_engine=write_engine)
