"""Why a suggestion was made, for the Matches dock: its tier, shared words, similarity and changed words.

Pure formatting over ``SuggestionInfo.tier`` and ``.explanation`` (``workbench.matching.scoring``):
rich text for a label or tooltip, and the order and titles of the tier groups (the Matches dock's
SuggestionModel shows a header row per group).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.service import SuggestionInfo

TIER_TITLES = {"same-text": "Same text", "close-wording": "Close wording", "reworded": "Reworded"}
TIER_ORDER = ("same-text", "close-wording", "reworded")
TIER_TIPS = {
    "same-text": "The same words, perhaps reprinted or quoted verbatim",
    "close-wording": "Mostly the same words, a few changed, added or left out",
    "reworded": "The same claim in other words: found by meaning more than by wording; check it",
}
UNTIERED_TITLE = "Earlier suggestions"
MAX_WORDS = 12


@dataclass(frozen=True)
class TierHeader:
    """The header row of a tier's group in the Matches list."""

    tier: str  # a Tier value, or "" for suggestions stored before tiers
    title: str
    count: int


def by_tier(suggestions: Iterable[SuggestionInfo]) -> list[tuple[str, str, list[SuggestionInfo]]]:
    """(tier, title, suggestions best first) for each tier that has any, in tier order; untiered ("") last."""
    groups: dict[str, list[SuggestionInfo]] = {}
    for s in suggestions:
        groups.setdefault(s.tier or "", []).append(s)
    ordered = [t for t in TIER_ORDER if t in groups] + ([""] if "" in groups else [])
    return [(t, TIER_TITLES.get(t, UNTIERED_TITLE), sorted(groups[t], key=lambda s: -s.score)) for t in ordered]


def explanation_html(suggestion: SuggestionInfo) -> str:
    """A few lines of rich text saying why the span was suggested."""
    e = suggestion.explanation
    if e is None:
        return f"Score {round(suggestion.score)} %"
    similar = [f"wording {round(e.character_similarity)} %", f"words {round(100 * e.lexical_similarity)} %"]
    if e.semantic_similarity is not None:
        similar.insert(0, f"meaning {round(100 * e.semantic_similarity)} %")
    else:
        similar.append("meaning not compared yet (the article is still being embedded)")
    lines = [f"<b>{html.escape(e.tier_label.capitalize())}</b> · score {round(suggestion.score)} % · similar in "
             + ", ".join(similar)]
    if e.shared_terms:
        shown = ", ".join(html.escape(t) for t in e.shared_terms[:MAX_WORDS])
        more = f" and {len(e.shared_terms) - MAX_WORDS} more" if len(e.shared_terms) > MAX_WORDS else ""
        lines.append(f"Shared words: {shown}{more}")
    changes = [_change(old, new) for old, new in e.changed_words if old or new][:MAX_WORDS]
    if changes:
        lines.append("Changed: " + "; ".join(changes))
    return "<br>".join(lines)


def _change(old: str, new: str) -> str:
    if old and new:
        return f"<s>{html.escape(old)}</s> → {html.escape(new)}"
    if old:
        return f"<s>{html.escape(old)}</s> left out"
    return f"{html.escape(new)} added"
