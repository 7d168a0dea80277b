"""Batch matching's per-query top passages are exactly the limit highest cosines of each query."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workbench.matching.collection as collection_module
from workbench.matching.vectors import Scanner, quantise
from workbench.service import Workbench


def reference(rows: np.ndarray, scales: np.ndarray, skip: np.ndarray, queries: np.ndarray,
              query_scales: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The same in plain numpy: every cosine (as Scanner.cosines computes them), sorted, ties by row."""
    dots = rows.astype(np.int64) @ queries.astype(np.int64).T
    cosines = (dots.astype(np.float32) * scales[:, None]) * query_scales[None, :]
    found = np.ascontiguousarray(cosines.T)
    found[:, skip] = -np.inf
    order = np.argsort(-found, axis=1, kind="stable")[:, : min(count, int((~skip).sum()))]
    return np.take_along_axis(found, order, axis=1), order


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 3_000), k=st.integers(1, 9), count=st.integers(1, 400), seed=st.integers(0, 2**32 - 1),
       levels=st.sampled_from([None, 2, 7]), skipped=st.sampled_from([0.0, 0.1, 0.9, 1.0]))
def test_the_scanner_picks_each_querys_highest_cosines(n: int, k: int, count: int, seed: int, levels: int | None,
                                                       skipped: float) -> None:
    """Scanner.tops (one onnxruntime call) gives each query's count best rows, best first, ties by row; the
    cosines are the very float32 numbers Scanner.cosines gives; skipped rows are never picked."""
    rng = np.random.default_rng(seed)
    if levels is None:
        rows, scales = quantise(rng.standard_normal((n, 16)).astype(np.float32))
    else:  # few distinct rows: many equal cosines (ties at the edge of the selection)
        rows, scales = quantise(rng.integers(-1, 2, (n, 16)).astype(np.float32) * levels)
    queries, query_scales = quantise(rng.standard_normal((k, 16)).astype(np.float32))
    skip = rng.random(n) < skipped
    values, picked = Scanner().tops(rows, scales, skip, queries, query_scales, count)
    want_values, want_picked = reference(rows, scales, skip, queries, query_scales, count)
    assert values.dtype == np.float32 and values.shape == want_values.shape
    assert np.array_equal(values, want_values)
    assert np.array_equal(picked, want_picked)
    assert not skip[picked].any()
    same = Scanner().cosines(rows, scales, queries, query_scales).T
    assert np.array_equal(np.take_along_axis(same, picked, axis=1), values)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 3_000), k=st.integers(1, 9), seed=st.integers(0, 2**32 - 1),
       levels=st.sampled_from([None, 2, 7]), skipped=st.sampled_from([0.0, 0.1, 1.0]),
       quantile=st.floats(0.0, 1.0))
def test_the_scanner_finds_every_cosine_at_or_above_each_querys_floor(
        n: int, k: int, seed: int, levels: int | None, skipped: float, quantile: float) -> None:
    """Scanner.above gives exactly the (row, query) pairs whose cosine reaches the query's floor (the floor
    itself included), with those cosines, row by row; skipped rows never."""
    rng = np.random.default_rng(seed)
    if levels is None:
        rows, scales = quantise(rng.standard_normal((n, 16)).astype(np.float32))
    else:
        rows, scales = quantise(rng.integers(-1, 2, (n, 16)).astype(np.float32) * levels)
    vectors = rng.standard_normal((k, 16)).astype(np.float32)
    vectors[rng.random(k) < 0.1] = 0.0  # a query of zeros: every cosine 0
    queries, query_scales = quantise(vectors)
    skip = rng.random(n) < skipped
    cosines = Scanner().cosines(rows, scales, queries, query_scales)
    floors = np.quantile(cosines, quantile, axis=0).astype(np.float32)
    floors[rng.random(k) < 0.2] = cosines[rng.integers(0, n), 0]  # a floor equal to some cosine
    floors[rng.random(k) < 0.1] = -np.inf  # a query with too few picks yet
    found_rows, found_queries, values = Scanner().above(rows, scales, skip, queries, query_scales, floors)
    want_rows, want_queries = np.nonzero((cosines >= floors[None, :]) & ~skip[:, None])
    assert np.array_equal(found_rows, want_rows) and np.array_equal(found_queries, want_queries)
    assert np.array_equal(values, cosines[want_rows, want_queries])


def test_batch_and_single_query_tops_agree_across_slices(seeded: Workbench, monkeypatch: pytest.MonkeyPatch) -> None:
    """semantic_tops (many queries, segments scanned in slices) finds what semantic_top finds for each query."""
    monkeypatch.setattr(collection_module, "SCAN_ROWS", 7)  # many slices even in the five sample articles
    seeded.embed_pending()
    engine = seeded.matching_engine()
    with seeded.db.read() as session:
        articles = engine.sync_articles(session)
    texts = ["Washington and NATO have rejected some of Russia's key demands", "talks will continue",
             "Lavrov said the answers were not satisfactory", "weather"]
    queries = engine.encoder().encode(texts)
    homes = [1, None, 2, None]
    for limit in (0, 3, 10_000):  # none, a few (ties at the edge go to the earlier passage) and all of them
        batch = articles.semantic_tops(queries, homes, limit=limit)
        for column, (query, home) in enumerate(zip(queries, homes, strict=True)):
            single = articles.semantic_top(articles.cosines(query[None, :]), 0, limit=limit, exclude_doc=home)
            assert np.array_equal(batch[column].scores, single.scores)
            assert np.array_equal(batch[column].numbers, single.numbers)
            assert np.array_equal(batch[column].indices, single.indices)
