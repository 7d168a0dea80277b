"""What matching keeps between the actions on one open library: the collections in memory, analyses, encoder.

The service holds one engine per open library. Nothing in it is global: it reads the database it is
given, and reloads from it whatever changed (see ``collection.Collection.sync``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.db import Database
from workbench.matching.analysis import AnalysisCache
from workbench.matching.collection import Collection
from workbench.matching.embedding import store_claim_vectors
from workbench.matching.encoder import Encoder, ModelInfo, model_info, shared_encoder
from workbench.matching.index import refresh_passages, stale_articles
from workbench.matching.sources import ArticleSource, FactCheckSource, VerdictedClaimSource
from workbench.matching.vectors import text_hash, to_float, unpack
from workbench.model import Claim, ClaimVector


class MatchingEngine:
    """The article, fact-check and verdicted-claim collections of one library, and the encoder."""

    def __init__(self, db: Database, encoder: Callable[[], Encoder] = shared_encoder) -> None:
        self.db = db
        self._encoder_factory = encoder
        self.info: ModelInfo = model_info()
        self.model = self.info.key
        self.articles = Collection(ArticleSource(), self.model, self.info.dimensions)
        self.factchecks = Collection(FactCheckSource(), self.model, self.info.dimensions)
        self.verdicted = Collection(VerdictedClaimSource(), self.model, self.info.dimensions)
        self.analyses = AnalysisCache()
        self.lock = threading.RLock()
        self._passages_checked = False
        self._refreshing = threading.Lock()  # one refresh at a time (the embedding job and a search may both ask)

    def encoder(self) -> Encoder:
        """The sentence encoder (loaded on first use)."""
        return self._encoder_factory()

    def refresh_passages(self) -> int:
        """Index the articles whose passages are missing or stale (after a migration or an analyzer change).

        Looked at once per engine: imports and text edits index their articles in their own transaction.
        """
        with self._refreshing:
            if self._passages_checked:
                return 0
            with self.db.read() as session:
                stale = bool(stale_articles(session, 1))
            done = refresh_passages(self.db) if stale else 0
            self._passages_checked = True
            return done

    def sync_articles(self, session: Session) -> Collection:
        """The article collection, current with the database."""
        self.articles.sync(session)
        return self.articles

    def claim_vectors(self, claim_ids: Sequence[int], *, embed: bool = True) -> dict[int, np.ndarray]:
        """The vectors of claims' current quotes; missing ones are embedded and stored when embed is true."""
        wanted = list(dict.fromkeys(claim_ids))
        found: dict[int, np.ndarray] = {}
        missing: list[int] = []
        with self.db.read() as session:
            rows = session.execute(
                select(Claim.id, Claim.quote, ClaimVector.model, ClaimVector.text_hash, ClaimVector.data)
                .outerjoin(ClaimVector, ClaimVector.claim_id == Claim.id).where(Claim.id.in_(wanted))
            )
            for cid, quote, made_by, digest, data in rows:
                if made_by == self.model and digest == text_hash(quote):
                    rows_, scales = unpack(data, self.info.dimensions)
                    found[cid] = to_float(rows_, scales)[0]
                else:
                    missing.append(cid)
        if missing and embed:
            store_claim_vectors(self.db, self.encoder(), missing)
            found.update(self.claim_vectors(missing, embed=False))
        return found
