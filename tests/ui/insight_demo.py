"""The sample library of demo_library.py, plus what issue 15's views show: dates, a drifting quote linked
across four outlets, and the same claim rated twice (for screenshots and tests of the new views).

    python -m tests.ui.insight_demo demo.sqlite3   # from the checkout's root
"""

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


# One claim as four outlets carried it: the wire story, a faithful reprint, and two that drifted.
DRIFT_ARTICLES = {
    "Wire Service": "Harbour storm\n\nOfficials said on Monday that “the northern pier will not reopen before "
                    "spring”, adding that 30 fishing boats were damaged.",
    "Coastal Daily": "Harbour storm\n\nOfficials said on Monday that “the northern pier will not reopen before "
                     "spring”, adding that 30 fishing boats were damaged.\n\nMore reporting to follow.",
    "Evening Courier": "Pier news\n\nThe mayor said on Monday that the northern pier may reopen before spring, "
                       "adding that 40 fishing boats were damaged.",
    "Weekly Herald": "Storm damage\n\nThe northern pier will reportedly reopen before spring, officials said, "
                     "adding that about 30 fishing boats were damaged.",
}


def build_drift_demo(path: Path, folder: Path) -> tuple[Workbench, int]:
    """A library of the four articles above with the claim linked across them; returns it and the group."""
    wb = Workbench.open(path, user="demo")
    ids = {}
    for i, (outlet, text) in enumerate(DRIFT_ARTICLES.items()):
        file = folder / f"drift-{i}.txt"
        file.write_text(text, encoding="utf-8")
        ids[outlet] = wb.import_file(file).article_id
        wb.update_article(ids[outlet], source=outlet, published=dt.date(2024, 3, 4 + i))
    quotes = {
        "Wire Service": "Officials said on Monday that “the northern pier will not reopen before spring”, adding "
                        "that 30 fishing boats were damaged.",
        "Coastal Daily": "Officials said on Monday that “the northern pier will not reopen before spring”, adding "
                         "that 30 fishing boats were damaged.",
        "Evening Courier": "The mayor said on Monday that the northern pier may reopen before spring, adding that "
                           "40 fishing boats were damaged.",
        "Weekly Herald": "The northern pier will reportedly reopen before spring, officials said, adding that about "
                         "30 fishing boats were damaged.",
    }
    first = wb.add_claim(ids["Wire Service"], quote=quotes["Wire Service"])
    for outlet, quote in quotes.items():
        if outlet != "Wire Service":
            wb.link_to_span(first.id, ids[outlet], *span(wb.get_article(ids[outlet]).text, quote))
    return wb, first.group_id
