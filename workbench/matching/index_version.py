"""The search index as derived data: the version of the code that builds it, and its rebuild.

Bump INDEX_VERSION whenever the index tables themselves change; a change of the passage cut or of the terms
bumps ``passages.ANALYZER``. Both, and the stemmer's own version, are part of the version string. Passages of
an older analyzer are also rebuilt by themselves the next time matching runs (``index.refresh_passages``),
which then records the running version.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

from sqlalchemy import select

from workbench.db import Database
from workbench.derived import CancelledFn, DerivedKind, ProgressFn, register
from workbench.matching import tokens
from workbench.matching.index import index_article
from workbench.matching.passages import ANALYZER
from workbench.model import Article

INDEX_VERSION = 2  # 2: passages (article_passages) instead of the term index
BATCH = 100


def _package(name: str) -> str:
    try:
        return f"{name} {version(name)}"
    except PackageNotFoundError:
        return f"{name} (version unknown)"


@cache  # read from package metadata once per process, not for every imported file
def search_index_version() -> str:
    """What the running code writes into the index: 'index 2, clauses-3; english snowball, PyStemmer 2.2.0.3'."""
    stemmer = type(tokens._stemmer).__module__.split(".")[0]  # 'Stemmer' (the C stemmer) or 'snowballstemmer'
    package = "PyStemmer" if stemmer == "Stemmer" else "snowballstemmer"
    return f"index {INDEX_VERSION}, {ANALYZER}; english snowball, {_package(package)}"


def rebuild_search_index(db: Database, progress: ProgressFn | None, cancelled: CancelledFn | None) -> int:
    """Index every article again, BATCH articles per transaction; returns how many were indexed."""
    with db.read() as session:
        ids = list(session.scalars(select(Article.id).order_by(Article.id)))
    done = 0
    for at in range(0, len(ids), BATCH):
        if cancelled is not None and cancelled():
            break
        chunk = ids[at : at + BATCH]
        with db.write() as session:
            for article in session.scalars(select(Article).where(Article.id.in_(chunk)).order_by(Article.id)):
                index_article(session, article)
                done += 1
        if progress is not None:
            progress(done, len(ids), "indexing articles")
    return done


SEARCH_INDEX = register(DerivedKind(
    name="search_index", label="search index", version=search_index_version, rebuild=rebuild_search_index,
))
