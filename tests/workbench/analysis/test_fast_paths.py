"""The analysis's fast paths agree with their plain definitions (the export leans on them for speed)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.analysis.attribution import SPEECH_VERBS, may_attribute
from workbench.analysis.comparison import Analysed, Comparison
from workbench.analysis.origins import ShingleCache
from workbench.analysis.quantities import DENOMINATORS, SCALE_WORDS, START_WORDS, may_hold_quantity
from workbench.analysis.text import align_norms, paragraph_context

# The plain definitions: one regex each, as the detectors first had them.
QUANTITY_WORDS = sorted((START_WORDS | set(DENOMINATORS) | set(SCALE_WORDS)) - {"a", "an"}, key=len, reverse=True)
PLAIN_QUANTITY = re.compile(r"\d|[½⅓⅔¼¾⅕⅛]|\b(?:" + "|".join(QUANTITY_WORDS) + r")\b", re.IGNORECASE)
PLAIN_CUE = re.compile(r"\b(?:according|" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")\b")

# Texts built from the words the tests look for, their neighbours in spelling, and awkward characters:
# letters whose case folds oddly (ſ, K, İ, ß), digits of other scripts, glyphs, joiners of words.
PIECES = ["three", "Three", "THOUSAND", "thousands", "third", "a", "an", "half", "million", "said", "Said",
          "according", "to", "tells", "warned", "sayings", "x", "ſaid", "thouſand", "\u212a", "İ", "ß", "٣",
          "½", "7", "_", "-", "'", "’", ".", " ", " ", "\n", "é", "twenty", "twentyfold", "dozen", "hundred"]
texts = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_the_quantity_gate_is_the_plain_regex(text: str) -> None:
    assert may_hold_quantity(text) == (PLAIN_QUANTITY.search(text) is not None)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_the_attribution_gate_is_the_plain_regex(text: str) -> None:
    assert may_attribute(text) == (PLAIN_CUE.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from("abcde"), max_size=9), st.lists(st.sampled_from("abcde"), max_size=9))
def test_regions_without_pairs_are_the_regions_with_them(a: list[str], b: list[str]) -> None:
    assert align_norms(a, b, with_pairs=False)[1] == align_norms(a, b)[1]
    assert align_norms(a, b, with_pairs=False)[0] == []


def test_a_comparison_reads_its_pairs_and_regions_from_one_alignment() -> None:
    c = Comparison(Analysed("Russia will not invade Ukraine, he said."),
                   Analysed("Russia may invade Ukraine, he said."))
    assert [tuple(r) for r in c.regions] == [(1, 3, 1, 2)]  # "will not" -> "may"
    assert c.pairs == [(0, 0), (3, 2), (4, 3), (5, 4), (6, 5)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab.\n “”", max_size=700), st.integers(0, 700), st.integers(0, 40))
def test_a_window_of_the_article_gives_the_paragraph_the_whole_text_gives(text: str, start: int, length: int) -> None:
    """What the drift loader reads instead of an article: CONTEXT_LIMIT each side and one more character after."""
    from workbench.analysis.text import CONTEXT_LIMIT

    start = min(start, len(text))
    end = min(start + length, len(text))
    low = max(0, start - CONTEXT_LIMIT)
    window = text[low : end + CONTEXT_LIMIT + 1]
    assert paragraph_context(window, start - low, end - low) == paragraph_context(text, start, end)


def test_the_shingle_cache_forgets_the_oldest_articles_but_never_those_in_use() -> None:
    words = " ".join(f"word{i}" for i in range(60))
    cache = ShingleCache(limit=100)
    for aid in range(1, 6):
        cache.add(aid, f"{words} article {aid}")  # ~60 shingles each
    assert len(cache) == 5 and cache.size > 100
    cache.trim({5, 2})
    assert cache.size <= 100 or set(_ids(cache)) == {2, 5}
    assert 2 in cache and 5 in cache and 1 not in cache
    share, _ = cache.overlap(2, 5)
    assert share > 0.9  # what is kept still compares


def _ids(cache: ShingleCache) -> list[int]:
    return [aid for aid in range(1, 6) if aid in cache]
