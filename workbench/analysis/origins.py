"""Independent origins: the articles carrying a claim, collapsed into chains that share one source.

Two articles of a claim group are one origin when one reprints the other (most of the shorter one's
word shingles are in the other, as in ``workbench.matching.reprints``), when their bodies
are near-identical, when both credit the same wire agency in a dateline, byline or credit line
("MOSCOW (AFP) —", "Reporting by … (Reuters)", "— AP"), or when they come from the same outlet.
The chains are the connected articles; how many there are is how many independent sources carry
the claim. A photo credit ("photo by AFP", "TASS / Reuters" under a picture) or a source quoted
in the text ("according to TASS") is not wire copy.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from workbench.matching.reprints import DEFAULT_MIN_OVERLAP, MIN_SHARED, SHINGLE_WORDS
from workbench.normalize import normalize

_WORD = re.compile(r"[^\W_]+")  # as the reprint detector splits words
NEAR_IDENTICAL = 0.8  # Jaccard of the sampled shingles above which two bodies are the same text


class LinkReason(StrEnum):
    REPRINT = "reprint"
    NEAR_IDENTICAL = "near-identical"
    WIRE = "wire copy"
    SAME_OUTLET = "same outlet"


# Agency -> how it is written. Short names are matched case-sensitively (AP, AFP), long ones as words.
WIRE_AGENCIES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Reuters": ("Reuters",),
    "AP": ("AP", "Associated Press"),
    "Interfax": ("Interfax",),
    "TASS": ("TASS", "ITAR-TASS"),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Xinhua": ("Xinhua",),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "UPI": ("UPI", "United Press International"),
    "Kyodo": ("Kyodo",),
    "Yonhap": ("Yonhap",),
    "PA": ("PA Media", "Press Association"),
    "Ukrinform": ("Ukrinform",),
    "UNIAN": ("UNIAN",),
    "Anadolu": ("Anadolu Agency", "Anadolu"),
    "Bloomberg": ("Bloomberg News",),
}
_NAMES = sorted(((name, agency) for agency, names in WIRE_AGENCIES.items() for name in names),
                key=lambda x: -len(x[0]))
_ALT = "|".join(re.escape(name) for name, _ in _NAMES)
_AGENCY_OF = {name: agency for name, agency in _NAMES}
HEAD_CHARS = 1000
TAIL_CHARS = 400
# "MOSCOW (AFP) —", "KYIV, Ukraine (AP) -", "(Reuters) -"
_DATELINE = re.compile(rf"\((?P<a>{_ALT})(?:/[^)\n]{{1,40}})?\)\s*(?:--|[-—–:])")
# a credit line at the end: "— AFP", "(Reuters)", "Source: Interfax", "© Agence France-Presse", "AFP contributed"
_TAIL = re.compile(
    rf"(?:(?:^|\n)\s*(?:[-—–]\s*)?(?:Source:\s*|©\s*|Copyright\s+(?:\d{{4}}\s+)?)?(?:The\s+)?(?P<a>{_ALT})\s*\.?\s*$"
    rf"|\((?P<b>{_ALT})\)\s*$"
    rf"|[-—–]\s*(?P<c>{_ALT})\s*$"
    rf"|\b(?P<d>{_ALT})\s+contributed\s+to\s+this\s+report)",
    re.M,
)
_REUTERS_SIGNATURE = re.compile(r"\(Reporting by [^)\n]{2,200}(?:;|\)|Editing by)")
_PHOTO = re.compile(r"(?:photo|picture|image|video|footage|screenshot)s?\s*(?:by|:|/|©)?\s*$", re.I)


def wire_credits(text: str, byline: str | None = None) -> frozenset[str]:
    """The wire agencies an article credits as its source (not photo credits, not sources it quotes)."""
    found: set[str] = set()
    for m in _DATELINE.finditer(text[:HEAD_CHARS]):
        found.add(_AGENCY_OF[m.group("a")])
    tail = text[-TAIL_CHARS:]
    for m in _TAIL.finditer(tail):
        name = next(g for g in m.groups() if g)
        if not _PHOTO.search(tail[max(0, m.start() - 30) : m.start()]):
            found.add(_AGENCY_OF[name])
    if _REUTERS_SIGNATURE.search(text[-1500:]):
        found.add("Reuters")
    if byline:
        for m in re.finditer(rf"(?<![\w-])(?:{_ALT})(?![\w-])", byline):
            found.add(_AGENCY_OF[m.group()])
    return frozenset(found)


@dataclass(frozen=True)
class OriginArticle:
    """An article carrying the claim: its outlet, date and the wire agencies it credits."""

    article_id: int
    outlet: str | None
    published: dt.date | None = None
    title: str = ""
    credits: tuple[str, ...] = ()


@dataclass(frozen=True)
class OriginLink:
    """Why two articles are one origin."""

    article_id: int
    other_article_id: int
    reason: LinkReason
    detail: str = ""


@dataclass(frozen=True)
class Origins:
    """A claim group's articles collapsed into independent origin chains (earliest article first)."""

    group_id: int
    outlets: int
    independent: int
    chains: list[list[int]]
    articles: list[OriginArticle] = field(default_factory=list)
    links: list[OriginLink] = field(default_factory=list)

    @property
    def label(self) -> str:
        """ "5 outlets · 2 independent" for the claims table."""
        return origin_label(self.outlets, self.independent)


def origin_label(outlets: int, independent: int) -> str:
    return f"{outlets} outlet{'s' if outlets != 1 else ''} · {independent} independent"


class ShingleCache:
    """Per article, computed once: its sampled word shingles (kept compactly) and its wire credits.

    Bounded: past ``limit`` shingles in all (8 bytes each), ``trim`` forgets the articles used longest
    ago, so an export of any size keeps a few MB; a forgotten article is read again if a later group needs it.
    """

    LIMIT = 2_000_000  # shingles (16 MB): a few thousand articles of ordinary length

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self.size = 0  # shingles held
        self._shingles: dict[int, array] = {}
        self.credits: dict[int, tuple[str, ...]] = {}

    def add(self, article_id: int, text: str, byline: str | None = None) -> None:
        if article_id not in self._shingles:
            self._shingles[article_id] = found = array("q", sorted(all_shingles(text)))
            self.credits[article_id] = tuple(sorted(wire_credits(text, byline)))
            self.size += len(found)

    def __contains__(self, article_id: int) -> bool:
        return article_id in self._shingles

    def __len__(self) -> int:
        return len(self._shingles)

    def trim(self, keep: Collection[int]) -> None:
        """Forget the articles used longest ago, but not those in keep, until at most ``limit`` shingles are held.

        The articles in keep count as just used (they move to the young end).
        """
        for aid in keep:
            if aid in self._shingles:
                self._shingles[aid] = self._shingles.pop(aid)
        if self.size <= self.limit:
            return
        for aid in list(self._shingles):
            if self.size <= self.limit:
                break
            if aid not in keep:
                self.size -= len(self._shingles.pop(aid))
                del self.credits[aid]

    def overlap(self, a: int, b: int) -> tuple[float, float]:
        """(share of the smaller article's shingles found in the other, Jaccard); (0, 0) below MIN_SHARED."""
        sa, sb = self._shingles.get(a), self._shingles.get(b)
        if not sa or not sb:
            return 0.0, 0.0
        small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
        shared = len(set(small).intersection(large))
        if shared < MIN_SHARED:
            return 0.0, 0.0
        return shared / len(small), shared / (len(sa) + len(sb) - shared)


def all_shingles(text: str) -> set[int]:
    """Every word shingle of a text's matching view (the reprint detector keeps a sample; a claim group's
    few articles can afford all of them, which also catches reprints of short texts)."""
    words = _WORD.findall(normalize(text).text)
    return {hash(" ".join(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)}


def count_outlets(articles: Iterable[OriginArticle]) -> int:
    """Distinct outlets; each article without a known outlet counts as one of its own."""
    named = {a.outlet for a in articles if a.outlet}
    return len(named) + sum(1 for a in articles if not a.outlet)


def find_origins(group_id: int, articles: Sequence[OriginArticle], cache: ShingleCache,
                 *, min_overlap: float = DEFAULT_MIN_OVERLAP) -> Origins:
    """The group's origin chains, with the links that joined each pair of articles."""
    ids = [a.article_id for a in articles]
    if len(ids) < 2:  # nothing to join (most groups of a large library)
        return Origins(group_id, count_outlets(articles), len(ids), [ids] if ids else [], list(articles), [])
    parent = {i: i for i in ids}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links: list[OriginLink] = []

    def join(a: int, b: int, reason: LinkReason, detail: str) -> None:
        links.append(OriginLink(a, b, reason, detail))
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_id = {a.article_id: a for a in articles}
    for x, a in enumerate(ids):
        for b in ids[x + 1 :]:
            share, jaccard = cache.overlap(a, b)
            if jaccard >= NEAR_IDENTICAL:
                join(a, b, LinkReason.NEAR_IDENTICAL, f"{round(jaccard * 100)} % of the text in common")
            elif share >= min_overlap:
                join(a, b, LinkReason.REPRINT, f"{round(share * 100)} % of the shorter text in the other")
            common = set(by_id[a].credits) & set(by_id[b].credits)
            if common:
                join(a, b, LinkReason.WIRE, ", ".join(sorted(common)))
            if by_id[a].outlet and by_id[a].outlet == by_id[b].outlet:
                join(a, b, LinkReason.SAME_OUTLET, by_id[a].outlet or "")
    chains: dict[int, list[int]] = {}
    for i in ids:
        chains.setdefault(root(i), []).append(i)
    ordered = [sorted(chain, key=lambda i: _when(by_id[i])) for chain in chains.values()]
    ordered.sort(key=lambda chain: _when(by_id[chain[0]]))
    return Origins(group_id, count_outlets(articles), len(ordered), ordered, list(articles), links)


def _when(article: OriginArticle) -> tuple[dt.date, int]:
    return article.published or dt.date.max, article.article_id
