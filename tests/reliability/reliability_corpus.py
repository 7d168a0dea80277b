"""Synthetic articles for the crash tests: many small outlets' reports sharing some sentences."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "minister", "talks", "continue", "week", "despite", "rising", "tensions", "troops", "border", "officials",
    "Moscow", "Washington", "Brussels", "traded", "proposals", "security", "agreement", "sanctions", "ceasefire",
    "delegation", "envoy", "summit", "pipeline", "grain", "harbour", "drones", "budget", "election", "court",
    "protest", "parliament", "refugees", "inflation", "reactor", "vaccine", "embassy", "treaty", "council",
)
SHARED = [
    "The foreign minister said the talks would continue next week despite rising tensions at the border.",
    "Officials in Brussels confirmed that the delegation had received written proposals on security.",
    "According to the envoy, sanctions would remain in place until the ceasefire was fully respected.",
    "The council voted to extend the grain agreement for another ninety days after a long debate.",
    "Protesters gathered outside parliament as the budget vote was postponed for a second time.",
    "The embassy denied reports that the reactor had been damaged by drones during the night.",
]
OUTLETS = ("Daily Ledger", "Evening Courier", "Harbour Post", "Northern Star", "Capital Wire", "Valley Herald")


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."


def article_text(index: int, seed: int = 0, paragraphs: int = 3) -> str:
    """A plain-text article: outlet masthead, unique title, and paragraphs with a shared sentence or two."""
    rng = random.Random(seed * 100_003 + index)
    outlet = OUTLETS[index % len(OUTLETS)]
    lines = [f"Report number {index}: {sentence(rng)[:-1]}", "", f"By the {outlet} staff", ""]
    for p in range(paragraphs):
        body = [sentence(rng) for _ in range(rng.randint(2, 4))]
        if p == 1:
            body.insert(1, SHARED[index % len(SHARED)])
        lines.append(" ".join(body))
        lines.append("")
    return "\n".join(lines)


def write_corpus(folder: Path, count: int, *, seed: int = 0, paragraphs: int = 3) -> dict[str, str]:
    """Write count articles as UTF-8 .txt files; returns file name -> text."""
    folder.mkdir(parents=True, exist_ok=True)
    texts: dict[str, str] = {}
    for i in range(count):
        name = f"article-{i:04d}.txt"
        text = article_text(i, seed, paragraphs)
        (folder / name).write_text(text, encoding="utf-8")
        texts[name] = text
    return texts
