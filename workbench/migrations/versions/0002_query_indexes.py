"""indexes for the queries the app runs most

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 10:00:00

- suggestions by (claim_id, state): the pending suggestions of a claim (review pane, batch matching);
- claims by (article_id, start): an article's claims in reading order (article pane, `show`, exports);
- articles by (source_id, title): the "same outlet and title" lookup on every import.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.create_index("ix_suggestions_claim_state", ["claim_id", "state"], unique=False)
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_article_start", ["article_id", "start"], unique=False)
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index("ix_articles_source_title", ["source_id", "title"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_source_title")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_article_start")
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.drop_index("ix_suggestions_claim_state")
