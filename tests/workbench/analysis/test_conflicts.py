"""Verdict conflicts on a real library: found from suggestions, similar wordings and notes; merged or kept apart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.errors import InvalidValue
from workbench.service import EvidenceInfo, Workbench

QUOTE = "Washington and NATO have rejected some of Russia’s key demands"


def articles_with(wb: Workbench, quote: str) -> list[int]:
    return [a.id for a in wb.list_articles() if quote in wb.get_article(a.id).text]


def claim_at(wb: Workbench, article_id: int, quote: str, note: str | None = None) -> int:
    return wb.add_claim(article_id, quote=quote, note=note).id


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in ("claims", "claim_groups", "verdicts", "evidence", "verdict_revisions", "conflict_decisions")}
    finally:
        conn.close()


def test_a_suggestion_between_two_differently_rated_groups_is_a_conflict(seeded: Workbench) -> None:
    first, second = articles_with(seeded, QUOTE)
    a, b = claim_at(seeded, first, QUOTE), claim_at(seeded, second, QUOTE)
    ga, gb = seeded.get_claim(a).group_id, seeded.get_claim(b).group_id
    seeded.set_verdict(ga, rating="false")
    seeded.set_verdict(gb, rating="true")
    assert any(s.existing_claim_id == b for s in seeded.suggest(a))

    (conflict,) = seeded.conflicts()
    assert conflict.group_ids == sorted([ga, gb]) and conflict.kind in ("suggestion", "similar")
    assert set(conflict.ratings) == {"false", "true"} and conflict.score >= 55

    seeded.set_verdict(gb, rating="false")
    assert seeded.conflicts() == []  # the same rating is no conflict


def test_a_claim_checked_before_and_rated_again_is_found_by_its_wording(seeded: Workbench) -> None:
    ids = [a.id for a in seeded.list_articles()]
    g1 = seeded.get_claim(seeded.add_claim(ids[0], start=0, end=20).id).group_id
    g2 = seeded.get_claim(seeded.add_claim(ids[3], start=0, end=20).id).group_id
    g3 = seeded.get_claim(seeded.add_claim(ids[4], start=0, end=20).id).group_id
    seeded.set_canonical(g1, "Russia has 100,000 troops massed on the border with Ukraine")
    seeded.set_canonical(g2, "Russia massed 100,000 troops on the Ukraine border")
    seeded.set_canonical(g3, "Blinken will fly to Kyiv to meet Zelensky")
    for gid, rating in ((g1, "true"), (g2, "mostly-false"), (g3, "false")):
        seeded.set_verdict(gid, rating=rating)
    (conflict,) = seeded.conflicts()
    assert (conflict.group_ids, conflict.kind, conflict.ratings) == ([g1, g2], "similar", ["true", "mostly-false"])


def test_linked_variants_whose_notes_contradict_are_a_conflict_inside_the_group(seeded: Workbench) -> None:
    first, second = articles_with(seeded, QUOTE)
    a = claim_at(seeded, first, QUOTE, note="False: NATO rejected all of them.")
    b = claim_at(seeded, second, QUOTE, note="Accurate, matches the transcript.")
    seeded.link_claims(a, b)
    gid = seeded.get_claim(a).group_id
    (conflict,) = seeded.conflicts()
    assert conflict.group_ids == [gid, gid] and conflict.kind == "notes"
    assert conflict.ratings == ["false", "accurate"] and sorted(conflict.claim_ids) == sorted([a, b])
    seeded.set_claim_note(b, "Not accurate either.")
    assert seeded.conflicts() == []


def rated_pair(wb: Workbench) -> tuple[int, int]:
    first, second = articles_with(wb, QUOTE)
    ga = wb.get_claim(claim_at(wb, first, QUOTE)).group_id
    gb = wb.get_claim(claim_at(wb, second, QUOTE)).group_id
    wb.set_verdict(ga, rating="false", rationale="NATO said no.", status="final",
                   evidence=[EvidenceInfo(id=None, url="https://nato.example/statement", title="Statement", note="")])
    wb.set_verdict(gb, rating="mostly-true", rationale="Partly.")
    wb.set_verdict(gb, status="review")
    return ga, gb


def test_keeping_apart_hides_the_conflict_with_its_reason_and_undo_shows_it_again(seeded: Workbench) -> None:
    ga, gb = rated_pair(seeded)
    assert len(seeded.conflicts()) == 1
    with pytest.raises(InvalidValue, match="reason"):
        seeded.keep_apart(ga, gb, "  ")
    kept = seeded.keep_apart(gb, ga, "different\nspeakers")
    assert kept.group_ids == sorted([ga, gb]) and kept.reason == "different speakers"
    assert seeded.conflicts() == []
    (shown,) = seeded.conflicts(include_kept=True)
    assert shown.kept_apart == "different speakers"
    with pytest.raises(InvalidValue, match="already kept apart"):
        seeded.keep_apart(ga, gb, "again")
    seeded.undo_keep_apart(kept)
    assert [c.kept_apart for c in seeded.conflicts()] == [None]


def test_merging_keeps_one_verdict_and_undo_puts_both_groups_and_the_other_verdict_back(
        seeded: Workbench, db_path: Path) -> None:
    ga, gb = rated_pair(seeded)
    seeded.keep_apart(ga, gb, "first thought they differ")
    before = dump(db_path)

    merge = seeded.merge_conflict(ga, gb, keep_verdict_of=gb)
    group = seeded.get_group(merge.group_id)
    assert merge.group_id == gb and len(group.claims) == 2 and group.rating == "mostly-true"
    assert seeded.conflicts(include_kept=True) == []
    assert dump(db_path)["conflict_decisions"] == []  # the decision went with the merged group

    seeded.undo_merge_conflict(merge)
    after = dump(db_path)
    for state in (before, after):
        state["claim_groups"] = [row[:3] for row in state["claim_groups"]]  # merging touches updated_at
    assert after == before
    verdict = seeded.get_verdict(ga)
    assert verdict is not None and verdict.rating == "false" and verdict.evidence[0].url.endswith("/statement")


def test_merge_refuses_a_verdict_of_neither_group(seeded: Workbench) -> None:
    ga, gb = rated_pair(seeded)
    with pytest.raises(InvalidValue, match="keep the verdict of group"):
        seeded.merge_conflict(ga, gb, keep_verdict_of=ga + gb + 100)
    with pytest.raises(InvalidValue, match="itself"):
        seeded.merge_conflict(ga, ga, keep_verdict_of=ga)
