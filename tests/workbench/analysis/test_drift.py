"""Quote drift detectors on hand-made variants, and property tests for the number detector."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workbench.analysis.drift import DriftKind, Wording, detect_drift
from workbench.analysis.quantities import quantities, same_quantity

NUMBER, NEGATION, HEDGE, ATTRIBUTION, PARAPHRASE = (
    DriftKind.NUMBER, DriftKind.NEGATION, DriftKind.HEDGE, DriftKind.ATTRIBUTION, DriftKind.PARAPHRASE,
)

# (canonical, variant, the kinds flagged)
VARIANTS = [
    # numbers and quantities
    ("Troops killed 30 people, officials said.", "Troops killed 40 people, officials said.", {NUMBER}),
    ("A third of voters backed the plan.", "33 % of voters backed the plan.", set()),
    ("A third of voters backed the plan.", "One in three voters backed the plan.", set()),
    ("A third of voters backed the plan.", "30 per cent of voters backed the plan.", {NUMBER}),
    ("Two-thirds of the budget went to defence.", "66% of the budget went to defence.", set()),
    ("The talks lasted 1.5 hours.", "The talks lasted 90 minutes.", set()),
    ("The road is 100 km long.", "The road is 100 miles long.", {NUMBER}),
    ("Kyiv received $40m in aid.", "Kyiv received 40 million dollars in aid.", set()),
    ("Kyiv received $40m in aid.", "Kyiv received €40m in aid.", {NUMBER}),
    ("About 30 people were hurt.", "More than 30 people were hurt.", {NUMBER}),
    ("Thirty people were hurt.", "30 people were hurt.", set()),
    ("Some 1.5 million people fled.", "Around 1,500,000 people fled.", set()),
    ("Hundreds of people protested.", "Thousands of people protested.", {NUMBER}),
    ("Prices doubled last year.", "Prices tripled last year.", {NUMBER}),
    ("The COVID-19 figures were published.", "The COVID figures were published.", set()),
    # negation
    ("Russia will not invade Ukraine.", "Russia will invade Ukraine.", {NEGATION}),
    ("Moscow did not reject the offer.", "Moscow didn't reject the offer.", set()),
    ("Moscow rejected the offer.", "Moscow never rejected the offer.", {NEGATION}),
    ("He did not only speak, he shouted.", "He did speak, he shouted.", set()),
    # hedges and modality
    ("Russia will respond, Lavrov said.", "Russia may respond, Lavrov said.", {HEDGE}),
    ("Russia will respond, Lavrov said.", "Russia would respond, Lavrov said.", set()),
    ("Russia may respond, Lavrov said.", "Russia might respond, Lavrov said.", set()),
    ("Troops shelled the town, officials said.", "Troops reportedly shelled the town, officials said.", {HEDGE}),
    ("The minister allegedly took bribes.", "The minister took bribes.", {HEDGE}),
    ("Elections are held in May each year.", "Elections are held in June each year.", set()),
    ("Russia will use its military might.", "Russia will use its military force.", set()),
    # attribution
    ("Troops killed 30 people, officials said.", "Troops killed 30 people, the ministry said.", {ATTRIBUTION}),
    ("Troops killed 30 people, officials said.", "Troops killed 30 people, a senior official said.", set()),
    ("The plan will fail, Lavrov said.", "The plan will fail, said Sergei Lavrov.", set()),
    ("The plan will fail, Lavrov said.", "The plan will fail, he said.", set()),
    ("The plan will fail, according to TASS.", "The plan will fail, according to Reuters.", {ATTRIBUTION}),
    ("The plan will fail, Lavrov said.", "The plan is doomed and will fail.", {ATTRIBUTION}),
    # quote and paraphrase
    ("“We are now awaiting responses to these proposals,” Lavrov said.",
     "Lavrov said Russia was now awaiting responses to these proposals.", {PARAPHRASE}),
    ("“We are now awaiting responses to these proposals,” Lavrov said.",
     "“We are awaiting answers to these proposals,” Lavrov said.", {PARAPHRASE}),
    ("Lavrov said Russia was awaiting responses.", "Lavrov said Russia was “awaiting responses”.", {PARAPHRASE}),
    ("“We are now awaiting responses,” Lavrov said.", "\"We are now awaiting responses,\" Lavrov said.", set()),
    ("“We’re awaiting responses,” Lavrov said.", "“We're awaiting responses,” Lavrov said.", set()),
    # typography and case are no drift
    ("Washington rejected the demands — all of them.", "washington rejected the demands -- all of them.", set()),
]


@pytest.mark.parametrize(("canonical", "variant", "kinds"), VARIANTS)
def test_hand_made_variants(canonical: str, variant: str, kinds: set[DriftKind]) -> None:
    found = detect_drift(canonical, variant)
    assert {f.kind for f in found} == kinds, [(f.kind.value, f.detail) for f in found]
    for f in found:  # every span lies in its text and holds words
        assert all(0 <= s < e <= len(canonical) and canonical[s:e].strip() for s, e in f.canonical_spans)
        assert all(0 <= s < e <= len(variant) and variant[s:e].strip() for s, e in f.variant_spans)
        assert f.detail and (f.canonical or f.variant)


def test_a_flag_names_the_words_on_both_sides_with_their_spans() -> None:
    canonical = "Troops killed 30 people, officials said."
    variant = "Troops reportedly killed 40 people, officials said."
    flags = {f.kind: f for f in detect_drift(canonical, variant)}
    number = flags[NUMBER]
    assert (number.canonical, number.variant, number.detail) == ("30", "40", "30 → 40")
    assert [canonical[s:e] for s, e in number.canonical_spans] == ["30"]
    assert [variant[s:e] for s, e in number.variant_spans] == ["40"]
    hedge = flags[HEDGE]
    assert [variant[s:e] for s, e in hedge.variant_spans] == ["reportedly"]
    assert "hearsay" in hedge.detail


def test_spans_are_code_points_after_astral_characters() -> None:
    canonical = "🇺🇦 Troops killed 30 people."
    variant = "🇺🇦 Troops killed 40 people."
    (flag,) = detect_drift(canonical, variant)
    (start, end), = flag.variant_spans
    assert variant[start:end] == "40"


def test_the_claims_extent_is_not_drift() -> None:
    canonical = "Russia will not invade Ukraine, 30 officials said on Monday."
    wording = [NUMBER, NEGATION, HEDGE, PARAPHRASE]  # the dropped attribution is reported, see below
    assert detect_drift(canonical, "Russia will not invade Ukraine", kinds=wording) == []
    assert detect_drift("will not invade Ukraine", canonical, kinds=wording) == []


def test_quote_marks_just_outside_the_claim_count() -> None:
    quoted = Wording("We are now awaiting responses", before="He said: “", after=",” Lavrov added.")
    bare = Wording("We are now awaiting responses", before="He said ", after=", Lavrov added.")
    assert detect_drift(quoted, Wording(quoted.text, "“", "”"), kinds=[PARAPHRASE]) == []
    assert {f.kind for f in detect_drift(quoted, bare)} == {PARAPHRASE}


def test_the_speaker_may_sit_just_after_the_claim() -> None:
    canonical = Wording("“Let’s hope these talks will continue,” Lavrov said.")
    variant = Wording('"Let\'s hope these talks will continue," Lavrov', before="\n\xa0", after=" added.")
    assert detect_drift(canonical, variant) == []
    other = Wording('"Let\'s hope these talks will continue," Blinken', before="\n", after=" added.")
    assert {f.kind for f in detect_drift(canonical, other)} == {ATTRIBUTION}


# -- property tests for numbers ---------------------------------------------------------------------------

_ONES = """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen""".split()  # noqa: SIM905
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905


def in_words(n: int) -> str:
    """English words for 0-999."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    rest = n % 100
    return _ONES[n // 100] + " hundred" + (" and " + in_words(rest) if rest else "")


def count_forms(n: int) -> list[str]:
    forms = [str(n), f"{n:,}"]
    if n < 1000:
        forms.append(in_words(n))
    if n >= 1_000_000 and n % 100_000 == 0:
        forms.append(f"{n / 1_000_000:g} million")
    return forms


def percent_forms(n: int) -> list[str]:
    return [f"{n}%", f"{n} %", f"{n} per cent", f"{n} percent"]


TEMPLATES = [
    "Officials said {q} people were evacuated from the city on Tuesday.",
    "According to the ministry, {q} of the region's schools remain closed.",
    "The army claims it destroyed {q} tanks near the border.",
]
# Rewording that leaves every quantity alone.
SYNONYMS = [("said", "stated"), ("people", "residents"), ("city", "town"), ("destroyed", "hit"),
            ("remain", "are still"), ("near", "close to"), ("the region's", "regional"), ("Officials", "Authorities")]


def reword(sentence: str, choices: list[bool]) -> str:
    for (old, new), on in zip(SYNONYMS, choices, strict=False):
        if on:
            sentence = sentence.replace(old, new)
    return sentence


quantity_kind = st.sampled_from(["count", "percent"])


@st.composite
def quantity(draw: st.DrawFn, kind: str, value: int | None = None) -> tuple[int, str]:
    if value is None:
        value = draw(st.integers(0, 100) if kind == "percent" else st.one_of(
            st.integers(0, 999), st.integers(1000, 10**7), st.integers(1, 99).map(lambda n: n * 100_000)))
    forms = percent_forms(value) if kind == "percent" else count_forms(value)
    return value, draw(st.sampled_from(forms))


@settings(max_examples=150, deadline=None)
@given(data=st.data(), kind=quantity_kind, template=st.sampled_from(TEMPLATES),
       rewording=st.lists(st.booleans(), min_size=len(SYNONYMS), max_size=len(SYNONYMS)))
def test_a_number_change_is_always_found(data: st.DataObject, kind: str, template: str, rewording: list[bool]) -> None:
    old, old_text = data.draw(quantity(kind))
    new, new_text = data.draw(quantity(kind))
    assume(old != new)
    canonical = template.format(q=old_text)
    variant = reword(template.format(q=new_text), rewording)
    flags = [f for f in detect_drift(canonical, variant) if f.kind == NUMBER]
    assert flags, (canonical, variant)
    assert flags[0].canonical == old_text and flags[0].variant == new_text


@settings(max_examples=150, deadline=None)
@given(data=st.data(), kind=quantity_kind, template=st.sampled_from(TEMPLATES),
       rewording=st.lists(st.booleans(), min_size=len(SYNONYMS), max_size=len(SYNONYMS)))
def test_rewording_alone_is_never_a_number_change(data: st.DataObject, kind: str, template: str,
                                                   rewording: list[bool]) -> None:
    value, old_text = data.draw(quantity(kind))
    _, new_text = data.draw(quantity(kind, value))  # the same value, perhaps written another way
    canonical = template.format(q=old_text)
    variant = reword(template.format(q=new_text), rewording)
    assert [f.detail for f in detect_drift(canonical, variant) if f.kind == NUMBER] == []


@given(st.integers(0, 10**9), st.integers(0, 10**9))
def test_digits_and_grouped_digits_are_one_value(a: int, b: int) -> None:
    (qa,) = quantities(f"{a:,} people")
    (qb,) = quantities(f"{b} people")
    assert same_quantity(qa, qb) == (a == b)


@pytest.mark.parametrize(("text", "value", "dimension"), [
    ("a third", 1 / 3, "proportion"), ("33 per cent", 0.33, "proportion"), ("one in five", 0.2, "proportion"),
    ("half a million", 500_000, "count"), ("90-minute", 5400, "time"), ("US$40m", 40_000_000, "money:USD"),
    ("tens of thousands", 10_000, "count"), ("21st", 21, "ordinal"), ("-5 points", -5, "points"),
])
def test_quantities_are_read_as_values(text: str, value: float, dimension: str) -> None:
    (q,) = quantities(text)
    assert q.value == pytest.approx(value) and q.dimension == dimension and q.text == text


@pytest.mark.parametrize("text", ["COVID-19", "the G7", "F-16 jets", "5G masts", "no one came"])
def test_names_with_digits_are_not_quantities(text: str) -> None:
    assert quantities(text) == ()
