"""Fact-checks from schema.org ClaimReview JSON-LD, as fact-checkers publish it.

A file holds one ClaimReview object, a list of them, or an ``@graph`` (other node types are skipped).
claimReviewed is the claim; reviewRating.alternateName (else ratingValue/bestRating) the rating;
url, author.name (the organisation), datePublished, and name or headline (the title). An item without
claimReviewed, or with a bad url or date, is left out and named by the line it starts on.
"""

from __future__ import annotations

import json
from typing import Any

from workbench.factchecks.records import (
    FactCheckFileError,
    FactCheckRecord,
    ReadResult,
    RowError,
    RowProblem,
    make_record,
    text_of,
)

_DECODER = json.JSONDecoder()


def read_claimreview(data: bytes, name: str) -> ReadResult:
    """The records of a ClaimReview JSON-LD file; raises FactCheckFileError when it is not one."""
    text = text_of(data, name)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FactCheckFileError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    items = _items_with_lines(text, document)
    result = ReadResult()
    reviews = 0
    for line, item in items:
        if not isinstance(item, dict) or not _is_claim_review(item):
            continue
        reviews += 1
        try:
            result.records.append(_record(line, item))
        except RowProblem as exc:
            result.errors.append(RowError(line, str(exc)))
    if not reviews:
        raise FactCheckFileError(f"{name}: holds no schema.org ClaimReview object")
    return result


def _is_claim_review(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "ClaimReview" for k in kinds)


def _text(value: Any) -> Any:
    """A name out of what JSON-LD allows there: a string, an object with name, or a list of those."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return value


def _record(line: int, item: dict[str, Any]) -> FactCheckRecord:
    rating_node = item.get("reviewRating")
    if isinstance(rating_node, list):
        rating_node = rating_node[0] if rating_node else None
    rating = None
    if isinstance(rating_node, dict):
        rating = rating_node.get("alternateName") or rating_node.get("name")
        if not rating and rating_node.get("ratingValue") is not None:
            best = rating_node.get("bestRating")
            rating = f"{rating_node['ratingValue']}/{best}" if best is not None else str(rating_node["ratingValue"])
    elif isinstance(rating_node, str):
        rating = rating_node
    claim = item.get("claimReviewed")
    if claim is None:
        raise RowProblem("the ClaimReview has no claimReviewed")
    return make_record(line, _text(claim), rating=_text(rating), url=_text(item.get("url")),
                       organization=_text(item.get("author")), date=_text(item.get("datePublished")),
                       title=_text(item.get("name") or item.get("headline")))


def _items_with_lines(text: str, document: Any) -> list[tuple[int, Any]]:
    """The candidate items of the document, each with the line its object starts on."""
    if isinstance(document, list):
        return _array_items(text, _skip(text, 0))
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        start = _member_value(text, _skip(text, 0), "@graph")
        return _array_items(text, start) if start is not None else [(1, i) for i in document["@graph"]]
    return [(_line(text, _skip(text, 0)), document)]


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _array_items(text: str, at: int) -> list[tuple[int, Any]]:
    """Items of the JSON array starting at text[at] ('['), with their lines."""
    found: list[tuple[int, Any]] = []
    at = _skip(text, at + 1)
    while at < len(text) and text[at] != "]":
        value, end = _DECODER.raw_decode(text, at)
        found.append((_line(text, at), value))
        at = _skip(text, end)
        if at < len(text) and text[at] == ",":
            at = _skip(text, at + 1)
    return found


def _member_value(text: str, at: int, key: str) -> int | None:
    """Where the value of a top-level object member starts (the object starts at text[at], '{')."""
    at = _skip(text, at + 1)
    while at < len(text) and text[at] != "}":
        name, end = _DECODER.raw_decode(text, at)
        at = _skip(text, end)
        at = _skip(text, at + 1)  # the colon
        if name == key:
            return at
        _, end = _DECODER.raw_decode(text, at)
        at = _skip(text, end)
        if at < len(text) and text[at] == ",":
            at = _skip(text, at + 1)
    return None
