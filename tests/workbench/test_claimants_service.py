"""Claimants through the service and the command line: set, clear, undo, conflicts, suggestions, `groups --json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.claimant import Claimant
from workbench.cli import main
from workbench.errors import InvalidValue, NotFound, VerdictConflict


def lavrov_group(wb) -> int:  # type: ignore[no-untyped-def]
    """A claim group holding the quote Lavrov is credited with in the Press TV article."""
    article = next(a for a in wb.list_articles() if a.source == "Press TV")
    return wb.add_claim(article.id, quote="Let's hope these talks will continue").group_id


def test_set_clear_and_restore_a_claimant_stored_on_the_group(seeded) -> None:
    wb = seeded
    gid = lavrov_group(wb)
    assert wb.get_claimant(gid) is None and wb.get_group(gid).claimant is None
    assert wb.set_claimant(gid, " Sergei  Lavrov ", role="Russian Foreign Minister") is None
    lavrov = Claimant("Sergei Lavrov", "Russian Foreign Minister", "Person")
    assert wb.get_claimant(gid) == lavrov and wb.get_group(gid).claimant == lavrov
    previous = wb.set_claimant(gid, "Russian Foreign Ministry", organization=True)
    assert previous == lavrov
    assert wb.get_claimant(gid) == Claimant("Russian Foreign Ministry", None, "Organization")
    wb.restore_claimant(gid, previous)  # undo
    assert wb.get_claimant(gid) == lavrov
    assert wb.clear_claimant(gid) == lavrov and wb.get_claimant(gid) is None
    wb.restore_claimant(gid, lavrov)
    assert [g.claimant for g in wb.list_groups()] == [lavrov]


def test_a_claimant_changed_elsewhere_is_not_overwritten(seeded) -> None:
    wb = seeded
    gid = lavrov_group(wb)
    wb.set_claimant(gid, "Sergei Lavrov")
    with pytest.raises(VerdictConflict, match="changed elsewhere"):
        wb.set_claimant(gid, "Antony Blinken", expected=None)  # the caller saw no claimant
    with pytest.raises(VerdictConflict):
        wb.clear_claimant(gid, expected=Claimant("Someone else"))
    assert wb.get_claimant(gid) == Claimant("Sergei Lavrov")
    wb.set_claimant(gid, "Antony Blinken", expected=Claimant("Sergei Lavrov"))
    assert wb.get_claimant(gid) == Claimant("Antony Blinken")


def test_bad_claimants_and_unknown_groups_are_refused(seeded) -> None:
    wb = seeded
    gid = lavrov_group(wb)
    with pytest.raises(InvalidValue, match="cannot be empty"):
        wb.set_claimant(gid, "   ")
    with pytest.raises(NotFound, match="no claim group with id 999"):
        wb.set_claimant(999, "Lavrov")
    with pytest.raises(NotFound):
        wb.suggest_claimant(999)


def test_the_suggestion_comes_from_the_claims_article_and_is_not_stored(seeded) -> None:
    wb = seeded
    gid = lavrov_group(wb)
    proposal = wb.suggest_claimant(gid)
    assert proposal is not None and proposal.group_id == gid
    assert proposal.suggestion.claimant == Claimant("Sergei Lavrov", "Russian Foreign Minister", "Person")
    assert proposal.suggestion.evidence == "Lavrov added"
    text = wb.get_article(proposal.article_id).text
    assert text[proposal.suggestion.start : proposal.suggestion.end] == "Lavrov added"
    assert wb.get_claimant(gid) is None  # the reviewer accepts it, or not
    article = next(a for a in wb.list_articles() if a.source == "Press TV")
    unattributed = wb.add_claim(article.id, quote="Russia rejects that allegation").group_id
    assert wb.suggest_claimant(unattributed) is None


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", str(db)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_claimant_command_sets_clears_suggests_and_groups_json_shows_it(seeded, db_path, capsys) -> None:
    gid = str(lavrov_group(seeded))
    code, out, _ = run(capsys, db_path, "claimant", gid, "--suggest")
    assert code == 0 and out.splitlines() == [
        f"group {gid}: suggested claimant Sergei Lavrov, Russian Foreign Minister (person)",
        out.splitlines()[1],
        f"  accept it with: claim-workbench claimant {gid} 'Sergei Lavrov' --role 'Russian Foreign Minister'",
    ]
    assert "from “Lavrov added” in article" in out
    code, out, _ = run(capsys, db_path, "claimant", gid, "Sergei Lavrov", "--role", "Russian Foreign Minister")
    assert code == 0 and out == f"group {gid}: claimant Sergei Lavrov, Russian Foreign Minister (person)\n"
    code, out, _ = run(capsys, db_path, "groups", "--json")
    assert json.loads(out)[0]["claimant"] == {"name": "Sergei Lavrov", "role": "Russian Foreign Minister",
                                              "type": "Person"}
    assert "  claimant: Sergei Lavrov, Russian Foreign Minister" in run(capsys, db_path, "groups")[1]
    code, out, _ = run(capsys, db_path, "claimant", gid, "Kremlin", "--organization", "--json")
    assert json.loads(out)["claimant"] == {"name": "Kremlin", "role": None, "type": "Organization"}
    code, out, _ = run(capsys, db_path, "claimant", gid, "--clear")
    assert code == 0 and out == f"group {gid}: claimant cleared (was Kremlin (organisation))\n"
    code, out, _ = run(capsys, db_path, "groups", "--json")
    assert json.loads(out)[0]["claimant"] is None
    assert run(capsys, db_path, "claimant", gid)[1] == f"group {gid}: claimant none\n"
    code, _, err = run(capsys, db_path, "claimant", gid, "X", "--clear")
    assert code == 2 and "give only one of NAME, --clear and --suggest" in err
    code, _, err = run(capsys, db_path, "claimant", gid, "--role", "Minister")
    assert code == 2 and "give the claimant's name too" in err
