"""How alike a claim and a span are: the evidence, the 0-100 score, the tier, and the explanation shown.

Evidence for one suggested span:
- semantic: cosine of the claim's sentence vector with the passage's (None until it is embedded);
- lexical: F1 of the claim's content terms in the span, recall weighted by the terms' rarity (0-1);
- character: rapidfuzz ratio of the normalised claim and span (0-100): spelling, order and punctuation.

The score mixes them (calibrated on the labelled seed claims and the CheckThat! development set, see
benchmarks/RESULTS.md); alignment places the span, it does not decide the rank alone. The tier says
what kind of match it is: *same text* (a reprint or verbatim quote), *close wording* (the same
sentence with small edits) or *reworded*; each tier has its own threshold.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from enum import StrEnum

from workbench.matching.analysis import Query
from workbench.matching.tokens import Tokens
from workbench.worddiff import DELETE, EQUAL, INSERT, word_diff

MIN_SHARED_TERMS = 2  # a span sharing fewer distinct content terms with the claim has no lexical evidence


class Tier(StrEnum):
    """What kind of match a suggestion is."""

    SAME_TEXT = "same-text"
    CLOSE_WORDING = "close-wording"
    REWORDED = "reworded"


TIER_LABELS = {Tier.SAME_TEXT: "same text", Tier.CLOSE_WORDING: "close wording", Tier.REWORDED: "reworded"}
TIER_ORDER = (Tier.SAME_TEXT, Tier.CLOSE_WORDING, Tier.REWORDED)

NEAR_COPY_RECALL = 0.3  # share of the claim's term weight a span needs for its characters to count
SAME_TEXT_CHARACTER = 98.0  # character similarity from which a span is the same text (one word changed: ~95)
CLOSE_CHARACTER = 75.0  # ... from which it is the same sentence with small edits
CLOSE_LEXICAL = 0.75  # ... or this lexical similarity with enough character similarity too
CLOSE_LEXICAL_CHARACTER = 60.0
# Default thresholds per tier (0-100 score); calibrated on the labelled seed claims.
THRESHOLDS = {Tier.SAME_TEXT: 90.0, Tier.CLOSE_WORDING: 70.0, Tier.REWORDED: 58.0}
DEFAULT_MIN_SCORE = min(THRESHOLDS.values())  # the lowest score any suggestion shown by default has

SEMANTIC_WEIGHT = 0.75  # share of the semantic cosine in the mixed score (the rest: lexical)
LEXICAL_ONLY_FACTOR = 0.85  # a span without a vector yet is scored on its words, a little lower
ALIGNMENT_FACTOR = 0.95  # an aligned rewording's fit counts a little less than a semantic match


@dataclass(frozen=True)
class Evidence:
    """What a span has in common with a claim (see the module docstring)."""

    semantic: float | None
    lexical: float
    character: float
    alignment: float = 0.0  # the aligned span's own fit (character and word order, 0-100); 0 when not aligned
    recall: float = 1.0  # share of the claim's term weight the span holds

    @property
    def wording(self) -> bool:
        """Whether the span holds enough of the claim's words for its characters to count (a near copy)."""
        return self.recall >= NEAR_COPY_RECALL


def tier_of(evidence: Evidence) -> Tier:
    """Same text, close wording or reworded (the first two only for a span holding the claim's words)."""
    if not evidence.wording:
        return Tier.REWORDED
    if evidence.character >= SAME_TEXT_CHARACTER:
        return Tier.SAME_TEXT
    if evidence.character >= CLOSE_CHARACTER or (
        evidence.lexical >= CLOSE_LEXICAL and evidence.character >= CLOSE_LEXICAL_CHARACTER
    ):
        return Tier.CLOSE_WORDING
    return Tier.REWORDED


def score_of(evidence: Evidence) -> float:
    """The 0-100 score: the semantic and lexical mix, or the character similarity for a near copy."""
    if evidence.semantic is None:
        mixed = 100.0 * LEXICAL_ONLY_FACTOR * evidence.lexical
    else:
        semantic = max(0.0, evidence.semantic)
        mixed = 100.0 * (SEMANTIC_WEIGHT * semantic + (1.0 - SEMANTIC_WEIGHT) * evidence.lexical)
    if evidence.lexical <= 0.0 and evidence.semantic is None:
        return 0.0
    if not evidence.wording:
        return round(min(100.0, mixed), 1)
    near = evidence.character if evidence.character >= CLOSE_CHARACTER and evidence.lexical > 0 else 0.0
    aligned = ALIGNMENT_FACTOR * evidence.alignment
    return round(min(100.0, max(mixed, near, aligned)), 1)


def score_bound(semantic: float | None, lexical: float, recall: float) -> float:
    """The highest score a span can get from these cheap features (its characters not compared yet).

    A span holding NEAR_COPY_RECALL of the claim's weight may be a near copy: anything up to 100.
    """
    if recall >= NEAR_COPY_RECALL:
        return 100.0
    return score_of(Evidence(semantic, lexical, 0.0, recall=recall))


def shown(tier: Tier, score: float, min_score: float | None) -> bool:
    """Whether a suggestion passes: its tier's threshold, or min_score when one is given."""
    return score >= (THRESHOLDS[tier] if min_score is None else min_score)


def token_similarity(query: Query, tokens: Tokens, start: int, end: int) -> float:
    """F1 (0-1) of the claim's terms in tokens within [start, end): idf-weighted recall, plain precision."""
    first = bisect_left(tokens.starts, start)
    stop = bisect_left(tokens.ends, end + 1, lo=first)
    if stop <= first or query.total <= 0:
        return 0.0
    return terms_similarity(query, tokens.terms[first:stop])


def terms_similarity(query: Query, span_terms: list[str] | tuple[str, ...]) -> float:
    """F1 (0-1) of the claim's terms among a span's terms: idf-weighted recall, plain precision."""
    if not span_terms or query.total <= 0:
        return 0.0
    weights = query.weights
    matched = sum(1 for t in span_terms if t in weights)
    distinct = {t for t in span_terms if t in weights}
    if not matched or len(distinct) < min(MIN_SHARED_TERMS, len(weights)):
        return 0.0
    precision = matched / len(span_terms)
    recall = sum(weights[t] for t in distinct) / query.total
    if recall <= 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def terms_recall(query: Query, span_terms: list[str] | tuple[str, ...]) -> float:
    """Share (0-1) of the claim's term weight found among a span's terms."""
    if query.total <= 0:
        return 0.0
    present = set(span_terms)
    return sum(w for t, w in query.weights.items() if t in present) / query.total


# -- explanations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchExplanation:
    """Why a span was suggested, for the reviewer: tier, shared words, similarity, changed words."""

    tier: str  # a Tier value
    tier_label: str
    shared_terms: tuple[str, ...]  # the claim's content words found in the span (as the claim spells them)
    semantic_similarity: float | None  # cosine of the sentence vectors, 0-1 (None: not embedded yet)
    lexical_similarity: float  # 0-1
    character_similarity: float  # 0-100
    changed_words: tuple[tuple[str, str], ...]  # (the claim's words, the span's words) replaced one by the other


def explain(claim: str, span: str, evidence: Evidence, tier: Tier | None = None) -> MatchExplanation:
    """The explanation of a suggestion from the two texts and the evidence (and its tier, when known)."""
    from workbench.matching.tokens import content_tokens
    from workbench.normalize import normalize

    claim_norm = normalize(claim).text
    claim_tokens = content_tokens(claim_norm)
    span_terms = set(content_tokens(normalize(span).text).terms)
    shared: dict[str, None] = {}
    for term, s, e in zip(claim_tokens.terms, claim_tokens.starts, claim_tokens.ends, strict=True):
        if term in span_terms:
            shared.setdefault(claim_norm[s:e], None)
    changes: list[tuple[str, str]] = []
    removed = ""
    for op, text in word_diff(claim, span):
        if op == DELETE:
            removed = text.strip()
        elif op == INSERT:
            changes.append((removed, text.strip()))
            removed = ""
        elif op == EQUAL and removed:
            changes.append((removed, ""))
            removed = ""
    if removed:
        changes.append((removed, ""))
    tier = tier or tier_of(evidence)
    semantic = None if evidence.semantic is None else round(max(0.0, evidence.semantic), 3)
    return MatchExplanation(tier.value, TIER_LABELS[tier], tuple(shared), semantic, round(evidence.lexical, 3),
                            round(evidence.character, 1), tuple(changes))
