"""Where a claim appeared, in the order a fact-check publishes it: originals before their reprints.

A claim group's articles are ordered by date, but a reprint is never the claim's first appearance
when its original is in the library. Which of two near-duplicate articles (``matching.reprints``)
is the original:

1. the one the other credits: a reprint usually names the outlet it copies ("– Moscow Times",
   "(Reuters)"), while the original does not name the reprinting outlet;
2. otherwise the one published earlier, when both are dated;
3. otherwise it cannot be told, and neither is taken for a reprint.

An original is dated, for ordering, no later than its earliest reprint: so an undated original
comes before its dated reprint. An original in the library that holds the claim's words but was
not linked to the claim group is added as an appearance too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.matching.reprints import find_reprints
from workbench.model import Article, Claim, Source
from workbench.normalize import normalize


@dataclass(frozen=True)
class Place:
    """An article a claim appears in, as ClaimReview presents it."""

    article_id: int
    title: str
    url: str | None
    published: dt.date | None
    outlet: str | None
    homepage: str | None
    original_of: tuple[int, ...] = ()  # reprints of this article in the group (by id)
    reprint_of: int | None = None  # the original this article reprints, when it is in the library
    linked: bool = True  # False: an original holding the claim, not linked to the group
    sort_date: dt.date | None = None  # published, or the earliest date of its reprints


def _credits(text: str, outlet: str | None) -> bool:
    """True when text names the outlet ("The Moscow Times" also as "Moscow Times")."""
    if not outlet:
        return False
    name = re.sub(r"^the\s+", "", outlet.strip(), flags=re.IGNORECASE)
    return bool(name) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def original_in_pair(a: Article, b: Article) -> Article | None:
    """Which of two near-duplicate articles is the original, or None when it cannot be told."""
    outlet_a = a.source.name if a.source else None
    outlet_b = b.source.name if b.source else None
    if outlet_a != outlet_b:
        a_credits_b, b_credits_a = _credits(a.text, outlet_b), _credits(b.text, outlet_a)
        if a_credits_b != b_credits_a:
            return b if a_credits_b else a
    if a.published and b.published and a.published != b.published:
        return a if a.published < b.published else b
    return None


class ReprintMap:
    """Reprint -> original for the library's near-duplicate articles (computed once per export)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.original: dict[int, int] = {}
        pairs = find_reprints(session)
        ids = {i for p in pairs for i in (p.article_id, p.other_article_id)}
        articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(ids)))} if ids else {}
        for pair in pairs:
            a, b = articles[pair.article_id], articles[pair.other_article_id]
            original = original_in_pair(a, b)
            if original is not None:
                copy = b if original is a else a
                self.original.setdefault(copy.id, original.id)

    def root(self, article_id: int) -> int | None:
        """The first original of an article's chain of reprints (None: it is not a known reprint)."""
        seen = {article_id}
        current = self.original.get(article_id)
        while current is not None and current not in seen:
            seen.add(current)
            nxt = self.original.get(current)
            if nxt is None:
                return current
            current = nxt
        return current


def _holds(text: str, quotes: Iterable[str]) -> bool:
    folded = normalize(text).text
    return any(normalize(q).text in folded for q in quotes if q.strip())


def group_places(session: Session, ids: list[int], reprints: ReprintMap) -> dict[int, list[Place]]:
    """Per group: its appearances, originals first (see the module notes), each flagged when a reprint."""
    query = (
        select(Claim.group_id, Claim.quote, Article.id, Article.title, Article.url, Article.published,
               Source.name, Source.homepage)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Claim.group_id.in_(ids))
        .order_by(Claim.group_id, Article.id)
    )
    places: dict[int, dict[int, Place]] = defaultdict(dict)
    quotes: dict[int, list[str]] = defaultdict(list)
    for gid, quote, aid, title, url, published, outlet, homepage in session.execute(query):
        quotes[gid].append(quote)
        places[gid].setdefault(aid, Place(aid, title, url, published, outlet, homepage))
    return {gid: _ordered(session, group, quotes[gid], reprints) for gid, group in places.items()}


def _ordered(session: Session, group: dict[int, Place], quotes: list[str], reprints: ReprintMap) -> list[Place]:
    found = dict(group)
    for aid in list(group):
        root = reprints.root(aid)
        if root is not None and root not in found:
            article = session.get(Article, root)
            if article is not None and _holds(article.text, quotes):
                found[root] = Place(root, article.title, article.url, article.published,
                                    article.source.name if article.source else None,
                                    article.source.homepage if article.source else None, linked=False)
    copies: dict[int, list[int]] = defaultdict(list)
    for aid in found:
        root = reprints.root(aid)
        if root is not None and root in found and root != aid:
            copies[root].append(aid)
            found[aid] = replace(found[aid], reprint_of=root)
    for root, reprinted in copies.items():
        dates = [d for d in [found[root].published, *(found[c].published for c in reprinted)] if d]
        found[root] = replace(found[root], original_of=tuple(sorted(reprinted)), sort_date=min(dates, default=None))
    ordered = [replace(p, sort_date=p.sort_date or p.published) for p in found.values()]
    ordered.sort(key=lambda p: (p.sort_date is None, p.sort_date or dt.date.min, p.reprint_of is not None,
                                p.article_id))
    return ordered
