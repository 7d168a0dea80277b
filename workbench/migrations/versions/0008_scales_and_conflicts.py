"""rating descriptions, readable default colour, kept-apart conflict decisions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:00:00

- rating_scale.description: what a rating means on its desk's scale (PolitiFact, Snopes, AFP presets).
- The default "False" colour #d7301f carries dark text at only 3.6:1; it becomes #ee6352 (5.4:1, WCAG
  AA) where the library still has the original colour. The default scale's descriptions are filled in.
- conflict_decisions: two claim groups flagged as a verdict conflict that a reviewer decided to keep
  apart, with the reason (group_a <= group_b; equal for a conflict inside one group).

Frozen history: the values below are copied here, not imported from the app.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OLD_FALSE, NEW_FALSE = "#d7301f", "#ee6352"
DESCRIPTIONS = {
    "false": "The claim is not accurate.",
    "mostly-false": "Some accurate element, but the claim misleads.",
    "mixed": "Partly accurate, partly not.",
    "mostly-true": "Accurate but needs clarification.",
    "true": "The claim is accurate.",
    "unproven": "The evidence neither proves nor disproves it.",
}


def upgrade() -> None:
    with op.batch_alter_table("rating_scale", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description", sa.Text(), nullable=True))
    scale = sa.table("rating_scale", sa.column("key", sa.String), sa.column("colour", sa.String),
                     sa.column("description", sa.Text))
    op.execute(scale.update().where(scale.c.key == "false", scale.c.colour == OLD_FALSE).values(colour=NEW_FALSE))
    for key, text in DESCRIPTIONS.items():
        op.execute(scale.update().where(scale.c.key == key, scale.c.description.is_(None)).values(description=text))

    op.create_table(
        "conflict_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_a", sa.Integer(), nullable=False),
        sa.Column("group_b", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("group_a <= group_b", name=op.f("ck_conflict_decisions_ordered_pair")),
        sa.ForeignKeyConstraint(["group_a"], ["claim_groups.id"],
                                name=op.f("fk_conflict_decisions_group_a_claim_groups"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["group_b"], ["claim_groups.id"],
                                name=op.f("fk_conflict_decisions_group_b_claim_groups"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_decisions")),
        sa.UniqueConstraint("group_a", "group_b", name=op.f("uq_conflict_decisions_group_a")),
    )
    with op.batch_alter_table("conflict_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_decisions_group_b"), ["group_b"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("conflict_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_decisions_group_b"))
    op.drop_table("conflict_decisions")
    scale = sa.table("rating_scale", sa.column("key", sa.String), sa.column("colour", sa.String))
    op.execute(scale.update().where(scale.c.key == "false", scale.c.colour == NEW_FALSE).values(colour=OLD_FALSE))
    with op.batch_alter_table("rating_scale", schema=None) as batch_op:
        batch_op.drop_column("description")
