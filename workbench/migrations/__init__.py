"""Alembic migrations of the library schema; revision ids are read here without importing Alembic."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

VERSIONS = Path(__file__).with_name("versions")
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


@lru_cache(maxsize=1)
def revisions() -> tuple[frozenset[str], str]:
    """Every revision this version of the app knows, and the newest one (the head)."""
    known: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev = _REVISION.search(source)
        if rev:
            known.add(rev.group(1))
            down = _DOWN.search(source)
            if down and down.group(1):
                parents.add(down.group(1))
    heads = known - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations must form one line, found heads {sorted(heads)}")
    return frozenset(known), heads.pop()
