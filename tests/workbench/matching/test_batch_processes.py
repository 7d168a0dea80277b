"""Batch matching in two processes: a forked helper scores every other chunk; whatever happens to it, the
stored suggestions are those suggest finds for each claim, and no helper outlives the batch."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import workbench.matching.batch as batch_module
from workbench.matching.batch import match_claims
from workbench.service import Workbench

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the helper process is forked, which the batch does on Linux only")


@pytest.fixture
def labelled(seeded: Workbench, monkeypatch: pytest.MonkeyPatch) -> tuple[Workbench, dict[int, list[tuple]]]:
    """The labelled seed library (claims embedded), chunks of 3 claims, and what suggest finds per claim."""
    from seed_eval import build_library

    monkeypatch.setattr(batch_module, "CLAIMS_PER_TRANSACTION", 3)
    for article in seeded.list_articles():
        seeded.delete_article(article.id)
    _, queries = build_library(seeded)
    expected = {q.claim_id: sorted((s.article_id, s.start, s.end, s.score, s.tier)
                                   for s in seeded.suggest(q.claim_id, store=False))
                for q in queries}
    return seeded, expected


def stored(wb: Workbench, claim_ids: list[int]) -> dict[int, list[tuple]]:
    return {c: sorted((s.article_id, s.start, s.end, s.score, s.tier) for s in wb.list_suggestions(c))
            for c in claim_ids}


def helpers() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if p.name == "claim-workbench-match"]


def run(wb: Workbench, **options: object) -> object:
    return match_claims(wb.db, wb.matching_engine(), **options)  # type: ignore[arg-type]


def test_two_processes_store_what_suggest_finds(labelled: tuple[Workbench, dict[int, list[tuple]]],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    wb, expected = labelled
    monkeypatch.setattr(batch_module, "TEXTS_PER_MESSAGE", 2)  # each answer in many messages
    seen: list[int] = []
    summary = run(wb, processes=2, progress=lambda done, total, what: seen.append(done))
    assert stored(wb, list(expected)) == expected
    assert summary.claims_done == summary.claims_total == len(wb.list_claims())  # type: ignore[attr-defined]
    assert seen[-1] == summary.claims_total  # type: ignore[attr-defined]
    assert not helpers()


def test_a_large_batch_uses_the_helper_by_itself(labelled: tuple[Workbench, dict[int, list[tuple]]],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the service, as the window and the command line run it: chunks enough, two processes."""
    wb, expected = labelled
    monkeypatch.setattr(batch_module, "HELPER_MIN_CHUNKS", 2)
    pids: set[int] = set()
    wb.match_all(progress=lambda *_: pids.update(p.pid for p in helpers() if p.pid))
    assert pids, "no helper process was started"
    assert stored(wb, list(expected)) == expected
    assert not helpers()


def test_the_helper_leaves_out_an_article_edited_after_the_index_was_read(
        labelled: tuple[Workbench, dict[int, list[tuple]]], monkeypatch: pytest.MonkeyPatch) -> None:
    """The helper reads texts in a session of its own, later than the index: a text edited in between is not
    matched there (its passages' offsets are those of the old text); every other article is."""
    wb, expected = labelled
    claims = sorted(wb.list_claims(), key=lambda c: (c.article_id, c.start, c.id))
    theirs = {c.id for k, c in enumerate(claims) if (k // 3) % 2 == 1}  # the odd chunks of 3
    counts: dict[int, int] = {}
    for claim_id in theirs:
        for article_id, *_ in expected[claim_id]:
            counts[article_id] = counts.get(article_id, 0) + 1
    edited = max(counts, key=lambda a: counts[a])  # the article the helper would have matched most
    start = batch_module._Helper.start

    def edit_then_start(*args: object) -> object:  # another reviewer's edit, before the helper reads
        wb.update_article_text(edited, wb.get_article(edited).text + "\n\nA sentence added later.")
        return start(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_module._Helper, "start", edit_then_start)
    run(wb, processes=2)
    found = stored(wb, sorted(theirs))
    assert all(article_id != edited for rows in found.values() for article_id, *_ in rows)
    assert found == {c: [row for row in expected[c] if row[0] != edited] for c in theirs}
    assert not helpers()


def test_a_helper_that_runs_out_first_gets_half_of_what_is_left(
        labelled: tuple[Workbench, dict[int, list[tuple]]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Given one chunk to begin with, the helper says it is idle and is handed half of this process's
    remaining chunks, again and again; the suggestions are still those suggest finds."""
    wb, expected = labelled
    chunks = -(-len(wb.list_claims()) // 3)
    monkeypatch.setattr(batch_module, "split", lambda count: ([1], [n for n in range(count) if n != 1]))
    given: list[list[int]] = []
    hand_over = batch_module._Helper.hand_over

    def recorded(self: object, numbers: list[int], vectors: dict) -> None:  # type: ignore[type-arg]
        given.append(list(numbers))
        hand_over(self, numbers, vectors)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_module._Helper, "hand_over", recorded)
    summary = run(wb, processes=2)
    assert given and chunks >= 8
    assert sum(len(g) for g in given) >= chunks // 3  # the helper did much more than its one chunk
    assert stored(wb, list(expected)) == expected
    assert summary.claims_done == summary.claims_total  # type: ignore[attr-defined]
    assert not helpers()


def test_one_process_when_asked(labelled: tuple[Workbench, dict[int, list[tuple]]],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """processes=1 (`match --one-process`, for less memory) never forks, even with chunks enough."""
    wb, expected = labelled
    monkeypatch.setattr(batch_module, "HELPER_MIN_CHUNKS", 2)
    seen: list[int] = []
    wb.match_all(processes=1, progress=lambda *_: seen.extend(p.pid or 0 for p in helpers()))
    assert not seen
    assert stored(wb, list(expected)) == expected


@pytest.mark.parametrize("fate", ["killed", "stopped"])
def test_a_helper_that_dies_or_hangs_leaves_its_chunks_to_the_batch(
        labelled: tuple[Workbench, dict[int, list[tuple]]], monkeypatch: pytest.MonkeyPatch, fate: str) -> None:
    """The helper is killed (SIGKILL) or frozen (SIGSTOP) as soon as the first chunk is stored: its chunks
    are scored in the batch's own process (a frozen one once it has been silent too long)."""
    wb, expected = labelled
    monkeypatch.setattr(batch_module, "HELPER_STALL_SECONDS", 1.0)
    hit: list[int] = []

    def progress(done: int, total: int, what: str) -> None:
        for process in helpers():
            if process.pid and process.pid not in hit:
                hit.append(process.pid)
                os.kill(process.pid, signal.SIGKILL if fate == "killed" else signal.SIGSTOP)

    summary = run(wb, processes=2, progress=progress)
    assert hit
    assert summary.claims_done == summary.claims_total  # type: ignore[attr-defined]
    assert stored(wb, list(expected)) == expected
    assert not helpers()


def test_cancelling_ends_the_helper(labelled: tuple[Workbench, dict[int, list[tuple]]]) -> None:
    wb, expected = labelled
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    summary = run(wb, processes=2, cancelled=cancelled)
    assert summary.cancelled  # type: ignore[attr-defined]
    assert summary.claims_done < summary.claims_total  # type: ignore[attr-defined]
    assert not helpers()
    for claim_id, found in stored(wb, list(expected)).items():  # what was stored is complete per claim
        assert found in ([], expected[claim_id])


PARENT = """
import multiprocessing, os, sys, time
import workbench.matching.batch as batch_module
from workbench.matching.batch import match_claims
from workbench.service import Workbench

batch_module.CLAIMS_PER_TRANSACTION = 3
wb = Workbench.open(sys.argv[1])

def progress(done, total, what):
    helpers = [p.pid for p in multiprocessing.active_children() if p.name == "claim-workbench-match"]
    if helpers:
        print(helpers[0], flush=True)
        time.sleep(600)  # killed here, in the middle of the batch

match_claims(wb.db, wb.matching_engine(), processes=2, progress=progress)
"""


def test_the_helper_ends_when_the_batch_process_is_killed(tmp_path: Path) -> None:
    """A batch process killed outright (no clean-up runs) leaves no helper behind: its pipe ends."""
    from seed_eval import build_library

    library = tmp_path / "library.sqlite3"
    wb = Workbench.open(library)
    build_library(wb)
    wb.close()
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen([sys.executable, str(script), str(library)], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        helper = int(parent.stdout.readline())
    finally:
        parent.kill()
        parent.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _running(helper):
        time.sleep(0.2)
    assert not _running(helper), "the helper outlived its batch"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
