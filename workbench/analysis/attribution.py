"""Who a wording says said it: "Lavrov said", "said the official", "according to TASS", "he told reporters".

A speaker is the noun phrase next to a speech verb. Two speakers are the same when they share a
content word ("Sergei Lavrov" and "Lavrov", "a U.S. official" and "the official"); a pronoun
("he said") matches any named speaker, since the words around the claim name them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from workbench.analysis.text import fold, folded_before
from workbench.matching.tokens import stem

SPEECH_VERBS = frozenset(
    """
    say says said saying tell tells told telling add adds added state states stated announce announces
    announced claims claimed insist insists insisted argue argues argued note notes noted warn warns
    warned explain explains explained write writes wrote tweet tweets tweeted declare declares declared
    confirm confirms confirmed deny denies denied stress stresses stressed assert asserts asserted admit
    admits admitted acknowledge acknowledges acknowledged reiterate reiterates reiterated emphasise
    emphasised emphasize emphasized allege alleges alleged quoted
    """.split()  # noqa: SIM905 - a word list reads better as text
)
INVERTED_VERBS = frozenset("said says added wrote noted explained tweeted continued told".split())  # noqa: SIM905 - "said Lavrov"
PERSON_NOUNS = frozenset(
    """
    official officials spokesman spokeswoman spokesperson minister ministry president diplomat diplomats
    source sources agency analyst analysts expert experts statement report envoy ambassador commander
    secretary leader chief aide aides
    """.split()  # noqa: SIM905 - a word list reads better as text
)
PRONOUNS = frozenset("he she they it we i you".split())  # noqa: SIM905
_DETERMINERS = frozenset("the a an his her its their our this that these those".split())  # noqa: SIM905
_ADVERBS = frozenset(
    """
    also later earlier previously then again repeatedly has had have once reportedly allegedly apparently
    publicly recently separately
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_STOP = frozenset(
    """
    that which who whom whose and but or as when after before while because if in on at for with from to by
    of it is was were are be been being has had have also not no than then so what where how during told
    said says
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_NOT_SPEAKERS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today yesterday tomorrow last next this on in at that it
    there here earlier later previously
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:['’\-]\w+)*|[^\w\s]")
MAX_SPEAKER_WORDS = 6


@dataclass(frozen=True)
class Attribution:
    """A speech verb with its speaker, and the span (code points) of the whole phrase."""

    speaker: str
    phrase: str
    start: int
    end: int
    pronoun: bool

    @property
    def key(self) -> frozenset[str]:
        """The speaker's content words, folded and stemmed ("Russia's officials" -> russia, offici)."""
        words = (fold(x).removesuffix("'s") for x in _TOKEN.findall(self.speaker))
        return frozenset(stem(w) for w in words if w not in _DETERMINERS and (w.isalnum() or "-" in w))

    def same_speaker(self, other: Attribution) -> bool:
        """Whether both name the same speaker (a pronoun matches any named speaker)."""
        if self.pronoun and other.pronoun:
            return fold(self.speaker) == fold(other.speaker)
        if self.pronoun or other.pronoun:
            return True
        return bool(self.key & other.key)


class _Tok(NamedTuple):
    text: str
    norm: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


_new_tuple = tuple.__new__  # builds a _Tok without NamedTuple.__new__'s keyword handling
_CUES = SPEECH_VERBS | {"according"}
_RUN = re.compile(r"\w+")


def may_attribute(text: str) -> bool:
    """False when the text has no speech verb (nobody is said to have said anything): a quick test.

    A whole word, as written: a maximal run of word characters found in a set (what the regex
    ``\\b(?:according|said|…)\\b`` finds, without trying ~200 alternatives at every position).
    """
    return not _CUES.isdisjoint(_RUN.findall(text))


def attributions(text: str) -> list[Attribution]:
    """Every attribution in the text, in order."""
    if not may_attribute(text):
        return []
    toks = [_new_tuple(_Tok, (w := m.group(), folded_before(w) or fold(w), *m.span())) for m in _TOKEN.finditer(text)]
    found: list[Attribution] = []
    for i, t in enumerate(toks):
        if t.norm == "according" and i + 1 < len(toks) and toks[i + 1].norm == "to":
            speaker = _forward(toks, i + 2)
            if speaker:
                found.append(_make(text, toks, speaker, i, speaker[1]))
            continue
        if t.norm not in SPEECH_VERBS or t.capitalised:  # "State Department" is no speech verb
            continue
        before = _backward(toks, i - 1)
        if before:
            found.append(_make(text, toks, before, before[0], i))
            continue
        after = _forward(toks, i + 1, inverted=True) if t.norm in INVERTED_VERBS else None
        if after:
            found.append(_make(text, toks, after, i, after[1]))
    return found


def _make(text: str, toks: list[_Tok], speaker: tuple[int, int], first: int, last: int) -> Attribution:
    s, e = toks[speaker[0]].start, toks[speaker[1]].end
    start, end = toks[first].start, toks[last].end
    name = text[s:e]
    return Attribution(name, text[start:end], start, end, fold(name) in PRONOUNS)


def _backward(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """The speaker ending at token i (skipping adverbs such as "also"), as (first, last) token."""
    while i >= 0 and toks[i].norm in _ADVERBS:
        i -= 1
    if i < 0 or not toks[i].is_word:
        return None
    if toks[i].norm in PRONOUNS:
        return i, i
    last = i
    count = 0
    while i >= 0 and toks[i].is_word and count < MAX_SPEAKER_WORDS:
        n = toks[i].norm
        if n in _STOP or n in PRONOUNS or (not toks[i].capitalised and n not in _DETERMINERS and count >= 3):
            break
        i -= 1
        count += 1
        if n in _DETERMINERS:
            break
    first = i + 1
    if first > last or all(toks[k].norm in _DETERMINERS for k in range(first, last + 1)):
        return None
    if toks[last].norm in _NOT_SPEAKERS:
        return None
    return first, last


def _forward(toks: list[_Tok], i: int, *, inverted: bool = False) -> tuple[int, int] | None:
    """The speaker starting at token i ("according to X", "said X"), as (first, last) token."""
    if i >= len(toks) or not toks[i].is_word or toks[i].norm in _NOT_SPEAKERS:
        return None
    if inverted and not (toks[i].capitalised or toks[i].norm in _DETERMINERS):
        return None
    first = i
    count = 0
    while i < len(toks) and toks[i].is_word and count < MAX_SPEAKER_WORDS + 2:
        n = toks[i].norm
        if count and (n in _STOP or n in _NOT_SPEAKERS):
            break
        i += 1
        count += 1
    last = i - 1
    if last < first or all(toks[k].norm in _DETERMINERS for k in range(first, last + 1)):
        return None
    if inverted and not any(toks[k].capitalised or toks[k].norm in PERSON_NOUNS for k in range(first, last + 1)):
        return None  # "stressed the importance" names no speaker
    return first, last
