"""Independent origins: reprints, wire copy and one outlet's articles collapse into one chain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbench.analysis.origins import wire_credits
from workbench.service import Workbench

STORY = (
    "The harbour authority said on Monday that the northern pier would stay closed for repairs until "
    "the spring, after storms damaged its foundations and two cranes. Fishing crews were told to use the "
    "southern quay, where berths will be free of charge during the works. The port's director said the "
    "repairs would cost about four million euros, most of it paid by the regional government."
)


@pytest.mark.parametrize(("text", "byline", "credits"), [
    ("MOSCOW (AFP) — Russia said on Tuesday that talks would continue.", None, {"AFP"}),
    ("KYIV, Ukraine (AP) - Air raid sirens sounded.", None, {"AP"}),
    ("LONDON (Reuters) -- Prices rose.\n(Reporting by Jane Doe; Editing by John Roe)", None, {"Reuters"}),
    ("Prices rose sharply in March.\n\n— AFP", None, {"AFP"}),
    ("Prices rose sharply in March.\nAgence France-Presse contributed to this report.", None, {"AFP"}),
    ("Prices rose sharply in March.", "By Reuters staff", {"Reuters"}),
    ("Lavrov and Baerbock in Moscow (photo by AFP)\n\nRussia has ruled out talks.", None, set()),
    ("Russian Foreign Minister Sergei Lavrov. Sergei Bobylev / TASS\n\nMoscow has secured a deal.", None, set()),
    ("Lavrov said so, according to the state-run TASS news agency.", None, set()),
    ("MOSCOW (Dispatches) -- Moscow on Tuesday rejected new talks.", None, set()),
    ("An APPLE a day (Apple) - keeps doctors away.", None, set()),
])
def test_wire_credits_are_datelines_bylines_and_credit_lines_not_photos_or_quoted_sources(
        text: str, byline: str | None, credits: set[str]) -> None:
    assert wire_credits(text, byline) == credits


def link_everywhere(wb: Workbench, article_id: int, quote: str) -> int:
    """Mark quote in one article and link it to the same words in every article holding them."""
    claim = wb.add_claim(article_id, quote=quote)
    for other in wb.list_articles():
        if other.id != article_id and quote in wb.get_article(other.id).text:
            wb.link_to_span(claim.id, other.id, *span(wb.get_article(other.id).text, quote))
    return claim.group_id


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def test_on_the_seeds_the_russialink_reprint_and_its_moscow_times_original_are_one_origin(seeded: Workbench) -> None:
    by_source = {a.source: a.id for a in seeded.list_articles() if a.source}
    russialink = by_source["Russialink"]
    quote = "Washington and NATO have rejected some of Russia’s key demands"
    gid = link_everywhere(seeded, russialink, quote)
    group = seeded.get_group(gid)
    moscow_times = next(c.article_id for c in group.claims if c.source == "The Moscow Times")
    press_tv = next(a.id for a in seeded.list_articles() if a.source == "Press TV")
    seeded.link_to_span(group.claims[0].id, press_tv, 0, 10)  # a third outlet carrying the group

    origins = seeded.origins(gid)
    assert (origins.outlets, origins.independent) == (3, 2)
    assert sorted(map(sorted, origins.chains)) == sorted([sorted([russialink, moscow_times]), [press_tv]])
    reasons = {(min(link.article_id, link.other_article_id), max(link.article_id, link.other_article_id)): link.reason
               for link in origins.links}
    assert reasons[tuple(sorted((russialink, moscow_times)))] == "reprint"
    assert origins.label == "3 outlets · 2 independent"
    insight = seeded.group_insights()[gid]
    assert insight.origin_label == "3 outlets · 2 independent"


WORDS = """crews quay berth storm cranes tide ferry cargo dock anchor harbour master council budget winter
    engineers divers concrete steel timber survey""".split()  # noqa: SIM905


def own_words(seed: int, n: int = 120) -> str:
    """A body of text no other article shares (each article's own reporting)."""
    return " ".join(f"{WORDS[(seed * 7 + i * (seed + 3)) % len(WORDS)]}{(i * seed) % 97}" for i in range(n)) + "."


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_wire_copy_and_one_outlets_articles_collapse_photo_credits_do_not(wb: Workbench, tmp_path: Path) -> None:
    sentence = "The northern pier will stay closed for repairs until the spring."
    files = {
        "a.txt": f"Pier closed\n\nOSLO (AFP) — {sentence} {own_words(1)}",
        "b.txt": f"Storm damage\n\nOSLO, Norway (AFP) - {sentence} {own_words(2)}",
        "c.txt": f"Harbour news\n\nThe crews at the pier (photo by AFP)\n\n{sentence} {own_words(3)}",
        "d.txt": f"Harbour update\n\n{sentence} {own_words(4)}",
        "e.txt": f"More harbour news\n\n{sentence} {own_words(5)}",
    }
    outlets = {"a.txt": "Daily One", "b.txt": "Weekly Two", "c.txt": "Gazette Three", "d.txt": "Herald Four",
               "e.txt": "Herald Four"}
    ids = {}
    for name, text in files.items():
        result = wb.import_file(write(tmp_path, name, text))
        ids[name] = result.article_id
        wb.update_article(result.article_id, source=outlets[name], published=dt.date(2024, 3, 1 + len(ids)))
    gid = link_everywhere(wb, ids["a.txt"], sentence)
    origins = wb.origins(gid)
    assert origins.outlets == 4
    assert origins.independent == 3  # AFP (a, b), the gazette (c), the herald's two articles (d, e)
    assert sorted(map(sorted, origins.chains)) == sorted([[ids["a.txt"], ids["b.txt"]], [ids["c.txt"]],
                                                          [ids["d.txt"], ids["e.txt"]]])
    assert origins.chains[0][0] == ids["a.txt"]  # the earliest article heads the earliest chain
    assert {link.reason for link in origins.links} == {"wire copy", "same outlet"}


def test_near_identical_bodies_are_one_origin(wb: Workbench, tmp_path: Path) -> None:
    a = wb.import_file(write(tmp_path, "a.txt", f"Pier closed\n\n{STORY}")).article_id
    b = wb.import_file(write(tmp_path, "b.txt", f"Pier to close\n\n{STORY} Readers may comment below.")).article_id
    wb.update_article(a, source="Daily One")
    wb.update_article(b, source="Weekly Two")
    gid = link_everywhere(wb, a, "the northern pier would stay closed for repairs")
    origins = wb.origins(gid)
    assert (origins.outlets, origins.independent) == (2, 1)
    assert {link.reason for link in origins.links} <= {"near-identical", "reprint"}
