"""Batch matching's per-query top passages are exactly the limit highest cosines of each row."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.matching.collection import top_columns


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
    for row, picked in zip(block, top_columns(block, limit), strict=True):
        assert len(picked) == min(limit, width) and len(set(picked.tolist())) == len(picked)
        assert np.array_equal(np.sort(row[picked])[::-1], expected(row, limit))


def test_a_sorted_row_keeps_its_best_columns() -> None:
    """A row rising towards its end (where a strided sample is weakest) still gives its true top."""
    block = np.arange(100_000, dtype=np.float32)[None, :]
    (picked,) = top_columns(block, 200)
    assert sorted(picked.tolist()) == list(range(99_800, 100_000))
