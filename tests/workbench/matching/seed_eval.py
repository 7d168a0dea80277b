"""Run the labelled seed claims through the service and measure precision and recall per tier."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from seed_labels import GROUPS, SEED_FILES, SINGLE, Group, Variant, pair_kind

from workbench.matching.scoring import THRESHOLDS, Tier
from workbench.service import SuggestionInfo, Workbench

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
FIRST_TIERS = {Tier.SAME_TEXT.value, Tier.CLOSE_WORDING.value}


@dataclass
class Query:
    """One labelled claim marked in its seed, with its group (None: a single-article claim)."""

    variant: Variant
    group: Group | None
    claim_id: int
    article_id: int
    suggestions: list[SuggestionInfo] = field(default_factory=list)


@dataclass
class Quality:
    """The quality figures at one set of thresholds."""

    thresholds: dict[str, float]
    suggested: int = 0
    right: int = 0
    close_suggested: int = 0  # in the first two tiers (same text, close wording)
    close_right: int = 0
    small_found: int = 0  # small-edit pairs found (in any tier)
    small_close: int = 0  # ... and put in one of the first two tiers
    small_total: int = 0
    reworded_found: int = 0
    reworded_total: int = 0
    single_suggested: int = 0
    single_close: int = 0  # single-article claims given a suggestion in the first two tiers
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.suggested if self.suggested else 1.0

    @property
    def close_precision(self) -> float:
        """Precision of the suggestions in the first two tiers."""
        return self.close_right / self.close_suggested if self.close_suggested else 1.0

    @property
    def recall(self) -> float:
        total = self.small_total + self.reworded_total
        return (self.small_found + self.reworded_found) / total if total else 1.0

    def meets_bar(self) -> bool:
        """The quality bar on the seeds: every small edit found as same text or close wording, those two
        tiers right 95 % of the time and never for a single-article claim, more rewordings found than the
        31 of 40 the matcher before tiers found."""
        return (
            self.small_close == self.small_total
            and self.close_precision >= 0.95
            and self.reworded_found > 31
            and self.single_close == 0
        )


def build_library(wb: Workbench, *, embed: bool = True) -> tuple[dict[str, int], list[Query]]:
    """Import the seeds (embedded) and mark every labelled claim; return seed -> article id and the queries."""
    wb.import_paths([SEEDS / name for name in SEED_FILES.values()])
    if embed:
        wb.embed_pending()
    by_file = {a.id: wb.get_article(a.id).file_name for a in wb.list_articles()}
    article_of = {seed: next(aid for aid, f in by_file.items() if f == name) for seed, name in SEED_FILES.items()}
    queries: list[Query] = []
    labelled = [(g, v) for g in GROUPS for v in g.variants if not v.loose] + [(None, v) for v in SINGLE]
    for group, variant in labelled:
        claim = wb.add_claim(article_of[variant.seed], quote=variant.quote, occurrence=variant.occurrence)
        queries.append(Query(variant, group, claim.id, claim.article_id))
    return article_of, queries


def run_suggestions(wb: Workbench, queries: list[Query]) -> None:
    """Every query's best span per article, whatever its score (thresholds are applied later)."""
    for q in queries:
        q.suggestions = wb.suggest(q.claim_id, min_score=0, per_article=1, store=False)


def is_right(s: SuggestionInfo, label: tuple[int, int], query_length: int) -> bool:
    """Whether a suggested span points at a labelled variant: mostly inside it and not a scrap of it."""
    shared = max(0, min(s.end, label[1]) - max(s.start, label[0]))
    return shared >= 0.5 * (s.end - s.start) and shared >= min(0.25 * (label[1] - label[0]), 0.5 * query_length)


def passes(s: SuggestionInfo, thresholds: dict[str, float]) -> bool:
    return s.score >= thresholds[s.tier or Tier.REWORDED.value]


def measure(wb: Workbench, article_of: dict[str, int], queries: list[Query],
            threshold: float | None = None) -> Quality:
    """Precision, recall by kind, and single-claim leaks at the tiers' thresholds (or one threshold for all)."""
    return measure_with(wb, article_of, queries,
                        {t: (THRESHOLDS[t] if threshold is None else threshold) for t in Tier})


def measure_with(wb: Workbench, article_of: dict[str, int], queries: list[Query],
                 by_tier: dict[Tier, float]) -> Quality:
    """The quality figures with a threshold per tier."""
    thresholds = {t.value: v for t, v in by_tier.items()}
    texts = {seed: wb.get_article(aid).text for seed, aid in article_of.items()}
    quality = Quality(thresholds)

    def span(v: Variant) -> tuple[int, int]:
        from workbench.textspan import find_quote

        return find_quote(texts[v.seed], v.quote, v.occurrence)

    for q in queries:
        above = [s for s in q.suggestions if passes(s, thresholds)]
        top: dict[int, SuggestionInfo] = {}
        for s in above:
            if s.article_id not in top or s.score > top[s.article_id].score:
                top[s.article_id] = s
        name = q.group.name if q.group else "single"
        for seed, aid in article_of.items():
            if aid == q.article_id:
                continue
            targets = [v for v in (q.group.variants if q.group else ()) if v.seed == seed]
            best = top.get(aid)
            right = best is not None and any(is_right(best, span(t), len(q.variant.quote)) for t in targets)
            close = best is not None and best.tier in FIRST_TIERS
            if best is not None:
                quality.suggested += 1
                quality.right += right
                quality.close_suggested += close
                quality.close_right += close and right
                quality.single_suggested += q.group is None
                quality.single_close += q.group is None and close
                if not right:
                    quality.wrong.append(f"{name} {q.variant.seed}->{seed} {best.score} {best.tier}: "
                                         f"{best.text[:70]!r}")
            required = [t for t in targets if not t.loose]
            if required:
                small = any(pair_kind(q.variant, t) == "small" for t in required)
                if small:
                    quality.small_total += 1
                    quality.small_found += right
                    quality.small_close += right and close
                else:
                    quality.reworded_total += 1
                    quality.reworded_found += right
                if not right or (small and not close):
                    kind = "small" if small else "reworded"
                    quality.missed.append(f"{kind} {name} {q.variant.seed}->{seed} "
                                          f"{best.score if best else '-'} {best.tier if best else ''}")
    return quality
