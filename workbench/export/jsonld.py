"""Writing a JSON-LD document whose list of items is streamed rather than built in memory."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import IO, Any

ITEMS = "\u0000items\u0000"
"""Put this string where the items go in the document passed to write_document."""


def iso_datetime(value: dt.datetime) -> str:
    """A stored (naive UTC) time as an xsd:dateTime with its zone: 2022-01-18T09:30:00Z."""
    return value.replace(microsecond=0).isoformat() + "Z"


def write_document(handle: IO[str], document: dict[str, Any], items: Iterator[dict[str, Any]],
                   tick: Callable[[], None]) -> int:
    """Write document with ITEMS replaced by the items, one per line; returns how many."""
    head, tail = json.dumps(document, ensure_ascii=False, indent=2).split(json.dumps(ITEMS))
    handle.write(head + "[")
    count = 0
    for item in items:
        handle.write(",\n" if count else "\n")
        handle.write(json.dumps(item, ensure_ascii=False))
        count += 1
        tick()
    handle.write("\n]" + tail + "\n")
    return count
