"""Near-duplicate articles: one outlet republishing another's text, found by shared word shingles."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.model import Article
from workbench.normalize import normalize

SHINGLE_WORDS = 5  # words per shingle
SAMPLE = 4  # keep the shingles whose hash is divisible by this (the same ones in every article)
MAX_ARTICLES_PER_SHINGLE = 50  # shingles shared more widely are boilerplate, not reprinting
MIN_SHARED = 3  # sampled shingles two articles must share before their overlap is computed
DEFAULT_MIN_OVERLAP = 0.5

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class ReprintOverlap:
    """Two articles sharing much of their text."""

    article_id: int
    other_article_id: int
    overlap: float  # share of the shorter article's shingles found in the other (0-1)
    jaccard: float  # shared shingles over all shingles of both (0-1)
    shared: int  # sampled shingles in common


def shingles(text: str) -> set[int]:
    """The sampled word-shingle hashes of a text's matching view (quotes, wraps, case folded)."""
    words = _WORD.findall(normalize(text).text)
    found: set[int] = set()
    for i in range(len(words) - SHINGLE_WORDS + 1):
        h = hash(" ".join(words[i : i + SHINGLE_WORDS]))
        if h % SAMPLE == 0:
            found.add(h)
    return found


def find_reprints(session: Session, *, min_overlap: float = DEFAULT_MIN_OVERLAP) -> list[ReprintOverlap]:
    """Article pairs whose shorter text is at least min_overlap contained in the other, most first."""
    sizes: dict[int, int] = {}
    postings: dict[int, list[int]] = defaultdict(list)
    rows = session.execute(select(Article.id, Article.text).execution_options(yield_per=500))
    for aid, text in rows:
        found = shingles(text)
        sizes[aid] = len(found)
        for h in found:
            postings[h].append(aid)
    pairs: Counter[tuple[int, int]] = Counter()
    for ids in postings.values():
        if 1 < len(ids) <= MAX_ARTICLES_PER_SHINGLE:
            ids.sort()
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    pairs[(a, b)] += 1
    result: list[ReprintOverlap] = []
    for (a, b), shared in pairs.items():
        if shared < MIN_SHARED:
            continue
        smaller = min(sizes[a], sizes[b])
        share = shared / smaller if smaller else 0.0
        if share >= min_overlap:
            union = sizes[a] + sizes[b] - shared
            result.append(ReprintOverlap(a, b, round(share, 3), round(shared / union, 3), shared))
    result.sort(key=lambda r: (-r.overlap, r.article_id, r.other_article_id))
    return result
