"""Shared fixtures: a fresh library file per test, optionally holding the sample articles."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite3"


@pytest.fixture
def wb(db_path: Path) -> Iterator[object]:
    from workbench.service import Workbench

    service = Workbench.open(db_path, user="tester")
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
