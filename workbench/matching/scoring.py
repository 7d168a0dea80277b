"""How alike a claim and a span are: token similarity over rare content words, and the 0-100 score."""

from __future__ import annotations

from bisect import bisect_left

from workbench.matching.analysis import Query
from workbench.matching.tokens import Tokens

# Calibrated on the labelled seed claims (tests/workbench/matching/seed_labels.py).
DEFAULT_MIN_SCORE = 55.0
MIN_SHARED_TERMS = 2  # a span sharing fewer distinct content terms with the claim is no match


def token_similarity(query: Query, tokens: Tokens, start: int, end: int) -> float:
    """F1 (0-1) of the claim's terms in tokens within [start, end): idf-weighted recall, plain precision."""
    first = bisect_left(tokens.starts, start)
    stop = bisect_left(tokens.ends, end + 1, lo=first)
    if stop <= first or query.total <= 0:
        return 0.0
    weights = query.weights
    span_terms = tokens.terms[first:stop]
    matched = sum(1 for t in span_terms if t in weights)
    distinct = {t for t in span_terms if t in weights}
    if not matched or len(distinct) < min(MIN_SHARED_TERMS, len(weights)):
        return 0.0
    precision = matched / len(span_terms)
    recall = sum(weights[t] for t in distinct) / query.total
    return 2 * precision * recall / (precision + recall)


def combined_score(char_score: float, token_score: float) -> float:
    """The 0-100 match score: the character-level ratio, or its mean with the token score if higher.

    Without shared content terms (token score 0) there is no match, however alike the letters are.
    """
    if token_score <= 0:
        return 0.0
    return round(max(char_score, (char_score + token_score) / 2), 1)
