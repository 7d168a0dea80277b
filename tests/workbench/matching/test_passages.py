"""Passages: where an article is cut for retrieval (sentences, clauses), with exact code-point offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.matching.passages import CLAUSE_CHARS, MAX_CHARS, matching_text, passages_of, split_passages


def cut(text: str) -> list[str]:
    return [text[s:e] for s, e in split_passages(text)]


def test_sentences_are_cut_at_their_ends_but_not_after_abbreviations() -> None:
    text = ("The U.S. and NATO said no. Mr. Smith left at 5 p.m. on Monday! Did he? "
            "Yes.\n\nA new paragraph without a full stop")
    assert cut(text) == ["The U.S. and NATO said no.", "Mr. Smith left at 5 p.m. on Monday!", "Did he? Yes.",
                         "A new paragraph without a full stop"]


def test_a_quotation_is_cut_from_who_said_it() -> None:
    text = "\u201cWe are now awaiting responses to these proposals in order to continue,\u201d Lavrov said on Tuesday."
    assert cut(text) == ["We are now awaiting responses to these proposals in order to continue",
                         "Lavrov said on Tuesday."]


def test_a_long_sentence_is_cut_into_clauses_and_no_piece_is_too_long() -> None:
    text = ("A week of talks in Geneva, Brussels and Vienna last week failed to ease tensions, with Russia "
            "insisting its demands for sweeping security guarantees -- including a permanent ban on Ukraine "
            "joining NATO -- be taken seriously.")
    assert len(text) > CLAUSE_CHARS
    assert cut(text) == [  # at the comma before "with", not inside the dashes' aside
        "A week of talks in Geneva, Brussels and Vienna last week failed to ease tensions",
        "with Russia insisting its demands for sweeping security guarantees -- including a permanent ban on "
        "Ukraine joining NATO -- be taken seriously.",
    ]


def test_fragments_join_the_next_passage() -> None:
    assert cut("MOSCOW. Russia said it would wait for answers before more talks.") == [
        "MOSCOW. Russia said it would wait for answers before more talks."
    ]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cd. E,F!?\u201c\u201d\"'\n-;:\u00a0")), max_size=900))
def test_passages_are_ordered_stripped_and_inside_the_text(text: str) -> None:
    spans = split_passages(text)
    previous = 0
    for start, end in spans:
        assert previous <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        assert end - start <= MAX_CHARS
        previous = end


def test_each_passage_carries_its_own_terms() -> None:
    text = "Russia awaits answers. See https://t.co/abc123 for the talks in Geneva."
    passages = passages_of(text)
    assert [text[p.start : p.end] for p in passages] == ["Russia awaits answers.",
                                                          "See https://t.co/abc123 for the talks in Geneva."]
    assert passages[0].terms == ("russia", "await", "answer")
    assert passages[1].terms == ("see", "talk", "geneva")  # the link is not words
    assert matching_text(text[passages[1].start : passages[1].end]) == "See for the talks in Geneva."
