"""Shared fixtures: a fresh library per test, on SQLite and on PostgreSQL, optionally holding the samples.

Backends: every test that uses `db_url` (directly or through `wb`, `seeded`, `sample`...) runs twice,
as `[sqlite]` and `[postgresql]`. The PostgreSQL variant gets a fresh database copied from a template
migrated once per test process, in a throwaway cluster started once per test process (see pgcluster.py);
without PostgreSQL binaries it is skipped with the reason. A test stays SQLite-only when it is about
SQLite files: it asks for `db_path` (a library *file*), is marked `sqlite_only`, or is a window test
(tests/ui). A test marked `postgresql_only` gets only the PostgreSQL variant of `db_url`; `pg` is the server
itself and `team` a library after `team init` with reviewer and editor logins (teamkit.py).
`--backends sqlite` (or CLAIM_WORKBENCH_TEST_BACKENDS=sqlite) runs only the SQLite variants.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from pgcluster import MISSING, Cluster, find_bindir, fresh_library  # noqa: E402
from teamkit import TeamLibrary  # noqa: E402

BACKENDS = ("sqlite", "postgresql")
BACKENDS_ENV = "CLAIM_WORKBENCH_TEST_BACKENDS"
TEMPLATE = "cw_template"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backends", default=os.environ.get(BACKENDS_ENV, ",".join(BACKENDS)),
        help="comma-separated database backends for database-facing tests (default: sqlite,postgresql)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about SQLite files; no PostgreSQL variant")
    config.addinivalue_line("markers", "postgresql_only: the test needs a database server (team mode, LISTEN...)")


def _selected_backends(config: pytest.Config) -> list[str]:
    wanted = [b.strip() for b in str(config.getoption("--backends")).split(",") if b.strip()]
    unknown = set(wanted) - set(BACKENDS)
    if unknown:
        raise pytest.UsageError(f"unknown backend(s) {sorted(unknown)}; use {', '.join(BACKENDS)}")
    return wanted


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each database-facing test once per backend."""
    if "db_backend" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("postgresql_only"):
        metafunc.parametrize("db_backend", ["postgresql"], indirect=True)
        return
    sqlite_only = (
        metafunc.definition.get_closest_marker("sqlite_only") is not None
        or "db_path" in metafunc.fixturenames
        or Path(str(metafunc.definition.path)).is_relative_to(Path(HERE) / "ui")
    )
    if sqlite_only:
        return  # db_backend defaults to sqlite; the test keeps its plain id
    backends = _selected_backends(metafunc.config)
    if backends == ["sqlite"]:
        return
    metafunc.parametrize("db_backend", backends, indirect=True)


@pytest.fixture
def db_backend(request: pytest.FixtureRequest) -> str:
    """'sqlite' or 'postgresql' (parametrized by pytest_generate_tests)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_cluster(pytestconfig: pytest.Config) -> Iterator[Cluster]:
    """One throwaway PostgreSQL server per test process (skips when PostgreSQL is not installed or not chosen)."""
    if "postgresql" not in _selected_backends(pytestconfig):
        pytest.skip("PostgreSQL not among the chosen backends (--backends)")
    if find_bindir() is None:
        pytest.skip(MISSING)
    cluster = Cluster.create()
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    """A database migrated to the newest schema, copied for each test (CREATE DATABASE ... TEMPLATE)."""
    from workbench.db import open_database

    pg_cluster.execute(f'CREATE DATABASE "{TEMPLATE}"')
    open_database(pg_cluster.url(TEMPLATE)).close()
    return TEMPLATE


@pytest.fixture
def pg(pg_cluster: Cluster) -> Cluster:
    """The test cluster, up (a test that restarted it left it running)."""
    pg_cluster.wait_ready()
    return pg_cluster


@pytest.fixture
def db_url(request: pytest.FixtureRequest, db_backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh library on this test's backend: an SQLite file path, or a PostgreSQL URL (already migrated)."""
    with fresh_library(request, db_backend, tmp_path) as url:
        yield url


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A library *file* (SQLite only): for tests about files; use db_url for anything else."""
    return tmp_path / "library.sqlite3"


@pytest.fixture
def wb(db_url: str) -> Iterator[object]:
    from workbench.service import Workbench

    service = Workbench.open(db_url, user="tester")
    yield service
    service.close()


@pytest.fixture
def seeded(wb: object) -> object:
    """A library holding the five sample articles."""
    results = wb.import_seeds()  # type: ignore[attr-defined]
    assert [r.status for r in results] == ["imported"] * 5, results
    return wb


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Make every socket connection and DNS lookup fail; returns the list of attempted addresses."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access attempted during import")

    monkeypatch.setattr(socket.socket, "connect", lambda self, address: refuse(address))
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, address: refuse(address))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


# -- a team library on the test server ----------------------------------------------------------------


@pytest.fixture
def team(pg: Cluster, pg_template: str) -> Iterator[TeamLibrary]:
    """A team library holding the five sample articles (imported by the owner)."""
    library = TeamLibrary(pg, pg.new_database(pg_template))
    try:
        assert {r.status for r in library.owner.import_seeds()} == {"imported"}  # type: ignore[attr-defined]
        yield library
    finally:
        library.close()
