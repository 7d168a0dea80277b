"""Analysis actions: quote drift per claim group, independent origins, per-group summaries, chart data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from workbench.analysis.charts import CHART_KINDS, ChartData, ChartKind, ChartRating
from workbench.analysis.drift import KIND_LABELS, DriftKind
from workbench.analysis.library import ClaimDrift, load_chart_rows, load_drift, load_origins
from workbench.analysis.origins import Origins, ShingleCache, origin_label
from workbench.errors import InvalidValue, NotFound
from workbench.model import Claim, ClaimGroup, RatingScale
from workbench.service.base import ServiceBase

DRIFT_KINDS = tuple(k.value for k in DriftKind)
DRIFT_LABELS = {k.value: label for k, label in KIND_LABELS.items()}
CHART_KIND_NAMES = tuple(k.value for k in CHART_KINDS)
CHART_KIND_LABELS = {k.value: label for k, (label, _) in CHART_KINDS.items()}


@dataclass(frozen=True)
class DriftInfo:
    """One drift flag of one claim: the words on each side and where they are.

    canonical_spans are code points in the group's canonical wording, variant_spans in the claim's
    quote, article_spans the same words in the article's text.
    """

    claim_id: int
    article_id: int
    kind: str  # number, negation, hedge, attribution, paraphrase
    canonical: str
    variant: str
    detail: str
    source: str | None = None
    canonical_spans: list[tuple[int, int]] = field(default_factory=list)
    variant_spans: list[tuple[int, int]] = field(default_factory=list)
    article_spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class GroupInsight:
    """What the claims table shows beside a group: outlets and independent origins, drift flags by kind."""

    group_id: int
    outlets: int
    independent: int
    drift: dict[str, int] = field(default_factory=dict)

    @property
    def origin_label(self) -> str:
        """ "5 outlets · 2 independent"."""
        return origin_label(self.outlets, self.independent)

    @property
    def drift_label(self) -> str:
        """ "2 number, 1 hedge" ("" without flags)."""
        return ", ".join(f"{n} {kind}" for kind, n in self.drift.items())


def drift_infos(found: Sequence[ClaimDrift]) -> list[DriftInfo]:
    """Flat drift flags, claim by claim, in reading order."""
    return [
        DriftInfo(
            d.claim_id, d.article_id, f.kind.value, f.canonical, f.variant, f.detail, d.source,
            [tuple(s) for s in f.canonical_spans], [tuple(s) for s in f.variant_spans],  # type: ignore[misc]
            [(d.start + s, d.start + e) for s, e in f.variant_spans],
        )
        for d in found
        for f in d.flags
    ]


def drift_summary(flags: Sequence[object]) -> dict[str, int]:
    """Flags counted by kind, in the detectors' order."""
    counts = Counter(getattr(f, "kind") for f in flags)  # noqa: B009 (DriftFlag or DriftInfo)
    return {k: counts[k] for k in DRIFT_KINDS if counts[k]}


class AnalysisActions(ServiceBase):
    """Drift, origins, per-group summaries and chart data (read-only)."""

    def drift(self, group_id: int) -> list[DriftInfo]:
        """Every drift flag of the group's variants against its canonical wording."""
        with self.db.read() as session:
            self._get(session, ClaimGroup, group_id, "claim group")
            return drift_infos(load_drift(session, [group_id]))

    def claim_drift(self, group_id: int) -> list[ClaimDrift]:
        """Per claim of the group, its drift flags (empty for the claims worded as the canonical)."""
        with self.db.read() as session:
            self._get(session, ClaimGroup, group_id, "claim group")
            return load_drift(session, [group_id])

    def origins(self, group_id: int) -> Origins:
        """The group's articles as independent origin chains (reprints, wire copy and same outlet collapsed)."""
        with self.db.read() as session:
            self._get(session, ClaimGroup, group_id, "claim group")
            found = load_origins(session, [group_id])
        if group_id not in found:
            raise NotFound(f"claim group {group_id} holds no claims")
        return found[group_id]

    def group_insights(self, group_ids: Sequence[int] | None = None) -> dict[int, GroupInsight]:
        """Outlets, independent origins and drift counts for every group holding claims (or the given ones)."""
        with self.db.read() as session:
            if group_ids is None:
                group_ids = list(session.scalars(select(Claim.group_id).distinct().order_by(Claim.group_id)))
            origins = load_origins(session, group_ids, ShingleCache())
            drift: dict[int, list[object]] = {}
            for d in load_drift(session, group_ids):
                drift.setdefault(d.group_id, []).extend(d.flags)
        return {
            gid: GroupInsight(gid, o.outlets, o.independent, drift_summary(drift.get(gid, [])))
            for gid, o in origins.items()
        }

    def chart_data(self, kind: str, group_ids: Sequence[int] | None = None) -> ChartData:
        """The numbers behind one chart (outlet-verdicts, spread, timeline), for every group or the given ones."""
        try:
            chart = ChartKind(kind)
        except ValueError:
            raise InvalidValue(f"unknown chart {kind!r}; use one of: {', '.join(CHART_KIND_NAMES)}") from None
        with self.db.read() as session:
            if group_ids:
                for gid in group_ids:
                    self._get(session, ClaimGroup, gid, "claim group")
            scale = [ChartRating(r.key, r.label, r.colour)
                     for r in session.scalars(select(RatingScale).order_by(RatingScale.position))]
            rows = load_chart_rows(session, list(group_ids) if group_ids else None)
        return CHART_KINDS[chart][1](rows, scale)
