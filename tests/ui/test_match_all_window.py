"""Match all claims from the window: a batch large enough runs in two processes, forked from the window's
worker thread, and stores what the matcher finds for each claim."""

from __future__ import annotations

import multiprocessing
import sys

import pytest

import workbench.matching.batch as batch_module
from tests.ui.conftest import JOB_TIMEOUT_MS
from tests.workbench.matching.seed_labels import GROUPS, SEED_FILES
from ui.main_window import MainWindow

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the batch forks its helper process on Linux only")


def test_match_all_in_the_window_uses_a_helper_process_and_stores_every_claims_matches(
        qtbot, sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    wb = sample_window.ctx.workbench()
    assert wb is not None
    by_file = {a.id: wb.get_article(a.id).file_name for a in wb.list_articles()}
    article_of = {seed: next(aid for aid, f in by_file.items() if f == name) for seed, name in SEED_FILES.items()}
    claims = [wb.add_claim(article_of[v.seed], quote=v.quote, occurrence=v.occurrence).id
              for g in GROUPS for v in g.variants if not v.loose]
    expected = {c: sorted((s.article_id, s.start, s.end, s.score, s.tier) for s in wb.suggest(c, store=False))
                for c in claims}
    monkeypatch.setattr(batch_module, "CLAIMS_PER_TRANSACTION", 3)  # many chunks from a few claims
    monkeypatch.setattr(batch_module, "HELPER_MIN_CHUNKS", 2)
    helpers: set[int] = set()

    def finished() -> bool:
        helpers.update(p.pid for p in multiprocessing.active_children()
                       if p.name == "claim-workbench-match" and p.pid)
        return not sample_window.busy()

    action = sample_window.user_actions.match_all
    qtbot.waitUntil(action.isEnabled, timeout=JOB_TIMEOUT_MS)  # the window learns of the new claims by itself
    action.trigger()
    qtbot.waitUntil(lambda: sample_window.busy(), timeout=JOB_TIMEOUT_MS)
    qtbot.waitUntil(finished, timeout=JOB_TIMEOUT_MS)
    assert helpers, "the batch ran in one process"
    stored = {c: sorted((s.article_id, s.start, s.end, s.score, s.tier) for s in wb.list_suggestions(c))
              for c in claims}
    assert stored == expected
    assert not [p for p in multiprocessing.active_children() if p.name == "claim-workbench-match"]
    assert "Matching finished" in sample_window.statusBar().currentMessage()
