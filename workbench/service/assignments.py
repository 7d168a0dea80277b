"""Review queues and blind double rating: assign claim groups to reviewers, rate on one's own, measure agreement.

A group can be assigned to several logins (its queue entries). Two reviewers assigned the same group rate it
blind with `rate`: each rating is theirs alone, and reviewers never see each other's (on PostgreSQL the server
hides them: row-level security, migration 0007). Editors (and the owner) see all ratings: `agreement` measures
how well the raters agree and `disagreements` lists the groups to resolve into the verdict.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from workbench.agreement import AgreementReport, agreement_report
from workbench.errors import InvalidValue
from workbench.model import Assignment, ClaimGroup, Rating, RatingScale, Setting, Verdict, utcnow
from workbench.service.base import ServiceBase
from workbench.service.dto import AssignmentInfo, Disagreement, RatingEntry


def _assignment_info(row: Assignment) -> AssignmentInfo:
    return AssignmentInfo(group_id=row.group_id, login=row.login, assigned_by=row.assigned_by,
                          assigned_at=row.assigned_at)


def _rating_entry(row: Rating) -> RatingEntry:
    return RatingEntry(group_id=row.group_id, rater=row.rater, rating=row.rating_key, note=row.note,
                       rated_at=row.rated_at)


class AssignmentActions(ServiceBase):
    """Assign groups, list queues, rate blind, compare ratings."""

    # -- queues -----------------------------------------------------------------------------

    def assign(self, group_id: int, logins: list[str]) -> list[AssignmentInfo]:
        """Put a group in each login's queue (already there: left as it is); returns the group's assignments."""
        wanted = [login.strip() for login in logins if login.strip()]
        if not wanted:
            raise InvalidValue("name at least one login to assign the group to")
        with self.db.write() as session:
            self._get(session, ClaimGroup, group_id, "claim group")
            if self.db.on_server:
                self._check_members(session, wanted)
            have = set(session.scalars(select(Assignment.login).where(Assignment.group_id == group_id)))
            for login in dict.fromkeys(wanted):
                if login not in have:
                    session.add(Assignment(group_id=group_id, login=login, assigned_by=self.user,
                                           assigned_at=utcnow()))
            session.flush()
            rows = session.scalars(select(Assignment).where(Assignment.group_id == group_id)
                                   .order_by(Assignment.login))
            return [_assignment_info(r) for r in rows]

    @staticmethod
    def _check_members(session: Session, logins: list[str]) -> None:
        """On a team server, only team logins have queues."""
        mode = session.get(Setting, "team_mode")
        if mode is None or mode.value != "on":
            return  # not a team library (yet): any name will do
        members = set(session.scalars(text(
            "SELECT e.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles e ON e.oid = m.member WHERE g.rolname IN ('cw_reviewer', 'cw_editor')"
        )))
        strangers = [login for login in logins if login not in members]
        if strangers:
            raise InvalidValue(f"not in the team: {', '.join(strangers)} (see `claim-workbench team list`)")

    def unassign(self, group_id: int, login: str) -> None:
        """Take a group out of a login's queue."""
        with self.db.write() as session:
            self._get(session, ClaimGroup, group_id, "claim group")
            session.execute(delete(Assignment).where(Assignment.group_id == group_id, Assignment.login == login))

    def list_assignments(self, *, login: str | None = None, group_id: int | None = None) -> list[AssignmentInfo]:
        """Assignments, of one login or of one group, by group then login."""
        query = select(Assignment).order_by(Assignment.group_id, Assignment.login)
        if login is not None:
            query = query.where(Assignment.login == login)
        if group_id is not None:
            query = query.where(Assignment.group_id == group_id)
        with self.db.read() as session:
            return [_assignment_info(r) for r in session.scalars(query)]

    def my_queue(self) -> list[int]:
        """Ids of the groups assigned to the current user (the window's "My queue")."""
        return [a.group_id for a in self.list_assignments(login=self.user)]

    # -- blind ratings ----------------------------------------------------------------------

    def rate(self, group_id: int, rating: str, note: str = "") -> RatingEntry:
        """Record (or change) the current user's own rating of a group."""
        with self.db.write() as session:
            self._get(session, ClaimGroup, group_id, "claim group")
            key = self._scale_key(session, rating)
            row = session.get(Rating, (group_id, self.user))
            if row is None:
                row = Rating(group_id=group_id, rater=self.user, rating_key=key, note=note or "", rated_at=utcnow())
                session.add(row)
            else:
                row.rating_key, row.note, row.rated_at = key, note or "", utcnow()
            session.flush()
            return _rating_entry(row)

    @staticmethod
    def _scale_key(session: Session, rating: str) -> str:
        wanted = rating.strip().lower()
        scale = list(session.scalars(select(RatingScale).order_by(RatingScale.position)))
        for row in scale:
            if wanted in (row.key.lower(), row.label.lower()):
                return row.key
        raise InvalidValue(f"unknown rating {rating!r}; use one of: {', '.join(r.key for r in scale)}")

    def list_ratings(self, group_id: int | None = None, *, everyone: bool = False) -> list[RatingEntry]:
        """Blind ratings: the current user's own, or (everyone=True) all the login may see.

        On a team server a reviewer sees only their own whatever is asked; editors and the owner see all.
        """
        query = select(Rating).order_by(Rating.group_id, Rating.rater)
        if group_id is not None:
            query = query.where(Rating.group_id == group_id)
        if not everyone:
            query = query.where(Rating.rater == self.user)
        with self.db.read() as session:
            return [_rating_entry(r) for r in session.scalars(query)]

    def disagreements(self) -> list[Disagreement]:
        """Groups whose raters gave different ratings, with every rating (for the editor to resolve)."""
        by_group: dict[int, list[RatingEntry]] = defaultdict(list)
        for entry in self.list_ratings(everyone=True):
            by_group[entry.group_id].append(entry)
        split = {g: entries for g, entries in by_group.items() if len({e.rating for e in entries}) > 1}
        if not split:
            return []
        with self.db.read() as session:
            rows = session.execute(
                select(ClaimGroup.id, ClaimGroup.canonical, Verdict.rating_key)
                .outerjoin(Verdict, Verdict.group_id == ClaimGroup.id)
                .where(ClaimGroup.id.in_(list(split)))
                .order_by(ClaimGroup.id)
            ).all()
        return [Disagreement(group_id=gid, canonical=canonical, ratings=split[gid], verdict_rating=verdict)
                for gid, canonical, verdict in rows]

    def agreement(self) -> AgreementReport:
        """Agreement of the blind ratings per rater pair: raw, Cohen's kappa, Krippendorff's alpha (ordinal)."""
        with self.db.read() as session:
            values = {r.key: r.value for r in session.scalars(select(RatingScale))}
        return agreement_report(
            ((e.group_id, e.rater, e.rating) for e in self.list_ratings(everyone=True)), values
        )
