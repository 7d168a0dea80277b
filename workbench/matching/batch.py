"""Batch matching: suggestions for many claims, with progress, cancellation and short transactions.

A large batch is scored by two processes where the platform forks (Linux): after the index is loaded,
a helper process is forked and scores every other chunk of claims, sharing the index's memory with this
process (copy-on-write: the index is only read during a batch). The helper touches neither the database
nor any connection of this process: it asks for the article texts it needs over a pipe (a chunk ahead, so
that the answer comes while it works), and sends each chunk's suggestions back; this process stores
everything, one transaction per chunk. A helper that fails, dies or falls silent is stopped and its chunks
are scored here, so the suggestions are the same as with one process. Elsewhere (and for small batches)
one process scores, its second thread retrieving the next chunk's top passages while the first scores the
current one.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

import numpy as np
from sqlalchemy import select

from workbench.db import Database, chunks
from workbench.matching.analysis import AnalysisCache
from workbench.matching.collection import Collection, Top
from workbench.matching.engine import MatchingEngine
from workbench.matching.store import store_many
from workbench.matching.suggest import (
    RETRIEVED,
    ClaimRef,
    Found,
    Gathered,
    MatchContext,
    Retrieved,
    claim_ref,
    gather,
    read_texts,
    retrieve_for,
    suggest_for_claim,
)
from workbench.matching.summary import CancelledFn, MatchSummary, ProgressFn
from workbench.matching.vectors import Scanner
from workbench.model import Article, Claim

CLAIMS_PER_TRANSACTION = 64  # also the claims whose cosines are computed in one matrix product
EMBED_CHUNK = 512
HELPER_MIN_CHUNKS = 8  # a batch of fewer chunks is scored in one process (forking costs ~0.1 s)
TEXTS_PER_MESSAGE = 100  # article texts the parent sends the helper at once (a pickled message is a copy)
BATCH_ANALYSES = 256  # regions analysed kept at once: a batch seldom meets a region twice (2 % of them)
HELPER_STALL_SECONDS = 120.0  # a helper silent this long is stopped and its chunks are scored here


def match_claims(
    db: Database,
    engine: MatchingEngine,
    *,
    article_id: int | None = None,
    claim_ids: Sequence[int] | None = None,
    min_score: float | None = None,
    per_article: int = 1,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    processes: int | None = None,
) -> MatchSummary:
    """Suggest links for every claim (or an article's, or the given ones) and store them as pending.

    The claims' own vectors are embedded first when missing (library passages are not: those not
    embedded yet are found by their words). processes: 1 or 2 (None: 2 where it helps, see the module
    docstring).
    """
    started = time.perf_counter()
    engine.refresh_passages()
    with db.read() as session:
        query = select(Claim).order_by(Claim.article_id, Claim.start, Claim.id)
        if article_id is not None:
            query = query.where(Claim.article_id == article_id)
        if claim_ids is not None:
            query = query.where(Claim.id.in_(list(claim_ids)))
        claims: list[ClaimRef] = [claim_ref(c) for c in session.scalars(query)]
    total = len(claims)
    for begin in range(0, total, EMBED_CHUNK):  # the claims' own vectors, before the read below
        if cancelled is not None and cancelled():
            return MatchSummary(total, 0, cancelled=True, seconds=round(time.perf_counter() - started, 3))
        if progress is not None:
            progress(0, total, f"embedding claims {begin} of {total}")
        engine.claim_vectors([c.id for c in claims[begin : begin + EMBED_CHUNK]])
    if progress is not None:
        progress(0, total, "reading the index")
    chunks = [claims[begin : begin + CLAIMS_PER_TRANSACTION] for begin in range(0, total, CLAIMS_PER_TRANSACTION)]
    two = _two_processes(processes, len(chunks))
    with engine.lock, db.read() as session:
        collection = engine.sync_articles(session)
        ctx = MatchContext(session, collection, cache=AnalysisCache(BATCH_ANALYSES), preload=total > 20 or two)
        batch = _Batch(db, engine, collection, ctx, chunks, total, min_score, per_article, progress)
        was_cancelled = batch.run_with_helper(cancelled) if two else batch.run_alone(cancelled)
    return MatchSummary(total, batch.done, batch.stored, batch.new, len(batch.articles), was_cancelled,
                        round(time.perf_counter() - started, 3))


def split(chunks: int) -> tuple[list[int], list[int]]:
    """(the helper's, this process's) chunk numbers to begin with: every other one."""
    return list(range(1, chunks, 2)), list(range(0, chunks, 2))


def _two_processes(processes: int | None, chunks: int) -> bool:
    """Whether a helper process scores half the chunks."""
    if processes is not None:
        return processes > 1 and chunks > 1 and _can_fork()
    return chunks >= HELPER_MIN_CHUNKS and _can_fork() and len(os.sched_getaffinity(0)) >= 2


def _can_fork() -> bool:
    # Linux only: macOS system libraries are not safe to use in a forked child, Windows cannot fork.
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def retrieve_chunk(collection: Collection, chunk: list[ClaimRef],
                   vectors: dict[int, np.ndarray]) -> dict[int, Retrieved]:
    """Each claim's top passages by cosine and by BM25, its term weights and vector."""
    with_vectors = [c for c in chunk if c.id in vectors]
    near: dict[int, Top] = {}
    if with_vectors:
        tops = collection.semantic_tops(np.stack([vectors[c.id] for c in with_vectors]),
                                        [c.article_id for c in with_vectors], limit=RETRIEVED)
        near = {c.id: top for c, top in zip(with_vectors, tops, strict=True)}
    return {c.id: retrieve_for(collection, c, near=near.get(c.id), vector=vectors.get(c.id)) for c in chunk}


def score_chunk(ctx: MatchContext, chunk: list[ClaimRef], ready: dict[int, Retrieved], min_score: float | None,
                per_article: int) -> list[list[Found]]:
    """The suggestions of each claim of a chunk (its article texts read at once)."""
    gathered = gather_chunk(ctx, chunk, ready, min_score)
    ctx.texts(articles_of(gathered))
    return place_chunk(ctx, chunk, gathered, min_score, per_article)


def gather_chunk(ctx: MatchContext, chunk: list[ClaimRef], ready: dict[int, Retrieved],
                 min_score: float | None) -> list[Gathered | None]:
    """Each claim's candidates with their features (no article text needed yet)."""
    return [gather(ctx, c, min_score=min_score, retrieved=ready[c.id]) for c in chunk]


def articles_of(gathered: list[Gathered | None]) -> list[int]:
    """The articles whose texts placing the chunk's spans reads."""
    return sorted({candidate.hit.doc_id for g in gathered if g is not None for candidate in g.candidates})


def place_chunk(ctx: MatchContext, chunk: list[ClaimRef], gathered: list[Gathered | None], min_score: float | None,
                per_article: int) -> list[list[Found]]:
    """The suggestions of each claim of a chunk from its gathered candidates; then its texts are let go."""
    results = [suggest_for_claim(ctx, c, min_score=min_score, per_article=per_article, gathered=g)
               for c, g in zip(chunk, gathered, strict=True)]
    ctx.forget_texts()
    return results


class _Batch:
    """One batch's chunks, scored and stored, with the running counts."""

    def __init__(self, db: Database, engine: MatchingEngine, collection: Collection, ctx: MatchContext,
                 chunks: list[list[ClaimRef]], total: int, min_score: float | None, per_article: int,
                 progress: ProgressFn | None) -> None:
        self.db, self.engine, self.collection, self.ctx = db, engine, collection, ctx
        self.chunks, self.total, self.min_score, self.per_article = chunks, total, min_score, per_article
        self.progress = progress
        self.done = self.stored = self.new = 0
        self.articles: set[int] = set()

    def retrieved(self, chunk: list[ClaimRef]) -> dict[int, Retrieved]:
        return retrieve_chunk(self.collection, chunk, self.engine.claim_vectors([c.id for c in chunk], embed=False))

    def score(self, chunk: list[ClaimRef], ready: dict[int, Retrieved]) -> list[list[Found]]:
        return score_chunk(self.ctx, chunk, ready, self.min_score, self.per_article)

    def match_here(self, number: int) -> None:
        """Retrieve, score and store one chunk in this process, on this thread."""
        chunk = self.chunks[number]
        self.store(chunk, self.score(chunk, self.retrieved(chunk)))

    def store(self, chunk: list[ClaimRef], results: list[list[Found]]) -> None:
        """One transaction: the chunk's suggestions, each claim's replacing its pending ones."""
        with self.db.write() as write:
            ids = sorted(claim.id for claim in chunk)
            present = set(write.scalars(  # locked: one store of a claim at a time
                select(Claim.id).where(Claim.id.in_(ids)).order_by(Claim.id).with_for_update()))
            found = {claim.id: f for claim, f in zip(chunk, results, strict=True) if claim.id in present}
            for rows, created in store_many(write, found, self.min_score).values():  # the others were removed
                self.stored += len(rows)
                self.new += created
            self.articles.update(f.article_id for claim_found in found.values() for f in claim_found)
        self.done += len(chunk)
        if self.progress is not None:
            self.progress(self.done, self.total, f"{self.done} of {self.total} claims matched")

    def run_alone(self, cancelled: CancelledFn | None) -> bool:
        """Score every chunk here, the next one retrieved on a second thread (numpy and onnxruntime work
        mostly outside the interpreter's lock); True when cancelled."""
        with ThreadPoolExecutor(max_workers=1) as second_core:
            chunks = self.chunks
            coming: Future[dict[int, Retrieved]] | None = (
                second_core.submit(self.retrieved, chunks[0]) if chunks else None
            )
            for number, chunk in enumerate(chunks):
                if cancelled is not None and cancelled():
                    return True
                assert coming is not None
                ready = coming.result()
                coming = second_core.submit(self.retrieved, chunks[number + 1]) if number + 1 < len(chunks) else None
                self.store(chunk, self.score(chunk, ready))
        return False

    def run_with_helper(self, cancelled: CancelledFn | None) -> bool:
        """Score the even chunks here and the odd ones in a forked helper (which gets half of what is left
        here whenever it runs out first); True when cancelled."""
        theirs, mine = split(len(self.chunks))
        vectors = self.vectors_of(theirs)  # read here: the helper reads nothing itself
        # The texts the helper gets must be those the index was read with (an article's text may be edited
        # meanwhile; the helper's texts are read later, in another session): a changed one is left out.
        digests = {aid: digest for aid, digest in self.ctx.session.execute(select(Article.id, Article.content_hash))}
        self.collection.warm()
        gc.collect()  # what is garbage now is not shared (nor kept frozen)
        gc.freeze()  # the objects so far are shared with the helper: no collector may write to them meanwhile
        try:
            return self._run_with(_Helper.start(self, theirs, vectors, digests), mine, cancelled)
        finally:
            gc.unfreeze()

    def vectors_of(self, numbers: list[int]) -> dict[int, np.ndarray]:
        """The vectors of the claims of the given chunks."""
        return self.engine.claim_vectors([c.id for n in numbers for c in self.chunks[n]], embed=False)

    def _store_from(self, helper: _Helper, wait: float = 0.0) -> None:
        """Store the chunks the helper has finished (waiting up to wait seconds for one)."""
        for number, results in helper.received(wait):
            self.store(self.chunks[number], results)

    def _run_with(self, helper: _Helper, mine: list[int], cancelled: CancelledFn | None) -> bool:
        left = list(mine)
        try:
            while left:
                if cancelled is not None and cancelled():
                    return True
                if helper.idle and not helper.ended and len(left) >= 2:  # it ran out first: half of ours
                    given, left = left[len(left) // 2 :], left[: len(left) // 2]
                    helper.hand_over(given, self.vectors_of(given))
                self.match_here(left.pop(0))
                self._store_from(helper)
            while not helper.finished():
                if cancelled is not None and cancelled():
                    return True
                self._store_from(helper, wait=1.0)
            helper.stop()
            self._store_from(helper)  # what it delivered before it stopped
            for number in sorted(helper.waiting):  # it failed or fell silent: its chunks are scored here
                if cancelled is not None and cancelled():
                    return True
                self.match_here(number)
            return False
        finally:
            helper.stop()


class _Helper:
    """A forked process scoring some chunks; a thread here answers its requests for texts and collects
    its results."""

    def __init__(self, process: Any, connection: Connection, numbers: list[int], batch: _Batch,
                 digests: dict[int, str]) -> None:
        self.process = process
        self.connection = connection
        self.waiting = set(numbers)
        self.results: queue.Queue[tuple[int, list[list[Found]]] | None] = queue.Queue()
        self.ended = False  # the helper said it is done, failed, or stopped answering
        self.completed = False  # it said it is done
        self.idle = False  # it has scored every chunk it was given and waits for more
        self.sending = threading.Lock()  # the listener answers requests, the batch hands chunks over
        self.heard = time.monotonic()
        self.db = batch.db
        self.digests = digests
        self.listener = threading.Thread(target=self._listen, name="match-helper", daemon=True)
        self.listener.start()

    @classmethod
    def start(cls, batch: _Batch, numbers: list[int], vectors: dict[int, np.ndarray],
              digests: dict[int, str]) -> _Helper:
        here, there = multiprocessing.get_context("fork").Pipe(duplex=True)
        process = multiprocessing.get_context("fork").Process(
            target=_helper_main, args=(there, here, batch, numbers, vectors), name="claim-workbench-match",
            daemon=True)
        process.start()
        there.close()
        try:
            return cls(process, here, numbers, batch, digests)
        except BaseException:
            process.kill()
            process.join(timeout=5)
            here.close()
            raise

    def _listen(self) -> None:
        """Answer the helper's requests for texts; queue its results (None: it ended)."""
        try:
            with self.db.read() as session:
                while True:
                    message = self.connection.recv()
                    self.heard = time.monotonic()
                    kind = message[0]
                    if kind == "texts":  # a few at a time, then the end: no large buffer on either side
                        for ids in chunks(message[1], TEXTS_PER_MESSAGE):
                            rows = read_texts(session, ids)
                            with self.sending:
                                self.connection.send(("rows", [r for r in rows if self.digests.get(r[0]) == r[2]]))
                        with self.sending:
                            self.connection.send(("end",))
                    elif kind == "chunk":
                        self.results.put((message[1], message[2]))
                    elif kind == "idle":
                        self.idle = True
                    else:  # "done" or "failed"
                        self.completed = kind == "done"
                        break
        except Exception:  # the helper died (EOF), or a message could not be read: its chunks are scored here
            pass
        self.results.put(None)

    def received(self, wait: float = 0.0) -> list[tuple[int, list[list[Found]]]]:
        """The chunks the helper finished since the last call (waiting up to wait seconds for one)."""
        found: list[tuple[int, list[list[Found]]]] = []
        try:
            item = self.results.get(timeout=wait) if wait > 0 else self.results.get_nowait()
            while True:
                if item is None:
                    self.ended = True
                else:
                    self.waiting.discard(item[0])
                    found.append(item)
                item = self.results.get_nowait()
        except queue.Empty:
            pass
        if not self.ended and time.monotonic() - self.heard > HELPER_STALL_SECONDS:
            self.ended = True  # silent too long: its chunks are scored here (stop() ends it)
        return found

    def finished(self) -> bool:
        return self.ended or not self.waiting

    def hand_over(self, numbers: list[int], vectors: dict[int, np.ndarray]) -> None:
        """Give the idle helper more chunks to score (with their claims' vectors)."""
        self.idle = False
        self.waiting.update(numbers)
        with self.sending:
            self.connection.send(("more", numbers, vectors))

    def stop(self) -> None:
        """End the helper (at once if it is still working); its results sent before are still received."""
        if self.idle and not self.ended:  # waiting for more: tell it there is none
            try:
                with self.sending:
                    self.connection.send(("stop",))
                self.listener.join(timeout=5)
            except OSError:  # it is gone already
                pass
        if not self.completed:
            self.process.kill()  # cancelled, failed or silent: nothing more is wanted from it
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.listener.join(timeout=5)  # it reads what the pipe still holds, then its end
        self.connection.close()


def _helper_main(connection: Connection, parents_end: Connection, batch: _Batch, numbers: list[int],
                 vectors: dict[int, np.ndarray]) -> None:
    """In the forked helper: score the given chunks with the inherited index; texts come over the pipe.

    A chunk's texts are asked for as soon as its candidates are known, and received only after the next
    chunk's candidates are gathered: the parent answers (a query, from a thread that shares its interpreter
    with the parent's own scoring) while this process works. Answers come in the order asked.
    """
    parents_end.close()  # so that the pipe ends (EOF) if the parent dies, and the helper with it
    try:
        collection = batch.collection
        collection.lock = threading.RLock()  # never the parent's locks or onnxruntime sessions
        collection.scanner = Scanner()
        ctx = batch.ctx.detached(lambda ids: [], AnalysisCache(BATCH_ANALYSES))  # only texts asked for ahead
        asked: tuple[int, list[Gathered | None]] | None = None

        def place(number: int, gathered: list[Gathered | None]) -> None:
            while (part := connection.recv())[0] == "rows":  # the texts asked for, a few at a time
                ctx.add_texts(part[1])
            chunk = batch.chunks[number]
            connection.send(("chunk", number, place_chunk(ctx, chunk, gathered, batch.min_score, batch.per_article)))

        while True:
            for number in numbers:
                chunk = batch.chunks[number]
                gathered = gather_chunk(ctx, chunk, retrieve_chunk(collection, chunk, vectors), batch.min_score)
                connection.send(("texts", articles_of(gathered)))
                if asked is not None:
                    place(*asked)
                asked = (number, gathered)
            if asked is not None:
                place(*asked)
                asked = None
            connection.send(("idle",))  # every answer is in: what comes next is more chunks, or the end
            message = connection.recv()
            if message[0] != "more":
                break
            numbers = message[1]
            vectors = {**vectors, **message[2]}
        connection.send(("done",))
    except BaseException as exc:  # reported to the parent, which then scores the chunks itself
        try:
            connection.send(("failed", f"{type(exc).__name__}: {exc}"))
        except Exception:  # the parent is gone or stopped listening
            pass
    finally:
        connection.close()
