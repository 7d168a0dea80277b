"""The analyses on the real sample articles: no drift where outlets carry the same words, the translation
of Lavrov's quote flagged, the Russialink reprint one origin with its original, no conflict invented."""

from __future__ import annotations

from pathlib import Path

from tests.ui.insight_demo import build_insight_demo


def test_the_samples(tmp_path: Path) -> None:
    wb = build_insight_demo(tmp_path / "demo.sqlite3")
    try:
        groups = {g.id: g for g in wb.list_groups()}
        flags = {gid: wb.drift(gid) for gid in groups}
        quoted = next(gid for gid, g in groups.items() if g.canonical.startswith("We are now awaiting"))
        assert all(not found for gid, found in flags.items() if gid != quoted)  # linked verbatim: no drift
        translated = {(f.source, f.kind) for f in flags[quoted]}
        # The Moscow Times and its reprint give Lavrov's words in another translation, sourced to TASS.
        assert translated == {(outlet, kind) for outlet in ("The Moscow Times", "Russialink")
                              for kind in ("paraphrase", "attribution")}
        insights = wb.group_insights()
        assert insights[quoted].origin_label == "4 outlets · 3 independent"
        reprinted = next(gid for gid, g in groups.items() if g.canonical.startswith("Washington and NATO"))
        assert insights[reprinted].origin_label == "2 outlets · 1 independent"
        (conflict,) = wb.conflicts()  # the one sentence the demo rates twice, and nothing else
        assert conflict.kind == "similar" and set(conflict.ratings) == {"mostly-false", "true"}
    finally:
        wb.close()
