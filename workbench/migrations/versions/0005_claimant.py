"""who made a claim: the claimant of each claim group (name, optional role, Person or Organization)

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-01 10:00:00

Exported as ClaimReview ``itemReviewed.author`` and in the spreadsheets. A group has either no
claimant (all three columns NULL) or a name with its schema.org type.

SQLite cannot add a table constraint without rebuilding the table, and the rebuild (drop and
rename) is refused while claims refer to their groups with foreign keys on; so on SQLite the check
is declared with the last added column (SQLite checks a column constraint like a table constraint,
other columns included). Other databases add it as a table constraint.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None

NAME = "ck_claim_groups_claimant"
CHECK = (
    "(claimant_name IS NULL AND claimant_type IS NULL AND claimant_role IS NULL) OR "
    "(claimant_name IS NOT NULL AND claimant_type IN ('Person', 'Organization'))"
)


def upgrade() -> None:
    op.add_column("claim_groups", sa.Column("claimant_name", sa.String(length=300), nullable=True))
    op.add_column("claim_groups", sa.Column("claimant_role", sa.String(length=300), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE claim_groups ADD COLUMN claimant_type VARCHAR(20) CONSTRAINT {NAME} CHECK ({CHECK})")
    else:
        op.add_column("claim_groups", sa.Column("claimant_type", sa.String(length=20), nullable=True))
        op.create_check_constraint(op.f(NAME), "claim_groups", sa.text(CHECK))


def downgrade() -> None:
    with op.batch_alter_table("claim_groups", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.drop_column("claimant_type")
        batch_op.drop_column("claimant_role")
        batch_op.drop_column("claimant_name")
