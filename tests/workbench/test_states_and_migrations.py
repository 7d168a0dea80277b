"""Closed sets of values (enums and CHECK constraints), DTOs built by keyword, and migrations as frozen history."""

from __future__ import annotations

import ast
import dataclasses
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from workbench import db as dbmodule
from workbench.service import ClaimInfo, EvidenceInfo, Workbench, dto
from workbench.states import AnchorState, SuggestionState, VerdictStatus

VERSIONS = Path(dbmodule.__file__).with_name("migrations") / "versions"


@pytest.mark.parametrize(("table", "column", "values"), [
    ("claims", "anchor_state", AnchorState), ("suggestions", "state", SuggestionState),
    ("verdicts", "status", VerdictStatus),
])
def test_the_database_refuses_a_value_outside_the_set(seeded: Workbench, table: str, column: str,
                                                       values: type) -> None:
    claim = seeded.add_claim(1, quote="Sergei Lavrov")
    seeded.suggest(claim.id)
    seeded.set_verdict(claim.group_id, rating="false")
    with seeded.db.write() as session:  # every known value is accepted
        for value in values:
            session.execute(text(f"UPDATE {table} SET {column} = :v"), {"v": value.value})
    with pytest.raises(IntegrityError, match=r"(?i)check"), seeded.db.write() as session:
        session.execute(text(f"UPDATE {table} SET {column} = 'bogus'"))


def test_stored_states_come_back_as_enums(seeded: Workbench) -> None:
    claim = seeded.add_claim(1, quote="Sergei Lavrov")
    suggestion = seeded.suggest(claim.id)[0]
    verdict = seeded.set_verdict(claim.group_id, status="in review")
    assert seeded.get_claim(claim.id).anchor_state is AnchorState.ANCHORED
    assert seeded.get_suggestion(suggestion.id).state is SuggestionState.PENDING
    assert verdict.status is VerdictStatus.REVIEW and verdict.status == "review"


def test_every_dto_is_built_by_keyword() -> None:
    classes = [c for c in vars(dto).values() if dataclasses.is_dataclass(c) and c.__module__ == dto.__name__]
    assert len(classes) >= 10
    for cls in classes:
        assert all(f.kw_only for f in dataclasses.fields(cls)), cls
    with pytest.raises(TypeError):
        EvidenceInfo("https://example.org")  # type: ignore[misc]
    assert "anchor_state" in {f.name for f in dataclasses.fields(ClaimInfo)}


def test_migrations_never_import_application_code() -> None:
    for path in sorted(VERSIONS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            assert not any(n == "workbench" or n.startswith(("workbench.", "ui")) for n in names), (path.name, names)


def _library_at(path: Path, revision: str) -> None:
    """A library file migrated only up to revision (as an older Claim Workbench left it)."""
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(dbmodule.MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_migrating_a_0003_library_keeps_every_row_and_adds_the_constraints(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _library_at(path, "0003")
    conn = sqlite3.connect(path)
    conn.executescript("""
        INSERT INTO articles (id, title, file_format, text, length, content_hash, imported_at, updated_at)
            VALUES (1, 'A', 'text', 'The minister said so on Monday.', 31, 'h1', '2026-01-01', '2026-01-01'),
                   (2, 'B', 'text', 'The minister said so on Tuesday.', 32, 'h2', '2026-01-01', '2026-01-01');
        INSERT INTO claim_groups (id, canonical, created_at, updated_at) VALUES (1, 'x', '2026-01-01', '2026-01-01');
        INSERT INTO claims (id, article_id, group_id, start, "end", quote, prefix, suffix, anchor_state, created_at)
            VALUES (1, 1, 1, 0, 12, 'The minister', '', '', 'weird', '2026-01-01');
        INSERT INTO suggestions (id, claim_id, article_id, start, "end", text, score, method, state, created_at)
            VALUES (1, 1, 2, 0, 12, 'The minister', 99, 'exact', 'pending', '2026-01-01'),
                   (2, 1, 2, 4, 12, 'minister', 60, 'exact', 'rejected', '2026-01-01');
    """)
    conn.commit()
    conn.close()

    wb = Workbench.open(path)
    try:
        assert [s.state for s in wb.list_suggestions(1, states=list(SuggestionState))] == ["pending", "rejected"]
        assert wb.get_claim(1).anchor_state is AnchorState.NEEDS_REVIEW  # an unknown value becomes the safe one
        report = wb.check()
        stale = [p for p in report.problems if p.kind == "stale"]  # its index was built before versions were kept
        assert len(stale) == 1 and "before index versions were recorded" in stale[0].message
        with pytest.raises(IntegrityError), wb.db.write() as session:
            session.execute(text("UPDATE claims SET anchor_state = 'weird'"))
    finally:
        wb.close()
