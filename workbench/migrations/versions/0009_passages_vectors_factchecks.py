"""matching v2: passages and their vectors replace the term index; fact-checks checked before

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 09:00:00

- article_passages: each article cut into passages (sentences) with their content terms; replaces
  article_terms (the per-article inverted index) and article_term_sequences.
- article_vectors: the passages' sentence vectors (int8), with the model that made them.
- claim_vectors: a claim's vector (the query when it is matched or checked before).
- factchecks: claims checked before, imported from fact-checkers' CSV or ClaimReview files.
- suggestions: the match's tier (same text, close wording, reworded) and its evidence (semantic,
  lexical and character similarity); empty for suggestions made before.

Passages and vectors are derived data: this migration leaves them empty and the app fills them
(passages when the index is next read, vectors in the background), so no app code runs here.
Downgrading drops the new tables and recreates the two old ones empty (the old matcher then finds
nothing until its articles are imported again).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "article_passages" in sa.inspect(op.get_bind()).get_table_names():
        # Applied already: for about an hour on 1 Dec 2026 this migration was numbered 0004 and ran before
        # 0005-0008, so a library made then is at 0008 with all of it in place.
        return
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tier", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("semantic", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("lexical", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("character", sa.Float(), nullable=True))
        batch_op.create_check_constraint("tier", "tier IN ('same-text', 'close-wording', 'reworded')")
    with op.batch_alter_table("article_terms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_terms_article_id"))
    op.drop_table("article_terms")
    op.drop_table("article_term_sequences")
    op.create_table(
        "article_passages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("analyzer", sa.String(length=40), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("spans_hash", sa.String(length=64), nullable=False),
        sa.Column("spans", sa.LargeBinary(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_article_passages_article_id_articles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_passages")),
        sa.UniqueConstraint("article_id", name=op.f("uq_article_passages_article_id")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "article_vectors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("spans_hash", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_article_vectors_article_id_articles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_vectors")),
        sa.UniqueConstraint("article_id", name=op.f("uq_article_vectors_article_id")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_article_vectors_model_article", "article_vectors", ["model", "article_id", "id"])
    op.create_table(
        "claim_vectors",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_vectors_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claim_vectors")),
    )
    op.create_table(
        "factchecks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("rating", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("organization", sa.String(length=500), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=1000), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("analyzer", sa.String(length=40), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("vector_model", sa.String(length=200), nullable=True),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_factchecks")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_factchecks_content_hash")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_factchecks_vector_model", "factchecks", ["vector_model", "id"])


def downgrade() -> None:
    op.drop_index("ix_factchecks_vector_model", table_name="factchecks")
    op.drop_index("ix_article_vectors_model_article", table_name="article_vectors")
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_suggestions_tier"), type_="check")
        batch_op.drop_column("character")
        batch_op.drop_column("lexical")
        batch_op.drop_column("semantic")
        batch_op.drop_column("tier")
    op.drop_table("factchecks")
    op.drop_table("claim_vectors")
    op.drop_table("article_vectors")
    op.drop_table("article_passages")
    op.create_table(
        "article_term_sequences",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_article_term_sequences_article_id_articles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_term_sequences")),
    )
    op.create_table(
        "article_terms",
        sa.Column("term", sa.String(length=100), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_article_terms_article_id_articles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("term", "article_id", name=op.f("pk_article_terms")),
    )
    with op.batch_alter_table("article_terms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_terms_article_id"), ["article_id"], unique=False)
