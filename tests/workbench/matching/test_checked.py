"""Checked before? Fact-checks and verdicted claims of the library that match a claim or a text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.errors import InvalidValue, NotFound
from workbench.service import Workbench

CHECKS = (
    "claim,rating,url,organization,date,title\n"
    '"Russia says it will not hold new talks until the West answers its security demands",Accurate,'
    "https://checks.example/talks,Desk,2022-01-19,No talks until the West answers?\n"
    '"Bill Gates wants to implant microchips in everyone",False,https://checks.example/gates,Desk,2020-05-01,\n'
    '"5G masts spread the coronavirus",False,https://checks.example/5g,Desk,2020-04-02,5G and the virus\n'
    '"The harbour will stay closed all winter",Mostly false,https://checks.example/harbour,Coast Check,,\n'
)


@pytest.fixture
def library(seeded: Workbench, tmp_path: Path) -> Workbench:
    table = tmp_path / "checks.csv"
    table.write_text(CHECKS, encoding="utf-8")
    seeded.import_factchecks([table])
    seeded.embed_pending()
    return seeded


def test_a_reworded_text_finds_the_fact_check_first(library: Workbench) -> None:
    found = library.checked(text="Moscow rules out further negotiations unless Western countries respond to "
                                 "its demands", top=3)
    assert found[0].url == "https://checks.example/talks"
    top = found[0]
    assert (top.kind, top.rating, top.organization, str(top.date), top.title) == (
        "factcheck", "Accurate", "Desk", "2022-01-19", "No talks until the West answers?")
    assert top.reference_id.startswith("factcheck-") and top.group_id is None
    assert top.score > found[1].score and top.semantic is not None and top.semantic > 0.5
    assert len(library.checked(text="microchips", top=1)) == 1


def test_verdicted_claims_of_the_library_are_checked_before_too(library: Workbench) -> None:
    articles = {library.get_article(a.id).file_name[:3]: a.id for a in library.list_articles()}
    verdicted = library.add_claim(articles["003"], quote="Russia says no new talks on Ukraine until West responds "
                                                         "to demands")
    library.set_verdict(verdicted.group_id, rating="mostly-true")
    asked = library.add_claim(articles["004"], quote="Russia: No Talks Unless West Responds to Demands")
    found = library.checked(asked.id, top=5)
    claims = [r for r in found if r.kind == "claim"]
    assert claims and claims[0].reference_id == f"claim-{verdicted.id}"
    assert claims[0].group_id == verdicted.group_id and claims[0].rating == "Mostly true"
    assert claims[0].title == library.get_article(articles["003"]).title
    assert {r.url for r in found if r.kind == "factcheck"} >= {"https://checks.example/talks"}
    # a claim of the verdicted group itself is not "checked before" for its group
    assert all(r.group_id != verdicted.group_id for r in library.checked(verdicted.id, top=10))
    library.link_claims(asked.id, verdicted.id)
    assert all(r.kind != "claim" for r in library.checked(asked.id, top=10))


def test_fact_checks_not_embedded_yet_are_found_by_their_words(seeded: Workbench, tmp_path: Path) -> None:
    table = tmp_path / "checks.csv"
    table.write_text(CHECKS, encoding="utf-8")
    seeded.import_factchecks([table])
    assert seeded.embedding_status().factchecks_embedded == 0
    found = seeded.checked(text="microchips implanted by Bill Gates", top=2)
    assert found[0].url == "https://checks.example/gates" and found[0].semantic is None
    seeded.embed_pending()
    assert seeded.embedding_status().factchecks_embedded == 4
    assert seeded.checked(text="microchips implanted by Bill Gates", top=1)[0].semantic is not None


def test_asking_wrongly_is_refused(library: Workbench) -> None:
    with pytest.raises(InvalidValue):
        library.checked()
    with pytest.raises(InvalidValue):
        library.checked(1, text="both")
    with pytest.raises(InvalidValue):
        library.checked(text="   ")
    with pytest.raises(NotFound):
        library.checked(999)


def test_cli_checked_prints_the_fields_of_each_reference(
    library: Workbench, capsys: pytest.CaptureFixture[str]
) -> None:
    db = library.db.url
    assert main(["--db", db, "checked", "--text", "Do 5G antennas spread covid?", "--top", "2", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert len(results) == 2 and results[0]["url"] == "https://checks.example/5g"
    assert {"reference_id", "claim", "rating", "url", "organization", "date", "title", "score",
            "group_id"} <= set(results[0])
    assert main(["--db", db, "checked", "--text", "Do 5G antennas spread covid?", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "factcheck-" in out and "5G masts spread the coronavirus" in out
    assert main(["--db", db, "checked", "12345"]) == 2
    assert "no claim with id 12345" in capsys.readouterr().err
