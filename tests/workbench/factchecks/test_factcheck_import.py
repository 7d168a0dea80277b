"""Importing claims checked before: CSV and ClaimReview JSON-LD files, bad rows, duplicates, bad files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from workbench.cli import main
from workbench.factchecks import FORMATS, FactCheckFileError, format_for
from workbench.model import FactCheck
from workbench.service import Workbench

HEADER = "claim,rating,url,organization,date,title,reviewer notes\n"
CSV_ROWS = (
    '"Bill Gates wants to implant microchips in everyone",False,https://checks.example/1,Desk,2020-05-01,'
    '"Microchips?",internal\n'
    '"5G masts spread the virus",False,https://checks.example/2,Desk,2020-04-02,,\n'
    ',Mixed,https://checks.example/3,Desk,2020-04-03,no claim,\n'
    '"A claim with a bad date",True,https://checks.example/4,Desk,yesterday,,\n'
    '"A claim with a bad url",True,ftp://checks.example/5,Desk,2020-04-05,,\n'
    '"A claim spread over\ntwo lines",Mostly true,,,,\n'
    '"Too few fields",True\n'
    '"5G masts spread the virus",False,https://checks.example/2,Desk,2020-04-02,,\n'
)
REVIEW = {
    "@context": "https://schema.org", "@type": "ClaimReview", "url": "https://checks.example/review/7",
    "claimReviewed": "The harbour will stay closed all winter", "datePublished": "2021-11-02T09:30:00Z",
    "author": {"@type": "Organization", "name": "Coast Check"}, "name": "Will the harbour stay shut?",
    "reviewRating": {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "alternateName": "Mostly false"},
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A councillor"}},
}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def rows(wb: Workbench) -> list[FactCheck]:
    with wb.db.read() as session:
        return list(session.scalars(select(FactCheck).order_by(FactCheck.id)))


def test_a_csv_imports_its_good_rows_and_names_each_bad_row_by_its_line(wb: Workbench, tmp_path: Path) -> None:
    path = write(tmp_path / "checks.csv", HEADER + CSV_ROWS)
    [report] = wb.import_factchecks([path])
    assert (report.path, report.imported, report.duplicates, report.format) == (str(path), 3, 1, "csv")
    assert report.errors == [
        "line 4: the claim is empty",
        "line 5: the date 'yesterday' is not a date (write it as YYYY-MM-DD)",
        "line 6: the url 'ftp://checks.example/5' is not an http(s) address",
        "line 9: 2 fields where the header has 7",
    ]
    stored = rows(wb)
    assert [f.claim for f in stored] == ["Bill Gates wants to implant microchips in everyone",
                                        "5G masts spread the virus", "A claim spread over two lines"]
    first = stored[0]
    assert (first.rating, first.url, first.organization, first.published, first.title) == (
        "False", "https://checks.example/1", "Desk", dt.date(2020, 5, 1), "Microchips?")
    assert stored[2].url is None and stored[2].published is None  # empty optional fields are allowed


def test_importing_again_counts_duplicates_and_adds_nothing(wb: Workbench, tmp_path: Path) -> None:
    path = write(tmp_path / "checks.csv", HEADER + CSV_ROWS)
    wb.import_factchecks([path])
    [again] = wb.import_factchecks([path])
    assert (again.imported, again.duplicates) == (0, 4)  # 3 already there, and the repeated row
    assert len(rows(wb)) == 3
    same_claim_other_case = write(tmp_path / "more.csv", HEADER + '"5g MASTS  spread the virus",False,'
                                  "https://checks.example/2,Desk,2020-04-02,,\n")
    assert wb.import_factchecks([same_claim_other_case])[0].duplicates == 1


@pytest.mark.parametrize("shape", ["single", "list", "graph"])
def test_claimreview_json_ld_as_one_object_a_list_or_a_graph(wb: Workbench, tmp_path: Path, shape: str) -> None:
    second = dict(REVIEW, claimReviewed="Ferries will run on Sundays", url="https://checks.example/review/8",
                  reviewRating={"@type": "Rating", "ratingValue": 4, "bestRating": 5})
    broken = {"@type": "ClaimReview", "url": "https://checks.example/review/9"}
    document: object = {
        "single": REVIEW,
        "list": [REVIEW, second, broken],
        "graph": {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": "x"}, REVIEW, second,
                                                                broken]},
    }[shape]
    path = write(tmp_path / "reviews.jsonld", json.dumps(document, indent=2))
    [report] = wb.import_factchecks([path])
    assert report.format == "claimreview"
    stored = rows(wb)
    assert stored[0].claim == "The harbour will stay closed all winter"
    assert (stored[0].rating, stored[0].organization, stored[0].published, stored[0].title) == (
        "Mostly false", "Coast Check", dt.date(2021, 11, 2), "Will the harbour stay shut?")
    if shape == "single":
        assert (report.imported, report.errors) == (1, [])
    else:
        assert report.imported == 2 and stored[1].rating == "4/5"
        text = path.read_text(encoding="utf-8")
        line = text[: text.index('"https://checks.example/review/9"')].count("\n") + 1
        [error] = report.errors
        assert error.startswith("line ") and "has no claimReviewed" in error
        assert int(error.split()[1].rstrip(":")) in range(line - 3, line + 1)  # where the broken item starts


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("checks.csv", b"claim,verdict\nx,y\n", "the header lacks rating, url, organization, date, title"),
    ("checks.csv", b"", "the file is empty"),
    ("checks.csv", "claim,rating\n".encode("utf-16"), "not UTF-8 text"),
    ("reviews.json", b"{not json", "not valid JSON (line 1"),
    ("reviews.json", b'{"@type": "WebPage"}', "holds no schema.org ClaimReview object"),
    ("notes.txt", b"claim\n", "not a fact-check file (expected .csv, .json, .jsonld)"),
])
def test_a_file_that_cannot_be_read_is_reported_and_the_others_still_import(
    wb: Workbench, tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = write(tmp_path / "good.csv", HEADER + '"Ferries run on Sundays",True,,,,\n')
    reports = wb.import_factchecks([bad, good])
    assert reports[0].imported == 0 and len(reports[0].errors) == 1
    assert problem in reports[0].errors[0] and str(bad) in reports[0].errors[0]
    assert reports[1].imported == 1


def test_a_folder_imports_every_fact_check_file_inside(wb: Workbench, tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    (folder / "old").mkdir(parents=True)
    write(folder / "a.csv", HEADER + '"Ferries run on Sundays",True,,,,\n')
    write(folder / "old" / "b.json", json.dumps(REVIEW))
    write(folder / "readme.txt", "not a fact-check file")
    reports = wb.import_factchecks([folder])
    assert [Path(r.path).name for r in reports] == ["a.csv", "b.json"]
    assert sum(r.imported for r in reports) == 2


def test_the_registry_knows_each_format_once() -> None:
    suffixes = [s for fmt in FORMATS for s in fmt.suffixes]
    assert len(suffixes) == len(set(suffixes))
    assert format_for(Path("x.JSONLD")).key == "claimreview"
    with pytest.raises(FactCheckFileError):
        format_for(Path("x.xlsx"))


def test_cli_import_factchecks_reports_per_file_and_exits_1_on_bad_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "lib.sqlite3")
    path = write(tmp_path / "checks.csv", HEADER + CSV_ROWS)
    assert main(["--db", db, "import-factchecks", str(path), "--json"]) == 1
    [report] = json.loads(capsys.readouterr().out)
    assert set(report) == {"path", "imported", "duplicates", "errors", "format"}
    assert (report["imported"], report["duplicates"], len(report["errors"])) == (3, 1, 4)
    clean = write(tmp_path / "clean.csv", HEADER + '"Ferries run on Sundays",True,,,,\n')
    assert main(["--db", db, "import-factchecks", str(clean)]) == 0
    out = capsys.readouterr().out
    assert "clean.csv" in out and "1" in out
    wb = Workbench.open(db)
    try:
        with wb.db.read() as session:
            assert session.scalar(select(func.count()).select_from(FactCheck)) == 4
    finally:
        wb.close()
