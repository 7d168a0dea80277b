"""Claimant actions: record, clear and suggest who made a claim group's claim."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from workbench.attribution import ClaimantSuggestion, suggest_claimant
from workbench.claimant import Claimant, make_claimant
from workbench.errors import VerdictConflict
from workbench.model import Article, Claim, ClaimGroup, utcnow
from workbench.service.base import ServiceBase


@dataclass(frozen=True)
class ClaimantProposal:
    """A suggested claimant for a group, read from one of its claims (for the reviewer to accept)."""

    group_id: int
    claim_id: int
    article_id: int
    suggestion: ClaimantSuggestion


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


_UNSET: Any = _Unset()


def claimant_of(group: ClaimGroup) -> Claimant | None:
    """The stored claimant of a group, or None."""
    if not group.claimant_name:
        return None
    return Claimant(group.claimant_name, group.claimant_role, group.claimant_type or "Person")


class ClaimantActions(ServiceBase):
    """Who made a claim: set, clear and suggest a group's claimant."""

    def get_claimant(self, group_id: int) -> Claimant | None:
        """A group's claimant, or None; raises NotFound for an unknown group."""
        with self.db.read() as session:
            return claimant_of(self._get(session, ClaimGroup, group_id, "claim group"))

    def set_claimant(
        self, group_id: int, name: str, *, role: str | None = None, organization: bool = False,
        expected: Claimant | None = _UNSET,
    ) -> Claimant | None:
        """Record who made the group's claim; returns the previous claimant (for undo).

        With expected (the claimant the caller last saw, None for none), a claimant changed elsewhere
        in the meantime is not overwritten: VerdictConflict is raised with both.
        """
        claimant = make_claimant(name, role=role, organization=organization)
        return self._store(group_id, claimant, expected)

    def clear_claimant(self, group_id: int, *, expected: Claimant | None = _UNSET) -> Claimant | None:
        """Remove the group's claimant; returns the previous one (for undo)."""
        return self._store(group_id, None, expected)

    def restore_claimant(self, group_id: int, claimant: Claimant | None) -> Claimant | None:
        """Put a claimant back as it was (undo of set or clear); returns the one replaced."""
        if claimant is None:
            return self.clear_claimant(group_id)
        return self.set_claimant(group_id, claimant.name, role=claimant.role,
                                 organization=claimant.type == "Organization")

    def _store(self, group_id: int, claimant: Claimant | None, expected: Claimant | None) -> Claimant | None:
        with self.db.write() as session:
            group = self._get(session, ClaimGroup, group_id, "claim group")
            previous = claimant_of(group)
            if expected is not _UNSET and previous != expected:
                raise VerdictConflict(
                    f"the claimant of group {group_id} was changed elsewhere since you loaded it "
                    f"(now {previous.display() if previous else 'none'}); reload it and edit again",
                    yours={"claimant": claimant}, theirs={"claimant": previous},
                )
            group.claimant_name = claimant.name if claimant else None
            group.claimant_role = claimant.role if claimant else None
            group.claimant_type = claimant.type if claimant else None
            if previous != claimant:
                group.updated_at = utcnow()
            return previous

    def suggest_claimant(self, group_id: int) -> ClaimantProposal | None:
        """Who the group's claim is attributed to in its articles ("Lavrov said"), or None.

        Each claim of the group is read in its article, oldest article first; the first attribution
        that names someone wins. Nothing is stored: the reviewer accepts it with set_claimant.
        """
        with self.db.read() as session:
            self._get(session, ClaimGroup, group_id, "claim group")
            rows = session.execute(
                select(Claim.id, Claim.article_id, Claim.start, Claim.end)
                .join(Article, Article.id == Claim.article_id)
                .where(Claim.group_id == group_id)
                .order_by(Article.published.is_(None), Article.published, Claim.id)
            ).all()
            for claim_id, article_id, start, end in rows:
                text = session.scalar(select(Article.text).where(Article.id == article_id)) or ""
                found = suggest_claimant(text, start, end)
                if found is not None:
                    return ClaimantProposal(group_id, claim_id, article_id, found)
        return None
