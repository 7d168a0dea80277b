"""Verdicts through the service: revisions with who changed what, evidence, and refusing lost updates."""

from __future__ import annotations

import pytest

from workbench.errors import InvalidValue, PermissionRefused, VerdictConflict
from workbench.service import EvidenceInfo, Workbench


@pytest.fixture
def group_id(seeded: Workbench) -> int:
    article = next(a for a in seeded.list_articles() if a.source == "Press TV")
    return seeded.add_claim(article.id, quote="Russia is not going to attack anyone").group_id


def test_first_verdict_and_each_change_are_revisions(seeded: Workbench, group_id: int) -> None:
    first = seeded.set_verdict(group_id, rating="Mostly false", rationale="Troops massed at the border.")
    assert (first.version, first.rating, first.status, first.reviewer) == (1, "mostly-false", "draft", "tester")
    second = seeded.set_verdict(group_id, status="in review", expected_version=1)
    assert second.version == 2 and second.status == "review"
    assert [r.changes for r in second.revisions][1] == {"status": ["draft", "review"]}
    assert all(r.changed_by == "tester" for r in second.revisions)
    unchanged = seeded.set_verdict(group_id, status="review")
    assert unchanged.version == 2 and len(unchanged.revisions) == 2


def test_evidence_is_replaced_as_a_list_and_recorded(seeded: Workbench, group_id: int) -> None:
    seeded.set_verdict(group_id, evidence=[EvidenceInfo(url="https://example.org/a", title="Transcript", note="p. 2")])
    v = seeded.set_verdict(group_id, evidence=[
        EvidenceInfo(url="https://example.org/a", title="Transcript", note="p. 2"),
        EvidenceInfo(url="https://example.org/b", title="Satellite images"),
    ])
    assert [e.url for e in v.evidence] == ["https://example.org/a", "https://example.org/b"]
    assert "evidence" in v.revisions[-1].changes


def test_unknown_rating_and_status_are_refused(seeded: Workbench, group_id: int) -> None:
    with pytest.raises(InvalidValue, match="unknown rating 'pants on fire'"):
        seeded.set_verdict(group_id, rating="pants on fire")
    with pytest.raises(InvalidValue, match="unknown status"):
        seeded.set_verdict(group_id, status="published")
    assert seeded.get_verdict(group_id) is None


def test_an_edit_based_on_an_old_version_is_a_conflict_showing_both(db_url, seeded: Workbench, group_id: int) -> None:
    seeded.set_verdict(group_id, rating="false")
    other = Workbench.open(db_url, user="colleague")
    try:
        other.set_verdict(group_id, rating="mixed", expected_version=1)
    finally:
        other.close()
    with pytest.raises(VerdictConflict) as caught:
        seeded.set_verdict(group_id, rating="true", expected_version=1)
    assert caught.value.theirs["rating"] == "mixed" and caught.value.yours == {"rating": "true"}
    assert "colleague" in str(caught.value)
    assert seeded.get_verdict(group_id).rating == "mixed"


def test_deleting_a_verdict_that_moved_on_is_refused(seeded: Workbench, group_id: int) -> None:
    seeded.set_verdict(group_id, rating="false")
    seeded.set_verdict(group_id, rating="true")
    with pytest.raises(VerdictConflict):
        seeded.delete_verdict(group_id, expected_version=1)
    seeded.delete_verdict(group_id, expected_version=2)
    assert seeded.get_verdict(group_id) is None


def test_canonical_wording_changed_elsewhere_is_not_overwritten(seeded: Workbench, group_id: int) -> None:
    original = seeded.get_group(group_id).canonical
    seeded.set_canonical(group_id, "Russia will not attack anyone", expected=original)
    with pytest.raises(VerdictConflict):
        seeded.set_canonical(group_id, "Something else", expected=original)
    assert seeded.get_group(group_id).canonical == "Russia will not attack anyone"


def test_settings_are_stored_in_the_library(seeded: Workbench) -> None:
    assert seeded.get_setting("organisation") is None
    seeded.set_setting("organisation", "Desk Check")
    seeded.set_setting("organisation", "Desk Check Ltd")
    assert seeded.get_setting("organisation") == "Desk Check Ltd"


def test_sign_off_on_any_backend_is_a_library_setting(seeded: Workbench, db_url: str) -> None:
    """SQLite too (one machine, several people): off by default; on, the author cannot approve."""
    claim = seeded.add_claim(1, start=0, end=25)
    assert not seeded.signoff_required()
    seeded.set_setting("two_person_signoff", "on")
    seeded.set_verdict(claim.group_id, rating="true", rationale="Checked.")
    with pytest.raises(PermissionRefused, match="tester wrote this verdict"):
        seeded.set_verdict(claim.group_id, status="final")
    editor = Workbench.open(db_url, user="editor")
    try:
        final = editor.set_verdict(claim.group_id, status="final")
    finally:
        editor.close()
    assert (final.status, final.written_by, final.approved_by) == ("final", "tester", "editor")
    with pytest.raises(Exception, match="on or off"):
        seeded.set_setting("two_person_signoff", "maybe")
