"""Claim actions: mark a span or quote as a claim, remove and restore it, list claims and groups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workbench.errors import InvalidValue, VerdictConflict
from workbench.model import Article, Assignment, Claim, ClaimGroup, RatingScale, utcnow
from workbench.service.base import ServiceBase
from workbench.service.claimants import claimant_of
from workbench.service.dto import ClaimInfo, GroupInfo
from workbench.textspan import find_quote, make_anchor


@dataclass(frozen=True)
class RemovedClaim:
    """Everything needed to put a removed claim back exactly as it was (undo)."""

    claim: ClaimInfo
    group_canonical: str
    group_deleted: bool
    group_created_at: dt.datetime | None = None  # kept, so an exported row key still matches after undo


def claim_info(claim: Claim) -> ClaimInfo:
    """The plain value of a claim row."""
    article = claim.article
    return ClaimInfo(
        id=claim.id, article_id=claim.article_id, group_id=claim.group_id, start=claim.start, end=claim.end,
        text=claim.quote, prefix=claim.prefix, suffix=claim.suffix, anchor_state=claim.anchor_state,
        note=claim.note, created_by=claim.created_by, created_at=claim.created_at,
        source=article.source.name if article.source else None, article_title=article.title,
        article_published=article.published,
    )


def group_info(group: ClaimGroup, scale: dict[str, RatingScale]) -> GroupInfo:
    """The plain value of a group with its claims and verdict summary."""
    verdict = group.verdict
    rating = scale.get(verdict.rating_key) if verdict and verdict.rating_key else None
    claims = sorted(group.claims, key=lambda c: (c.article_id, c.start))
    return GroupInfo(
        id=group.id, canonical=group.canonical, claims=[claim_info(c) for c in claims],
        rating=rating.key if rating else None,
        rating_label=rating.label if rating else None,
        rating_colour=rating.colour if rating else None,
        status=verdict.status if verdict else None,
        reviewer=verdict.reviewer if verdict else None,
        updated_at=max(group.updated_at, verdict.updated_at) if verdict else group.updated_at,
        claimant=claimant_of(group),
        assignees=tuple(a.login for a in group.assignments),
        written_by=verdict.written_by if verdict else None,
        approved_by=verdict.approved_by if verdict else None,
    )


class ClaimActions(ServiceBase):
    """Mark, remove and list claims; list and rename claim groups."""

    def add_claim(
        self,
        article_id: int,
        *,
        start: int | None = None,
        end: int | None = None,
        quote: str | None = None,
        occurrence: int = 1,
        note: str | None = None,
    ) -> ClaimInfo:
        """Mark a span (start, end) or the n-th occurrence of a quote as a new claim in its own group."""
        if (quote is None) == (start is None or end is None):
            raise InvalidValue("give either a span (start and end) or a quote")
        with self.db.write() as session:
            article = self._get(session, Article, article_id, "article")
            if quote is not None:
                start, end = find_quote(article.text, quote, occurrence)
            assert start is not None and end is not None
            claim = self._new_claim(session, article, start, end, note)
            return claim_info(claim)

    def _new_claim(self, session: Session, article: Article, start: int, end: int, note: str | None) -> Claim:
        """Insert a claim for text[start:end] of an article, in a new group of its own."""
        anchor = make_anchor(article.text, start, end)
        group = ClaimGroup(canonical=anchor.quote)
        claim = Claim(
            article=article, group=group, start=start, end=end, quote=anchor.quote,
            prefix=anchor.prefix, suffix=anchor.suffix, note=note, created_by=self.user,
        )
        session.add(claim)
        session.flush()
        return claim

    def remove_claim(self, claim_id: int) -> RemovedClaim:
        """Delete a claim (its group too when it held nothing else and has no verdict)."""
        with self.db.write() as session:
            claim = self._get(session, Claim, claim_id, "claim", lock=True)
            info = claim_info(claim)
            group = self._get(session, ClaimGroup, claim.group_id, "claim group", lock=True)
            canonical, made = group.canonical, group.created_at
            session.delete(claim)
            session.flush()
            session.refresh(group)
            group_deleted = not group.claims and group.verdict is None
            if group_deleted:
                session.delete(group)
            return RemovedClaim(info, canonical, group_deleted, made)

    def restore_claim(self, removed: RemovedClaim) -> ClaimInfo:
        """Put a removed claim back with its id, group and anchors (the inverse of remove_claim)."""
        c = removed.claim
        with self.db.write() as session:
            group = session.get(ClaimGroup, c.group_id)
            if group is None:
                group = ClaimGroup(id=c.group_id, canonical=removed.group_canonical,
                                   **({"created_at": removed.group_created_at} if removed.group_created_at else {}))
                session.add(group)
            article = self._get(session, Article, c.article_id, "article")
            claim = Claim(
                id=c.id, article=article, group=group, start=c.start, end=c.end, quote=c.text,
                prefix=c.prefix, suffix=c.suffix, anchor_state=c.anchor_state, note=c.note,
                created_by=c.created_by, created_at=c.created_at,
            )
            session.add(claim)
            session.flush()
            return claim_info(claim)

    def set_claim_note(self, claim_id: int, note: str | None) -> ClaimInfo:
        """Change a claim's note."""
        with self.db.write() as session:
            claim = self._get(session, Claim, claim_id, "claim", lock=True)
            claim.note = note
            return claim_info(claim)

    def get_claim(self, claim_id: int) -> ClaimInfo:
        """One claim; raises NotFound."""
        with self.db.read() as session:
            return claim_info(self._get(session, Claim, claim_id, "claim"))

    def list_claims(self, article_id: int | None = None, *, assigned_to: str | None = None) -> list[ClaimInfo]:
        """Claims of one article (by position) or of the whole library (by article, position);
        assigned_to: only those whose group is in that login's queue."""
        query = select(Claim).options(selectinload(Claim.article).selectinload(Article.source))
        if article_id is not None:
            with self.db.read() as session:
                self._get(session, Article, article_id, "article")
            query = query.where(Claim.article_id == article_id)
        if assigned_to is not None:
            query = query.where(Claim.group_id.in_(select(Assignment.group_id).where(Assignment.login == assigned_to)))
        query = query.order_by(Claim.article_id, Claim.start, Claim.end, Claim.id)
        with self.db.read() as session:
            return [claim_info(c) for c in session.scalars(query)]

    def list_groups(self, *, assigned_to: str | None = None) -> list[GroupInfo]:
        """Every claim group that holds claims, with its claims and verdict summary (assigned_to: only those
        in that login's queue)."""
        query = (
            select(ClaimGroup)
            .where(ClaimGroup.claims.any())
            .options(
                selectinload(ClaimGroup.claims).selectinload(Claim.article).selectinload(Article.source),
                selectinload(ClaimGroup.verdict),
                selectinload(ClaimGroup.assignments),
            )
            .order_by(ClaimGroup.id)
        )
        if assigned_to is not None:
            query = query.where(ClaimGroup.assignments.any(Assignment.login == assigned_to))
        with self.db.read() as session:
            scale = {r.key: r for r in session.scalars(select(RatingScale))}
            return [group_info(g, scale) for g in session.scalars(query)]

    def get_group(self, group_id: int) -> GroupInfo:
        """One claim group with its claims; raises NotFound."""
        with self.db.read() as session:
            group = self._get(session, ClaimGroup, group_id, "claim group")
            scale = {r.key: r for r in session.scalars(select(RatingScale))}
            return group_info(group, scale)

    def set_canonical(self, group_id: int, canonical: str, *, expected: str | None = None) -> str:
        """Edit a group's canonical wording; returns the previous wording (for undo).

        With expected (the wording the caller last saw), a wording changed elsewhere in the meantime
        is not overwritten: VerdictConflict is raised with both wordings.
        """
        if not canonical.strip():
            raise InvalidValue("the canonical wording cannot be empty")
        with self.db.write() as session:
            group = self._get(session, ClaimGroup, group_id, "claim group", lock=True)
            previous = group.canonical
            if expected is not None and previous != expected:
                raise VerdictConflict(
                    f"the wording of group {group_id} was changed elsewhere since you loaded it; "
                    "reload it and edit again",
                    yours={"canonical": canonical}, theirs={"canonical": previous},
                )
            group.canonical = canonical
            group.updated_at = utcnow()
            return previous

