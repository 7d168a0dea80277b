"""Metadata heuristics: the seeds' expected title/outlet/date/URL, and the rules one by one."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest

from workbench.ingest import ParsedDocument, read_document
from workbench.ingest.metadata import complete, guess_date, guess_metadata, guess_outlet, guess_title, guess_url

SEEDS = Path(__file__).resolve().parents[3] / "seeds"

# What a person reading each seed would fill in; None where the text does not say.
SEED_METADATA = {
    "000_ae7c11aed872ca9a.txt": (
        "No New Ukraine Talks Until West Responds to Russia's Demands, Moscow Says",
        "The Moscow Times",  # masthead "M Moscow Times"
        None,  # no date in the text
        None,  # the links in the body are sources (kommersant.ru, tass.ru), not the article
    ),
    "001_9362c792c6158c6c.txt": (
        "Russia Says Still Waiting on Western Response to Security Demands",
        "Russialink",  # "RUSSIALINK:" prefix; the credit line names the original, Moscow Times
        datetime.date(2022, 1, 18),  # "(Moscow Times – – Jan. 18, 2022)"
        None,
    ),
    "002_7490f935fa1dc7f3.txt": (
        "Russia, U.S. Agree to Talk Security Demands Next Week",
        "The Moscow Times",  # from the URL's domain
        datetime.date(2022, 1, 21),  # "January 21, 2022"
        "https://www.themoscowtimes.com/2022/01/21/russia-us-agree-to-talk-security-demands-next-week-a76117",
    ),
    "003_3ed88d672027ed94.txt": (
        "Russia says no new talks on Ukraine until West responds to demands",  # after "News / Russia"
        "Press TV",  # footer "Press TV’s website can also be accessed..."
        None,
        None,  # "www.presstv.ir" is the site, not the article
    ),
    "004_45fc897b34b96d30.txt": (
        "Russia: No Talks Unless West Responds to Demands",
        None,  # "MOSCOW (Dispatches)" credits wire copy, not an outlet
        None,
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(SEED_METADATA))
def test_seed_metadata(name: str) -> None:
    document = read_document(SEEDS / name)
    title, outlet, published, url = SEED_METADATA[name]
    assert (document.title, document.outlet, document.published, document.url) == (title, outlet, published, url)
    assert document.author is None
    assert document.language is None


def test_every_seed_has_expectations() -> None:
    assert sorted(path.name for path in SEEDS.glob("*.txt")) == sorted(SEED_METADATA)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Plain Title\n\nBody text here.", "Plain Title"),
        ("\n\n  Spaced Title  \n\nBody.", "Spaced Title"),
        ("The Moscow Times\n\nHeadline After Masthead\n\nBody.", "Headline After Masthead"),
        ("World | Europe\n\nHeadline After Section\n\nBody.", "Headline After Section"),
        ("January 5, 2022\n\nHeadline After Date\n\nBody.", "Headline After Date"),
        ("“Quoted Headline” – Some Paper\n\nBody.", "Quoted Headline"),
        ("Headline – The Moscow Times\n\nBody.", "Headline"),
        ("Headline - Not A Known Paper\n\nBody.", "Headline - Not A Known Paper"),
        ("A Headline Wrapped\nOver Two Lines\n\nBody.", "A Headline Wrapped Over Two Lines"),
        ("Headline\nThe first paragraph begins on the next line and runs on and on for quite a while.", "Headline"),
        ("", None),
        ("Only One Line", None),
        ("Only One Line\n\n\n", None),
        ("x" * 300 + "\n\nbody", None),  # a paragraph, not a headline
        ("This is a body paragraph that was hard wrapped at seventy-two columns\nso it goes on", None),
        ("Russia is still awaiting the U.S. response, a diplomat said Tuesday as tensions mounted "
         "between Moscow and the West.\n\nMore.", None),
        ("123 456\n\n---\n\nhttps://example.com/a\n\n", None),
    ],
)
def test_guess_title(text: str, title: str | None) -> None:
    assert guess_title(text) == title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Intro line\n\n# The *Real* Title #\n\nBody", "The Real Title"),
        ("Setext Title\n============\n\nBody", "Setext Title"),
        ("---\ntitle: 'From Front Matter'\ndate: 2021-03-04\nauthor: Ann Lee\n---\n# Heading\n", "From Front Matter"),
        ("No heading here\n\nBody.", "No heading here"),
    ],
)
def test_markdown_title(text: str, title: str) -> None:
    assert guess_metadata(text, markdown=True).title == title


def test_markdown_front_matter_fields() -> None:
    text = (
        "---\ntitle: T\ndate: 2021-03-04\nauthor: Ann Lee\n"
        "url: https://example.com/t\npublisher: Example News\n---\nBody"
    )
    found = guess_metadata(text, markdown=True)
    assert (found.published, found.author, found.url, found.outlet) == (
        datetime.date(2021, 3, 4),
        "Ann Lee",
        "https://example.com/t",
        "Example News",
    )


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("January 21, 2022", datetime.date(2022, 1, 21)),
        ("Jan. 18, 2022", datetime.date(2022, 1, 18)),
        ("Sept 3 2021", datetime.date(2021, 9, 3)),
        ("2022-01-21", datetime.date(2022, 1, 21)),
        ("Updated 2022-01-21T10:45:00Z", datetime.date(2022, 1, 21)),
        ("21 January 2022", datetime.date(2022, 1, 21)),
        ("3rd of March, 2020", datetime.date(2020, 3, 3)),
        ("Published: Tuesday, January 18, 2022 - 10:45 GMT", datetime.date(2022, 1, 18)),
        ("(Moscow Times – – Jan. 18, 2022)", datetime.date(2022, 1, 18)),
        ("21.01.2022", datetime.date(2022, 1, 21)),
        ("February 30, 2022", None),
        ("2022-13-01", None),
        ("January 2022", None),
    ],
)
def test_dates_in_datelines(line: str, date: datetime.date | None) -> None:
    assert guess_date(f"Headline\n\n{line}\n\nBody.") == date


def test_date_inside_a_body_sentence_is_not_the_publication_date() -> None:
    text = "Headline\n\nOn January 5, 2022, the minister said that talks would resume after a long pause in the spring."
    assert guess_date(text) is None


def test_date_from_a_capitals_dateline_and_from_the_url() -> None:
    assert guess_date("Headline\nMOSCOW, Jan. 18, 2022 (Reuters) - Russia said a great many things today.") == (
        datetime.date(2022, 1, 18)
    )
    assert guess_date("Body only.", url="https://x.example/2020/02/29/story") == datetime.date(2020, 2, 29)


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Body.\n\nOriginal url:\n\nhttps://example.com/story-1\n", "https://example.com/story-1"),
        ("Body.\nOriginal URL: https://example.com/story-2.\n", "https://example.com/story-2"),
        ("https://example.com/first-line\n\nHeadline\n\nBody.", "https://example.com/first-line"),
        ("Headline\n\nBody https://example.com/in-body text.\n\nMore.\n\nMore.\n\nMore.\n\nMore.\n\nMore.", None),
        ("Head\n\nhttps://other.example/x\n\n" + "Para.\n\n" * 10 + "Original url: https://example.com/o",
         "https://example.com/o"),
        ("Head\n\nhttps://en.wikipedia.org/wiki/Foo_(bar))\n", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("Head\n\nwww.presstv.ir\n", None),
    ],
)
def test_guess_url(text: str, url: str | None) -> None:
    assert guess_url(text) == url


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("The Moscow Times\n\nHeadline", "The Moscow Times"),
        ("RUSSIA LINK: headline", "Russialink"),
        ("Headline\n\nBody.\n\n© 2022 Press TV", "Press TV"),
        ("Moscow Times reporter detained\n\nBody.", None),  # a headline that mentions an outlet
        ("Headline\n\n(Some Paper – Jan. 5, 2022)\n\nBody.", "Some Paper"),
        ("Headline\n\n(photo by AFP)\n\nBody.", None),
    ],
)
def test_guess_outlet(text: str, outlet: str | None) -> None:
    assert guess_outlet(text) == outlet


def test_outlet_from_known_domain() -> None:
    assert guess_outlet("Body.", url="https://www.presstv.ir/Detail/2022/01/18/1") == "Press TV"
    assert guess_outlet("Body.", url="https://notpresstv.ir/x") is None


def test_byline_gives_author() -> None:
    assert guess_metadata("Headline\n\nBy Jane van Doe, Reuters\n\nBody.").author == "Jane van Doe"
    assert guess_metadata("Headline\n\nBy the way, this is body text.\n\nBody.").author is None


def test_complete_keeps_what_the_format_knew() -> None:
    document = ParsedDocument(text="Other Title\n\nJanuary 1, 2020\n\nBody.", format="pdf", title="Known")
    completed = complete(document)
    assert completed.title == "Known"
    assert completed.published == datetime.date(2020, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "(" + "-" * 5000,
        "(a " + "- " * 3000,
        "a" * 10000,
        "By " + " " * 10000 + "x",
        "x - " * 2500,
        '"' + "x" * 5000 + '" - ' + "y - " * 1000,
        "# " + "a " * 5000,
        "---\n" + "a: b\n" * 50000,
        "Original url: https://" + "a" * 10000,
        "a / " * 3000,
        "A" * 10000 + ", ",
    ],
    ids=range(11),
)
def test_heuristics_stay_fast_on_pathological_lines(text: str) -> None:
    started = time.monotonic()
    for markdown in (False, True):
        guess_metadata(text, markdown=markdown)
        guess_metadata(text + "\n\nbody", markdown=markdown)
    assert time.monotonic() - started < 1
