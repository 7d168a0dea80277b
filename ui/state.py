"""What the window knows of the open library: articles, claim groups and their colours, reprints."""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, Signal

from ui.highlights import Mark
from ui.resources import highlight_colours
from workbench.errors import NotFound, WorkbenchError
from workbench.service import STATUS_LABELS, ArticleInfo, ClaimInfo, GroupInfo, RatingInfo, Workbench

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """Everything the window lists, read in one go."""

    articles: list[ArticleInfo] = field(default_factory=list)
    groups: list[GroupInfo] = field(default_factory=list)
    ratings: list[RatingInfo] = field(default_factory=list)
    reprint_of: dict[int, int] = field(default_factory=dict)


def take_snapshot(wb: Workbench | None) -> Snapshot:
    """Read the library's articles, groups, rating scale and reprints (safe on a worker thread)."""
    if wb is None:
        return Snapshot()
    articles = wb.list_articles()
    return Snapshot(articles, wb.list_groups(), wb.rating_scale(), find_reprints(wb, articles))


def find_reprints(wb: Workbench, article_list: list[ArticleInfo]) -> dict[int, int]:
    """Article id -> the article it (probably) reprints: of each pair, the later one is the copy."""
    articles = {a.id: a for a in article_list}
    try:
        pairs = wb.reprints()
    except WorkbenchError as exc:  # reprint marks are a nicety: a library that cannot tell still opens
        log.warning("reprints not marked: %s", exc)
        return {}
    found: dict[int, int] = {}
    for pair in pairs:
        a, b = articles.get(pair.article_id), articles.get(pair.other_article_id)
        if a is None or b is None:
            continue
        key_a = (a.published or dt.date.max, a.id)
        key_b = (b.published or dt.date.max, b.id)
        original, copy = (a, b) if key_a <= key_b else (b, a)
        found.setdefault(copy.id, original.id)
    return found


class LibraryState(QObject):
    """A snapshot of the library read through the service; reload() after every change."""

    reloaded = Signal()  # anything may have changed (groups, ratings, claims)
    articlesReloaded = Signal()  # the article list (titles, outlets, claim counts) was read again

    def __init__(self, workbench: Workbench | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workbench = workbench
        self.articles: dict[int, ArticleInfo] = {}
        self.groups: dict[int, GroupInfo] = {}
        self.claims: dict[int, ClaimInfo] = {}
        self.by_article: dict[int, list[ClaimInfo]] = {}
        self.ratings: dict[str, RatingInfo] = {}
        self.reprint_of: dict[int, int] = {}

    def reload(self) -> None:
        """Read articles, groups, ratings and reprints again and tell the views."""
        self.apply(take_snapshot(self.workbench))

    def apply(self, snapshot: Snapshot) -> None:
        """Take a snapshot read elsewhere (e.g. on a worker thread) and tell the views."""
        self.articles = {a.id: a for a in snapshot.articles}
        self.groups = {g.id: g for g in snapshot.groups}
        self.ratings = {r.key: r for r in snapshot.ratings}
        self.reprint_of = snapshot.reprint_of
        self._index()
        self.articlesReloaded.emit()
        self.reloaded.emit()

    def update_groups(self, group_ids: Iterable[int], *, articles: bool = True) -> None:
        """Re-read only these groups (and, unless articles is False, recount the articles' claims)."""
        wb = self.workbench
        if wb is None:
            return
        for group_id in set(group_ids):
            try:
                group = wb.get_group(group_id)
            except NotFound:
                self.groups.pop(group_id, None)
                continue
            if group.claims:
                self.groups[group_id] = group
            else:
                self.groups.pop(group_id, None)
        self._index()
        if articles:
            counted = self._recount()
            if counted != self.articles:  # a claim came or went: the Library's counts change
                self.articles = counted
                self.articlesReloaded.emit()
        self.reloaded.emit()

    def _recount(self) -> dict[int, ArticleInfo]:
        """The articles with their claim counts taken from the groups held (every claim is in one)."""
        return {
            a.id: a if a.claim_count == len(self.by_article.get(a.id, ())) else replace(
                a, claim_count=len(self.by_article.get(a.id, ())))
            for a in self.articles.values()
        }

    def _index(self) -> None:
        self.claims = {c.id: c for g in self.groups.values() for c in g.claims}
        self.by_article = {}
        for claim in sorted(self.claims.values(), key=lambda c: (c.start, c.end)):
            self.by_article.setdefault(claim.article_id, []).append(claim)

    # -- lookups ---------------------------------------------------------------------------------

    def colour_of(self, group_id: int) -> str:
        """The highlight colour of a group: its rating's colour, or the neutral one while unrated."""
        group = self.groups.get(group_id)
        colours = highlight_colours()
        if group is None or not group.rating:
            return colours["unrated"]
        return group.rating_colour or colours.get(group.rating, colours["unrated"])

    def marks_for(self, article_id: int) -> list[Mark]:
        """The highlights of an article's claims."""
        rated = {g.id for g in self.groups.values() if g.rating}
        return [
            Mark(c.start, c.end, c.id, c.group_id, self.colour_of(c.group_id), rated=c.group_id in rated)
            for c in self.by_article.get(article_id, [])
        ]

    def claims_of_group(self, group_id: int, article_id: int | None = None) -> list[ClaimInfo]:
        """A group's claims, optionally only those in one article."""
        group = self.groups.get(group_id)
        claims = group.claims if group else []
        return [c for c in claims if article_id is None or c.article_id == article_id]

    def article_label(self, article_id: int) -> str:
        """'Outlet — Title' for choosers and lists."""
        article = self.articles.get(article_id)
        if article is None:
            return f"Article {article_id}"
        return f"{article.source or 'Unknown outlet'} — {article.title}"

    def tooltip(self, marks: Iterable[Mark]) -> str:
        """Rich text naming each claim's group, canonical wording, rating and status."""
        parts = []
        for mark in marks:
            group = self.groups.get(mark.group_id)
            if group is None:
                continue
            rating = group.rating_label or "Not rated yet"
            status = STATUS_LABELS.get(group.status or "", "no verdict")
            wording = html.escape(_shorten(group.canonical, 140))
            sources = len({c.article_id for c in group.claims})
            parts.append(
                f"<p><b>Group {group.id}</b> · {sources} source{'s' if sources != 1 else ''}<br>"
                f"<span style='color:{self.colour_of(group.id)}'>&#9632;</span> <b>{html.escape(rating)}</b>"
                f" · {html.escape(status)}<br><i>{wording}</i></p>"
            )
        return "".join(parts) or "Claim"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
