"""Claims through the service: spans and quotes, overlaps, groups, removal and its undo."""

from __future__ import annotations

import pytest

from workbench.errors import InvalidValue, NotFound, QuoteNotFound, SpanOutOfRange
from workbench.service import Workbench


def article_with(wb: Workbench, text: str) -> int:
    from workbench.model import Article

    with wb.db.write() as s:
        article = Article(title="T", file_format="text", text=text, length=len(text), content_hash=str(hash(text)))
        s.add(article)
        s.flush()
        return article.id


def test_claim_from_span_and_from_quote_with_occurrence(wb: Workbench) -> None:
    aid = article_with(wb, "He said no. She said no. 🙂 They said no.")
    by_span = wb.add_claim(aid, start=3, end=10)
    assert by_span.text == "said no"
    third = wb.add_claim(aid, quote="said no", occurrence=3)
    assert (third.start, third.end) == (32, 39)
    assert third.group_id != by_span.group_id
    assert third.prefix.endswith("They ") and third.suffix == "."


def test_overlapping_claims_are_allowed(wb: Workbench) -> None:
    aid = article_with(wb, "The cat sat on the mat today.")
    a = wb.add_claim(aid, quote="cat sat on")
    b = wb.add_claim(aid, quote="sat on the mat")
    assert [c.id for c in wb.list_claims(aid)] == [a.id, b.id]


def test_bad_claims_are_refused_with_clear_errors(wb: Workbench) -> None:
    aid = article_with(wb, "Short text.")
    with pytest.raises(SpanOutOfRange):
        wb.add_claim(aid, start=5, end=99)
    with pytest.raises(QuoteNotFound):
        wb.add_claim(aid, quote="not there")
    with pytest.raises(QuoteNotFound):
        wb.add_claim(aid, quote="")
    with pytest.raises(InvalidValue):
        wb.add_claim(aid)
    with pytest.raises(NotFound):
        wb.add_claim(999, quote="x")
    with pytest.raises(NotFound):
        wb.remove_claim(42)
    assert wb.list_claims() == []


def test_removing_and_restoring_a_claim_gives_back_the_same_claim(wb: Workbench) -> None:
    aid = article_with(wb, "Alpha beta gamma delta.")
    claim = wb.add_claim(aid, quote="beta gamma", note="check")
    removed = wb.remove_claim(claim.id)
    assert removed.group_deleted
    assert wb.list_claims() == [] and wb.list_groups() == []
    restored = wb.restore_claim(removed)
    assert restored == claim
    assert [g.id for g in wb.list_groups()] == [claim.group_id]


def test_a_rated_group_survives_removal_of_its_last_claim(wb: Workbench) -> None:
    aid = article_with(wb, "Alpha beta gamma delta.")
    claim = wb.add_claim(aid, quote="beta")
    wb.set_verdict(claim.group_id, rating="false", rationale="made up")
    removed = wb.remove_claim(claim.id)
    assert not removed.group_deleted
    wb.restore_claim(removed)
    verdict = wb.get_verdict(claim.group_id)
    assert verdict is not None and verdict.rating == "false"


def test_canonical_wording_can_be_edited_and_reverted(wb: Workbench) -> None:
    aid = article_with(wb, "Alpha beta gamma delta.")
    claim = wb.add_claim(aid, quote="beta gamma")
    previous = wb.set_canonical(claim.group_id, "Beta and gamma")
    assert previous == "beta gamma"
    assert wb.get_group(claim.group_id).canonical == "Beta and gamma"
    with pytest.raises(InvalidValue):
        wb.set_canonical(claim.group_id, " ")
