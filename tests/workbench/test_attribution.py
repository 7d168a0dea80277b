"""Suggesting who made a claim from the quote's attribution, on hand-made text and on the sample articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.attribution import suggest_claimant
from workbench.claimant import Claimant, make_claimant
from workbench.errors import InvalidValue

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def suggest(text: str, quote: str) -> tuple[str, str | None, str, str, str | None] | None:
    start = text.index(quote)
    found = suggest_claimant(text, start, start + len(quote))
    if found is None:
        return None
    assert text[found.start : found.end].split()[0] in found.evidence  # the evidence is where it says
    c = found.claimant
    return c.name, c.role, c.type, found.evidence, found.resolved_from


STORY = (
    "Russian Foreign Minister Sergei Lavrov met his counterpart on Tuesday.\n\n"
    "“We are waiting for answers,” Lavrov said at a press conference.\n\n"
    "“We will not wait forever,” he added.\n\n"
    "A U.S. official said talks would go on. “It is an opportunity,” she said.\n\n"
    "“No comment,” said Lavrov.\n\n"
    "The Russian Embassy in Washington has called on the United States to stop arms deliveries. "
    "“Stop sending weapons,” the embassy said in a statement.\n\n"
    "According to Kremlin spokesman Dmitry Peskov, the shipments are “extremely dangerous”.\n\n"
    "Peskov hit back at the senators, saying the West had crossed a “red line”.\n\n"
    "The weather was cold."
)


@pytest.mark.parametrize(("quote", "expected"), [
    ("We are waiting for answers", ("Sergei Lavrov", "Russian Foreign Minister", "Person", "Lavrov said", None)),
    ("We will not wait forever", ("Sergei Lavrov", "Russian Foreign Minister", "Person", "he added", "he")),
    ("No comment", ("Sergei Lavrov", "Russian Foreign Minister", "Person", "said Lavrov", None)),
    ("Stop sending weapons", ("Russian Embassy in Washington", None, "Organization", "the embassy said",
                              "the embassy")),
    ("extremely dangerous", ("Dmitry Peskov", "Kremlin spokesman", "Person",
                             "According to Kremlin spokesman Dmitry Peskov", None)),
    ("red line", ("Dmitry Peskov", "Kremlin spokesman", "Person", "Peskov hit back at the senators, saying", None)),
])
def test_the_attribution_names_the_speaker_with_the_role_of_their_fullest_mention(quote, expected) -> None:
    found = suggest(STORY, quote)
    assert found == expected


def test_an_anonymous_speaker_or_no_attribution_suggests_nothing() -> None:
    assert suggest(STORY, "It is an opportunity") is None  # "she" is the anonymous official
    assert suggest(STORY, "The weather was cold") is None
    assert suggest("The rate fell by 4 percent, the report found.", "The rate fell by 4 percent") is None


def test_he_said_resolves_to_the_nearest_named_speaker_before_it_not_the_nearest_name() -> None:
    text = ("Secretary of State Antony Blinken told reporters the talks were useful. "
            "He met Lavrov in Geneva and spoke with Baerbock.\n\n"
            "“We are on a clear path,” he said.")
    assert suggest(text, "We are on a clear path")[:2] == ("Antony Blinken", "Secretary of State")  # type: ignore[index]


def test_the_statement_resolves_to_whoever_issued_it() -> None:
    text = ("The ministry of Ruritania said in a statement on Monday that the border was open. "
            "The statement further said Moscow also called for calm.\n\n"
            "“Russia is not going to attack anyone,” the statement said.")
    found = suggest(text, "Russia is not going to attack anyone")
    assert found is not None and found[2] == "Organization" and found[4] == "the statement"


def test_an_attribution_in_the_next_paragraph_or_sentence_is_not_this_quotes() -> None:
    text = "“It will rain.”\n\nLavrov said nothing about the weather."
    assert suggest(text, "It will rain.") is None
    text = "He predicted that it will rain. Lavrov said nothing."
    assert suggest(text, "it will rain") is None


def test_a_long_attribution_is_shown_as_its_speaker_and_verb() -> None:
    text = ("US envoy Linda Thomas-Greenfield has stressed in an interview with a newspaper on Tuesday that talks "
            "go on, adding that Washington is “continuing to engage” with Moscow.")
    found = suggest(text, "continuing to engage")
    assert found is not None and found[0] == "Linda Thomas-Greenfield"
    assert found[3] == "Linda Thomas-Greenfield … adding"


def test_markup_left_in_the_text_does_not_hide_the_verb() -> None:
    text = "Lavrov's deputy Sergei Ryabkov <u>warned</u> that Russia would need to “make serious decisions.”"
    found = suggest(text, "make serious decisions")
    assert found is not None and found[:2] == ("Sergei Ryabkov", "Lavrov's deputy")
    assert "<u>" not in found[3]


SEED_CASES = [  # (seed file number, start of the quoted claim, name, role, resolved from)
    (0, "We’re currently waiting for the promised answers", "Sergei Lavrov", "Foreign Minister", None),
    (0, "We expect to continue these negotiations", "Sergei Lavrov", "Foreign Minister", "the Russian diplomat"),
    (0, "we’ll determine our reaction", "Sergei Lavrov", "Foreign Minister", None),
    (0, "try to find a way", "Jens Stoltenberg", "NATO Secretary General", None),
    (0, "It's really an opportunity", None, None, None),  # a U.S. official, unnamed
    (0, "concrete article-by-article", "Sergei Lavrov", "Foreign Minister", None),
    (0, "stressed the importance of continuing", "Ned Price", "State Department spokesman", None),
    (2, "We ended up with an agreement", "Sergei Lavrov", "Russian Foreign Minister", None),
    (2, "I would like to make this response public", "Sergei Lavrov", "Russian Foreign Minister", "he"),
    (2, "We didn't expect any major breakthroughs", "Antony Blinken", "U.S. Secretary of State", None),
    (2, "frank and substantive", "Antony Blinken", "U.S. Secretary of State", "he"),
    (2, "make serious political decisions", "Sergei Ryabkov", "Lavrov's deputy", None),
    (3, "We are now awaiting responses", "Sergei Lavrov", "Russian Foreign Minister", "he"),
    (3, "Let's hope these talks will continue", "Sergei Lavrov", "Russian Foreign Minister", None),
    (3, "We're still talking to the Russians", "Linda Thomas-Greenfield", "US envoy to the United Nations", "she"),
    (3, "If the United States is truly committed", "Russian Embassy in Washington", None, "the embassy"),
    (3, "We stress once again", "Russian Embassy in Washington", None, "the statement"),
    (3, "reinforce the United States", "State Department", None, None),
    (4, "We are now awaiting responses", "Sergei Lavrov", "Russian Foreign Minister", "he"),
    (4, "extremely dangerous", "Dmitry Peskov", "Kremlin spokesman", None),
    (4, "We will impose crippling economic sanctions", "Richard Blumenthal", "Senator", None),
    (4, "red line", "Dmitry Peskov", "Kremlin spokesman", None),
]


@pytest.mark.parametrize(("seed", "words", "name", "role", "via"), SEED_CASES)
def test_claimants_of_quotes_in_the_sample_articles(seed: int, words: str, name, role, via) -> None:
    text = sorted(SEEDS.glob("*.txt"))[seed].read_text(encoding="utf-8")
    start = text.index(words)
    end = min(i for i in (text.find(q, start + len(words)) for q in "”\"") if i >= 0)  # the whole quote
    found = suggest_claimant(text, start, end)
    if name is None:
        assert found is None
        return
    assert found is not None
    assert (found.claimant.name, found.claimant.role, found.resolved_from) == (name, role, via)


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("Ab cd.,“”\"'\n Lavrov said he the embassy")), max_size=120),
       data=st.data())
def test_any_span_of_any_text_gives_a_suggestion_inside_the_text_or_none(text: str, data: st.DataObject) -> None:
    if len(text) < 2:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    found = suggest_claimant(text, start, end)
    if found is not None:
        assert 0 <= found.start < found.end <= len(text) and found.claimant.name.strip()


def test_a_claimant_is_checked_and_shown_as_schema_org() -> None:
    lavrov = make_claimant("  Sergei   Lavrov ", role=" Russian Foreign Minister ")
    assert lavrov == Claimant("Sergei Lavrov", "Russian Foreign Minister", "Person")
    assert lavrov.schema_org() == {"@type": "Person", "name": "Sergei Lavrov", "jobTitle": "Russian Foreign Minister"}
    assert lavrov.display() == "Sergei Lavrov, Russian Foreign Minister"
    kremlin = make_claimant("Kremlin", organization=True)
    assert kremlin.schema_org() == {"@type": "Organization", "name": "Kremlin"}
    with pytest.raises(InvalidValue, match="cannot be empty"):
        make_claimant("  ")
    with pytest.raises(InvalidValue, match="longer than 300"):
        make_claimant("x" * 301)
