"""each article's content terms in reading order, for a cheap first look when matching

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:00:00

Matching a claim looks at up to a hundred candidate articles; reading their stored term sequences
tells which hold a dense window of the claim's terms without normalising and tokenising them.
Existing articles get their sequence here, computed with the same tokenizer as new imports.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BATCH = 200


def upgrade() -> None:
    op.create_table(
        "article_term_sequences",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_article_term_sequences_article_id_articles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_term_sequences")),
    )
    from workbench.matching.tokens import content_terms
    from workbench.normalize import normalize

    connection = op.get_bind()
    articles = sa.table("articles", sa.column("id", sa.Integer), sa.column("text", sa.Text))
    sequences = sa.table("article_term_sequences", sa.column("article_id", sa.Integer), sa.column("terms", sa.Text))
    last = 0
    while True:
        rows = connection.execute(
            sa.select(articles.c.id, articles.c.text).where(articles.c.id > last).order_by(articles.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        connection.execute(sa.insert(sequences), [
            {"article_id": aid, "terms": " ".join(content_terms(normalize(text).text))} for aid, text in rows
        ])
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_table("article_term_sequences")
