"""Verdict actions: rate a claim group, with rationale, evidence, status, reviewer and history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from workbench.errors import InvalidValue, PermissionRefused, VerdictConflict
from workbench.model import ClaimGroup, Evidence, RatingScale, Setting, Verdict, VerdictRevision, utcnow
from workbench.service.base import ServiceBase
from workbench.service.dto import EvidenceInfo, RatingInfo, RevisionInfo, VerdictInfo
from workbench.verdicts import check_status, diff_states, verdict_state


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
"""Marks a verdict field the caller leaves as it is."""


SIGNOFF_SETTING = "two_person_signoff"
"""Library setting: 'on' makes a verdict final only when approved by someone other than its last author."""


def verdict_info(verdict: Verdict) -> VerdictInfo:
    """The plain value of a verdict with its evidence and history."""
    return VerdictInfo(
        group_id=verdict.group_id, rating=verdict.rating_key, rationale=verdict.rationale, status=verdict.status,
        reviewer=verdict.reviewer, version=verdict.version, created_at=verdict.created_at,
        updated_at=verdict.updated_at,
        evidence=[EvidenceInfo(id=e.id, url=e.url, title=e.title, note=e.note) for e in verdict.evidence],
        revisions=[
            RevisionInfo(version=r.version, changed_by=r.changed_by, changed_at=r.changed_at, changes=r.changes)
            for r in verdict.revisions
        ],
        written_by=verdict.written_by, approved_by=verdict.approved_by, approved_at=verdict.approved_at,
    )


def signoff_text(verdict: VerdictInfo) -> str:
    """Who wrote a verdict and who approved it, to show: "written by ana; approved by ben, 2026-12-01 09:30 UTC"."""
    parts = [f"written by {verdict.written_by}" if verdict.written_by else "written by -"]
    if verdict.approved_by:
        when = f", {verdict.approved_at:%Y-%m-%d %H:%M} UTC" if verdict.approved_at else ""
        parts.append(f"approved by {verdict.approved_by}{when}")
    elif verdict.status != "final":
        parts.append("not approved yet")
    return "; ".join(parts)


def self_approval(author: str) -> str:
    """The message refusing an author's own sign-off (the server raises the same words)."""
    return f"two-person sign-off: {author} wrote this verdict, so another editor must make it final"


MAKE_FINAL = "only an editor can make a verdict final"
CHANGE_FINAL = "only an editor can change a final verdict"
FINAL_FINDING = (
    "two-person sign-off: the rating and rationale of a final verdict cannot change; set it back to review first"
)


class VerdictActions(ServiceBase):
    """Record and list verdicts; the rating scale; library settings."""

    def rating_scale(self) -> list[RatingInfo]:
        """The library's ratings, worst to best, then the off-scale ones."""
        with self.db.read() as session:
            rows = session.scalars(select(RatingScale).order_by(RatingScale.position))
            return [RatingInfo(key=r.key, label=r.label, value=r.value, colour=r.colour) for r in rows]

    def get_verdict(self, group_id: int) -> VerdictInfo | None:
        """A group's verdict, or None while it has none; raises NotFound for an unknown group."""
        with self.db.read() as session:
            group = self._get(session, ClaimGroup, group_id, "claim group")
            return verdict_info(group.verdict) if group.verdict else None

    def set_verdict(
        self,
        group_id: int,
        *,
        rating: str | None = UNSET,
        rationale: str = UNSET,
        status: str = UNSET,
        reviewer: str | None = UNSET,
        evidence: Sequence[EvidenceInfo] = UNSET,
        expected_version: int | None = None,
    ) -> VerdictInfo:
        """Create or change a group's verdict as a new revision.

        expected_version is the version the caller last saw (0: it saw no verdict); when the stored
        verdict moved on since, VerdictConflict is raised with both versions and nothing is written.
        """
        try:
            with self.db.write() as session:
                group = self._get(session, ClaimGroup, group_id, "claim group")
                verdict = group.verdict
                given: dict[str, Any] = {"rating": rating, "rationale": rationale, "status": status,
                                         "reviewer": reviewer}
                requested = {k: v for k, v in given.items() if v is not UNSET}
                if evidence is not UNSET:
                    requested["evidence"] = [{"url": e.url, "title": e.title, "note": e.note} for e in evidence]
                current_version = verdict.version if verdict else 0
                if expected_version is not None and expected_version != current_version:
                    raise self._conflict(group_id, requested, verdict)
                before = verdict_state(verdict) if verdict else {}
                was_final = verdict is not None and verdict.status == "final"
                finding = (verdict.rating_key, verdict.rationale) if verdict else None
                if self.member and reviewer is not UNSET:
                    reviewer = self.user  # a team member can only name themselves (the server insists too)
                with session.no_autoflush:  # one flush, so one version step per change
                    if verdict is None:
                        verdict = Verdict(group=group, reviewer=self.user, status="draft", rationale="", evidence=[])
                        session.add(verdict)
                    self._apply(session, verdict, rating, rationale, status, reviewer, evidence)
                    after = verdict_state(verdict)
                changes = diff_states(before, after)
                if not changes and before:
                    return verdict_info(verdict)
                with session.no_autoflush:
                    self._sign(session, verdict, was_final, finding)
                verdict.updated_at = utcnow()
                session.flush()  # bumps the version counter once, or raises StaleDataError
                verdict.revisions.append(_revision(verdict, changes, self.user))
                session.flush()
                if self.db.on_server:
                    session.refresh(verdict)  # the names the server recorded
                return verdict_info(verdict)
        except StaleDataError as exc:
            raise self._conflict(group_id, {}, None) from exc

    def _apply(
        self,
        session: Session,
        verdict: Verdict,
        rating: str | None,
        rationale: str,
        status: str,
        reviewer: str | None,
        evidence: Sequence[EvidenceInfo],
    ) -> None:
        if rating is not UNSET:
            verdict.rating_key = self._rating_key(session, rating) if rating else None
        if rationale is not UNSET:
            verdict.rationale = rationale or ""
        if status is not UNSET:
            verdict.status = check_status(status)
        if reviewer is not UNSET:
            verdict.reviewer = reviewer or None
        if evidence is not UNSET:
            wanted = [e for e in evidence if e.url or e.title or e.note]
            current = [(e.url, e.title, e.note) for e in verdict.evidence]
            if current != [(e.url, e.title, e.note) for e in wanted]:
                verdict.evidence = [
                    Evidence(url=e.url, title=e.title, note=e.note, position=i) for i, e in enumerate(wanted)
                ]

    def _sign(
        self, session: Session, verdict: Verdict, was_final: bool, finding: tuple[str | None, str] | None
    ) -> None:
        """Record who wrote the finding and who made it final; apply two-person sign-off when it is on.

        On a server the same rules run in the database for team members (migration 0007), with role checks.
        """
        changed = finding is None or finding != (verdict.rating_key, verdict.rationale)
        if changed:
            verdict.written_by = self.user
        if self.member and (was_final or verdict.status == "final"):
            role = session.execute(text("SELECT cw_team_role()")).scalar()
            if role != "editor":
                raise PermissionRefused(CHANGE_FINAL if was_final else MAKE_FINAL)
        signoff = self._signoff(session)
        if verdict.status == "final" and not was_final:
            if signoff and verdict.written_by == self.user:
                raise PermissionRefused(self_approval(self.user))
            verdict.approved_by, verdict.approved_at = self.user, utcnow()
        elif verdict.status == "final":
            if signoff and changed:
                raise PermissionRefused(FINAL_FINDING)
        else:
            verdict.approved_by, verdict.approved_at = None, None

    @staticmethod
    def _signoff(session: Session) -> bool:
        row = session.get(Setting, SIGNOFF_SETTING)
        return row is not None and row.value.strip().lower() == "on"

    def signoff_required(self) -> bool:
        """Whether two-person sign-off is on for this library."""
        with self.db.read() as session:
            return self._signoff(session)

    def _conflict(self, group_id: int, requested: dict[str, Any], verdict: Verdict | None) -> VerdictConflict:
        theirs = self.get_verdict(group_id) if verdict is None else verdict_info(verdict)
        theirs_state = (
            {"rating": theirs.rating, "rationale": theirs.rationale, "status": theirs.status,
             "reviewer": theirs.reviewer, "version": theirs.version}
            if theirs else {}
        )
        who = theirs.revisions[-1].changed_by if theirs and theirs.revisions else "someone"
        return VerdictConflict(
            f"the verdict on group {group_id} was changed by {who} since you loaded it "
            f"(now version {theirs_state.get('version', 0)}); reload it and apply your change again",
            yours=requested, theirs=theirs_state,
        )

    @staticmethod
    def _rating_key(session: Session, rating: str) -> str:
        """The scale key for a key or label, case-insensitive; raises InvalidValue."""
        wanted = rating.strip().lower()
        scale = list(session.scalars(select(RatingScale).order_by(RatingScale.position)))
        for row in scale:
            if wanted in (row.key.lower(), row.label.lower()):
                return row.key
        keys = ", ".join(r.key for r in scale)
        raise InvalidValue(f"unknown rating {rating!r}; use one of: {keys}")

    def delete_verdict(self, group_id: int, *, expected_version: int | None = None) -> None:
        """Remove a group's verdict with its evidence and history (the inverse of a first verdict).

        With expected_version, a verdict that moved on since the caller saw it is not removed:
        VerdictConflict is raised instead.
        """
        with self.db.write() as session:
            group = self._get(session, ClaimGroup, group_id, "claim group")
            verdict = group.verdict
            if verdict is None:
                return
            if expected_version is not None and verdict.version != expected_version:
                raise self._conflict(group_id, {"delete": True}, verdict)
            if self.member:
                raise PermissionRefused(
                    "in a team library a verdict is never deleted (its history is append-only); "
                    "set it back to draft instead"
                )
            session.delete(verdict)

    def list_verdicts(self, *, final_only: bool = False) -> list[VerdictInfo]:
        """Every verdict (or only final ones), by group."""
        query = (
            select(Verdict)
            .options(selectinload(Verdict.evidence), selectinload(Verdict.revisions))
            .order_by(Verdict.group_id)
        )
        if final_only:
            query = query.where(Verdict.status == "final")
        with self.db.read() as session:
            return [verdict_info(v) for v in session.scalars(query)]

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A library setting (e.g. 'organisation'), or default."""
        with self.db.read() as session:
            row = session.get(Setting, key)
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Store a library setting."""
        if key == SIGNOFF_SETTING:
            value = value.strip().lower()
            if value not in ("on", "off"):
                raise InvalidValue(f"{SIGNOFF_SETTING} is on or off, not {value!r}")
        with self.db.write() as session:
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=value))
            else:
                row.value = value


def _revision(verdict: Verdict, changes: dict[str, Any], user: str) -> VerdictRevision:
    return VerdictRevision(version=verdict.version, changed_by=user, changed_at=utcnow(), changes=changes)

