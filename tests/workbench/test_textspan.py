"""Anchors and re-anchoring: claims follow their quote through edits, or are flagged, never misplaced."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workbench.errors import QuoteNotFound, SpanOutOfRange
from workbench.textspan import (
    ANCHORED,
    FUZZY,
    MOVED,
    NEEDS_REVIEW,
    find_quote,
    make_anchor,
    reanchor,
)

TEXT = (
    "Russia is still awaiting the U.S. and NATO's response. 🇷🇺 Lavrov said “we’re currently waiting "
    "for the promised answers in order to continue negotiations” on Tuesday. 𝒜 final 😀 line."
)
QUOTE = "we’re currently waiting for the promised answers in order to continue negotiations"


def anchor_of(text: str, quote: str):
    start, end = find_quote(text, quote)
    return make_anchor(text, start, end)


def test_anchor_keeps_quote_and_32_characters_of_context() -> None:
    a = anchor_of(TEXT, QUOTE)
    assert TEXT[a.start : a.end] == QUOTE
    assert a.prefix == TEXT[a.start - 32 : a.start]
    assert a.suffix == TEXT[a.end : a.end + 32]


def test_offsets_are_code_points_with_astral_characters() -> None:
    start, end = find_quote(TEXT, "final 😀 line")
    assert TEXT[start:end] == "final 😀 line"
    assert start == TEXT.index("final")


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (10, 4), (0, len(TEXT) + 1)])
def test_bad_spans_are_refused(start: int, end: int) -> None:
    with pytest.raises(SpanOutOfRange):
        make_anchor(TEXT, start, end)


def test_whitespace_only_span_is_refused() -> None:
    with pytest.raises(SpanOutOfRange):
        make_anchor("a    b", 1, 4)


def test_quote_occurrence_numbers() -> None:
    text = "no. yes. no. maybe. no."
    assert find_quote(text, "no", 3) == (20, 22)
    with pytest.raises(QuoteNotFound, match="occurs 3 time"):
        find_quote(text, "no", 4)
    with pytest.raises(QuoteNotFound):
        find_quote(text, "perhaps")
    with pytest.raises(QuoteNotFound):
        find_quote(text, "  ")


def test_unchanged_text_keeps_offsets() -> None:
    a = anchor_of(TEXT, QUOTE)
    assert reanchor(TEXT, a) .state == ANCHORED


def test_edit_before_the_claim_moves_it() -> None:
    a = anchor_of(TEXT, QUOTE)
    new = "UPDATE 🚨: " + TEXT
    p = reanchor(new, a)
    assert p.state == MOVED
    assert new[p.start : p.end] == QUOTE


def test_edit_after_the_claim_keeps_it() -> None:
    a = anchor_of(TEXT, QUOTE)
    p = reanchor(TEXT + " Correction appended 🙂.", a)
    assert (p.start, p.end, p.state) == (a.start, a.end, ANCHORED)


def test_small_edit_inside_the_claim_is_found_fuzzily() -> None:
    a = anchor_of(TEXT, QUOTE)
    edited_quote = QUOTE.replace("promised answers", "promised answer")
    new = TEXT.replace(QUOTE, edited_quote)
    p = reanchor(new, a)
    assert p.state == FUZZY
    assert new[p.start : p.end] == edited_quote


def test_removed_claim_needs_review_and_is_not_moved_elsewhere() -> None:
    a = anchor_of(TEXT, QUOTE)
    new = TEXT.replace(QUOTE, "something entirely different was said about the weather")
    p = reanchor(new, a)
    assert p.state == NEEDS_REVIEW
    assert 0 <= p.start < p.end <= len(new)


def test_repeated_quote_prefers_the_occurrence_with_matching_context() -> None:
    text = "Alpha says no. Beta says yes. Gamma says no. Delta."
    start = text.index("no", text.index("Gamma"))
    a = make_anchor(text, start, start + 2)
    new = "Intro. " + text.replace("Alpha says no.", "Alpha says no, never.")
    p = reanchor(new, a)
    assert p.state == MOVED
    assert new[p.start - 11 : p.start] == "Gamma says "


words = st.text(alphabet=st.sampled_from(list("abcdefgh ️😀𝒜é.,“”")), min_size=0, max_size=40)


@settings(max_examples=150, deadline=None)
@given(before=words, quote=st.text(alphabet="xyzw😀 ", min_size=3, max_size=20), after=words,
       insert=words, at_start=st.booleans())
def test_quote_survives_edits_outside_it(before: str, quote: str, after: str, insert: str, at_start: bool) -> None:
    assume(quote.strip() and quote not in before + after)
    text = before + quote + after
    a = make_anchor(text, len(before), len(before) + len(quote))
    new = insert + text if at_start else text + insert
    assume(new.count(quote) == 1)
    p = reanchor(new, a)
    assert new[p.start : p.end] == quote
    assert p.state in (ANCHORED, MOVED)


@settings(max_examples=150, deadline=None)
@given(text=st.text(min_size=1, max_size=80), data=st.data())
def test_reanchor_always_returns_a_valid_span(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assume(text[start:end].strip())
    a = make_anchor(text, start, end)
    new = data.draw(st.text(min_size=1, max_size=80))
    p = reanchor(new, a)
    assert 0 <= p.start < p.end <= len(new)
    if p.state in (ANCHORED, MOVED):
        assert new[p.start : p.end] == a.quote
