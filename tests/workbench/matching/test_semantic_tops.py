"""Batch matching's per-query top passages are exactly the limit highest cosines of each query."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workbench.matching.collection as collection_module
from workbench.matching.collection import top_entries
from workbench.service import Workbench


def expected(row: np.ndarray, limit: int) -> np.ndarray:
    return np.sort(row)[::-1][:limit]


@settings(max_examples=60, deadline=None)
@given(width=st.integers(1, 30_000), limit=st.integers(1, 300), rows=st.integers(1, 5), seed=st.integers(0, 2**32 - 1),
       levels=st.sampled_from([None, 3, 50]))
def test_the_top_of_each_row_is_its_limit_highest_values(width: int, limit: int, rows: int, seed: int,
                                                         levels: int | None) -> None:
    rng = np.random.default_rng(seed)
    block = rng.standard_normal((rows, width)).astype(np.float32)
    if levels is not None:  # many equal values (int8 products give ties)
        block = np.round(block * levels) / levels
    block[:, rng.random(width) < 0.1] = -2.0  # passages not embedded yet
    rows_of, columns = top_entries(block, limit)
    assert np.all(np.diff(rows_of) >= 0)  # row by row
    for number, row in enumerate(block):
        picked = columns[rows_of == number]
        assert len(picked) == min(limit, width) and len(set(picked.tolist())) == len(picked)
        assert np.array_equal(np.sort(row[picked])[::-1], expected(row, limit))


@settings(max_examples=40, deadline=None)
@given(width=st.integers(1, 20_000), limit=st.integers(1, 300), seed=st.integers(0, 2**32 - 1),
       embedded=st.floats(0.0, 0.2))
def test_with_a_floor_only_values_above_it_are_picked(width: int, limit: int, seed: int, embedded: float) -> None:
    """A library still being embedded: most cosines are the 'not a cosine' mark, which is never picked."""
    rng = np.random.default_rng(seed)
    block = np.full((3, width), -2.0, dtype=np.float32)
    real = rng.random((3, width)) < embedded
    block[real] = rng.uniform(-1, 1, int(real.sum())).astype(np.float32)
    rows_of, columns = top_entries(block, limit, above=-2.0)
    for number, row in enumerate(block):
        picked = columns[rows_of == number]
        assert np.all(row[picked] > -2.0)
        assert np.array_equal(np.sort(row[picked])[::-1], expected(row[row > -2.0], limit))


def test_a_sorted_row_keeps_its_best_columns() -> None:
    """A row rising towards its end (where a strided sample is weakest) still gives its true top."""
    block = np.arange(100_000, dtype=np.float32)[None, :]
    rows_of, picked = top_entries(block, 200)
    assert set(rows_of.tolist()) == {0} and sorted(picked.tolist()) == list(range(99_800, 100_000))


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
    for limit in (3, 10_000):  # a few (ties at the edge may fall either way: compare the scores) and all of them
        batch = articles.semantic_tops(queries, homes, limit=limit)
        for column, (query, home) in enumerate(zip(queries, homes, strict=True)):
            single = articles.semantic_top(articles.cosines(query[None, :]), 0, limit=limit, exclude_doc=home)
            assert np.allclose(batch[column].scores, single.scores, atol=1e-6)
            if limit > 3:
                assert np.array_equal(batch[column].numbers, single.numbers)
                assert np.array_equal(batch[column].indices, single.indices)
