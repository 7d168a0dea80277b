"""Verdict conflicts: the same claim rated differently, or linked variants whose notes contradict.

Three sources of evidence:

- ``suggestion``: the matcher found one group's claim where another group's claim sits (a pending
  suggestion between two groups), and the two groups carry different ratings;
- ``similar``: two rated groups whose canonical wordings say the same (a claim checked before,
  rated again): most of their content words are shared, or every content word of one (four or more)
  is in the other (the same claim marked shorter);
- ``notes``: inside one group, the notes on two variants point to opposite findings ("false" on
  one, "accurate" on the other, or two ratings of the scale at least two steps apart).

A reviewer resolves a conflict by merging the groups (keeping one verdict) or by keeping them apart
with a reason; kept-apart pairs are not reported again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from workbench.matching.tokens import content_terms
from workbench.normalize import normalize

MIN_SIMILARITY = 70.0  # Dice (0-100) of the content terms of two canonical wordings
MIN_SHARED_TERMS = 3
MIN_CONTAINED_TERMS = 4  # a wording this long wholly inside another counts as the same claim...
CONTAINED_SCORE = 80.0  # ...scoring this much (below identical wordings)
MAX_GROUPS_PER_TERM = 200  # terms in more rated groups than this say nothing about a pair


class ConflictKind(StrEnum):
    SUGGESTION = "suggestion"
    SIMILAR = "similar"
    NOTES = "notes"


@dataclass(frozen=True)
class RatedGroup:
    """What conflict detection needs of a group."""

    id: int
    canonical: str
    rating: str | None


@dataclass(frozen=True)
class Conflict:
    """Two groups (or one group twice, for notes) whose findings disagree, and how sure the match is (0-100)."""

    group_ids: tuple[int, int]
    ratings: tuple[str | None, str | None]
    score: float
    kind: ConflictKind
    detail: str = ""
    claim_ids: tuple[int, ...] = ()
    kept_apart: str | None = None  # the reason, when a reviewer decided to keep them apart


def pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a <= b else (b, a)


def suggestion_conflicts(groups: Mapping[int, RatedGroup], links: Iterable[tuple[int, int, float]]) -> list[Conflict]:
    """Conflicts from the matcher's suggestions between groups: (group, other group, score)."""
    best: dict[tuple[int, int], float] = {}
    for a, b, score in links:
        if a == b or a not in groups or b not in groups:
            continue
        ra, rb = groups[a].rating, groups[b].rating
        if ra is None or rb is None or ra == rb:
            continue
        key = pair(a, b)
        best[key] = max(best.get(key, 0.0), score)
    return [
        Conflict(key, (groups[key[0]].rating, groups[key[1]].rating), round(score, 1), ConflictKind.SUGGESTION,
                 f"the matcher found group {key[0]}'s claim where group {key[1]}'s is")
        for key, score in best.items()
    ]


def similar_conflicts(groups: Sequence[RatedGroup], *, min_similarity: float = MIN_SIMILARITY) -> list[Conflict]:
    """Rated groups whose canonical wordings share most content words but whose ratings differ."""
    rated = [g for g in groups if g.rating is not None]
    terms = {g.id: set(content_terms(normalize(g.canonical).text)) for g in rated}
    postings: dict[str, list[int]] = defaultdict(list)
    for gid, ts in terms.items():
        for t in ts:
            postings[t].append(gid)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in postings.values():
        if len(ids) > MAX_GROUPS_PER_TERM:
            continue
        for x, a in enumerate(ids):
            for b in ids[x + 1 :]:
                shared[pair(a, b)] += 1
    by_id = {g.id: g for g in rated}
    found = []
    for (a, b), n in shared.items():
        if n < MIN_SHARED_TERMS or by_id[a].rating == by_id[b].rating:
            continue
        shorter = min(len(terms[a]), len(terms[b]))
        dice = 200.0 * n / (len(terms[a]) + len(terms[b]))
        # A claim checked before may have been marked shorter or longer: all of a 4+ word claim in the other.
        contained = CONTAINED_SCORE * n / shorter if shorter >= MIN_CONTAINED_TERMS else 0.0
        score = max(dice, contained)
        if score >= min_similarity:
            found.append(Conflict((a, b), (by_id[a].rating, by_id[b].rating), round(score, 1), ConflictKind.SIMILAR,
                                  _similar_detail(a, b, n, terms, contained > dice)))
    return found


def _similar_detail(a: int, b: int, shared: int, terms: Mapping[int, set[str]], contained: bool) -> str:
    if contained:
        short, long = (a, b) if len(terms[a]) <= len(terms[b]) else (b, a)
        if shared == len(terms[short]):
            return f"every content word of group {short}'s wording is in group {long}'s"
        return f"{shared} of the {len(terms[short])} content words of group {short}'s wording are in group {long}'s"
    return f"the wordings share {shared} content words"


# -- notes -----------------------------------------------------------------------------------------------

POSITIVE = frozenset("accurate correct confirmed verified true genuine authentic".split())  # noqa: SIM905
NEGATIVE = frozenset("false inaccurate incorrect wrong debunked fabricated fake misleading untrue bogus".split())  # noqa: SIM905
_NEGATORS = frozenset("not isn't wasn't aren't never no".split())  # noqa: SIM905
_WORDS = re.compile(r"[\w']+")


@dataclass(frozen=True)
class NoteFinding:
    """What a note says about its claim: a rating of the scale it names, and whether that is for or against."""

    claim_id: int
    rating: str | None  # scale key named in the note
    word: str  # the words that carried it
    polarity: int  # +1 supports the claim, -1 contradicts it, 0 neither


def read_note(claim_id: int, note: str, scale: Mapping[str, tuple[str, int | None]],
              middle: float | None) -> NoteFinding | None:
    """The finding a note states (scale: key -> (label, ordinal value)); None when it states none."""
    text = " " + " ".join(_WORDS.findall(note.casefold().replace("’", "'"))) + " "
    for key, (label, value) in sorted(scale.items(), key=lambda kv: -len(kv[1][0])):
        for name in {label.casefold(), key.replace("-", " ")}:
            at = text.find(f" {name} ")
            if at >= 0:
                negated = text[:at].split()[-1:] and text[:at].split()[-1] in _NEGATORS
                polarity = 0 if value is None or middle is None else (value > middle) - (value < middle)
                if negated:
                    return NoteFinding(claim_id, None, f"not {name}", -polarity)
                return NoteFinding(claim_id, key, name, polarity)
    words = text.split()
    for i, w in enumerate(words):
        if w in POSITIVE or w in NEGATIVE:
            polarity = 1 if w in POSITIVE else -1
            if i and words[i - 1] in _NEGATORS:
                return NoteFinding(claim_id, None, f"{words[i - 1]} {w}", -polarity)
            return NoteFinding(claim_id, None, w, polarity)
    return None


def note_conflicts(group_id: int, notes: Sequence[tuple[int, str]], scale: Mapping[str, tuple[str, int | None]]
                   ) -> list[Conflict]:
    """Pairs of a group's claims whose notes contradict each other."""
    values = [v for _, v in scale.values() if v is not None]
    middle = (min(values) + max(values)) / 2 if values else None
    findings = [f for cid, note in notes if note and (f := read_note(cid, note, scale, middle)) is not None]
    found = []
    for x, a in enumerate(findings):
        for b in findings[x + 1 :]:
            opposite = a.polarity * b.polarity < 0
            va = scale.get(a.rating or "", ("", None))[1]
            vb = scale.get(b.rating or "", ("", None))[1]
            apart = va is not None and vb is not None and abs(va - vb) >= 2
            if opposite or apart:
                found.append(Conflict((group_id, group_id), (a.rating or a.word, b.rating or b.word), 100.0,
                                      ConflictKind.NOTES, f"notes say “{a.word}” and “{b.word}”",
                                      (a.claim_id, b.claim_id)))
    return found


def merge_conflicts(found: Iterable[Conflict], kept: Mapping[tuple[int, int], str], *,
                    include_kept: bool = False) -> list[Conflict]:
    """One conflict per pair (the strongest evidence), kept-apart pairs marked or left out, strongest first."""
    best: dict[tuple[int, int], Conflict] = {}
    for c in found:
        current = best.get(c.group_ids)
        if current is None or c.score > current.score:
            best[c.group_ids] = c
    out = []
    for key, c in best.items():
        reason = kept.get(key)
        if reason is not None:
            if not include_kept:
                continue
            c = Conflict(c.group_ids, c.ratings, c.score, c.kind, c.detail, c.claim_ids, reason)
        out.append(c)
    return sorted(out, key=lambda c: (-c.score, c.group_ids))
