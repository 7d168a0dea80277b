"""Word-level diffs of claim wordings (workbench.worddiff): runs, spacing, quote styles, properties."""

from __future__ import annotations

import itertools
import re

from hypothesis import given
from hypothesis import strategies as st

from workbench.worddiff import DELETE, EQUAL, INSERT, DiffPart, similarity, word_diff


def ops(old: str, new: str) -> list[tuple[str, str]]:
    return [tuple(part) for part in word_diff(old, new)]  # type: ignore[misc]


def test_identical_wordings_are_one_equal_run() -> None:
    assert ops("Russia says no new talks.", "Russia says no new talks.") == [(EQUAL, "Russia says no new talks.")]


def test_parts_are_op_text_tuples_with_names() -> None:
    part = word_diff("a b", "a c")[-1]
    op, text = part
    assert isinstance(part, DiffPart) and (part.op, part.text) == (op, text) == (INSERT, "c")


def test_replaced_words_show_deletion_then_insertion_with_new_spacing() -> None:
    assert ops("Russia says no new talks", "Russia said there will be no new talks!") == [
        (EQUAL, "Russia "),
        (DELETE, "says"),
        (INSERT, "said there will be"),
        (EQUAL, " no new talks"),
        (INSERT, "!"),
    ]


def test_dropped_words_at_start_middle_and_end() -> None:
    assert ops("a b c", "b c") == [(DELETE, "a"), (EQUAL, "b c")]
    assert ops("a b c", "a c") == [(EQUAL, "a "), (DELETE, "b"), (EQUAL, "c")]
    assert ops("a b c", "a b") == [(EQUAL, "a b"), (DELETE, "c")]


def test_empty_sides() -> None:
    assert ops("", "x y") == [(INSERT, "x y")]
    assert ops("x y", "") == [(DELETE, "x y")]
    assert ops("", "") == []


def test_curly_and_straight_quotes_apostrophes_and_dashes_compare_equal() -> None:
    assert ops("He said “no deal” – it’s over.", 'He said "no deal" - it\'s over.') == [
        (EQUAL, 'He said "no deal" - it\'s over.')
    ]


def test_case_differences_are_not_changes_and_keep_the_new_spelling() -> None:
    assert ops("Russia Says No", "Russia says no") == [(EQUAL, "Russia says no")]


def test_a_lost_comma_sits_against_its_word() -> None:
    assert ops("one, two", "one two") == [(EQUAL, "one"), (DELETE, ","), (EQUAL, " two")]
    assert ops("one two", "one, two") == [(EQUAL, "one"), (INSERT, ","), (EQUAL, " two")]


def test_similarity_counts_shared_words() -> None:
    assert similarity("a b c d", "a b c d") == 1.0
    assert similarity("", "") == 1.0
    assert 0.4 < similarity("a b c d", "a b x y") < 0.6


_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_PLAIN = str.maketrans({"’": "'", "“": '"', "”": '"', "–": "-"})
words = st.lists(
    st.sampled_from(["Russia", "says", "NATO", "talks", "no", "it’s", "it's", "“", '"', ",", ".", "–", "-", "U.S."]),
    max_size=12,
)
spaces = st.sampled_from([" ", "  ", "\n", ""])


@st.composite
def wordings(draw: st.DrawFn) -> str:
    tokens = draw(words)
    return "".join(token + draw(spaces) for token in tokens)


def _tokens(text: str) -> list[str]:
    return [t.casefold().translate(_PLAIN) for t in _TOKEN.findall(text)]


@given(wordings(), wordings())
def test_everything_but_deletions_rebuilds_the_new_wording(old: str, new: str) -> None:
    assert "".join(text for op, text in word_diff(old, new) if op != DELETE) == new


@given(wordings(), wordings())
def test_equal_and_deleted_runs_hold_the_old_words_in_order(old: str, new: str) -> None:
    kept = [t for op, text in word_diff(old, new) if op != INSERT for t in _tokens(text)]
    assert kept == _tokens(old)


@given(wordings(), wordings())
def test_runs_are_non_empty_and_merged(old: str, new: str) -> None:
    parts = word_diff(old, new)
    assert all(part.text and part.op in (EQUAL, INSERT, DELETE) for part in parts)
    assert all(a.op != b.op for a, b in itertools.pairwise(parts))
