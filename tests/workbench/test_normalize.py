"""The matching view of a text and its offset map back to the original."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.normalize import normalize, normalized_part

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Text made mostly of the characters the normaliser treats specially.
_ALPHABET = st.sampled_from(
    [
        *"abcXYZ ß.,", "-", "--", "\u2014", "\u2013", "\u2011", "\n", "\r\n", " \n ", "\t", "\xa0", "\u2009",
        "\xad", "\u200b", '"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u201e", "\xab", "\xbb", "''", '""',
        "\u2026", "\u0130", "\ufb01", "&amp;", "&nbsp;", "&#8217;", "&#x201C;", "&bogus;", "&", "&#;",
    ]
)
texts = st.lists(_ALPHABET, max_size=40).map("".join) | st.text(max_size=40)


def test_folds_quotes_dashes_spaces_and_case() -> None:
    text = "He said \u201cWe\u2019re\u00a0 here\u201d \u2014 ''ok'' -- \"\"fine\" \u2013 STRASSE"
    assert normalize(text).text == "he said \"we're here\" - \"ok\" - \"fine\" - strasse"


def test_joins_words_hyphenated_across_line_ends() -> None:
    assert normalize("the nego-\ntiations").text == "the negotiations"
    assert normalize("the nego- \r\n tiations").text == "the negotiations"
    assert normalize("a NATO-\nRussia council").text == "a nato-russia council"


def test_hard_wraps_and_blank_lines_become_one_space() -> None:
    assert normalize("the United\nStates  and\n\n\nNATO").text == "the united states and nato"


def test_decodes_html_entities() -> None:
    assert normalize("Q&amp;A&nbsp; it&#8217;s &#x201C;x&#x201D; &bogus;").text == "q&a it's \"x\" &bogus;"


def test_span_maps_to_exact_original_characters() -> None:
    original = "Russia\u2019s  \u201cnon-starters.\u201d\nNext"
    norm = normalize(original)
    start = norm.text.index('"non')
    end = norm.text.index('."') + 2
    a, b = norm.span_to_original(start, end)
    assert original[a:b] == "\u201cnon-starters.\u201d"
    a, b = norm.span_to_original(0, norm.text.index(" "))
    assert original[a:b] == "Russia\u2019s"


def test_span_from_original_inverts_span_to_original() -> None:
    original = "A  \u201cquote\u201d here"
    norm = normalize(original)
    start, end = norm.span_from_original(3, 10)
    assert norm.text[start:end] == '"quote"'


@given(texts)
@settings(max_examples=400, deadline=None)
def test_map_is_monotonic_and_in_range(text: str) -> None:
    norm = normalize(text)
    previous = (0, 0)
    for i in range(len(norm.text)):
        a, b = norm.char_span(i)
        assert 0 <= a < b <= len(text)
        assert a >= previous[0] and b >= previous[1]
        previous = (a, b)
    assert norm.to_original(0) <= norm.to_original(len(norm.text)) <= len(text)


@given(texts, st.data())
@settings(max_examples=400, deadline=None)
def test_renormalising_the_mapped_original_gives_the_same_text(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    n = len(norm.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    start, end = norm.whole_units(start, end)
    a, b = norm.span_to_original(start, end)
    assert normalize(text[a:b]).text == norm.text[start:end]


@given(texts, st.data())
@settings(max_examples=1000, deadline=None)
def test_a_part_taken_from_the_whole_is_the_part_normalised(text: str, data: st.DataObject) -> None:
    """normalized_part (matching takes a passage from its normalised region) gives what normalising the part
    gives, or None."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    part = normalized_part(normalize(text), text, start, end)
    assert part is None or part == normalize(text[start:end]).text


def test_a_part_ending_in_ordinary_characters_is_taken_from_the_whole() -> None:
    text = "Lavrov said: \u201cWe\u2019re  waiting\u201d for answers,\nthe minister said."
    norm = normalize(text)
    start, end = text.index("We"), text.index(" for answers")
    assert normalized_part(norm, text, start, end) is None  # it ends in a quote mark, which a unit may continue
    end = text.index(",\nthe")
    assert normalized_part(norm, text, start, end) == normalize(text[start:end]).text == "we're waiting\" for answers"
    start = text.index("the minister")
    assert normalized_part(norm, text, start, len(text)) == "the minister said."


@given(texts)
@settings(max_examples=200, deadline=None)
def test_normalising_is_idempotent_on_plain_results(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == normalize(normalize(once).text).text


def test_seed_texts_normalise_fast() -> None:
    text = (SEEDS / "000_ae7c11aed872ca9a.txt").read_text(encoding="utf-8")
    big = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    started = time.perf_counter()
    norm = normalize(big)
    assert time.perf_counter() - started < 1.0
    assert "negotiations" in norm.text and "\n" not in norm.text
