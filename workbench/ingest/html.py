"""HTML pages: the article's readable text (trafilatura, else plain lxml) and the page's metadata.

Nothing is ever fetched: the page is parsed from memory, scripts, frames and embedded objects are
removed before extraction, and links and images are not followed.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import ImportFailed
from workbench.ingest.document import ParsedDocument
from workbench.ingest.encoding import decode_text, normalize_newlines
from workbench.ingest.metadata import known_outlet_name, parse_date

if TYPE_CHECKING:
    from lxml.html import HtmlElement

NO_TEXT = "HTML page has no readable text"
_SILENT = logging.NullHandler()

# Never article text, whatever the extractor thinks; removed before trafilatura sees the page.
_ACTIVE = ("script", "style", "iframe", "frame", "frameset", "noscript", "template", "object", "embed",
           "applet", "svg", "math", "canvas", "audio", "video", "portal")
# Page furniture, also removed by the plain fallback extraction.
_FURNITURE = ("nav", "header", "footer", "aside", "form", "button", "select", "dialog", "head")
_HTML_BLOCKS = frozenset({
    "address", "article", "blockquote", "caption", "center", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main",
    "ol", "p", "pre", "section", "summary", "table", "tr", "ul",
})
_HTML_CELLS = frozenset({"td", "th"})
# trafilatura's XML vocabulary (its documented XML/TEI output).
_XML_BLOCKS = frozenset({"head", "p", "quote", "list", "item", "table", "row", "code", "div", "note"})
_XML_CELLS = frozenset({"cell"})
_BREAKS = frozenset({"br", "lb"})
_SPACES = re.compile(r"[ \t\n\r\f]+")
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)


def parse_html(data: bytes, path: Path) -> ParsedDocument:
    """Return the readable text of an HTML page, paragraphs separated by blank lines, and its metadata."""
    markup = normalize_newlines(decode_text(data, path, declared=_declared_charset(data)))
    markup = _XML_DECLARATION.sub("", markup)  # lxml refuses str input with an encoding declaration
    page = _parse(markup, path)
    metadata = _page_metadata(page)
    _drop(page, _ACTIVE, keep_json_ld=True)
    extracted = _extract_with_trafilatura(page)
    text = extracted.pop("text", None) or _plain_text(_parse(markup, path))
    if not text:
        raise ImportFailed(path, NO_TEXT)
    for key, value in extracted.items():  # trafilatura is better at titles, authors and dates
        if value and not (key == "url" and metadata["url"]):  # but prefers og:url to the canonical link
            metadata[key] = value
    return ParsedDocument(text=text, format="html", **metadata)


def _declared_charset(data: bytes) -> str | None:
    """Return the charset a page declares in a <meta> tag near its start, if any."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii", "replace") if found else None


def _parse(markup: str, path: Path) -> HtmlElement:
    """Return the page parsed by lxml (which repairs broken markup), refusing what it cannot read whole."""
    from lxml import etree, html

    # huge_tree: without it, text after a 10 MB attribute (an inline image) would be lost silently.
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
    try:
        page = html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ImportFailed(path, f"{NO_TEXT} ({' '.join(str(exc).split())})") from None
    for error in parser.error_log:
        if error.level_name == "FATAL":  # the parser gave up part way; the text would be incomplete
            problem = "nested too deeply" if "depth" in error.message else "beyond what the parser can read"
            raise ImportFailed(path, f"HTML page is {problem} (line {error.line})")
    return page


def _drop(page: HtmlElement, tags: Iterable[str], *, keep_json_ld: bool = False) -> None:
    """Remove elements with the given tags, with their content, from the page."""
    for element in list(page.iter(*tags)):
        if keep_json_ld and element.tag == "script" and element.get("type", "").strip() == "application/ld+json":
            continue  # metadata for trafilatura, never shown as text
        if element.getparent() is not None:
            element.drop_tree()


def _extract_with_trafilatura(page: HtmlElement) -> dict[str, Any]:
    """Return trafilatura's text (blocks separated by blank lines) and metadata; {} if it finds none."""
    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan"):  # their warnings are not the user's business
        logging.getLogger(name).addHandler(_SILENT)  # the same handler each time: added once
    try:
        result: Any = trafilatura.bare_extraction(
            page,
            favor_recall=True,
            include_comments=False,
            include_formatting=True,  # else inline tags become line breaks: "Short\nfragment\n."
            include_links=False,
            include_images=False,
            with_metadata=True,
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,  # dates from metadata, not any date in the text
                "max_date": datetime.date.today().isoformat(),
            },
        )
    except Exception:  # trafilatura fails in many ways on odd pages; the plain fallback copes
        return {}
    if result is None or result.body is None:
        return {}
    sitename = result.sitename
    if sitename and re.sub(r"[^a-z0-9]", "", sitename.lower()) in re.sub(r"[^a-z0-9]", "", result.hostname or ""):
        sitename = None  # made up from the host name; a known outlet's proper name is better
    return {
        "text": _render(result.body, _XML_BLOCKS, _XML_CELLS),
        "title": result.title,
        "author": result.author,
        "published": _iso_date(result.date),
        "outlet": sitename,
        "url": _absolute_url(result.url),
    }


def _plain_text(page: HtmlElement) -> str:
    """Return the text of the page's body without furniture, for fragments trafilatura rejects."""
    _drop(page, _ACTIVE + _FURNITURE)
    return _render(page, _HTML_BLOCKS, _HTML_CELLS)


def _render(root: Any, blocks: frozenset[str], cells: frozenset[str]) -> str:
    """Return an element's text with blocks as paragraphs separated by a blank line."""
    from lxml import etree

    paragraphs: list[list[str]] = [[]]
    preformatted = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in blocks:
                paragraphs.append([])
            elif tag in cells:
                paragraphs[-1].append("\t")
            elif tag in _BREAKS:
                paragraphs[-1].append("\n")
            preformatted += tag == "pre"
            if element.text and tag:
                paragraphs[-1].append(_spaced(element.text, preformatted))
        else:
            preformatted -= tag == "pre"
            if tag in blocks:
                paragraphs.append([])
            if element.tail and element is not root:
                paragraphs[-1].append(_spaced(element.tail, preformatted))
    result = []
    for parts in paragraphs:
        lines = (line.strip() for line in "".join(parts).split("\n"))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            result.append(paragraph)
    return normalize_newlines("\n\n".join(result))  # "&#13;" is a CR too


def _spaced(text: str, preformatted: int) -> str:
    """Return text with HTML white space folded, unless inside <pre>."""
    return text if preformatted else _SPACES.sub(" ", text)


def _page_metadata(page: HtmlElement) -> dict[str, Any]:
    """Return title, outlet, date, URL, author and language from the page's <head> and <html>."""
    metas: dict[str, str] = {}
    for element in page.iter("meta"):
        content = " ".join((element.get("content") or "").split())
        for attribute in ("name", "property", "itemprop", "http-equiv"):
            key = (element.get(attribute) or "").strip().lower()
            if key and content:
                metas.setdefault(key, content)

    def meta(*names: str) -> str | None:
        return next((metas[name] for name in names if name in metas), None)

    canonical = page.xpath("//link[@href][contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href")
    titles = page.xpath("//title")
    outlet = meta("og:site_name", "application-name")
    published = None
    for value in [meta("article:published_time", "datepublished", "date", "dc.date", "dcterms.created"),
                  *page.xpath("//time/@datetime")]:
        if published := _iso_date(value) or parse_date(value or ""):
            break
    language = page.get("lang") or page.get("xml:lang") or meta("content-language")
    return {
        "title": meta("og:title") or (" ".join(titles[0].text_content().split()) if titles else None) or None,
        "outlet": (known_outlet_name(outlet) or outlet) if outlet else None,
        "published": published,
        "url": _absolute_url(canonical[0] if canonical else None) or _absolute_url(meta("og:url")),
        "author": meta("author", "article:author", "dc.creator"),
        "language": (language.strip() or None) if language else None,
    }


def _iso_date(value: str | None) -> datetime.date | None:
    """Return the date at the start of an ISO 8601 string ('2022-01-18T10:00Z'), else None."""
    try:
        return datetime.date.fromisoformat(value.strip()[:10]) if value else None
    except ValueError:
        return None


def _absolute_url(value: str | None) -> str | None:
    """Return value if it is an absolute http(s) URL, else None."""
    value = (value or "").strip()
    return value if re.match(r"https?://[^\s/]+", value, re.I) and not re.search(r"\s", value) else None
