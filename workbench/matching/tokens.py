"""Content-word tokens of a normalised text: stemmed, stop words removed, with their positions."""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

import snowballstemmer

# Words too common to say anything about a claim (normalised: case-folded, straight apostrophes).
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves i'm i've i'll i'd you're you've
    you'll you'd he's he'll he'd she's she'll she'd it's it'll we're we've we'll we'd they're
    they've they'll they'd that's there's here's what's who's let's isn't aren't wasn't weren't
    hasn't haven't hadn't doesn't don't didn't won't wouldn't can't cannot couldn't shouldn't
    mustn't shan't may might must shall ago yet still even however thus
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# Words (letters and digits, inner apostrophes kept), or dotted abbreviations such as "u.s.".
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:'[^\W_]+)*")
_MAX_CACHE = 200_000

_stemmer = snowballstemmer.stemmer("english")
_stems: dict[str, str] = {}


def stem(word: str) -> str:
    """The English Snowball stem of a normalised word (memoised: stemming is the slow part)."""
    found = _stems.get(word)
    if found is None:
        if len(_stems) >= _MAX_CACHE:
            _stems.clear()
        found = _stems[word] = _stemmer.stemWord(word)[:100]
    return found


@dataclass(frozen=True)
class Tokens:
    """The content terms of a text in order, with their normalised start and end offsets."""

    terms: list[str]
    starts: array  # of int, compact: analyses of many articles stay cached
    ends: array

    def __len__(self) -> int:
        return len(self.terms)


def content_tokens(normalized: str) -> Tokens:
    """Stemmed content words of a normalised text, stop words and one-letter words left out."""
    terms: list[str] = []
    starts = array("i")
    ends = array("i")
    stems = _stems
    for match in _WORD.finditer(normalized):
        word = match.group()
        if "." in word:
            word = word.replace(".", "")
        elif word in STOP_WORDS or len(word) < 2:
            continue
        term = stems.get(word) or stem(word)
        terms.append(term)
        starts.append(match.start())
        ends.append(match.end())
    return Tokens(terms, starts, ends)


def content_terms(normalized: str) -> list[str]:
    """Just the stemmed content terms of a normalised text, in order (faster: no positions)."""
    stems = _stems
    stop = STOP_WORDS
    terms: list[str] = []
    for word in _WORD.findall(normalized):
        if "." in word:
            word = word.replace(".", "")
        elif word in stop or len(word) < 2:
            continue
        terms.append(stems.get(word) or stem(word))
    return terms
