"""Conflict actions: list verdict conflicts, merge two conflicting groups keeping one verdict, keep them apart.

Merging is one transaction: the verdict not kept is removed (its evidence and history saved in the
result), then the groups are linked as ``link_claims`` would. ``undo_merge_conflict`` puts the
groups, that verdict and any keep-apart decision the merge removed back exactly. Keeping apart
records the reviewer's reason; the pair is not reported again until the record is removed
(``undo_keep_apart``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, insert, select

from workbench.analysis.conflicts import Conflict, pair
from workbench.analysis.library import load_conflicts
from workbench.errors import InvalidValue
from workbench.model import Claim, ClaimGroup, ConflictDecision, Evidence, Verdict, VerdictRevision, utcnow
from workbench.service.matching import LinkResult, MatchingActions


@dataclass(frozen=True)
class ConflictInfo:
    """Two groups whose verdicts disagree (one group twice: its variants' notes disagree)."""

    group_ids: list[int]
    ratings: list[str | None]
    score: float  # 0-100: how sure it is that both are the same claim
    kind: str  # suggestion, similar, notes
    detail: str = ""
    claim_ids: list[int] = field(default_factory=list)
    kept_apart: str | None = None


@dataclass(frozen=True)
class KeptApart:
    """A reviewer's decision that two groups are different claims, with the reason."""

    id: int
    group_ids: list[int]
    reason: str
    decided_by: str | None
    decided_at: dt.datetime


@dataclass(frozen=True)
class VerdictSnapshot:
    """A removed verdict with its evidence and history, to put it back as it was."""

    row: dict[str, Any]
    evidence: list[dict[str, Any]]
    revisions: list[dict[str, Any]]


@dataclass(frozen=True)
class ConflictMerge:
    """What merging two conflicting groups did: the link, and the verdict it removed."""

    group_id: int  # the group both are in now
    kept_verdict_of: int
    link: LinkResult
    removed_verdict: VerdictSnapshot | None = None
    removed_decisions: tuple[dict[str, Any], ...] = ()  # keep-apart decisions that went with the merged group


def conflict_info(c: Conflict) -> ConflictInfo:
    return ConflictInfo(list(c.group_ids), list(c.ratings), c.score, c.kind.value, c.detail, list(c.claim_ids),
                        c.kept_apart)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class ConflictActions(MatchingActions):
    """Find verdict conflicts; merge or keep apart; undo either."""

    def conflicts(self, *, include_kept: bool = False, min_score: float = 0.0) -> list[ConflictInfo]:
        """Every verdict conflict, strongest first (kept-apart pairs only with include_kept)."""
        with self.db.read() as session:
            return [conflict_info(c) for c in load_conflicts(session, include_kept=include_kept, min_score=min_score)]

    def keep_apart(self, group_a: int, group_b: int, reason: str) -> KeptApart:
        """Record that two groups are different claims (or that one group's notes may disagree), and why."""
        reason = _one_line(reason)
        if not reason:
            raise InvalidValue("say why the groups stay apart (a reason is required)")
        a, b = pair(group_a, group_b)
        with self.db.write() as session:
            self._get(session, ClaimGroup, a, "claim group")
            self._get(session, ClaimGroup, b, "claim group")
            existing = session.scalar(select(ConflictDecision).where(ConflictDecision.group_a == a,
                                                                     ConflictDecision.group_b == b))
            if existing is not None:
                raise InvalidValue(f"groups {a} and {b} are already kept apart ({existing.reason})")
            row = ConflictDecision(group_a=a, group_b=b, reason=reason, decided_by=self.user, decided_at=utcnow())
            session.add(row)
            session.flush()
            return KeptApart(row.id, [a, b], row.reason, row.decided_by, row.decided_at)

    def undo_keep_apart(self, kept: KeptApart) -> None:
        """Remove a keep-apart decision (the inverse of keep_apart); the conflict is reported again."""
        with self.db.write() as session:
            row = session.get(ConflictDecision, kept.id)
            if row is not None:
                session.delete(row)

    def kept_apart(self) -> list[KeptApart]:
        """Every keep-apart decision, newest first."""
        with self.db.read() as session:
            rows = session.scalars(select(ConflictDecision).order_by(ConflictDecision.decided_at.desc(),
                                                                     ConflictDecision.id.desc()))
            return [KeptApart(r.id, [r.group_a, r.group_b], r.reason, r.decided_by, r.decided_at) for r in rows]

    def merge_conflict(self, group_a: int, group_b: int, *, keep_verdict_of: int) -> ConflictMerge:
        """Put two conflicting groups into one, keeping the verdict of keep_verdict_of and removing the other's."""
        if group_a == group_b:
            raise InvalidValue(f"group {group_a} cannot be merged with itself; edit its claims' notes instead")
        if keep_verdict_of not in (group_a, group_b):
            raise InvalidValue(f"keep the verdict of group {group_a} or {group_b}, not {keep_verdict_of}")
        other = group_b if keep_verdict_of == group_a else group_a
        with self.db.write() as session:
            kept = self._get(session, ClaimGroup, keep_verdict_of, "claim group")
            dropped = self._get(session, ClaimGroup, other, "claim group")
            snapshot = _snapshot(dropped.verdict) if dropped.verdict is not None else None
            both = [kept.id, dropped.id]
            decisions = tuple(_row(d) for d in session.scalars(select(ConflictDecision).where(
                ConflictDecision.group_a.in_(both) | ConflictDecision.group_b.in_(both))))
            if dropped.verdict is not None:
                session.delete(dropped.verdict)
                session.flush()
                session.expire(dropped, ["verdict"])
            claim = session.scalar(select(Claim).where(Claim.group_id == kept.id).order_by(Claim.id).limit(1))
            target = session.scalar(select(Claim).where(Claim.group_id == dropped.id).order_by(Claim.id).limit(1))
            if claim is None or target is None:
                raise InvalidValue(f"group {kept.id if claim is None else dropped.id} holds no claims to merge")
            link = self._link(session, claim, target, target.article, target.start, target.end)
            gone = tuple(d for d in decisions if session.get(ConflictDecision, d["id"]) is None)
            return ConflictMerge(link.group_id, keep_verdict_of, link, snapshot, gone)

    def undo_merge_conflict(self, merge: ConflictMerge) -> None:
        """Split the merged groups again and put the removed verdict back (the inverse of merge_conflict)."""
        with self.db.write() as session:
            self._undo_link(session, merge.link)
            snap = merge.removed_verdict
            if snap is not None:
                if session.get(Verdict, snap.row["id"]) is not None or session.scalar(
                        select(Verdict.id).where(Verdict.group_id == snap.row["group_id"])) is not None:
                    raise InvalidValue(f"group {snap.row['group_id']} has a verdict again; the merge cannot be undone")
                session.execute(insert(_table(Verdict)), [snap.row])
                if snap.evidence:
                    session.execute(insert(_table(Evidence)), snap.evidence)
                if snap.revisions:
                    session.execute(insert(_table(VerdictRevision)), snap.revisions)
            if merge.removed_decisions:
                session.execute(insert(_table(ConflictDecision)), list(merge.removed_decisions))
            session.flush()


def _table(cls: type[Any]) -> Table:
    """The Core table of a mapped class (to insert rows exactly as they were, ids and versions included)."""
    table = cls.__table__
    assert isinstance(table, Table)
    return table


def _row(obj: Any) -> dict[str, Any]:
    """A mapped object's column values by column name."""
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


def _snapshot(verdict: Verdict) -> VerdictSnapshot:
    return VerdictSnapshot(_row(verdict), [_row(e) for e in verdict.evidence], [_row(r) for r in verdict.revisions])
