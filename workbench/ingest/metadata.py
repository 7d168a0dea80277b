"""Metadata heuristics for text without structure: title, outlet, date, URL and author.

Every guess looks only where such things are written in the seed articles (the first and
last few lines, labelled lines, the article's own URL) and gives None when unsure.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from workbench.ingest.document import ParsedDocument


@dataclass(frozen=True)
class KnownOutlet:
    """An outlet recognised by how its name appears in mastheads and credits, or by its web site."""

    name: str
    pattern: re.Pattern[str]  # the name as written, matched at the start of a line
    domains: tuple[str, ...] = ()


KNOWN_OUTLETS: tuple[KnownOutlet, ...] = (
    # "M Moscow Times" is the masthead with its logo letter, as copied from the PDF edition.
    KnownOutlet(
        "The Moscow Times",
        re.compile(r"(?:M\s+)?(?:The\s+)?Moscow\s+Times\b", re.I),
        ("themoscowtimes.com",),
    ),
    KnownOutlet("Press TV", re.compile(r"Press\s?TV\b", re.I), ("presstv.ir", "presstv.com", "presstv.co.uk")),
    KnownOutlet("Russialink", re.compile(r"Russia\s?Link\b", re.I)),
)


@dataclass(frozen=True)
class TextMetadata:
    """What the heuristics found in a text; each field None when unsure."""

    title: str | None = None
    outlet: str | None = None
    published: datetime.date | None = None
    url: str | None = None
    author: str | None = None


_HEAD_CHARS, _HEAD_LINES = 10_000, 8  # where mastheads, titles, datelines and bylines are
_FOOT_CHARS, _FOOT_LINES = 4_000, 5  # where signatures and "Original url:" lines are
_TITLE_MAX, _TITLE_LINE_MAX, _TITLE_LINES = 200, 60, 3
_LINE_MAX = 500  # longer lines are body text; also keeps the patterns below from going quadratic

_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATES = (
    re.compile(rf"\b{_MONTH}\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),  # also "2022-01-21T10:00"
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"),
)
_URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>\d{1,2})/(?P<day>\d{1,2})/")
_CREDIT = re.compile(r"\((?P<outlet>[^()]*?[^\s()–—-])\s*[–—-][\s–—-]*(?P<date>[^()]*\d{4})\)")
_CAPS_DATELINE = re.compile(r"[A-Z][A-Z .'’-]+,\s")  # "MOSCOW, Jan. 18, 2022 (Reuters) -"
_URL = re.compile(r"https?://[^\s<>\"'“”‘’]+", re.I)
_URL_LABEL = re.compile(
    r"^[ \t]*(?:original(?:ly)?[ \t]+(?:url|link|article|source|published[ \t]+(?:at|on|in))"
    r"|source[ \t]+(?:url|link)|url|link|permalink)[ \t]*:?[ \t]*(?P<rest>.*)$",
    re.I | re.M,
)
_URL_ON_NEXT_LINE = re.compile(r"\s*(" + _URL.pattern + ")", re.I)
_SENTENCE_END = tuple(".!?:;,")
_BREADCRUMB = re.compile(r"[\w’'&.-]+(?:\s[\w’'&.-]+){0,2}(?:\s*[/|>»›]\s*[\w’'&.-]+(?:\s[\w’'&.-]+){0,2})+")
_BYLINE = re.compile(r"(?:By|BY|Written by|Author:)\s+(?P<name>[^,|–—(:]+?)\s*(?:[,|–—(].*)?")
_NAME_PARTICLES = frozenset({"de", "del", "der", "van", "von", "al", "bin", "da", "la", "le", "and"})
_QUOTED_TITLE = re.compile(r"[“\"](?P<title>[^“”\"]+)[”\"](?:\s*[–—|-]+\s*[^“”\"]*)?")
_TITLE_SUFFIX = re.compile(r"(?P<title>.+?)\s+[|–—-]+\s+(?P<site>[^|–—]+)")
_ATX_HEADING = re.compile(r"^ {0,3}(?P<level>#{1,2})[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*$", re.M)
_SETEXT_HEADING = re.compile(r"^(?P<title>[^\n]*\S)[ \t]*\n=+[ \t]*$", re.M)
_FRONT_MATTER_URL_KEYS = ("url", "link", "canonical", "source_url")
_FRONT_MATTER_OUTLET_KEYS = ("outlet", "publisher", "source", "site")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def complete(doc: ParsedDocument) -> ParsedDocument:
    """Return doc with its missing title, outlet, date, URL and author guessed from its text."""
    if None not in (doc.title, doc.outlet, doc.published, doc.url, doc.author):
        return doc
    guess = guess_metadata(doc.text, markdown=doc.format == "markdown", url=doc.url)
    return replace(
        doc,
        title=doc.title or guess.title,
        outlet=doc.outlet or guess.outlet,
        published=doc.published or guess.published,
        url=doc.url or guess.url,
        author=doc.author or guess.author,
    )


def guess_metadata(text: str, *, markdown: bool = False, url: str | None = None) -> TextMetadata:
    """Return the metadata the heuristics can find in an article's text (url: one already known)."""
    front = _front_matter(text) if markdown else {}
    if front:
        text = _FRONT_MATTER.sub("", text, count=1)
    url = url or _first_url(*(front.get(key) for key in _FRONT_MATTER_URL_KEYS)) or guess_url(text)
    title = front.get("title") or (_markdown_title(text) if markdown else None) or guess_title(text)
    published = parse_date(front.get("date") or front.get("published") or "") or guess_date(text, url=url)
    outlet = next(filter(None, map(front.get, _FRONT_MATTER_OUTLET_KEYS)), None) or guess_outlet(text, url=url)
    author = front.get("author") or guess_author(text)
    return TextMetadata(title=title or None, outlet=outlet or None, published=published, url=url, author=author)


def guess_title(text: str) -> str | None:
    """Return the headline: the first line that is not a masthead, section, date or URL line."""
    lines = text[:_HEAD_CHARS].split("\n")
    after_masthead = False
    looked_at = 0
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        looked_at += 1
        if looked_at > _HEAD_LINES or len(line) > _LINE_MAX:
            return None
        if _is_masthead(line):
            after_masthead = True
            continue
        if (after_masthead and _is_tagline(line)) or _is_furniture(line):
            continue
        parts, end = [line], index + 1
        while len(parts) < _TITLE_LINES and end < len(lines) and _continues_title(parts[-1], lines[end]):
            parts.append(lines[end].strip())
            end += 1
        if end < len(lines) and lines[end][:1].islower():
            return None  # the line is the start of a hard-wrapped paragraph, not a headline
        if not "".join(lines[end:]).strip() and len(text) < _HEAD_CHARS:
            return None  # a headline heads something; a text of one line is all body
        title = _clean_title(" ".join(parts))
        return title if _plausible_title(title) else None
    return None


def guess_outlet(text: str, *, url: str | None = None) -> str | None:
    """Return the outlet named by a masthead, an 'Outlet:' prefix, a signature, the URL or a credit."""
    head, foot = _head_and_foot(text)
    for line in head:
        for outlet in KNOWN_OUTLETS:
            found = outlet.pattern.match(line)
            if found and (_is_masthead(line) or line[found.end() :].startswith(":")):
                return outlet.name
    for line in foot:
        line = re.sub(r"^(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?", "", line, flags=re.I)
        for outlet in KNOWN_OUTLETS:
            if len(line) <= 100 and outlet.pattern.match(line):
                return outlet.name
    if url:
        host = (urlsplit(url).hostname or "").lower()
        for outlet in KNOWN_OUTLETS:
            if any(host == domain or host.endswith("." + domain) for domain in outlet.domains):
                return outlet.name
    for line in head:
        credit = _credit(line)
        if credit and parse_date(credit["date"]):
            return known_outlet_name(credit["outlet"]) or credit["outlet"]
    return None


def guess_date(text: str, *, url: str | None = None) -> datetime.date | None:
    """Return the date of a dateline or credit line near the top or bottom, or from the URL."""
    head, foot = _head_and_foot(text)
    for line in head + foot:
        found = _find_date(line[:_LINE_MAX])
        if found is None:
            continue
        date, match = found
        rest = line[: match.start()] + line[match.end() :]
        if len(re.findall(r"[^\W\d_]+", rest)) <= 5 or _credit(line) or _CAPS_DATELINE.match(line[: match.start()]):
            return date
    if url and (in_url := _URL_DATE.search(url)):
        return _make_date(in_url["year"], in_url["month"], in_url["day"])
    return None


def guess_url(text: str) -> str | None:
    """Return the article's URL: after an 'Original url:' label, else a link alone on a top or bottom line."""
    for label in _URL_LABEL.finditer(text):
        rest = label["rest"].strip()
        found = _URL.match(rest) if rest else _URL_ON_NEXT_LINE.match(text, label.end())
        if found:
            return _trim_url(found.group(found.lastindex or 0))
    head, foot = _head_and_foot(text)
    for line in head[:5] + foot[-3:]:
        if _URL.fullmatch(line):
            return _trim_url(line)
    return None


def guess_author(text: str) -> str | None:
    """Return the name in a byline ('By Jane Doe') among the top lines, else None."""
    return next(filter(None, map(_byline_author, _head_and_foot(text)[0])), None)


def parse_date(text: str) -> datetime.date | None:
    """Return the first date written in text ('January 21, 2022', 'Jan. 18, 2022', '2022-01-21', ...)."""
    found = _find_date(text)
    return found[0] if found else None


def known_outlet_name(name: str) -> str | None:
    """Return the canonical name of a known outlet written as `name` ('Moscow Times'), else None."""
    name = name.strip()
    for outlet in KNOWN_OUTLETS:
        if outlet.pattern.fullmatch(name) or outlet.name.lower() == name.lower():
            return outlet.name
    return None


def _credit(line: str) -> re.Match[str] | None:
    """Return the match of a credit line such as '(Moscow Times – – Jan. 18, 2022)', else None."""
    return _CREDIT.fullmatch(line) if len(line) <= _LINE_MAX else None


def _find_date(text: str) -> tuple[datetime.date, re.Match[str]] | None:
    """Return the earliest valid date in text and its match."""
    best: tuple[datetime.date, re.Match[str]] | None = None
    for pattern in _DATES:
        for match in pattern.finditer(text):
            date = _make_date(match["year"], match["month"], match["day"])
            if date is not None:
                if best is None or match.start() < best[1].start():
                    best = (date, match)
                break
    return best


def _make_date(year: str, month: str, day: str) -> datetime.date | None:
    """Return a date from parts (month as number or English name) if it is a real date."""
    number = int(month) if month.isdigit() else _month_number(month)
    try:
        date = datetime.date(int(year), number, int(day))
    except ValueError:
        return None
    return date if 1900 <= date.year <= 2100 else None


def _month_number(name: str) -> int:
    """Return 1-12 for an English month name or abbreviation."""
    return ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec").index(
        name[:3].lower()
    ) + 1


def _head_and_foot(text: str) -> tuple[list[str], list[str]]:
    """Return the first and the last few non-blank lines (stripped); the first line is never foot."""
    lines = _nonblank(text[:_HEAD_CHARS])
    # The first line of the last few thousand characters may be cut off.
    tail = _nonblank(text[-_FOOT_CHARS:])[1:] if len(text) > _HEAD_CHARS else lines[1:]
    return lines[:_HEAD_LINES], tail[-_FOOT_LINES:]


def _nonblank(text: str) -> list[str]:
    """Return the stripped non-blank lines of text."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _is_masthead(line: str) -> bool:
    """Return whether a line is only an outlet's name ('M Moscow Times')."""
    return any(outlet.pattern.fullmatch(line.rstrip(" .:|")) for outlet in KNOWN_OUTLETS)


def _is_tagline(line: str) -> bool:
    """Return whether a line is an all-capitals slogan such as '30 YEARS INDEPENDENT NEWS FROM RUSSIA'."""
    return line.upper() == line and any(char.isalpha() for char in line)


def _is_furniture(line: str) -> bool:
    """Return whether a top line is not a headline: section path, date, URL, label, byline, caption."""
    return bool(
        _BREADCRUMB.fullmatch(line)
        or (len(line) <= 40 and _find_date(line))
        or _URL.fullmatch(line)
        or _URL_LABEL.fullmatch(line)
        or _byline_author(line)
        or (line.startswith("(") and line.endswith(")"))  # a caption or credit
        or not any(char.isalpha() for char in line)
    )


def _continues_title(previous: str, raw: str) -> bool:
    """Return whether raw (the next line as is) continues a headline wrapped over short lines."""
    line = raw.strip()
    return bool(
        line
        and not raw[:1].isspace()
        and len(previous) <= _TITLE_LINE_MAX
        and len(line) <= _TITLE_LINE_MAX
        and not previous.endswith(_SENTENCE_END)
        and not line.endswith(".")  # a sentence, not the end of a headline
        and not _is_masthead(line)
        and not _is_furniture(line)
    )


def _clean_title(title: str) -> str:
    """Return a headline without an 'OUTLET:' prefix, quotes around it or a ' – Outlet' suffix."""
    for outlet in KNOWN_OUTLETS:
        found = outlet.pattern.match(title)
        if found and title[found.end() :].startswith(":"):
            title = title[found.end() + 1 :].strip()
    if quoted := _QUOTED_TITLE.fullmatch(title):
        title = quoted["title"].strip()
    if (suffixed := _TITLE_SUFFIX.fullmatch(title)) and known_outlet_name(suffixed["site"]):
        title = suffixed["title"]
    return title


def _plausible_title(title: str) -> bool:
    """Return whether a candidate reads like a headline rather than a sentence of the body."""
    words = title.split()
    return (
        3 <= len(title) <= _TITLE_MAX
        and not title.endswith((",", ";"))
        and not (title.endswith(".") and len(words) > 15)
    )


def _byline_author(line: str) -> str | None:
    """Return the name in a byline such as 'By Jane Doe, Reuters', else None."""
    byline = _BYLINE.fullmatch(line) if len(line) <= _LINE_MAX else None
    if byline is None:
        return None
    words = byline["name"].split()
    if not 2 <= len(words) <= 6:
        return None
    if not all(word[:1].isupper() or word.lower() in _NAME_PARTICLES for word in words):
        return None
    return " ".join(words)


def _markdown_title(text: str) -> str | None:
    """Return the first level 1 or 2 Markdown heading near the top, ATX ('# T') or setext ('T\\n===')."""
    head = text[:_HEAD_CHARS]
    candidates = [m for m in (_ATX_HEADING.search(head), _SETEXT_HEADING.search(head)) if m]
    if not candidates:
        return None
    first = min(candidates, key=lambda match: match.start())
    title = re.sub(r"[*_`]+", "", first["title"]).strip()
    return title or None


def _front_matter(text: str) -> dict[str, str]:
    """Return the simple 'key: value' fields of a Markdown file's YAML front matter (keys lower case)."""
    block = _FRONT_MATTER.match(text)
    if block is None:
        return {}
    fields: dict[str, str] = {}
    for line in block["body"].split("\n"):
        key, colon, value = line.partition(":")
        value = value.strip().strip("'\"").strip()
        if colon and value and key.strip() and not line[:1].isspace():
            fields.setdefault(key.strip().lower(), value)
    return fields


def _first_url(*candidates: str | None) -> str | None:
    """Return the first candidate that is an http(s) URL."""
    for candidate in candidates:
        if candidate and _URL.fullmatch(candidate.strip()):
            return _trim_url(candidate.strip())
    return None


def _trim_url(url: str) -> str:
    """Return url without punctuation that ends the sentence around it."""
    url = url.rstrip(".,;:!?")
    while url.endswith((")", "]")) and url.count("(") + url.count("[") < url.count(")") + url.count("]"):
        url = url[:-1]
    return url


MASTHEAD_MAX = 100


def masthead_line(text: str) -> str | None:
    """The short line an article opens with (its masthead, or its headline when it has none): the key under
    which an outlet a reviewer named is remembered for later imports; None when the text opens with body text."""
    for raw in text[:_HEAD_CHARS].split("\n"):
        line = " ".join(raw.split())
        if line:
            return line if len(line) <= MASTHEAD_MAX else None
    return None
