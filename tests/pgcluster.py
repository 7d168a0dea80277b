"""A throwaway PostgreSQL cluster for the tests and benchmarks: initdb + pg_ctl in a temporary folder.

The server refuses to run as root, so when the tests run as root (CI containers) the cluster belongs to
an unprivileged OS user (`postgres` when the Debian package made one, else `nobody`) and its folder is
handed over to that user. It listens on a unix socket in its own folder and on 127.0.0.1 at a free port
(local socket: trust, for the superuser that makes and drops test databases; TCP: password, for logins
made by `team add`). fsync, full-page writes and synchronous commit are off: nothing here must survive
a power cut, and it keeps CREATE DATABASE from a template at a few tens of milliseconds.

Set CLAIM_WORKBENCH_PG_BIN to the folder of initdb/pg_ctl to choose a server version.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

BIN_ENV = "CLAIM_WORKBENCH_PG_BIN"
SUPERUSER = "postgres"
MISSING = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found: install the Debian package `postgresql` "
    f"(or set {BIN_ENV} to their folder) to run the PostgreSQL variants"
)


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when no server is installed."""
    candidates: list[str] = []
    if os.environ.get(BIN_ENV):
        candidates.append(os.environ[BIN_ENV])
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    which = shutil.which("initdb")
    if which:
        candidates.append(str(Path(which).parent))
    for folder in candidates:
        path = Path(folder)
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file():
            return path
    return None


def _version_key(folder: str) -> int:
    try:
        return int(Path(folder).parent.name)
    except ValueError:
        return 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_account() -> tuple[int, int] | None:
    """(uid, gid) to run the server as when we are root; None when we can run it ourselves."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return entry.pw_uid, entry.pw_gid
    raise RuntimeError("running as root and no unprivileged account (postgres, nobody) to run PostgreSQL as")


@dataclass
class Cluster:
    """One running PostgreSQL server in a temporary folder."""

    root: Path
    bindir: Path
    port: int
    account: tuple[int, int] | None
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1), repr=False)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    # -- life cycle ---------------------------------------------------------------------------

    @classmethod
    def create(cls) -> Cluster:
        """initdb a new cluster in a fresh temporary folder and start it."""
        bindir = find_bindir()
        if bindir is None:
            raise FileNotFoundError(MISSING)
        root = Path(tempfile.mkdtemp(prefix=f"cw-pg-{os.getpid()}-"))
        account = _server_account()
        if account is not None:
            os.chown(root, *account)
        cluster = cls(root, bindir, free_port(), account)
        cluster._run("initdb", "-D", str(cluster.data), "-U", SUPERUSER, "--auth-local=trust",
                     "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8", "--no-locale", "--no-instructions")
        with (cluster.data / "postgresql.conf").open("a") as conf:
            conf.write(
                "\n# test cluster: speed over durability\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                f"unix_socket_directories = '{cluster.socket_dir}'\nlisten_addresses = '127.0.0.1'\n"
                f"port = {cluster.port}\nmax_connections = 200\nshared_buffers = 32MB\n"
                "log_min_messages = warning\nlog_connections = off\n"
            )
        cluster.start()
        return cluster

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self, mode: str = "fast") -> None:
        """Stop the server (dropping every connection) and start it again on the same port."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "-l", str(self.root / "server.log"),
                  "restart")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        kwargs: dict[str, Any] = {}
        if self.account is not None:
            kwargs.update(user=self.account[0], group=self.account[1], extra_groups=[])
        proc = subprocess.run([str(self.bindir / program), *args], cwd=self.root, capture_output=True, text=True,
                              env={"PATH": os.environ.get("PATH", ""), "LC_ALL": "C"}, timeout=120, **kwargs)
        if proc.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise subprocess.CalledProcessError(proc.returncode, [program, *args], proc.stdout,
                                                proc.stderr + "\n" + tail)

    # -- connecting ---------------------------------------------------------------------------

    def url(self, database: str, user: str = SUPERUSER, *, password: str | None = None, tcp: bool = False) -> str:
        """A SQLAlchemy URL: over the unix socket (trust) or over TCP (password or .pgpass)."""
        who = quote(user, safe="") + (f":{quote(password, safe='')}" if password is not None else "")
        if tcp:
            return f"postgresql+psycopg://{who}@127.0.0.1:{self.port}/{database}"
        return f"postgresql+psycopg://{who}@/{database}?host={quote(str(self.socket_dir), safe='')}&port={self.port}"

    def conninfo(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """A libpq connection string for psycopg over the unix socket."""
        return f"host={self.socket_dir} port={self.port} dbname={database} user={user}"

    def execute(self, *statements: str, database: str = "postgres") -> list[tuple[Any, ...]]:
        """Run statements as the superuser, outside a transaction; the last one's rows."""
        import psycopg

        rows: list[tuple[Any, ...]] = []
        with psycopg.connect(self.conninfo(database), autocommit=True) as conn:
            for statement in statements:
                cursor = conn.execute(statement)
                rows = cursor.fetchall() if cursor.description else []
        return rows

    def new_database(self, template: str | None = None, prefix: str = "t") -> str:
        """Create an empty database (or a copy of template) with a fresh name; returns its name."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        # FILE_COPY (PostgreSQL 15+) copies a small template in a few ms, WAL_LOG (the default) in ~0.3 s.
        copy = f' TEMPLATE "{template}"' + (" STRATEGY FILE_COPY" if self.version >= 15 else "") if template else ""
        self.execute(f'CREATE DATABASE "{name}"{copy}')
        return name

    @property
    def version(self) -> int:
        """The server's major version."""
        return int((self.data / "PG_VERSION").read_text().strip().split(".")[0])

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Wait until the server accepts connections again (after a restart)."""
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(self.conninfo(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


@contextlib.contextmanager
def fresh_library(request: Any, backend: str, folder: Path) -> Iterator[str]:
    """A fresh library for a test: an SQLite file in folder, or a database copied from the test server's migrated
    template (the `pg` and `pg_template` fixtures, so it skips with their reason without PostgreSQL)."""
    if backend == "sqlite":
        yield str(folder / "library.sqlite3")
        return
    cluster: Cluster = request.getfixturevalue("pg")
    name = cluster.new_database(request.getfixturevalue("pg_template"))
    try:
        yield cluster.url(name)
    finally:
        cluster.wait_ready()
        cluster.drop_database(name)
