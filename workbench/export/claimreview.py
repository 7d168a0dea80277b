"""schema.org ClaimReview JSON-LD: one review per final verdict, in one ``@graph``.

Each review names the claim (``claimReviewed``, the group's canonical wording), the rating on the
library's scale (``reviewRating``: ratingValue, best and worst of the scale, alternateName = label,
ratingExplanation = rationale), the claim (``itemReviewed``: who made it as ``author``, a Person
with ``jobTitle`` or an Organization; where it appeared as ``appearance``; its ``firstAppearance``),
the reviewing organisation (settings ``organisation`` and ``organisation_url``; an export without
it is refused), ``datePublished`` (the day the verdict first became final), ``dateModified``, and
``url`` from the setting ``claimreview_url``, a template such as
``https://factcheck.example/claims/{group_id}``.

Google's fact-check markup needs ``url`` and matches appearances by their URL, so: a missing URL
template is said once in the export's notes; an article without a URL is left out of
``appearance`` (and said); ``firstAppearance`` is the original, never a reprint of an article in
the library (see ``appearances``), and is left out (and said) when the original has no URL.
A rating outside the numeric scale (e.g. unproven) has only its alternateName
(``workbench.scales.claimreview_rating``). Final verdicts without a
rating cannot be reviews and are left out (reported).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from workbench.claimant import Claimant
from workbench.errors import MissingSetting
from workbench.export.appearances import Place, ReprintMap, group_places
from workbench.export.jsonld import ITEMS, write_document
from workbench.export.scope import ExportScope
from workbench.export.tables import BATCH, Rating
from workbench.model import ClaimGroup, Verdict, VerdictRevision
from workbench.scales import claimreview_rating

CONTEXT = "https://schema.org"
GROUP_ID = "{group_id}"


@dataclass(frozen=True)
class Reviewer:
    """The organisation publishing the reviews, and where its reviews live."""

    name: str
    url: str | None = None
    review_url: str | None = None  # template with {group_id}


def reviewer_from(setting: Callable[[str], str | None]) -> Reviewer:
    """The reviewing organisation from the library settings; raises MissingSetting when it cannot publish."""
    name = setting("organisation")
    if name is None:
        raise MissingSetting("organisation", "no reviewing organisation is set")
    pattern = setting("claimreview_url")
    if pattern and GROUP_ID not in pattern:
        raise MissingSetting(
            "claimreview_url",
            f"the review URL pattern {pattern!r} has no {GROUP_ID}, so every review would get the same url; "
            f"set it with `claim-workbench settings claimreview_url https://…/{GROUP_ID}`",
        )
    return Reviewer(name, setting("organisation_url"), pattern)


@dataclass
class ReviewNotes:
    """What the reviews leave out, counted while they are written, told once at the end."""

    without_url: int = 0  # appearances without a URL left out
    reviews_missing_appearances: list[int] = field(default_factory=list)
    first_without_url: list[int] = field(default_factory=list)
    reprints_passed_over: list[int] = field(default_factory=list)
    without_claimant: list[int] = field(default_factory=list)

    def lines(self, reviewer: Reviewer) -> list[str]:
        """The notes for the export report."""
        out = []
        if not reviewer.review_url:
            out.append("no review URL pattern is set, so the reviews have no url, which Google's fact-check markup "
                       "requires: `claim-workbench settings claimreview_url https://…/{group_id}`")
        if self.without_url:
            out.append(f"{self.without_url} appearance(s) without a URL were left out of itemReviewed.appearance "
                       f"(Google matches appearances by URL): groups {_ids(self.reviews_missing_appearances)}")
        if self.first_without_url:
            out.append(f"firstAppearance was left out of {len(self.first_without_url)} review(s): the claim's first "
                       f"article has no URL (groups {_ids(self.first_without_url)})")
        if self.reprints_passed_over:
            out.append(f"firstAppearance names the original, not a reprint, in {len(self.reprints_passed_over)} "
                       f"review(s) (groups {_ids(self.reprints_passed_over)})")
        if self.without_claimant:
            out.append(f"{len(self.without_claimant)} review(s) do not say who made the claim (itemReviewed.author): "
                       f"`claim-workbench claimant GROUP_ID NAME` (groups {_ids(self.without_claimant)})")
        return out


def _ids(ids: list[int], shown: int = 10) -> str:
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(str(i) for i in ids[:shown]) + more


def _final(scope: ExportScope, *columns: Any) -> Select:
    query = (
        select(*columns)
        .select_from(ClaimGroup)
        .join(Verdict, Verdict.group_id == ClaimGroup.id)
        .where(Verdict.status == "final", ClaimGroup.claims.any())
    )
    groups = scope.groups()
    return query if groups is None else query.where(ClaimGroup.id.in_(groups))


def count_reviews(session: Session, scope: ExportScope) -> tuple[int, int]:
    """How many final verdicts in scope have a rating (reviews) and how many have none."""
    rated = _final(scope, func.count()).where(Verdict.rating_key.is_not(None))
    unrated = _final(scope, func.count()).where(Verdict.rating_key.is_(None))
    return session.scalar(rated) or 0, session.scalar(unrated) or 0


def _appearance(place: Place) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "NewsArticle" if place.outlet else "CreativeWork", "headline": place.title}
    if place.url:
        item["url"] = place.url
    if place.published:
        item["datePublished"] = place.published.isoformat()
    if place.outlet:
        item["publisher"] = {"@type": "Organization", "name": place.outlet,
                             **({"url": place.homepage} if place.homepage else {})}
    return item


def _first_final(session: Session, verdict_ids: list[int]) -> dict[int, dt.datetime]:
    """Per verdict: when its status first became final (from its revisions)."""
    query = (
        select(VerdictRevision.verdict_id, VerdictRevision.changed_at, VerdictRevision.changes)
        .where(VerdictRevision.verdict_id.in_(verdict_ids))
        .order_by(VerdictRevision.id)
    )
    found: dict[int, dt.datetime] = {}
    for vid, when, changes in session.execute(query):
        status = (changes or {}).get("status")
        if vid not in found and isinstance(status, list) and status[-1:] == ["final"]:
            found[vid] = when
    return found


def _rating(rating: Rating, scale: list[Rating], rationale: str) -> dict[str, Any]:
    values = [r.value for r in scale if r.value is not None]
    out = claimreview_rating(rating.label, rating.value, max(values, default=None), min(values, default=None))
    if rationale:
        out["ratingExplanation"] = rationale
    return out


def _item(gid: int, claimant: Claimant | None, places: list[Place], notes: ReviewNotes) -> dict[str, Any]:
    """itemReviewed: the Claim, who made it, where it appeared (with a URL), its first appearance."""
    item: dict[str, Any] = {"@type": "Claim"}
    if claimant is not None:
        item["author"] = claimant.schema_org()
    else:
        notes.without_claimant.append(gid)
    matchable = [p for p in places if p.url]
    if len(matchable) < len(places):
        notes.without_url += len(places) - len(matchable)
        notes.reviews_missing_appearances.append(gid)
    item["appearance"] = [_appearance(p) for p in matchable]
    originals = [p for p in places if p.reprint_of is None]
    first = originals[0] if originals else None
    if first is not None and first.url:
        item["firstAppearance"] = _appearance(first)
        if first.published:
            item["datePublished"] = first.published.isoformat()
        if first.original_of or not first.linked:
            notes.reprints_passed_over.append(gid)
    elif first is not None:
        notes.first_without_url.append(gid)
    return item


def claim_reviews(session: Session, scope: ExportScope, ratings: dict[str, Rating], reviewer: Reviewer,
                  notes: ReviewNotes | None = None) -> Iterator[dict[str, Any]]:
    """One ClaimReview object per rated final verdict in scope, by group id; notes collects what was left out."""
    notes = notes if notes is not None else ReviewNotes()
    scale = list(ratings.values())
    author: dict[str, Any] = {"@type": "Organization", "name": reviewer.name}
    if reviewer.url:
        author["url"] = reviewer.url
    reprints = ReprintMap(session)
    query = _final(
        scope, ClaimGroup.id, ClaimGroup.canonical, ClaimGroup.claimant_name, ClaimGroup.claimant_role,
        ClaimGroup.claimant_type, Verdict.id.label("verdict_id"), Verdict.rating_key, Verdict.rationale,
        Verdict.updated_at,
    ).where(Verdict.rating_key.is_not(None)).order_by(ClaimGroup.id)
    result = session.execute(query.execution_options(yield_per=BATCH))
    for batch in result.partitions():
        places = group_places(session, [r.id for r in batch], reprints)
        finals = _first_final(session, [r.verdict_id for r in batch])
        for r in batch:
            review: dict[str, Any] = {"@type": "ClaimReview", "claimReviewed": r.canonical}
            if reviewer.review_url:
                review["url"] = reviewer.review_url.replace(GROUP_ID, str(r.id))
            review["author"] = author
            review["datePublished"] = finals.get(r.verdict_id, r.updated_at).date().isoformat()
            review["dateModified"] = r.updated_at.date().isoformat()
            review["reviewRating"] = _rating(ratings[r.rating_key], scale, r.rationale)
            claimant = Claimant(r.claimant_name, r.claimant_role, r.claimant_type or "Person") \
                if r.claimant_name else None
            review["itemReviewed"] = _item(r.id, claimant, places.get(r.id, []), notes)
            review["identifier"] = f"claim-group-{r.id}"
            yield review


def write_claim_reviews(handle: IO[str], reviews: Iterator[dict[str, Any]], tick: Callable[[], None]) -> int:
    """Write the reviews as one JSON-LD document; returns how many."""
    return write_document(handle, {"@context": CONTEXT, "@graph": ITEMS}, reviews, tick)
