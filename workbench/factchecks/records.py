"""What a fact-check reader gives: records, row errors, and the checks every format shares."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from workbench.errors import WorkbenchError

MAX_CLAIM = 10_000
MAX_SHORT = 500  # rating, organization
MAX_URL = 2000
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%d.%m.%Y")


class FactCheckFileError(WorkbenchError):
    """A fact-check file cannot be read at all (unreadable, wrong encoding, malformed, missing columns)."""


class RowProblem(ValueError):
    """One row is unusable; the message says why (the reader adds where)."""


@dataclass(frozen=True)
class FactCheckRecord:
    """One claim checked before, as a file gives it."""

    claim: str
    rating: str | None = None
    url: str | None = None
    organization: str | None = None
    date: dt.date | None = None
    title: str | None = None
    line: int = 0  # where it starts in its file (1-based)


@dataclass(frozen=True)
class RowError:
    """A row left out: where it is (line, 1-based) and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ReadResult:
    """The records of one file and the rows it left out."""

    records: list[FactCheckRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


Reader = Callable[[bytes, str], ReadResult]


def text_of(data: bytes, name: str) -> str:
    """A file's bytes as UTF-8 text (a BOM is dropped); raises FactCheckFileError otherwise."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FactCheckFileError(f"{name}: not UTF-8 text (byte {exc.start} cannot be decoded)") from exc
    if "\x00" in text:
        raise FactCheckFileError(f"{name}: a binary file, not a fact-check file")
    return text


def clean(value: object, what: str, limit: int) -> str | None:
    """A text field: white space collapsed, empty as None; too long is a RowProblem."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    value = " ".join(value.split())
    if not value:
        return None
    if len(value) > limit:
        raise RowProblem(f"the {what} is longer than {limit} characters")
    return value


def parse_url(value: object) -> str | None:
    url = clean(value, "url", MAX_URL)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RowProblem(f"the url {url!r} is not an http(s) address")
    return url


def parse_date(value: object) -> dt.date | None:
    """A date as fact-checkers write it: ISO (date or date-time), or a written-out day, month and year."""
    text = clean(value, "date", 100)
    if text is None:
        return None
    iso = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ].*)?$", text)
    if iso:
        try:
            return dt.date.fromisoformat(iso.group(1))
        except ValueError:
            pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowProblem(f"the date {text!r} is not a date (write it as YYYY-MM-DD)")


def make_record(line: int, claim: object, rating: object = None, url: object = None, organization: object = None,
                date: object = None, title: object = None) -> FactCheckRecord:
    """A checked record; raises RowProblem for a missing claim or a bad field."""
    text = clean(claim, "claim", MAX_CLAIM)
    if text is None:
        raise RowProblem("the claim is empty")
    return FactCheckRecord(
        claim=text, rating=clean(rating, "rating", MAX_SHORT), url=parse_url(url),
        organization=clean(organization, "organization", MAX_SHORT), date=parse_date(date),
        title=clean(title, "title", MAX_CLAIM), line=line,
    )
