"""Review queues: assigning claim groups, "my queue", `claims --assigned-to`, and what a merge does to them."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from workbench.cli import main
from workbench.errors import InvalidValue, NotFound
from workbench.service import Workbench


def cli_json(db: str, *args: str) -> object:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--db", db, *args, "--json"]) == 0
    return json.loads(out.getvalue())


def test_assigned_groups_make_each_reviewers_queue(seeded: Workbench, db_url: str) -> None:
    first = seeded.add_claim(1, start=0, end=20)
    second = seeded.add_claim(2, start=0, end=20)
    seeded.add_claim(3, start=0, end=20)
    assert [a.login for a in seeded.assign(first.group_id, ["ana", "ben", "ana"])] == ["ana", "ben"]
    seeded.assign(second.group_id, ["ana"])
    assert seeded.assign(second.group_id, ["ana"])[0].assigned_by == "tester"  # again: left as it was
    assert [g.id for g in seeded.list_groups(assigned_to="ana")] == [first.group_id, second.group_id]
    assert seeded.get_group(first.group_id).assignees == ("ana", "ben")
    ana = Workbench.open(db_url, user="ana")
    try:
        assert ana.my_queue() == [first.group_id, second.group_id]
    finally:
        ana.close()
    claims = cli_json(db_url, "claims", "--assigned-to", "ben")
    assert [c["id"] for c in claims] == [first.id]
    queue = cli_json(db_url, "queue", "ana")
    assert [g["id"] for g in queue] == [first.group_id, second.group_id]
    seeded.unassign(first.group_id, "ana")
    assert [a.group_id for a in seeded.list_assignments(login="ana")] == [second.group_id]
    with pytest.raises(InvalidValue, match="at least one login"):
        seeded.assign(first.group_id, [" "])
    with pytest.raises(NotFound, match="no claim group with id 999"):
        seeded.assign(999, ["ana"])


def test_linking_claims_moves_the_merged_groups_queue_entries_and_ratings(seeded: Workbench, db_url: str) -> None:
    kept = seeded.add_claim(1, start=0, end=20)
    merged = seeded.add_claim(2, start=0, end=20)
    seeded.assign(kept.group_id, ["ana"])
    seeded.assign(merged.group_id, ["ana", "ben"])
    raters = {name: Workbench.open(db_url, user=name) for name in ("ana", "ben")}
    try:
        raters["ana"].rate(kept.group_id, "false")
        raters["ana"].rate(merged.group_id, "true")  # she rated both: her rating of the kept group stays
        raters["ben"].rate(merged.group_id, "mixed")
    finally:
        for service in raters.values():
            service.close()
    result = seeded.link_claims(merged.id, kept.id)
    assert result.group_id == kept.group_id
    assert [(a.group_id, a.login) for a in seeded.list_assignments()] == [(kept.group_id, "ana"),
                                                                            (kept.group_id, "ben")]
    assert {(e.group_id, e.rater, e.rating) for e in seeded.list_ratings(everyone=True)} == {
        (kept.group_id, "ana", "false"), (kept.group_id, "ben", "mixed"),
    }
