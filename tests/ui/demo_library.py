"""A sample library with claims marked, linked across outlets and rated (for screenshots and tests)."""

from __future__ import annotations

import sys
from pathlib import Path

from workbench.service import EvidenceInfo, Workbench

# (outlet of the article the claim is marked in, sentence, rating or None, status)
CLAIMS = [
    (None, "“Let’s hope these talks will continue,” Lavrov said.", "true", "final"),
    ("Press TV", "In a call with Lavrov ahead of his trip, Blinken", "mostly-true", "review"),
    (None, "Secretary of State Antony Blinken prepared to fly to Kyiv in a show of support.", "mixed", "draft"),
    ("Russialink", "Washington and NATO have rejected some of Russia’s key demands", None, None),
    (None, "Washington has outright rejected the demands", "mostly-false", "review"),
]


def sentence_span(text: str, start_words: str) -> tuple[int, int]:
    """The span of the sentence starting with these words."""
    start = text.index(start_words)
    ends = [i for i in (text.find(c, start + len(start_words) - 1) for c in ".”") if i >= 0]
    end = min(ends) + 1
    if text[end : end + 1] == "”":
        end += 1
    return start, end


def build_demo(path: Path) -> Workbench:
    """Import the samples, mark and link the claims above, record their verdicts; returns the open service."""
    wb = Workbench.open(path, user="demo")
    wb.import_seeds()
    by_outlet = {a.source: a.id for a in wb.list_articles()}
    for outlet, words, rating, status in CLAIMS:
        article_id = by_outlet[outlet]
        start, end = sentence_span(wb.get_article(article_id).text, words)
        claim = wb.add_claim(article_id, start=start, end=end)
        for suggestion in wb.suggest(claim.id):
            if suggestion.score >= 80:
                wb.accept_suggestion(suggestion.id)
        if rating:
            wb.set_verdict(claim.group_id, rating=rating, status=status, reviewer="A. Reviewer",
                           rationale="Checked against the ministry's transcript.",
                           evidence=[EvidenceInfo(url="https://www.mid.ru/en/press_service/",
                                                  title="Ministry transcript",
                                                  note="Press conference, 18 January 2022")])
    return wb


if __name__ == "__main__":
    build_demo(Path(sys.argv[1])).close()
