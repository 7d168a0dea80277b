"""The sample library of demo_library.py, plus what issue 15's views show: dates, a drifting quote linked
across four outlets, and the same claim rated twice (for screenshots and tests of the new views)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from tests.ui.demo_library import build_demo
from workbench.service import Workbench

# Where the samples without a date were published (the Moscow Times piece and the two wire rewrites).
DATES = {"The Moscow Times": dt.date(2022, 1, 18), "Press TV": dt.date(2022, 1, 18), None: dt.date(2022, 1, 19)}
AWAITING = ("We are now awaiting responses to these proposals -- as we were promised -- "
            "in order to continue negotiations")
WAITING = "We’re currently waiting for the promised answers in order to continue negotiations"
REJECTED = "Washington has outright rejected the demands"


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def build_insight_demo(path: Path) -> Workbench:
    """The demo library with dates on every sample, Lavrov's quote in two translations linked, a second rating."""
    wb = build_demo(path)
    articles = wb.list_articles()
    for a in articles:
        if a.published is None:
            wb.update_article(a.id, published=DATES.get(a.source, dt.date(2022, 1, 19)))
    holding = {q: [a.id for a in articles if q in wb.get_article(a.id).text] for q in (AWAITING, WAITING, REJECTED)}
    first = wb.add_claim(holding[AWAITING][0], quote=AWAITING)
    for aid in holding[AWAITING][1:] + holding[WAITING]:
        wb.link_to_span(first.id, aid, *span(wb.get_article(aid).text, AWAITING if aid in holding[AWAITING]
                                             else WAITING))
    wb.set_verdict(first.group_id, rating="true", status="final", reviewer="A. Reviewer",
                   rationale="The ministry's transcript has these words.")
    # The same sentence marked again by a second reviewer and rated differently: a verdict conflict.
    kayhan = next(a.id for a in articles if a.source is None)
    again = wb.add_claim(kayhan, quote=REJECTED)
    wb.set_verdict(again.group_id, rating="true", status="review", reviewer="B. Checker",
                   rationale="The State Department said so on Tuesday.")
    return wb


if __name__ == "__main__":
    build_insight_demo(Path(sys.argv[1])).close()
