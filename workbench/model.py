"""SQLAlchemy typed ORM classes: the stored shape of a Claim Workbench library.

These objects stay inside the core; the service layer hands plain dataclasses to front ends.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from workbench.states import AnchorState, SuggestionState, VerdictStatus

CONTEXT_CHARS = 32
CLAIMANT_TYPES = ("Person", "Organization")  # schema.org types of who made a claim

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _state(enum: type[AnchorState | SuggestionState | VerdictStatus], name: str) -> Enum:
    """A closed set of values stored as text (its values, not member names) under a CHECK constraint."""
    return Enum(enum, name=name, native_enum=False, create_constraint=True, length=20,
                values_callable=lambda members: [m.value for m in members])


def utcnow() -> dt.datetime:
    """Current time in UTC, timezone-naive (stored as UTC everywhere)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    """An outlet (newspaper, agency, website)."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    homepage: Mapped[str | None] = mapped_column(String(2000))
    articles: Mapped[list[Article]] = relationship(back_populates="source")


class Article(Base):
    """One imported article with its full text, as stored (claims index into it)."""

    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_source_title", "source_id", "title"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(2000))
    published: Mapped[dt.date | None] = mapped_column(Date)
    author: Mapped[str | None] = mapped_column(String(500))
    language: Mapped[str | None] = mapped_column(String(20))
    file_name: Mapped[str | None] = mapped_column(String(1000))
    file_format: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    length: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    source: Mapped[Source | None] = relationship(back_populates="articles")
    claims: Mapped[list[Claim]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class ClaimGroup(Base):
    """The cross-source claim: every linked claim variant belongs to one group, and who made it (claimant)."""

    __tablename__ = "claim_groups"
    __table_args__ = (
        CheckConstraint(
            "(claimant_name IS NULL AND claimant_type IS NULL AND claimant_role IS NULL) OR "
            "(claimant_name IS NOT NULL AND claimant_type IN ('Person', 'Organization'))",
            name="claimant",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    canonical: Mapped[str] = mapped_column(Text)
    claimant_name: Mapped[str | None] = mapped_column(String(300))
    claimant_role: Mapped[str | None] = mapped_column(String(300))
    claimant_type: Mapped[str | None] = mapped_column(String(20))  # one of CLAIMANT_TYPES when a name is set
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    claims: Mapped[list[Claim]] = relationship(back_populates="group")
    verdict: Mapped[Verdict | None] = relationship(back_populates="group", cascade="all, delete-orphan")
    # Read only: the database moves and deletes a group's queue entries (a reviewer may not change them).
    assignments: Mapped[list[Assignment]] = relationship(viewonly=True, order_by="Assignment.login")


class Claim(Base):
    """An exact character span (code points) of an article, with quote and context anchors."""

    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_article_start", "article_id", "start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("claim_groups.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(String(200), default="")
    suffix: Mapped[str] = mapped_column(String(200), default="")
    anchor_state: Mapped[AnchorState] = mapped_column(_state(AnchorState, "anchor_state"),
                                                      default=AnchorState.ANCHORED)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    article: Mapped[Article] = relationship(back_populates="claims")
    group: Mapped[ClaimGroup] = relationship(back_populates="claims")


class Suggestion(Base):
    """A proposed link: where a claim seems to appear in another article."""

    __tablename__ = "suggestions"
    __table_args__ = (
        Index("ix_suggestions_claim_article", "claim_id", "article_id"),
        Index("ix_suggestions_claim_state", "claim_id", "state"),
        CheckConstraint("tier IN ('same-text', 'close-wording', 'reworded')", name="tier"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(40))
    state: Mapped[SuggestionState] = mapped_column(_state(SuggestionState, "state"),
                                                   default=SuggestionState.PENDING)
    # The match's kind and evidence (workbench.matching.scoring); empty for suggestions made before tiers.
    tier: Mapped[str | None] = mapped_column(String(20))
    semantic: Mapped[float | None] = mapped_column(Float)
    lexical: Mapped[float | None] = mapped_column(Float)
    character: Mapped[float | None] = mapped_column(Float)
    target_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(200))


class RatingScale(Base):
    """One rating of the scale (ClaimReview-style), with its colour."""

    __tablename__ = "rating_scale"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    value: Mapped[int | None] = mapped_column(Integer)  # 1 (worst) .. 5 (best); None: not on the scale
    colour: Mapped[str] = mapped_column(String(9))
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)  # what the rating means on its desk's scale


class Verdict(Base):
    """The reviewer's finding on a claim group; `version` guards against lost updates."""

    __tablename__ = "verdicts"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("claim_groups.id", ondelete="CASCADE"), unique=True)
    rating_key: Mapped[str | None] = mapped_column(ForeignKey("rating_scale.key"))
    rationale: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[VerdictStatus] = mapped_column(_state(VerdictStatus, "status"), default=VerdictStatus.DRAFT)
    reviewer: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    written_by: Mapped[str | None] = mapped_column(String(200))  # last author of the rating or rationale
    approved_by: Mapped[str | None] = mapped_column(String(200))  # who made it final (two-person sign-off)
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    group: Mapped[ClaimGroup] = relationship(back_populates="verdict")
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="verdict", cascade="all, delete-orphan", order_by="Evidence.position"
    )
    revisions: Mapped[list[VerdictRevision]] = relationship(
        back_populates="verdict", cascade="all, delete-orphan", order_by="VerdictRevision.id"
    )

    __mapper_args__ = {"version_id_col": version}


class Evidence(Base):
    """A piece of evidence supporting a verdict."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000), default="")
    title: Mapped[str] = mapped_column(String(1000), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    verdict: Mapped[Verdict] = relationship(back_populates="evidence")


class VerdictRevision(Base):
    """Who changed what on a verdict, and when (old and new value per field)."""

    __tablename__ = "verdict_revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    changed_by: Mapped[str | None] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)

    verdict: Mapped[Verdict] = relationship(back_populates="revisions")


class Assignment(Base):
    """A claim group in a reviewer's queue."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_login", "login"),)
    group_id: Mapped[int] = mapped_column(ForeignKey("claim_groups.id", ondelete="CASCADE"), primary_key=True)
    login: Mapped[str] = mapped_column(String(200), primary_key=True)
    assigned_by: Mapped[str | None] = mapped_column(String(200))
    assigned_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Rating(Base):
    """One rater's own rating of a claim group (blind double rating: raters do not see each other's)."""

    __tablename__ = "ratings"
    group_id: Mapped[int] = mapped_column(ForeignKey("claim_groups.id", ondelete="CASCADE"), primary_key=True)
    rater: Mapped[str] = mapped_column(String(200), primary_key=True)
    rating_key: Mapped[str] = mapped_column(ForeignKey("rating_scale.key"))
    note: Mapped[str] = mapped_column(Text, default="")
    rated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ArticlePassages(Base):
    """An article cut into passages (sentences) with their content terms: what retrieval reads.

    Derived from the article's text by ``workbench.matching.passages`` (``analyzer`` names the version
    of that cut); rebuilt when the text or the analyzer changes. ``spans`` holds int32 (start, end)
    pairs in code points; ``terms`` one line per passage, terms separated by spaces. A rebuild writes a
    new row (ids only grow), so a reader holding an index in memory sees that it changed.
    """

    __tablename__ = "article_passages"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), unique=True)
    analyzer: Mapped[str] = mapped_column(String(40))
    content_hash: Mapped[str] = mapped_column(String(64))  # of the article text the passages were cut from
    spans_hash: Mapped[str] = mapped_column(String(64))
    spans: Mapped[bytes] = mapped_column(LargeBinary)
    terms: Mapped[str] = mapped_column(Text)


class ConflictDecision(Base):
    """A reviewer's decision that two claim groups flagged as conflicting stay apart, and why.

    group_a <= group_b; both the same group for a conflict inside one group (contradictory notes).
    """

    __tablename__ = "conflict_decisions"
    __table_args__ = (
        UniqueConstraint("group_a", "group_b"),
        CheckConstraint("group_a <= group_b", name="ordered_pair"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    group_a: Mapped[int] = mapped_column(ForeignKey("claim_groups.id", ondelete="CASCADE"))
    group_b: Mapped[int] = mapped_column(ForeignKey("claim_groups.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ArticleVectors(Base):
    """The sentence vectors of an article's passages (int8 rows with a float32 scale each).

    Valid while ``model`` is the running encoder's name/version and ``spans_hash`` the passages' own:
    anything else is re-embedded. A new row (new id) each time, like ArticlePassages.
    """

    __tablename__ = "article_vectors"
    __table_args__ = (
        # covers the "what changed?" query matching runs before each search (the rows hold large blobs)
        Index("ix_article_vectors_model_article", "model", "article_id", "id"),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), unique=True)
    model: Mapped[str] = mapped_column(String(200))
    spans_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ClaimVector(Base):
    """The sentence vector of a claim's quote (the query when the claim is matched or checked)."""

    __tablename__ = "claim_vectors"
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    model: Mapped[str] = mapped_column(String(200))
    text_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class FactCheck(Base):
    """A claim checked before, imported from a fact-checker's CSV or ClaimReview file.

    ``terms`` and ``vector`` are derived like an article's passages: the claim is passage 0 and the
    title (when there is one) passage 1.
    """

    __tablename__ = "factchecks"
    __table_args__ = (Index("ix_factchecks_vector_model", "vector_model", "id"), {"sqlite_autoincrement": True})
    id: Mapped[int] = mapped_column(primary_key=True)
    claim: Mapped[str] = mapped_column(Text)
    rating: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    organization: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[dt.date | None] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str | None] = mapped_column(String(1000))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    analyzer: Mapped[str] = mapped_column(String(40))
    terms: Mapped[str] = mapped_column(Text)
    vector_model: Mapped[str | None] = mapped_column(String(200))
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)


class Setting(Base):
    """Library-wide settings (reviewing organisation, its URL...)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)



class DerivedData(Base):
    """What version of the code built a kind of derived data (the search index...): stale when it differs."""

    __tablename__ = "derived_data"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[str] = mapped_column(String(200))
    built_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class MastheadOutlet(Base):
    """The outlet a reviewer named for articles opening with this masthead line (used on later imports)."""

    __tablename__ = "masthead_outlets"
    masthead: Mapped[str] = mapped_column(String(200), primary_key=True)
    outlet: Mapped[str] = mapped_column(String(200))
