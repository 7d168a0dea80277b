"""HTML import: readable text only, metadata from the page, broken markup, and no network."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from workbench.errors import ImportFailed
from workbench.ingest import read_document

ARTICLE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Talks Stall in Geneva - The Daily Planet</title>
<meta name="author" content="Lois Lane">
<meta property="og:site_name" content="The Daily Planet">
<meta property="og:url" content="https://dailyplanet.example/og-url">
<link rel="canonical" href="https://dailyplanet.example/2022/01/18/talks-stall">
<meta property="article:published_time" content="2022-01-18T10:00:00Z">
<link rel="stylesheet" href="https://cdn.example/remote.css">
<script src="https://cdn.example/tracker.js"></script>
<script>var secret = "SCRIPT_TEXT"; document.write("WRITTEN_TEXT");</script>
<style>body { font-family: STYLE_TEXT; }</style>
</head>
<body onload="alert('ONLOAD_HANDLER')">
<header><div class="logo">HEADER_TEXT</div></header>
<nav><a href="/">Home</a> <a href="/world">NAV_TEXT</a></nav>
<main><article>
<h1>Talks Stall in Geneva</h1>
<p>Diplomats from both sides met for six hours on Friday and agreed on very little, officials said afterwards.</p>
<p onclick="steal('CLICK_HANDLER')" onmouseover="x()">The second paragraph has a
<a href="javascript:void(STEAL_LINK)">link that runs code</a> &amp; an entity &eacute;t&eacute; &lt;kept&gt;.</p>
<iframe src="https://ads.example/frame.html">IFRAME_TEXT</iframe>
<img src="https://remote.example/photo.jpg" alt="remote image" onerror="alert('IMG_HANDLER')">
<p>A third paragraph closes the article with a quote: \u201cWe will meet again next week.\u201d</p>
<noscript>NOSCRIPT_TEXT</noscript>
</article></main>
<aside>ASIDE_TEXT related stories</aside>
<footer>FOOTER_TEXT Copyright 2022</footer>
<script>trackPageView("TAIL_SCRIPT");</script>
</body>
</html>
"""

FORBIDDEN = [
    "SCRIPT_TEXT", "WRITTEN_TEXT", "STYLE_TEXT", "HEADER_TEXT", "NAV_TEXT", "IFRAME_TEXT", "NOSCRIPT_TEXT",
    "ASIDE_TEXT", "FOOTER_TEXT", "TAIL_SCRIPT", "ONLOAD_HANDLER", "CLICK_HANDLER", "IMG_HANDLER", "STEAL_LINK",
    "javascript:", "onclick", "onerror", "onload", "alert(", "https://", "<a", "<p", "<img", "</",
]


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_article_text_without_scripts_furniture_or_handlers(tmp_path: Path, no_network: list[object]) -> None:
    document = read_document(write(tmp_path, "page.html", ARTICLE))

    assert document.format == "html"
    assert "Diplomats from both sides met for six hours" in document.text
    assert "link that runs code & an entity été <kept>." in document.text
    assert "\u201cWe will meet again next week.\u201d" in document.text
    for forbidden in FORBIDDEN:
        assert forbidden not in document.text, forbidden
    assert no_network == []


def test_paragraphs_are_separated_by_a_blank_line(tmp_path: Path) -> None:
    text = read_document(write(tmp_path, "page.html", ARTICLE)).text
    paragraphs = text.split("\n\n")
    assert any(p.startswith("Diplomats from both sides") for p in paragraphs)
    assert any(p.startswith("A third paragraph") for p in paragraphs)
    assert "\n\n\n" not in text
    assert text == text.strip()


def test_metadata_from_the_page(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "page.html", ARTICLE))
    assert document.title == "Talks Stall in Geneva"
    assert document.author == "Lois Lane"
    assert document.outlet == "The Daily Planet"
    assert document.published == datetime.date(2022, 1, 18)
    assert document.url == "https://dailyplanet.example/2022/01/18/talks-stall"  # canonical beats og:url
    assert document.language == "en-GB"


def test_og_url_and_known_outlet_by_domain(tmp_path: Path) -> None:
    page = (
        '<html><head><meta property="og:url" content="https://www.themoscowtimes.com/2022/01/21/a">'
        "<title>T</title></head><body><p>Some article text that is long enough to be kept.</p></body></html>"
    )
    document = read_document(write(tmp_path, "mt.htm", page))
    assert document.url == "https://www.themoscowtimes.com/2022/01/21/a"
    assert document.outlet == "The Moscow Times"
    assert document.published == datetime.date(2022, 1, 21)  # from the URL, as a last resort


def test_short_fragment_still_imports(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "frag.html", "<p>Short <b>fragment</b>.</p><script>x()</script>"))
    assert document.text == "Short fragment."


def test_fallback_drops_furniture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    document = read_document(write(tmp_path, "page.html", ARTICLE))
    assert document.text.startswith("Talks Stall in Geneva\n\nDiplomats from both sides")
    for forbidden in FORBIDDEN:
        assert forbidden not in document.text, forbidden
    assert document.title == "Talks Stall in Geneva - The Daily Planet"  # from <title>, unmodified


def test_fallback_when_trafilatura_crashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(trafilatura, "bare_extraction", crash)
    assert read_document(write(tmp_path, "p.html", "<p>One</p><div>Two<br>lines</div>")).text == "One\n\nTwo\nlines"


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><p>Unclosed paragraph <b>bold <i>italic<p>Second paragraph",
        "<html><head><title>Trunc</title></head><body><div><p>Text cut off in the midd",
        "</p></div>Stray closing tags then text<td>cell",
        "<p>Bad nesting <b><i>here</b></i> and more</p><<<>>>",
    ],
)
def test_broken_html_imports_its_text(tmp_path: Path, markup: str) -> None:
    text = read_document(write(tmp_path, "broken.html", markup)).text
    assert text
    assert "<" not in text.replace("<<<>>>", "")


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<script>only()</script><style>x{}</style>",
        "<!-- just a comment -->",
        "<html><body><p>   </p><img src='https://remote.example/x.png'></body></html>",
    ],
)
def test_page_without_readable_text_is_refused(tmp_path: Path, markup: str) -> None:
    with pytest.raises(ImportFailed, match=r"e\.html: HTML page has no readable text"):
        read_document(write(tmp_path, "e.html", markup))


def test_empty_and_binary_html_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="file is empty"):
        read_document(write(tmp_path, "e.html", b"  \n"))
    with pytest.raises(ImportFailed, match="binary"):
        read_document(write(tmp_path, "b.htm", bytes(range(256)) * 4))


def test_declared_legacy_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\u00e9 \u2013 na\u00efve</p></body></html>'
    assert read_document(write(tmp_path, "l.html", page.encode("cp1252"))).text == "Caf\u00e9 \u2013 na\u00efve"


def test_xhtml_with_xml_declaration_and_doctype(tmp_path: Path, no_network: list[object]) -> None:
    page = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr"><head><title>X</title></head>'
        "<body><p>Texte de l\u2019article.</p></body></html>"
    )
    document = read_document(write(tmp_path, "page.xhtml", page))
    assert document.text == "Texte de l\u2019article."
    assert document.language == "fr"
    assert no_network == []


def test_utf16_html(tmp_path: Path) -> None:
    words = "\u041f\u0440\u0438\u0432\u0435\u0442 world"
    page = f"<html><body><p>{words}</p></body></html>"
    assert read_document(write(tmp_path, "u.html", page.encode("utf-16"))).text == words


def test_lists_tables_and_preformatted_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    page = "<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table><pre>x  y\n  z</pre>"
    assert read_document(write(tmp_path, "t.html", page)).text == "one\n\ntwo\n\na\tb\n\nx  y\nz"


def test_text_after_a_huge_inline_image_is_kept(tmp_path: Path) -> None:
    image = "A" * (10 * 1024 * 1024 + 10)  # over libxml2's default 10 MB limit for one attribute
    page = f"<html><body><p>Before the image.</p><img src='data:image/png;base64,{image}'><p>After the image.</p>"
    assert read_document(write(tmp_path, "saved.html", page)).text == "Before the image.\n\nAfter the image."


def test_absurdly_deep_nesting_is_refused_not_truncated(tmp_path: Path) -> None:
    assert read_document(write(tmp_path, "ok.html", "<div>" * 500 + "deep text")).text == "deep text"
    with pytest.raises(ImportFailed, match=r"deep\.html: HTML page is nested too deeply"):
        read_document(write(tmp_path, "deep.html", "<div>" * 5000 + "deep text"))
