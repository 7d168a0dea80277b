"""Words that carry negation and modality in English news text, read from a word and its neighbours."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from workbench.analysis.text import Words

NEGATIONS = frozenset(
    """
    not no never none nobody nothing nowhere neither nor without cannot n't
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Modal words by what they say about the claim; words of one class are interchangeable
# ("will" and "would" in reported speech, "may" and "might"), words of different classes are not.


class Modality(StrEnum):
    FUTURE = "certain future"  # will, would, shall
    NECESSITY = "necessity"  # must, should
    POSSIBILITY = "possibility"  # may, might, could, can, perhaps
    PROBABILITY = "probability"  # likely, probably
    HEARSAY = "hearsay"  # reportedly, allegedly, claimed
    CERTAINTY = "certainty"  # definitely, clearly, confirmed


MODAL_WORDS: dict[str, Modality] = {
    word: modality
    for modality, text in (
        (Modality.FUTURE, "will would shall won't wouldn't shan't"),
        (Modality.NECESSITY, "must should ought mustn't shouldn't"),
        (Modality.POSSIBILITY, "may might could can cannot can't couldn't mightn't possibly perhaps maybe "
                               "potentially"),
        (Modality.PROBABILITY, "likely unlikely probably probable presumably"),
        (Modality.HEARSAY, "reportedly allegedly supposedly purportedly apparently alleged purported rumoured "
                           "rumored claimed claims claiming unconfirmed unverified seemingly ostensibly"),
        (Modality.CERTAINTY, "definitely certainly clearly undoubtedly surely confirmed proven indeed undeniably "
                             "obviously"),
    )
    for word in text.split()
}
_MODAL_KEYS = frozenset(MODAL_WORDS)
# Nouns spelled like modal verbs: "the will of the people", "military might", "a can of worms".
_NOUN_BEFORE = frozenset(
    "a an the his her its their our your my this that military political free good ill sheer".split()  # noqa: SIM905
)
_MONTH_CONTEXT = frozenset("in on of since until by last next early late mid".split())  # noqa: SIM905


def negations(ws: Words, start: int, end: int) -> list[int]:
    """Indices of the words in [start, end) that negate ("not", "never", "didn't"); "not only" is no negation."""
    found = []
    for i in range(start, end):
        w = ws[i].norm
        if w in NEGATIONS or w.endswith("n't"):
            following = ws[i + 1].norm if i + 1 < len(ws) else ""
            if w == "not" and following in ("only", "just"):
                continue
            if w == "no" and ws[i].text == "No" and i + 1 < len(ws) and ws[i + 1].norm.isdigit():
                continue  # "No 10", "No. 5"
            found.append(i)
    return found


def modal(ws: Words, i: int) -> Modality | None:
    """The modality word i expresses, if any (not when it is a noun or the month of May)."""
    w = ws[i]
    norm = w.norm
    if norm.endswith("'ll"):
        return Modality.FUTURE
    modality = MODAL_WORDS.get(norm)
    if modality is None:
        return None
    before = ws[i - 1].norm if i > 0 else ""
    if norm in ("will", "might", "can", "claims") and before in _NOUN_BEFORE:
        return None
    if norm == "may" and w.text == "May" and ((i > 0 and (before in _MONTH_CONTEXT or ws[i - 1].text[:1].isupper()))
                                              or (i + 1 < len(ws) and ws[i + 1].norm.isdigit())):
        return None
    return modality


def modals(ws: Words, start: int, end: int) -> list[tuple[int, Modality]]:
    """(index, modality) of the modal words in [start, end)."""
    found = []
    for i in range(start, end):
        m = modal(ws, i)
        if m is not None:
            found.append((i, m))
    return found


def cue_flags_of(norms: Iterable[str]) -> tuple[bool, bool]:
    """Whether any of the folded words negates, whether any may carry modality (a quick test before reading regions)."""
    negation = modality = False
    for w in norms:
        if w in NEGATIONS or w.endswith("n't"):
            negation = True
        if w in _MODAL_KEYS or w.endswith("'ll"):
            modality = True
    return negation, modality


def cue_flags(text: str, ws: Words) -> tuple[bool, bool]:
    """Whether any word negates, whether any may carry modality (a quick test before reading regions)."""
    return cue_flags_of(w.norm for w in ws)
