"""Suggestion lifecycle through the service: suggest, accept, reject, link, unlink, and their inverses."""

from __future__ import annotations

import pytest

from workbench.errors import InvalidValue, NotFound
from workbench.service import Workbench

WAITING = "We\u2019re currently waiting for the promised answers in order to continue negotiations"
LETS_HOPE = "Let's hope these talks will continue"


def articles(wb: Workbench) -> dict[str, int]:
    """Seed file prefix ('000'...'004') -> article id."""
    return {wb.get_article(a.id).file_name[:3]: a.id for a in wb.list_articles()}


def state(wb: Workbench) -> list[tuple]:
    """Every claim with its group, and every suggestion with its state: the library's link state."""
    claims = [(c.id, c.article_id, c.group_id, c.start, c.end) for c in wb.list_claims()]
    groups = [(g.id, g.canonical, tuple(sorted(c.id for c in g.claims))) for g in wb.list_groups()]
    suggestions = [
        (s.id, s.state, s.existing_claim_id)
        for c in wb.list_claims()
        for s in wb.list_suggestions(c.id, states=("pending", "accepted", "rejected"))
    ]
    return [claims, groups, suggestions]


@pytest.fixture
def lib(seeded: Workbench) -> tuple[Workbench, dict[str, int], int]:
    ids = articles(seeded)
    claim = seeded.add_claim(ids["001"], quote=WAITING)
    return seeded, ids, claim.id


def test_suggest_finds_the_reprint_first_and_the_rewordings(lib: tuple) -> None:
    wb, ids, claim_id = lib
    wb.embed_pending()
    found = wb.suggest(claim_id)
    assert [s.article_id for s in found[:1]] == [ids["000"]]
    assert found[0].text == WAITING and found[0].score >= 99 and found[0].tier == "same-text"
    assert found[0].explanation is not None and found[0].explanation.changed_words == ()
    assert {ids["003"], ids["004"]} <= {s.article_id for s in found}
    reworded = next(s for s in found if s.article_id == ids["003"])
    assert "in order to continue negotiations" in reworded.text and reworded.tier == "reworded"
    explanation = reworded.explanation
    assert explanation is not None and explanation.tier_label == "reworded"
    assert {"continue", "negotiations", "order"} <= set(explanation.shared_terms)
    assert any("currently waiting" in old and "awaiting responses" in new for old, new in explanation.changed_words)
    assert explanation.semantic_similarity is not None and explanation.semantic_similarity > 0.6
    assert all(s.state == "pending" and s.id is not None for s in found)
    assert found == sorted(found, key=lambda s: -s.score)


def test_suggesting_again_replaces_pending_suggestions_without_duplicates(lib: tuple) -> None:
    wb, _, claim_id = lib
    first = wb.suggest(claim_id)
    again = wb.suggest(claim_id)
    assert [s.id for s in again] == [s.id for s in first]
    assert len(wb.list_suggestions(claim_id)) == len(first)
    assert wb.suggest(claim_id, store=False)[0].id is None
    assert wb.suggest(claim_id, min_score=99.5) == [first[0]]
    assert wb.list_suggestions(claim_id) == first  # lower-scored ones were out of that search's scope
    target = first[-1]
    text = wb.get_article(target.article_id).text
    wb.update_article_text(target.article_id, text[: target.start] + "Nothing to see here." + text[target.end :])
    assert target.id not in [s.id for s in wb.suggest(claim_id)]
    assert target.id not in [s.id for s in wb.list_suggestions(claim_id)]  # stale: deleted


def test_accepting_a_suggestion_creates_the_claim_in_the_same_group_and_undo_restores(lib: tuple) -> None:
    wb, ids, claim_id = lib
    top = wb.suggest(claim_id)[0]
    before = state(wb)
    result = wb.accept_suggestion(top.id)
    assert result.created_claim and result.merged_group is None
    created = wb.get_claim(result.target_claim_id)
    assert (created.article_id, created.start, created.end, created.text) == (ids["000"], top.start, top.end, WAITING)
    assert created.group_id == wb.get_claim(claim_id).group_id == result.group_id
    assert wb.get_suggestion(top.id).state == "accepted"
    assert top.article_id not in {s.article_id for s in wb.suggest(claim_id)}  # linked: not re-suggested
    wb.undo_accept(result)
    assert wb.get_suggestion(top.id).state == "pending"
    with pytest.raises(NotFound):
        wb.get_claim(result.target_claim_id)
    assert state(wb)[:2] == before[:2]


def test_accepting_a_suggestion_over_an_existing_claim_merges_the_groups_and_undo_splits_them(lib: tuple) -> None:
    wb, ids, claim_id = lib
    other = wb.add_claim(ids["000"], quote=WAITING[:40])
    top = wb.suggest(claim_id)[0]
    assert top.article_id == ids["000"] and top.existing_claim_id == other.id
    before = state(wb)
    result = wb.accept_suggestion(top.id)
    assert not result.created_claim and result.target_claim_id == other.id
    assert wb.get_claim(claim_id).group_id == wb.get_claim(other.id).group_id == result.group_id
    assert result.merged_group is not None and len(wb.list_groups()) == 1
    wb.undo_accept(result)
    assert state(wb) == before


def test_merging_keeps_the_group_with_a_verdict_and_refuses_two_verdicts(lib: tuple) -> None:
    wb, ids, claim_id = lib
    newer = wb.add_claim(ids["003"], quote="We are now awaiting responses")
    wb.set_verdict(newer.group_id, rating="true", rationale="checked")
    result = wb.link_claims(claim_id, newer.id)
    assert result.group_id == newer.group_id  # the group with the verdict survives, though newer
    assert wb.get_claim(claim_id).group_id == newer.group_id
    wb.undo_link(result)
    assert wb.get_claim(claim_id).group_id != newer.group_id
    wb.set_verdict(wb.get_claim(claim_id).group_id, rating="false", rationale="other finding")
    with pytest.raises(InvalidValue, match="both claims already have a verdict"):
        wb.link_claims(claim_id, newer.id)


def test_rejected_span_is_never_proposed_again_until_unrejected(lib: tuple) -> None:
    wb, ids, claim_id = lib
    rejected = next(s for s in wb.suggest(claim_id) if s.article_id == ids["003"])
    wb.reject_suggestion(rejected.id)
    again = wb.suggest(claim_id)
    assert all(s.article_id != ids["003"] or s.end <= rejected.start or s.start >= rejected.end for s in again)
    assert [s.id for s in wb.list_suggestions(claim_id, states=("rejected",))] == [rejected.id]
    wb.match_all()
    assert wb.get_suggestion(rejected.id).state == "rejected"
    assert all(s.article_id != ids["003"] for s in wb.list_suggestions(claim_id))
    wb.unreject_suggestion(rejected.id)
    assert wb.get_suggestion(rejected.id).state == "pending"
    with pytest.raises(InvalidValue):
        wb.unreject_suggestion(rejected.id)


def test_an_accepted_suggestion_cannot_be_rejected(lib: tuple) -> None:
    wb, _, claim_id = lib
    top = wb.suggest(claim_id)[0]
    wb.accept_suggestion(top.id)
    with pytest.raises(InvalidValue, match="unlink"):
        wb.reject_suggestion(top.id)


def test_unlinking_splits_a_claim_out_and_relinking_restores_it(lib: tuple) -> None:
    wb, ids, claim_id = lib
    with pytest.raises(InvalidValue, match="not linked"):
        wb.unlink_claim(claim_id)
    result = wb.link_to_span(claim_id, ids["000"], *_span(wb, ids["000"], WAITING))
    before = state(wb)
    unlinked = wb.unlink_claim(result.target_claim_id)
    assert wb.get_claim(result.target_claim_id).group_id == unlinked.new_group_id != unlinked.old_group_id
    assert len(wb.list_groups()) == 2
    wb.relink_claim(unlinked)
    assert state(wb) == before


def test_link_to_span_reuses_a_claim_with_that_exact_span_and_checks_the_span(lib: tuple) -> None:
    wb, ids, claim_id = lib
    start, end = _span(wb, ids["000"], WAITING)
    existing = wb.add_claim(ids["000"], start=start, end=end)
    result = wb.link_to_span(claim_id, ids["000"], start, end)
    assert result.target_claim_id == existing.id and not result.created_claim
    with pytest.raises(InvalidValue, match="already linked"):
        wb.link_claims(claim_id, existing.id)
    with pytest.raises(Exception, match="outside"):
        wb.link_to_span(claim_id, ids["000"], 10, 10**7)


def test_match_all_stores_pending_suggestions_with_progress_and_cancel(lib: tuple) -> None:
    wb, ids, claim_id = lib
    hope = wb.add_claim(ids["003"], quote=LETS_HOPE)
    calls: list[tuple[int, int]] = []
    summary = wb.match_all(progress=lambda done, total, message: calls.append((done, total)))
    assert summary.claims_total == summary.claims_done == 2 and not summary.cancelled
    assert calls[-1] == (2, 2) and summary.suggestions >= 4
    assert [s.article_id for s in wb.list_suggestions(hope.id)][:1] == [ids["004"]]
    only = wb.match_all(article_id=ids["003"])
    assert only.claims_total == 1 and only.new_suggestions == 0
    stopped = wb.match_all(cancelled=lambda: True)
    assert stopped.cancelled and stopped.claims_done == 0
    assert len(wb.list_suggestions(claim_id)) == summary.suggestions - len(wb.list_suggestions(hope.id))
    with pytest.raises(NotFound):
        wb.match_all(article_id=999)


def test_reprints_finds_the_russialink_reprint_of_the_moscow_times(lib: tuple) -> None:
    wb, ids, _ = lib
    pairs = wb.reprints()
    assert [(p.article_id, p.other_article_id) for p in pairs] == [tuple(sorted((ids["000"], ids["001"])))]
    assert pairs[0].overlap >= 0.8 and pairs[0].title and pairs[0].other_title


def test_suggest_errors_are_our_own(lib: tuple) -> None:
    wb, _, claim_id = lib
    with pytest.raises(NotFound):
        wb.suggest(999)
    with pytest.raises(InvalidValue):
        wb.suggest(claim_id, per_article=0)
    with pytest.raises(NotFound):
        wb.accept_suggestion(999)


def _span(wb: Workbench, article_id: int, quote: str) -> tuple[int, int]:
    text = wb.get_article(article_id).text
    start = text.index(quote)
    return start, start + len(quote)


@pytest.mark.parametrize("small", [False, True], ids=["default", "small-chunks"])
def test_batch_matching_stores_what_suggest_finds_for_each_claim(seeded: Workbench, small: bool,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch path (each chunk's top passages retrieved on a second thread, cosines of many claims at
    once, texts read for a whole chunk) equals suggest; small-chunks: many chunks, texts read 3 at a time."""
    from seed_eval import build_library

    import workbench.db as db_module
    import workbench.matching.batch as batch_module

    if small:
        monkeypatch.setattr(batch_module, "CLAIMS_PER_TRANSACTION", 3)
        monkeypatch.setattr(db_module, "IN_LIST", 3)
    wb = seeded
    for article in wb.list_articles():
        wb.delete_article(article.id)
    _, queries = build_library(wb)  # the labelled claims, embedded
    expected = {q.claim_id: [(s.article_id, s.start, s.end, s.score, s.tier)
                             for s in wb.suggest(q.claim_id, store=False)]
                for q in queries}
    wb.match_all()
    for claim_id, found in expected.items():
        stored = [(s.article_id, s.start, s.end, s.score, s.tier) for s in wb.list_suggestions(claim_id)]
        assert sorted(stored) == sorted(found), claim_id


def test_matching_all_again_replaces_pending_suggestions_and_keeps_decisions(lib: tuple) -> None:
    """Each chunk is stored at once (one read of its pending suggestions, one flush): a second run finds
    nothing new, rejected spans stay rejected, and a pending suggestion no longer found is deleted."""
    from workbench.model import Suggestion

    wb, ids, claim_id = lib
    hope = wb.add_claim(ids["003"], quote=LETS_HOPE)
    wb.embed_pending()
    wb.match_all()
    rejected = wb.list_suggestions(hope.id)[0]
    wb.reject_suggestion(rejected.id)
    pending = {c: [(s.article_id, s.start, s.end, s.score) for s in wb.list_suggestions(c)]
               for c in (claim_id, hope.id)}
    with wb.db.write() as session:  # a pending suggestion the matcher would not find (the text changed since)
        session.add(Suggestion(claim_id=claim_id, article_id=ids["002"], start=0, end=5, state="pending",
                               text="stale", score=99.0, method="same-text", tier="same-text", lexical=1.0,
                               character=100.0))
    again = wb.match_all()
    assert again.claims_done == 2 and again.new_suggestions == 0
    assert {c: [(s.article_id, s.start, s.end, s.score) for s in wb.list_suggestions(c)]
            for c in (claim_id, hope.id)} == pending
    assert [s.id for s in wb.list_suggestions(hope.id, states=("rejected",))] == [rejected.id]
