"""What the charts show, computed from plain rows: verdicts by outlet, the spread matrix, first appearances.

The core computes the numbers; drawing them is the front end's business (``ui/charts.py``). Chart
kinds are a registry (``CHART_KINDS``): a new chart is one builder here and one painter there.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from workbench.scales import UNRATED

UNRATED_LABEL = "Unrated"
UNRATED_COLOUR = "#c9d6e8"
UNKNOWN_OUTLET = "(unknown outlet)"
MAX_SPREAD_GROUPS = 40
MAX_TIMELINE_ROWS = 30
LABEL_CHARS = 80


class ChartKind(StrEnum):
    OUTLET_VERDICTS = "outlet-verdicts"
    SPREAD = "spread"
    TIMELINE = "timeline"


@dataclass(frozen=True)
class ChartRating:
    """A legend entry: a rating of the scale (or 'unrated') and its colour."""

    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class Appearance:
    """One claim of a group in one article."""

    article_id: int
    outlet: str | None
    published: dt.date | None


@dataclass(frozen=True)
class GroupRow:
    """What the charts need of a claim group."""

    id: int
    canonical: str
    rating: str | None
    appearances: tuple[Appearance, ...]


@dataclass(frozen=True)
class ChartGroup:
    """A claim group as a chart labels it."""

    id: int
    label: str
    rating: str


@dataclass(frozen=True)
class TimelinePoint:
    """The first appearance of a group in one outlet."""

    date: dt.date
    outlet: str
    article_id: int
    first: bool  # the group's earliest appearance anywhere


@dataclass(frozen=True)
class TimelineRow:
    label: str
    group_id: int
    rating: str
    points: tuple[TimelinePoint, ...]


@dataclass(frozen=True)
class ChartData:
    """Everything a painter needs for one chart; the fields that do not apply to its kind stay empty."""

    kind: ChartKind
    title: str
    subtitle: str
    ratings: list[ChartRating]
    outlets: list[str] = field(default_factory=list)
    groups: list[ChartGroup] = field(default_factory=list)
    counts: list[list[int]] = field(default_factory=list)  # outlet-verdicts: outlet x rating
    cells: list[list[bool]] = field(default_factory=list)  # spread: outlet x group
    rows: list[TimelineRow] = field(default_factory=list)  # timeline
    note: str = ""  # what the chart leaves out

    def colour(self, rating: str) -> str:
        return next((r.colour for r in self.ratings if r.key == rating), UNRATED_COLOUR)

    @property
    def empty(self) -> bool:
        return not (self.counts or self.cells or self.rows)


def legend(scale: Sequence[ChartRating]) -> list[ChartRating]:
    """The scale's ratings, then 'unrated'."""
    return [*scale, ChartRating(UNRATED, UNRATED_LABEL, UNRATED_COLOUR)]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _outlet(a: Appearance) -> str:
    return a.outlet or UNKNOWN_OUTLET


def outlet_verdicts(groups: Sequence[GroupRow], scale: Sequence[ChartRating]) -> ChartData:
    """Per outlet, how many of the claim groups it carries have each rating (stacked bars)."""
    ratings = legend(scale)
    index = {r.key: i for i, r in enumerate(ratings)}
    per_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    for g in groups:
        for outlet in {_outlet(a) for a in g.appearances}:
            per_outlet[outlet][g.rating or UNRATED] += 1
    outlets = sorted(per_outlet, key=lambda o: (-sum(per_outlet[o].values()), o.casefold()))
    counts = []
    for o in outlets:
        row = [0] * len(ratings)
        for key, n in per_outlet[o].items():
            row[index.get(key, index[UNRATED])] += n
        counts.append(row)
    used = [i for i in range(len(ratings)) if any(row[i] for row in counts)]
    return ChartData(
        ChartKind.OUTLET_VERDICTS, "Verdicts by outlet",
        f"{len(groups)} claim group{'s' if len(groups) != 1 else ''} across {len(outlets)} outlets",
        [ratings[i] for i in used], outlets=outlets, counts=[[row[i] for i in used] for row in counts],
    )


def spread(groups: Sequence[GroupRow], scale: Sequence[ChartRating]) -> ChartData:
    """Outlets x claim groups: which outlet carries which claim, coloured by the group's rating."""
    shown = sorted(groups, key=lambda g: (-len({_outlet(a) for a in g.appearances}), g.id))
    note = ""
    if len(shown) > MAX_SPREAD_GROUPS:
        note = f"the {MAX_SPREAD_GROUPS} most widely carried of {len(shown)} claim groups"
        shown = shown[:MAX_SPREAD_GROUPS]
    carried: dict[str, set[int]] = defaultdict(set)
    for g in shown:
        for a in g.appearances:
            carried[_outlet(a)].add(g.id)
    outlets = sorted(carried, key=lambda o: (-len(carried[o]), o.casefold()))
    return ChartData(
        ChartKind.SPREAD, "Claim spread", f"{len(outlets)} outlets × {len(shown)} claim groups", legend(scale),
        outlets=outlets, groups=[ChartGroup(g.id, _short(g.canonical), g.rating or UNRATED) for g in shown],
        cells=[[g.id in carried[o] for g in shown] for o in outlets], note=note,
    )


def timeline(groups: Sequence[GroupRow], scale: Sequence[ChartRating]) -> ChartData:
    """When each claim group first appeared in each outlet; one group: one row per outlet."""
    rows: list[TimelineRow] = []
    undated = 0
    single = len(groups) == 1
    for g in groups:
        firsts: dict[str, Appearance] = {}
        for a in g.appearances:
            if a.published is None:
                undated += 1
                continue
            current = firsts.get(_outlet(a))
            if current is None or (a.published, a.article_id) < (current.published, current.article_id):
                firsts[_outlet(a)] = a
        if not firsts:
            continue
        earliest = min(firsts.values(), key=lambda a: (a.published, a.article_id))
        points = tuple(sorted(
            (TimelinePoint(a.published, o, a.article_id, a is earliest) for o, a in firsts.items()),  # type: ignore[arg-type]
            key=lambda p: (p.date, p.outlet)))
        rating = g.rating or UNRATED
        if single:
            rows.extend(TimelineRow(p.outlet, g.id, rating, (p,)) for p in points)
        else:
            rows.append(TimelineRow(f"#{g.id} {_short(g.canonical)}", g.id, rating, points))
    rows.sort(key=lambda r: (r.points[0].date, r.label))
    notes = []
    if len(rows) > MAX_TIMELINE_ROWS:
        notes.append(f"the {MAX_TIMELINE_ROWS} earliest of {len(rows)} rows")
        rows = rows[:MAX_TIMELINE_ROWS]
    if undated:
        notes.append(f"{undated} appearance{'s' if undated != 1 else ''} without a publication date left out")
    subtitle = (f"claim group {groups[0].id}: first appearance per outlet" if single
                else f"first appearance of {len(rows)} claim groups, per outlet")
    return ChartData(ChartKind.TIMELINE, "First appearance over time", subtitle, legend(scale), rows=rows,
                     note="; ".join(notes))


ChartBuilder = Callable[[Sequence[GroupRow], Sequence[ChartRating]], ChartData]
CHART_KINDS: dict[ChartKind, tuple[str, ChartBuilder]] = {
    ChartKind.OUTLET_VERDICTS: ("verdicts by outlet (stacked bars)", outlet_verdicts),
    ChartKind.SPREAD: ("claim spread: outlets × claim groups, coloured by rating", spread),
    ChartKind.TIMELINE: ("first appearance over time per claim group", timeline),
}
