"""The stored passage index: each article's passages and terms (one row per article), written on import.

Indexing an article costs one row (its passages' spans and terms), so imports stay cheap; the
inverted index itself is built in memory by ``workbench.matching.collection`` when matching needs it.
Rows made by an older ``ANALYZER``, or from an older text, are rebuilt by ``refresh_passages``.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from workbench.db import Database
from workbench.matching.passages import ANALYZER, Passage, passages_of
from workbench.model import Article, ArticlePassages

if TYPE_CHECKING:
    import numpy as np

BATCH = 200


def encode_spans(spans: list[tuple[int, int]]) -> bytes:
    """Passage spans as int32 little-endian (start, end) pairs."""
    values = array("i", [v for span in spans for v in span])
    if sys.byteorder == "big":  # pragma: no cover
        values.byteswap()
    return values.tobytes()


def decode_spans(blob: bytes) -> np.ndarray:
    """Passage spans (n x 2 int32) from their stored form; ValueError when the blob is not whole pairs."""
    import numpy as np

    if len(blob) % 8:
        raise ValueError(f"{len(blob)} bytes are not whole (start, end) pairs")
    return np.frombuffer(blob, dtype="<i4").reshape(-1, 2).astype(np.int32)


def spans_hash(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def passage_row(article_id: int, text: str, content_hash: str) -> dict[str, object]:
    """The article_passages values of an article's text."""
    passages: list[Passage] = passages_of(text)
    blob = encode_spans([(p.start, p.end) for p in passages])
    return {
        "article_id": article_id, "analyzer": ANALYZER, "content_hash": content_hash,
        "spans_hash": spans_hash(blob), "spans": blob, "terms": "\n".join(" ".join(p.terms) for p in passages),
    }


def index_article(session: Session, article: Article, *, new: bool = False) -> None:
    """(Re)write the passages of one article inside the caller's transaction.

    new=True: the article was just added, so it has no row to delete yet.
    """
    session.flush()
    connection = session.connection()
    if not new:
        connection.execute(delete(ArticlePassages).where(ArticlePassages.article_id == article.id))
    connection.execute(insert(ArticlePassages).values(**passage_row(article.id, article.text, article.content_hash)))


def stale_articles(session: Session, limit: int | None = None) -> list[int]:
    """Articles without passages, or with passages of an older analyzer or an older text."""
    query = (
        select(Article.id)
        .outerjoin(ArticlePassages, ArticlePassages.article_id == Article.id)
        .where(or_(ArticlePassages.id.is_(None), ArticlePassages.analyzer != ANALYZER,
                   ArticlePassages.content_hash != Article.content_hash))
        .order_by(Article.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def refresh_passages(db: Database) -> int:
    """Re-index every stale article, BATCH articles per transaction; return how many were re-indexed."""
    done = 0
    while True:
        with db.read() as session:
            ids = stale_articles(session, BATCH)
        if not ids:
            if done:
                _record_version(db, done)
            return done
        with db.write() as session:
            rows = session.execute(select(Article.id, Article.text, Article.content_hash).where(Article.id.in_(ids)))
            values = [passage_row(aid, text, digest) for aid, text, digest in rows]
            session.execute(delete(ArticlePassages).where(ArticlePassages.article_id.in_(ids)))
            if values:
                session.execute(insert(ArticlePassages), values)
        done += len(ids)


def _record_version(db: Database, rebuilt: int) -> None:
    """Every article's passages are now the running code's: record that where it is known to be true.

    True when this refresh re-indexed every article (a library from before passages), or when the recorded
    version is "unrecorded" (migration 0009 left no passages, so every row was written by an analyzer the
    refresh accepts; an interrupted first refresh finishes here). Otherwise the recorded version stays: an
    older one keeps ``check`` asking for ``reindex``.
    """
    from workbench.derived import UNRECORDED, record
    from workbench.matching.index_version import search_index_version
    from workbench.model import DerivedData

    with db.write() as session:
        stored = session.get(DerivedData, "search_index")
        whole = rebuilt >= (session.scalar(select(func.count()).select_from(Article)) or 0)
        if whole or stored is None or stored.version == UNRECORDED:
            record(session, "search_index", search_index_version())
