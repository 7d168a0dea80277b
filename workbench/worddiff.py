"""Word-level differences between two wordings of a claim (for the Matches list, Compare and exports)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import NamedTuple

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]", re.UNICODE)

EQUAL, INSERT, DELETE = "equal", "insert", "delete"

# Typographic variants outlets use interchangeably; compared as their plain forms.
_PLAIN = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "…": "...",
})
_LEANS_LEFT = set(",.;:!?)]}%'\"’”»…")  # punctuation that sits against the word before it


class DiffPart(NamedTuple):
    """A run of the compared text: kept, inserted (only in the new text) or deleted (only in the old).

    A tuple (op, text), so ``for op, text in word_diff(a, b)`` works as well as ``part.op``.
    """

    op: str
    text: str


def _words(text: str) -> list[tuple[str, int, int]]:
    """Tokens of a text with their spans; comparison ignores case, curly vs straight quotes and dash styles."""
    return [(m.group().casefold().translate(_PLAIN), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def word_diff(old: str, new: str) -> list[DiffPart]:
    """How new differs from old, word by word, as (op, text) runs with op 'equal', 'insert' or 'delete'.

    Equal and inserted runs carry new's own spelling and spacing, so joining every run that is not
    a deletion gives back new exactly; deleted runs carry old's text and sit where old had them.
    """
    a, b = _words(old), _words(new)
    matcher = SequenceMatcher(None, [w for w, _, _ in a], [w for w, _, _ in b], autojunk=False)
    parts: list[DiffPart] = []
    position = 0  # in new

    def emit(op: str, text: str) -> None:
        if not text:
            return
        if parts and parts[-1].op == op:
            parts[-1] = DiffPart(op, parts[-1].text + text)
        else:
            parts.append(DiffPart(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "replace") and i2 > i1:
            removed = old[a[i1][1] : a[i2 - 1][2]]
            if removed[0] in _LEANS_LEFT and j1 > 0:
                at = max(position, b[j1 - 1][2])  # a lost comma belongs after the word, not after the space
            else:
                at = b[j1][1] if j1 < len(b) else len(new)
            emit(EQUAL, new[position:at])
            position = at
            emit(DELETE, removed)
            if tag == "delete":
                continue
        if j2 > j1:
            start, end = b[j1][1], b[j2 - 1][2]
            emit(EQUAL, new[position:start])
            emit(EQUAL if tag == "equal" else INSERT, new[start:end])
            position = end
    emit(EQUAL, new[position:])
    return parts


def similarity(old: str, new: str) -> float:
    """Share of words the two wordings have in common, 0..1."""
    a, b = _words(old), _words(new)
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, [w for w, _, _ in a], [w for w, _, _ in b], autojunk=False).ratio()
