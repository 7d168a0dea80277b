"""Inter-rater agreement of blind double ratings: raw agreement, Cohen's kappa, Krippendorff's alpha (ordinal).

Plain functions over plain values, checked against hand-computed examples in tests/workbench/test_agreement.py.

- raw agreement: the share of groups both raters gave the same rating;
- Cohen's kappa: that agreement corrected for chance, each rater's own rating frequencies giving the chance
  (ratings as categories: every rating key of the scale, off-scale ones such as 'unproven' included);
- Krippendorff's alpha, ordinal: 1 - observed/expected disagreement, where disagreeing by more steps of the
  scale counts more (the ordinal metric weighs the distance by how many ratings fall between). Off-scale
  ratings have no place in the order and count as missing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class PairAgreement:
    """How two raters agree on the groups both rated."""

    rater: str
    other_rater: str
    groups: int  # rated by both
    agreement: float | None  # raw agreement, 0-1 (None: no group in common)
    kappa: float | None  # Cohen's kappa (None: undefined, e.g. both gave one and the same rating throughout)
    alpha: float | None  # Krippendorff's alpha, ordinal (None: undefined)
    alpha_groups: int  # groups both rated on the scale (the ones alpha counts)


@dataclass(frozen=True)
class AgreementReport:
    """Agreement per rater pair, and alpha over all raters together."""

    pairs: list[PairAgreement]
    alpha: float | None
    raters: int
    groups: int  # groups with at least two on-scale ratings


def raw_agreement(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Share of pairs with equal values."""
    if not pairs:
        return None
    return sum(1 for a, b in pairs if a == b) / len(pairs)


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa of two raters' categories, one (first rater's, second rater's) pair per item."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for a, b in pairs if a == b) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    chance = sum(first[c] * second[c] for c in first) / (n * n)
    if chance >= 1.0:
        return None
    return (observed - chance) / (1.0 - chance)


def krippendorff_alpha_ordinal(units: Iterable[Sequence[int]]) -> float | None:
    """Krippendorff's alpha with the ordinal metric; each unit lists the values its raters gave (missing left out).

    Units with fewer than two values cannot be paired and are left out. None when there is no expected
    disagreement (every value the same) or nothing to pair.
    """
    coincidences: dict[tuple[int, int], float] = defaultdict(float)
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidences[(c, k)] += 1.0 / (m - 1)
    if not coincidences:
        return None
    totals: dict[int, float] = defaultdict(float)
    for (c, _k), count in coincidences.items():
        totals[c] += count
    n = sum(totals.values())
    order = sorted(totals)
    position = {value: at for at, value in enumerate(order)}
    running = [0.0]
    for value in order:
        running.append(running[-1] + totals[value])

    def delta(c: int, k: int) -> float:
        low, high = sorted((position[c], position[k]))
        between = running[high + 1] - running[low]
        return (between - (totals[order[low]] + totals[order[high]]) / 2.0) ** 2

    observed = sum(count * delta(c, k) for (c, k), count in coincidences.items())
    expected = sum(totals[c] * totals[k] * delta(c, k) for c in order for k in order)
    if expected == 0:
        return None
    return 1.0 - (n - 1.0) * observed / expected


def agreement_report(ratings: Iterable[tuple[int, str, str]], values: dict[str, int | None]) -> AgreementReport:
    """Agreement of blind ratings given as (group id, rater, rating key); values: each key's place on the scale."""
    by_group: dict[int, dict[str, str]] = defaultdict(dict)
    for group, rater, key in ratings:
        by_group[group][rater] = key
    raters = sorted({r for given in by_group.values() for r in given})
    pairs: list[PairAgreement] = []
    for a, b in combinations(raters, 2):
        both = [(given[a], given[b]) for given in by_group.values() if a in given and b in given]
        if not both:
            continue
        ordinal = [[v for v in (values.get(x), values.get(y)) if v is not None] for x, y in both]
        pairs.append(PairAgreement(
            a, b, len(both), raw_agreement(both), cohen_kappa(both), krippendorff_alpha_ordinal(ordinal),
            sum(1 for unit in ordinal if len(unit) == 2),
        ))
    units = [[v for v in (values.get(k) for k in given.values()) if v is not None] for given in by_group.values()]
    return AgreementReport(pairs, krippendorff_alpha_ordinal(units), len(raters),
                           sum(1 for unit in units if len(unit) >= 2))
