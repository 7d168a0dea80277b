"""schema.org ClaimReview JSON-LD: one review per final verdict, in one ``@graph``.

Each review names the claim (``claimReviewed``, the group's canonical wording), the rating on the
library's scale (``reviewRating``: ratingValue, best and worst of the scale, alternateName = label,
ratingExplanation = rationale), the claim with its appearances in the source articles and its first
appearance (``itemReviewed``), the reviewing organisation (settings ``organisation`` and
``organisation_url``), ``datePublished`` (the day the verdict first became final) and
``dateModified``, and ``url`` when the setting ``claimreview_url`` holds a template such as
``https://factcheck.example/claims/{group_id}``. A rating outside the numeric scale (e.g. unproven)
has no ratingValue. Final verdicts without a rating cannot be reviews and are left out (reported).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from workbench.export.jsonld import ITEMS, write_document
from workbench.export.scope import ExportScope
from workbench.export.tables import BATCH, Rating
from workbench.model import Article, Claim, ClaimGroup, Source, Verdict, VerdictRevision

CONTEXT = "https://schema.org"


@dataclass(frozen=True)
class Reviewer:
    """The organisation publishing the reviews, and where its reviews live."""

    name: str | None
    url: str | None = None
    review_url: str | None = None  # template with {group_id}


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


def _appearances(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    # Distinct (group, article) pairs first: PostgreSQL wants a DISTINCT query's ORDER BY in its select list.
    pairs = select(Claim.group_id, Claim.article_id).where(Claim.group_id.in_(ids)).distinct().subquery()
    query = (
        select(pairs.c.group_id, Article.id, Article.url, Article.title, Article.published, Source.name,
               Source.homepage)
        .join(Article, Article.id == pairs.c.article_id)
        .outerjoin(Source, Source.id == Article.source_id)
        .order_by(pairs.c.group_id, Article.published.is_(None), Article.published, Article.id)
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for gid, _aid, url, title, published, outlet, homepage in session.execute(query):
        item: dict[str, Any] = {"@type": "NewsArticle" if outlet else "CreativeWork", "headline": title}
        if url:
            item["url"] = url
        if published:
            item["datePublished"] = published.isoformat()
        if outlet:
            item["publisher"] = {"@type": "Organization", "name": outlet, **({"url": homepage} if homepage else {})}
        found[gid].append(item)
    return found


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
    out: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None:
        out["ratingValue"] = rating.value
    if values:
        out["bestRating"], out["worstRating"] = max(values), min(values)
    if rationale:
        out["ratingExplanation"] = rationale
    return out


def claim_reviews(session: Session, scope: ExportScope, ratings: dict[str, Rating],
                  reviewer: Reviewer) -> Iterator[dict[str, Any]]:
    """One ClaimReview object per rated final verdict in scope, by group id."""
    scale = list(ratings.values())
    author: dict[str, Any] = {"@type": "Organization", "name": reviewer.name or "Unnamed fact-checking organisation"}
    if reviewer.url:
        author["url"] = reviewer.url
    query = _final(
        scope, ClaimGroup.id, ClaimGroup.canonical, Verdict.id.label("verdict_id"), Verdict.rating_key,
        Verdict.rationale, Verdict.updated_at,
    ).where(Verdict.rating_key.is_not(None)).order_by(ClaimGroup.id)
    result = session.execute(query.execution_options(yield_per=BATCH))
    for batch in result.partitions():
        appearances = _appearances(session, [r.id for r in batch])
        finals = _first_final(session, [r.verdict_id for r in batch])
        for r in batch:
            seen = appearances.get(r.id, [])
            review: dict[str, Any] = {"@type": "ClaimReview", "claimReviewed": r.canonical}
            if reviewer.review_url:
                review["url"] = reviewer.review_url.replace("{group_id}", str(r.id))
            review["author"] = author
            review["datePublished"] = finals.get(r.verdict_id, r.updated_at).date().isoformat()
            review["dateModified"] = r.updated_at.date().isoformat()
            review["reviewRating"] = _rating(ratings[r.rating_key], scale, r.rationale)
            item: dict[str, Any] = {"@type": "Claim", "appearance": seen}
            if seen:
                item["firstAppearance"] = seen[0]
                if "datePublished" in seen[0]:
                    item["datePublished"] = seen[0]["datePublished"]
            review["itemReviewed"] = item
            review["identifier"] = f"claim-group-{r.id}"
            yield review


def write_claim_reviews(handle: IO[str], reviews: Iterator[dict[str, Any]], tick: Callable[[], None]) -> int:
    """Write the reviews as one JSON-LD document; returns how many."""
    return write_document(handle, {"@context": CONTEXT, "@graph": ITEMS}, reviews, tick)
