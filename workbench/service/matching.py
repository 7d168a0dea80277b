"""Matching actions: suggest where a claim appears elsewhere, accept or reject, link and unlink claims.

Every action is one transaction and has an inverse for undo (``undo_link``, ``relink_claim``,
``unreject_suggestion``). Merging two groups keeps the one with a verdict, else the older one;
when both groups have verdicts the link is refused (InvalidValue): the reviewer first removes
or merges one verdict by hand, so no finding is ever lost silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session, object_session, selectinload

from workbench.errors import InvalidValue
from workbench.matching.reprints import DEFAULT_MIN_OVERLAP, find_reprints
from workbench.matching.scoring import Evidence, Tier, explain
from workbench.matching.store import ACCEPTED, PENDING, REJECTED, STATES
from workbench.matching.summary import CancelledFn, MatchSummary, ProgressFn
from workbench.model import Article, Assignment, Claim, ClaimGroup, Rating, Suggestion, utcnow
from workbench.service.base import ServiceBase
from workbench.service.dto import SuggestionInfo
from workbench.states import SuggestionState
from workbench.textspan import make_anchor, overlap

if TYPE_CHECKING:
    from workbench.matching.engine import MatchingEngine
    from workbench.matching.suggest import Found

__all__ = ["GroupSnapshot", "LinkResult", "MatchSummary", "MatchingActions", "ReprintPair", "UnlinkResult"]


@dataclass(frozen=True)
class GroupSnapshot:
    """A claim group as it was before a merge, to put it back on undo."""

    id: int
    canonical: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class LinkResult:
    """What linking two claims changed, with what undo_link needs to restore the previous state."""

    claim_id: int
    target_claim_id: int
    group_id: int  # the group both claims are in now
    created_claim: bool = False  # the target claim was made by this action
    merged_group: GroupSnapshot | None = None  # the group merged into group_id (then deleted)
    moved_claim_ids: tuple[int, ...] = ()  # claims moved from merged_group into group_id
    suggestion_id: int | None = None
    previous_suggestion: tuple[SuggestionState, int | None, dt.datetime | None, str | None] | None = None


@dataclass(frozen=True)
class UnlinkResult:
    """A claim split out of its group: where it was and the group it has now."""

    claim_id: int
    old_group_id: int
    new_group_id: int


@dataclass(frozen=True)
class ReprintPair:
    """Two articles sharing most of their text: likely one outlet reprinting the other."""

    article_id: int
    other_article_id: int
    overlap: float  # share of the shorter article found in the other (0-1)
    jaccard: float
    title: str = ""
    other_title: str = ""
    source: str | None = None
    other_source: str | None = None


def suggestion_info(row: Suggestion, article: Article | None = None, claim_quote: str | None = None) -> SuggestionInfo:
    """The plain value of a stored suggestion (with its explanation when the claim's quote is given)."""
    session = object_session(row)
    if article is None:
        article = session.get(Article, row.article_id) if session is not None else None
    if claim_quote is None and session is not None:
        claim = session.get(Claim, row.claim_id)
        claim_quote = claim.quote if claim is not None else None
    source, title = _names(article)
    explanation = None
    if row.tier is not None and claim_quote is not None:
        evidence = Evidence(row.semantic, row.lexical or 0.0, row.character or 0.0)
        explanation = explain(claim_quote, row.text, evidence, Tier(row.tier))
    return SuggestionInfo(
        id=row.id, claim_id=row.claim_id, article_id=row.article_id, start=row.start, end=row.end, text=row.text,
        score=row.score, method=row.method, state=row.state, existing_claim_id=row.target_claim_id,
        source=source, article_title=title, tier=row.tier, explanation=explanation,
    )


def found_info(found: Found, claim_quote: str, article: Article | None) -> SuggestionInfo:
    """The plain value of a suggestion found but not stored."""
    evidence = Evidence(found.semantic, found.lexical, found.character)
    source, title = _names(article)
    return SuggestionInfo(
        id=None, claim_id=found.claim_id, article_id=found.article_id, start=found.start, end=found.end,
        text=found.text, score=found.score, method=found.tier.value, state=PENDING,
        existing_claim_id=found.existing_claim_id, source=source, article_title=title, tier=found.tier.value,
        explanation=explain(claim_quote, found.text, evidence, found.tier),
    )


class MatchingActions(ServiceBase):
    """Find a claim in other articles; accept, reject, link, unlink; batch matching; reprints."""

    # -- suggestions ------------------------------------------------------------------------

    def suggest(
        self, claim_id: int, *, min_score: float | None = None, per_article: int = 1, store: bool = True
    ) -> list[SuggestionInfo]:
        """Where a claim seems to appear in other articles, best first (stored as pending when store).

        Shown: suggestions at or above their tier's threshold, or above min_score when it is given.
        Passages not embedded yet are found by their words (run ``embed_pending`` to embed them).
        """
        from workbench.matching.store import store_suggestions
        from workbench.matching.suggest import MatchContext, claim_ref, suggest_for_claim

        if per_article < 1:
            raise InvalidValue("per_article must be 1 or more")
        if min_score is not None and not 0 <= min_score <= 100:
            raise InvalidValue("the minimum score must be between 0 and 100")
        with self.db.read() as session:
            self._get(session, Claim, claim_id, "claim")
        engine = self.matching_engine()
        engine.refresh_passages()
        vector = engine.claim_vectors([claim_id]).get(claim_id)
        with engine.lock, self.db.read() as session:
            claim = self._get(session, Claim, claim_id, "claim")
            articles = engine.sync_articles(session)
            cosines = articles.cosines(vector[None, :]) if vector is not None else None
            ctx = MatchContext(session, articles, cache=engine.analyses)
            found = suggest_for_claim(ctx, claim_ref(claim), cosines, 0, min_score=min_score, per_article=per_article)
            quote = claim.quote
            if not store:
                articles_by_id = self._articles(session, {f.article_id for f in found})
                return [found_info(f, quote, articles_by_id.get(f.article_id)) for f in found]
        with self.db.write() as session:
            self._get(session, Claim, claim_id, "claim", lock=True)  # one store of its suggestions at a time
            rows, _ = store_suggestions(session, claim_id, found, min_score)
            articles_by_id = self._articles(session, {r.article_id for r in rows})
            return [suggestion_info(r, articles_by_id.get(r.article_id), quote) for r in rows]

    def list_suggestions(self, claim_id: int, states: Sequence[str] = (PENDING,)) -> list[SuggestionInfo]:
        """A claim's stored suggestions in the given states, best first."""
        unknown = set(states) - set(STATES)
        if unknown:
            raise InvalidValue(f"unknown suggestion state(s): {', '.join(sorted(unknown))}")
        with self.db.read() as session:
            self._get(session, Claim, claim_id, "claim")
            claim = self._get(session, Claim, claim_id, "claim")
            rows = list(session.scalars(
                select(Suggestion)
                .where(Suggestion.claim_id == claim_id, Suggestion.state.in_(list(states)))
                .order_by(Suggestion.score.desc(), Suggestion.article_id, Suggestion.start)
            ))
            articles = self._articles(session, {r.article_id for r in rows})
            return [suggestion_info(r, articles.get(r.article_id), claim.quote) for r in rows]

    def get_suggestion(self, suggestion_id: int) -> SuggestionInfo:
        """One stored suggestion; raises NotFound."""
        with self.db.read() as session:
            return suggestion_info(self._get(session, Suggestion, suggestion_id, "suggestion"))

    def reject_suggestion(self, suggestion_id: int) -> SuggestionInfo:
        """Mark a pending suggestion rejected: that span is never proposed again for the claim."""
        with self.db.write() as session:
            row = self._get(session, Suggestion, suggestion_id, "suggestion")
            if row.state == ACCEPTED:
                raise InvalidValue(
                    f"suggestion {suggestion_id} was accepted; unlink the claim instead of rejecting it"
                )
            row.state, row.decided_at, row.decided_by = REJECTED, utcnow(), self.user
            return suggestion_info(row)

    def unreject_suggestion(self, suggestion_id: int) -> SuggestionInfo:
        """Put a rejected suggestion back to pending (the inverse of reject_suggestion)."""
        with self.db.write() as session:
            row = self._get(session, Suggestion, suggestion_id, "suggestion")
            if row.state != REJECTED:
                raise InvalidValue(f"suggestion {suggestion_id} is {row.state}, not rejected")
            row.state, row.decided_at, row.decided_by = PENDING, None, None
            return suggestion_info(row)

    def accept_suggestion(self, suggestion_id: int) -> LinkResult:
        """Link the claim to the suggested span: reuse the claim overlapping it or create one; merge groups."""
        with self.db.write() as session:
            row = self._get(session, Suggestion, suggestion_id, "suggestion", lock=True)
            if row.state == ACCEPTED:
                raise InvalidValue(f"suggestion {suggestion_id} was already accepted")
            previous = (row.state, row.target_claim_id, row.decided_at, row.decided_by)
            claim = self._get(session, Claim, row.claim_id, "claim", lock=True)
            article = self._get(session, Article, row.article_id, "article")
            if article.text[row.start : row.end] != row.text:
                raise InvalidValue(
                    f"article {article.id} changed since suggestion {suggestion_id} was made; run suggest again"
                )
            target = session.get(Claim, row.target_claim_id) if row.target_claim_id else None
            if target is None or overlap(row.start, row.end, target.start, target.end) == 0:
                target = self._overlapping(session, article.id, row.start, row.end)
            result = self._link(session, claim, target, article, row.start, row.end)
            row.state, row.decided_at, row.decided_by = ACCEPTED, utcnow(), self.user
            row.target_claim_id = result.target_claim_id
            return replace(result, suggestion_id=row.id, previous_suggestion=previous)

    def undo_accept(self, result: LinkResult) -> None:
        """Restore the state before accept_suggestion (the suggestion is pending again)."""
        self.undo_link(result)

    # -- links ------------------------------------------------------------------------------

    def link_claims(self, claim_id: int, to_claim_id: int) -> LinkResult:
        """Put two claims (and everything linked to them) into one group."""
        with self.db.write() as session:
            for ident in sorted({claim_id, to_claim_id}):  # in id order: two links never wait for each other
                self._get(session, Claim, ident, "claim", lock=True)
            claim = self._get(session, Claim, claim_id, "claim")
            target = self._get(session, Claim, to_claim_id, "claim")
            if claim.group_id == target.group_id:
                raise InvalidValue(f"claims {claim_id} and {to_claim_id} are already linked")
            return self._link(session, claim, target, target.article, target.start, target.end)

    def link_to_span(self, claim_id: int, article_id: int, start: int, end: int) -> LinkResult:
        """Link a claim to a span of an article: the claim with exactly that span, or a new one."""
        with self.db.write() as session:
            claim = self._get(session, Claim, claim_id, "claim", lock=True)
            article = self._get(session, Article, article_id, "article")
            make_anchor(article.text, start, end)  # raises SpanOutOfRange
            target = session.scalar(
                select(Claim).where(Claim.article_id == article_id, Claim.start == start, Claim.end == end)
                .order_by(Claim.id)
            )
            if target is not None and target.group_id == claim.group_id:
                raise InvalidValue(f"claim {claim_id} is already linked to claim {target.id} at that span")
            return self._link(session, claim, target, article, start, end)

    def undo_link(self, result: LinkResult) -> None:
        """Restore the state before a link or an accepted suggestion."""
        with self.db.write() as session:
            session.get(ClaimGroup, result.group_id, with_for_update=True)  # held against a simultaneous link
            self._undo_link(session, result)

    def _undo_link(self, session: Session, result: LinkResult) -> None:
        """undo_link inside the caller's transaction."""
        if result.merged_group is not None:
            snap = result.merged_group
            group = session.get(ClaimGroup, snap.id)
            if group is None:
                group = ClaimGroup(id=snap.id, canonical=snap.canonical, created_at=snap.created_at,
                                   updated_at=snap.updated_at)
                session.add(group)
                session.flush()
            for moved in session.scalars(select(Claim).where(Claim.id.in_(result.moved_claim_ids))):
                moved.group_id = group.id
        if result.suggestion_id is not None and result.previous_suggestion is not None:
            row = session.get(Suggestion, result.suggestion_id)
            if row is not None:
                row.state, row.target_claim_id, row.decided_at, row.decided_by = result.previous_suggestion
        if result.created_claim:
            created = session.get(Claim, result.target_claim_id)
            if created is not None:
                session.delete(created)
        session.flush()

    def unlink_claim(self, claim_id: int) -> UnlinkResult:
        """Split a claim out of its group into a new group of its own."""
        with self.db.write() as session:
            claim = self._get(session, Claim, claim_id, "claim", lock=True)
            self._get(session, ClaimGroup, claim.group_id, "claim group", lock=True)
            others = session.scalar(
                select(Claim.id).where(Claim.group_id == claim.group_id, Claim.id != claim.id).limit(1)
            )
            if others is None:
                raise InvalidValue(f"claim {claim_id} is not linked to any other claim")
            old = claim.group_id
            group = ClaimGroup(canonical=claim.quote)
            session.add(group)
            session.flush()
            claim.group_id = group.id
            session.get(ClaimGroup, old).updated_at = utcnow()  # type: ignore[union-attr]
            return UnlinkResult(claim_id, old, group.id)

    def relink_claim(self, result: UnlinkResult) -> None:
        """Put an unlinked claim back into its old group (the inverse of unlink_claim)."""
        with self.db.write() as session:
            claim = self._get(session, Claim, result.claim_id, "claim", lock=True)
            for ident in sorted({result.old_group_id, result.new_group_id}):
                if ident != result.new_group_id or session.get(ClaimGroup, ident) is not None:
                    self._get(session, ClaimGroup, ident, "claim group", lock=True)
            claim.group_id = result.old_group_id
            session.flush()
            group = session.get(ClaimGroup, result.new_group_id)
            if group is not None and group.verdict is None and not group.claims:
                session.delete(group)

    # -- batch and reprints -----------------------------------------------------------------

    def match_all(
        self,
        article_id: int | None = None,
        claim_ids: Sequence[int] | None = None,
        progress: ProgressFn | None = None,
        cancelled: CancelledFn | None = None,
        *,
        min_score: float | None = None,
        per_article: int = 1,
        processes: int | None = None,
    ) -> MatchSummary:
        """Suggest links for every claim (or one article's, or the given ones), storing them as pending.

        processes: 1 never forks a helper (less memory); None lets a large batch use two where it can."""
        from workbench.matching.batch import match_claims

        if article_id is not None:
            with self.db.read() as session:
                self._get(session, Article, article_id, "article")
        return match_claims(self.db, self.matching_engine(), article_id=article_id, claim_ids=claim_ids,
                            min_score=min_score, per_article=per_article, progress=progress, cancelled=cancelled,
                            processes=processes)

    def reprints(self, min_overlap: float = DEFAULT_MIN_OVERLAP) -> list[ReprintPair]:
        """Article pairs that share most of their text, with the share of the shorter one (0-1)."""
        with self.db.read() as session:
            found = find_reprints(session, min_overlap=min_overlap)
            articles = self._articles(session, {r.article_id for r in found} | {r.other_article_id for r in found})
            pairs = []
            for r in found:
                a, b = articles[r.article_id], articles[r.other_article_id]
                pairs.append(ReprintPair(r.article_id, r.other_article_id, r.overlap, r.jaccard, a.title, b.title,
                                         *_names(a)[:1], *_names(b)[:1]))
            return pairs

    # -- helpers ----------------------------------------------------------------------------

    def matching_engine(self) -> MatchingEngine:
        """What matching keeps between actions: the collections in memory, analyses, the encoder."""
        from workbench.matching.engine import MatchingEngine

        engine: MatchingEngine | None = getattr(self, "_matching_engine", None)
        if engine is None:
            engine = self._matching_engine = MatchingEngine(self.db)
        return engine

    @staticmethod
    def _articles(session: Session, ids: set[int]) -> dict[int, Article]:
        if not ids:
            return {}
        query = select(Article).where(Article.id.in_(ids)).options(selectinload(Article.source))
        return {a.id: a for a in session.scalars(query)}

    @staticmethod
    def _overlapping(session: Session, article_id: int, start: int, end: int) -> Claim | None:
        """The claim of an article sharing the most characters with a span."""
        claims = session.scalars(
            select(Claim).where(Claim.article_id == article_id, Claim.start < end, Claim.end > start)
        )
        return max(claims, key=lambda c: (overlap(start, end, c.start, c.end), -c.id), default=None)

    def _link(
        self, session: Session, claim: Claim, target: Claim | None, article: Article, start: int, end: int
    ) -> LinkResult:
        """Link claim to target (or to a new claim at article[start:end]) by merging their groups."""
        if target is None:
            self._get(session, ClaimGroup, claim.group_id, "claim group", lock=True)
            anchor = make_anchor(article.text, start, end)
            target = Claim(
                article=article, group_id=claim.group_id, start=start, end=end, quote=anchor.quote,
                prefix=anchor.prefix, suffix=anchor.suffix, created_by=self.user,
            )
            session.add(target)
            session.flush()
            self._touch(session, claim.group_id)
            return LinkResult(claim.id, target.id, claim.group_id, created_claim=True)
        if target.group_id == claim.group_id:
            return LinkResult(claim.id, target.id, claim.group_id)
        keep, drop = self._merge_order(session, claim.group_id, target.group_id)
        snapshot = GroupSnapshot(drop.id, drop.canonical, drop.created_at, drop.updated_at)
        moved = tuple(session.scalars(select(Claim.id).where(Claim.group_id == drop.id).order_by(Claim.id)))
        for c in session.scalars(select(Claim).where(Claim.group_id == drop.id)):
            c.group_id = keep.id
        session.flush()
        self._move_group_data(session, drop.id, keep.id)
        session.delete(drop)
        keep.updated_at = utcnow()
        session.flush()
        return LinkResult(claim.id, target.id, keep.id, merged_group=snapshot, moved_claim_ids=moved)

    def _move_group_data(self, session: Session, merged: int, kept: int) -> None:
        """A merged group's queue entries and blind ratings go to the kept group (unless already there)."""
        if self.db.on_server:  # as the owner: a reviewer may neither see others' ratings nor move assignments
            session.execute(text("SELECT cw_merge_group_data(:merged, :kept)"), {"merged": merged, "kept": kept})
            return
        for model, who in ((Assignment, Assignment.login), (Rating, Rating.rater)):
            there = select(who).where(model.group_id == kept).scalar_subquery()
            session.execute(update(model).where(model.group_id == merged, who.not_in(there)).values(group_id=kept))

    @staticmethod
    def _merge_order(session: Session, a_id: int, b_id: int) -> tuple[ClaimGroup, ClaimGroup]:
        """(group kept, group merged away): the one with a verdict, else the older; both with verdicts: refused."""
        locked = {g: ServiceBase._get(session, ClaimGroup, g, "claim group", lock=True) for g in sorted({a_id, b_id})}
        a, b = locked[a_id], locked[b_id]
        if a.verdict is not None and b.verdict is not None:
            raise InvalidValue(
                f"both claims already have a verdict (groups {a.id} and {b.id}); "
                "remove one of the verdicts before linking them, so no finding is lost"
            )
        if a.verdict is not None:
            return a, b
        if b.verdict is not None:
            return b, a
        return (a, b) if (a.created_at, a.id) <= (b.created_at, b.id) else (b, a)

    @staticmethod
    def _touch(session: Session, group_id: int) -> None:
        group = session.get(ClaimGroup, group_id)
        if group is not None:
            group.updated_at = utcnow()


def _names(article: Article | None) -> tuple[str | None, str | None]:
    """(outlet name, title) of an article."""
    if article is None:
        return None, None
    return (article.source.name if article.source else None), article.title
