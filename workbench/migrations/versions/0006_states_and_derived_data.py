"""CHECK constraints on status-like columns; versions of derived data; outlets remembered per masthead

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 10:00:00

- claims.anchor_state, suggestions.state and verdicts.status accept only their known values (CHECK).
  A value outside the set cannot come from the app; should one be there anyway it is mapped to the safe
  choice (needs_review, pending, draft) so the constraint can be added.
- derived_data records which version of the code built derived data such as the search index. A library
  that already holds articles gets "unrecorded" for its index: `check` reports it stale until `reindex`.
- masthead_outlets: the outlet a reviewer named for articles opening with a masthead line.

Frozen history: this file never imports application code; the value sets are copied here.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

CHECKS = (  # table, column, allowed values, the value an unknown one becomes
    ("claims", "anchor_state", ("anchored", "moved", "fuzzy", "needs_review"), "needs_review"),
    ("suggestions", "state", ("pending", "accepted", "rejected"), "pending"),
    ("verdicts", "status", ("draft", "review", "final"), "draft"),
)


def _allowed(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    connection = op.get_bind()
    for table, column, values, fallback in CHECKS:
        connection.execute(
            sa.text(f"UPDATE {table} SET {column} = :fallback WHERE {column} IS NULL OR NOT ({_allowed(column, values)})"),
            {"fallback": fallback},
        )
        # SQLite cannot add a constraint in place: batch mode copies the table (foreign keys are off meanwhile).
        with op.batch_alter_table(table, recreate="auto") as batch_op:
            batch_op.create_check_constraint(op.f(f"ck_{table}_{column}"), _allowed(column, values))

    op.create_table(
        "derived_data",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.String(length=200), nullable=False),
        sa.Column("built_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_derived_data")),
    )
    has_articles = connection.execute(sa.text("SELECT 1 FROM articles LIMIT 1")).first() is not None
    if has_articles:
        derived = sa.table("derived_data", sa.column("name", sa.String), sa.column("version", sa.String),
                           sa.column("built_at", sa.DateTime))
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        connection.execute(sa.insert(derived), [{"name": "search_index", "version": "unrecorded", "built_at": now}])

    op.create_table(
        "masthead_outlets",
        sa.Column("masthead", sa.String(length=200), nullable=False),
        sa.Column("outlet", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("masthead", name=op.f("pk_masthead_outlets")),
    )


def downgrade() -> None:
    op.drop_table("masthead_outlets")
    op.drop_table("derived_data")
    for table, column, _values, _fallback in reversed(CHECKS):
        with op.batch_alter_table(table, recreate="auto") as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
