"""Team mode on PostgreSQL: `team` commands, roles the server enforces even on raw SQL, authors, sign-off.

The reviewer and editor logins connect as themselves (tests/conftest.py: TeamLibrary); "raw SQL" is a plain
psycopg connection as that login, i.e. what any SQL client could send, without the app's checks.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import psycopg
import pytest
from teamkit import TeamLibrary

from workbench.cli import main
from workbench.errors import PermissionRefused
from workbench.service import Workbench

pytestmark = pytest.mark.postgresql_only


def cli(db: str, *args: str) -> tuple[int, str, str]:
    """main() in-process, as the console script runs it: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--db", db, *args])
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def refused(sql_error: pytest.ExceptionInfo[psycopg.Error]) -> str:
    return sql_error.value.diag.message_primary or ""


@pytest.fixture
def rated(team: TeamLibrary) -> tuple[TeamLibrary, int]:
    """A claim group with a draft verdict written by the reviewer alice: (team, group id)."""
    alice = team.open(team.alice)
    claim = alice.add_claim(1, start=0, end=30)
    alice.set_verdict(claim.group_id, rating="false", rationale="The figures say otherwise.")
    return team, claim.group_id


# -- team commands --------------------------------------------------------------------------------


def test_the_owner_sets_up_the_team_adds_lists_and_removes_logins(pg, tmp_path: Path) -> None:
    """The whole life of a team through the CLI, run by a non-superuser owner that may create roles."""
    owner = "desk_owner"
    pg.execute(f"CREATE ROLE {owner} LOGIN CREATEROLE")
    database = pg.new_database()
    pg.execute(f'ALTER DATABASE "{database}" OWNER TO {owner}')
    url = pg.url(database, owner)
    password_file = tmp_path / "pw.txt"
    password_file.write_text("correct horse battery\n", encoding="utf-8")
    try:
        code, out, err = cli(url, "team", "init")  # an empty database: the library is made, then the team
        assert code == 0, err
        assert "created the group role cw_reviewer" in out or "granted" in out
        assert "set two_person_signoff = on" in out
        assert cli(url, "team", "init")[0] == 0  # again (after an upgrade): nothing breaks

        code, out, err = cli(url, "team", "add", "erin_t", "--role", "reviewer", "--password-file", str(password_file))
        assert (code, out) == (0, "created the login erin_t as reviewer\n"), err
        assert cli(url, "team", "add", "frank_t", "--role", "editor", "--password-file", str(password_file))[0] == 0
        code, out, _ = cli(url, "team", "list", "--json")
        assert json.loads(out) == [{"login": "erin_t", "role": "reviewer", "can_login": True},
                                   {"login": "frank_t", "role": "editor", "can_login": True}]
        # the password works over TCP (scram-sha-256), the app runs as erin_t and knows her role
        erin = Workbench.open(pg.url(database, "erin_t", password="correct horse battery", tcp=True))
        try:
            assert (erin.user, erin.team_role()) == ("erin_t", "reviewer")
        finally:
            erin.close()
        # a reviewer cannot manage the team
        code, _, err = cli(pg.url(database, "erin_t"), "team", "add", "mallory", "--role", "editor",
                           "--password-file", str(password_file))
        assert code == 2
        assert err == f"claim-workbench: error: only the library's owner ({owner}) can manage the team, not erin_t\n"
        # editor -> reviewer, then out
        assert cli(url, "team", "add", "frank_t", "--role", "reviewer", "--password-file", str(password_file))[1] \
            == "updated the login frank_t as reviewer\n"
        assert cli(url, "team", "remove", "erin_t") == (0, "removed erin_t from the team\n", "")
        code, out, _ = cli(url, "team", "list", "--json")
        assert json.loads(out) == [{"login": "frank_t", "role": "reviewer", "can_login": True}]
        code, _, err = cli(url, "team", "remove", "nobody_here")
        assert code == 2 and "nobody_here is not a member of the team" in err
    finally:
        pg.drop_database(database)
        pg.execute("DROP ROLE IF EXISTS erin_t", "DROP ROLE IF EXISTS frank_t", f"DROP ROLE IF EXISTS {owner}")


def test_a_password_is_never_an_argument(team: TeamLibrary) -> None:
    code, _, err = cli(team.url(), "team", "add", "gina_t", "--role", "reviewer")  # stdin is not a terminal
    assert code == 2 and "give --password-file when not at a terminal" in err
    with pytest.raises(SystemExit):
        main(["--db", team.url(), "team", "add", "gina_t", "--role", "reviewer", "--password", "hunter2"])


def test_team_commands_on_an_sqlite_library_refuse_with_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "solo.sqlite3")
    for args in (["team", "init"], ["team", "list"], ["team", "remove", "x"]):
        code, out, err = cli(db, *args)
        assert code == 2 and out == ""
        assert err.startswith("claim-workbench: error: ") and err.count("\n") == 1
        assert "team commands need a library on a PostgreSQL server" in err


# -- rules the server enforces ------------------------------------------------------------------------


def test_a_reviewer_with_raw_sql_cannot_make_a_verdict_final_nor_touch_revisions(rated) -> None:
    team, group = rated
    with team.connect(team.alice) as sql:
        with pytest.raises(psycopg.Error) as caught:
            sql.execute("UPDATE verdicts SET status = 'final' WHERE group_id = %s", (group,))
        assert refused(caught) == "only an editor can make a verdict final"
        other = sql.execute("INSERT INTO claim_groups(canonical, created_at, updated_at) "
                            "VALUES ('x', now(), now()) RETURNING id").fetchone()[0]
        with pytest.raises(psycopg.Error) as caught:  # nor by writing a final verdict straight away
            sql.execute("INSERT INTO verdicts(group_id, rationale, status, version, created_at, updated_at) "
                        "VALUES (%s, 'mine', 'final', 1, now(), now())", (other,))
        assert refused(caught) == "only an editor can make a verdict final"
        for statement in ("UPDATE verdict_revisions SET changed_by = 'bob'", "DELETE FROM verdict_revisions",
                          "DELETE FROM verdicts", "TRUNCATE verdict_revisions"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                sql.execute(statement)
        with pytest.raises(psycopg.Error) as caught:  # a revision only for the verdict's current version
            sql.execute("INSERT INTO verdict_revisions(verdict_id, version, changed_at, changes) "
                        "SELECT id, version + 5, now(), '{}' FROM verdicts WHERE group_id = %s", (group,))
        assert "current version" in refused(caught)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor give themselves more rights
            sql.execute(f"GRANT cw_editor TO {team.alice}")
    verdict = team.open(None).get_verdict(group)
    assert verdict is not None and verdict.status == "draft" and len(verdict.revisions) == 1


def test_not_even_an_editor_may_change_or_delete_revisions(rated) -> None:
    team, group = rated
    with team.connect(team.bob) as sql:
        for statement in ("UPDATE verdict_revisions SET changes = '{}'", "DELETE FROM verdict_revisions"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                sql.execute(statement)
        # nor by deleting the verdict (which would take its history along)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql.execute("DELETE FROM verdicts WHERE group_id = %s", (group,))
    with pytest.raises(PermissionRefused, match="never deleted"):
        team.open(team.bob).delete_verdict(group)


def test_only_an_editor_makes_a_verdict_final_and_changes_a_final_one(rated) -> None:
    team, group = rated
    alice, bob = team.open(team.alice), team.open(team.bob)
    with pytest.raises(PermissionRefused, match=r"^only an editor can make a verdict final$"):
        alice.set_verdict(group, status="final")
    final = bob.set_verdict(group, status="final")
    assert (final.status, final.written_by, final.approved_by) == ("final", team.alice, team.bob)
    assert final.approved_at is not None
    with pytest.raises(PermissionRefused, match=r"^only an editor can change a final verdict$"):
        alice.set_verdict(group, status="review")
    with team.connect(team.alice) as sql, pytest.raises(psycopg.Error) as caught:
        sql.execute("UPDATE evidence SET note = 'x' WHERE verdict_id IN (SELECT id FROM verdicts)")
        sql.execute("INSERT INTO evidence(verdict_id, url, title, note, position) "
                    "SELECT id, 'https://x', '', '', 0 FROM verdicts WHERE group_id = %s", (group,))
    assert refused(caught) == "only an editor can change a final verdict"
    back = bob.set_verdict(group, status="review")
    assert (back.status, back.approved_by, back.approved_at) == ("review", None, None)


def test_the_cli_shows_a_refused_action_as_one_line_with_exit_2(rated) -> None:
    team, group = rated
    code, out, err = cli(team.url(team.alice), "verdict", str(group), "--status", "final")
    assert (code, out) == (2, "")
    assert err == "claim-workbench: error: only an editor can make a verdict final\n"
    code, _, err = cli(team.url(team.alice), "settings", "organisation", "Mallory's")
    assert code == 2 and err.count("\n") == 1 and "permission denied for table settings" in err


def test_authors_are_the_login_whatever_the_client_sends(team: TeamLibrary) -> None:
    from workbench.service import Workbench

    alice = Workbench.open(team.url(team.alice), user="the-editor-in-chief")  # a name is not a login
    try:
        assert alice.user == team.alice
        claim = alice.add_claim(2, start=0, end=20)
        verdict = alice.set_verdict(claim.group_id, rating="mixed", reviewer="bob")
        assert claim.created_by == verdict.reviewer == verdict.written_by == team.alice
        assert verdict.revisions[-1].changed_by == team.alice
    finally:
        alice.close()
    with team.connect(team.alice) as sql:
        made = sql.execute("INSERT INTO claims(article_id, group_id, start, \"end\", quote, prefix, suffix, "
                           "anchor_state, created_by, created_at) VALUES (2, %s, 0, 5, 'x', '', '', 'anchored', "
                           "'bob', now()) RETURNING created_by, id", (claim.group_id,)).fetchone()
        assert made[0] == team.alice
        sql.execute("UPDATE claims SET created_by = 'bob' WHERE id = %s", (claim.id,))
        assert sql.execute("SELECT created_by FROM claims WHERE id = %s", (claim.id,)).fetchone()[0] == team.alice
        sql.execute("UPDATE verdicts SET reviewer = 'bob', written_by = 'bob' WHERE group_id = %s", (claim.group_id,))
        who = sql.execute("SELECT reviewer, written_by FROM verdicts WHERE group_id = %s", (claim.group_id,)).fetchone()
        assert who == (team.alice, team.alice)


def test_two_person_sign_off_needs_an_editor_other_than_the_author(rated) -> None:
    team, group = rated
    bob, carol = team.open(team.bob), team.open(team.carol)
    assert bob.signoff_required()  # on by default in team mode
    carol.set_verdict(group, rationale="Carol rewrote the rationale.")
    with pytest.raises(PermissionRefused, match=f"^two-person sign-off: {team.carol} wrote this verdict"):
        carol.set_verdict(group, status="final")
    with team.connect(team.carol) as sql, pytest.raises(psycopg.Error) as caught:  # raw SQL: the same rule
        sql.execute("UPDATE verdicts SET status = 'final' WHERE group_id = %s", (group,))
    assert "another editor must make it final" in refused(caught)
    final = bob.set_verdict(group, status="final")
    assert (final.written_by, final.approved_by) == (team.carol, team.bob)
    with pytest.raises(PermissionRefused, match="set it back to review first"):
        bob.set_verdict(group, rationale="Bob's own words, slipped into a final verdict.")
    # only the owner turns sign-off off
    with pytest.raises(PermissionRefused, match="only the library owner can change the setting two_person_signoff"):
        bob.set_setting("two_person_signoff", "off")
    team.owner.set_setting("two_person_signoff", "off")
    bob.set_verdict(group, status="review")
    bob.set_verdict(group, rationale="Bob's words.")
    assert bob.set_verdict(group, status="final").approved_by == team.bob


def test_reviewers_manage_nothing_but_their_work(team: TeamLibrary) -> None:
    alice, bob = team.open(team.alice), team.open(team.bob)
    group = alice.add_claim(3, start=0, end=20).group_id
    with pytest.raises(PermissionRefused, match="permission denied for table assignments"):
        alice.assign(group, [team.alice])
    with pytest.raises(PermissionRefused, match="permission denied for table articles"):
        alice.delete_article(5)
    assert [a.login for a in bob.assign(group, [team.alice, team.dave])] == sorted([team.alice, team.dave])
    with pytest.raises(Exception, match="not in the team: someone"):
        bob.assign(group, ["someone"])


def test_a_pg_dump_backup_restores_with_its_rules(rated, tmp_path: Path) -> None:
    """README: back up with pg_dump, restore with pg_restore (then `team init` again): data and rules come back."""
    import subprocess

    team, group = rated
    dump = tmp_path / "desk.dump"
    bindir = team.cluster.bindir
    where = ["-h", str(team.cluster.socket_dir), "-p", str(team.cluster.port), "-U", "postgres"]
    subprocess.run([str(bindir / "pg_dump"), *where, "-Fc", "-f", str(dump), team.database], check=True,
                   capture_output=True)
    copy = team.cluster.new_database(prefix="restored")
    try:
        subprocess.run([str(bindir / "pg_restore"), *where, "-d", copy, str(dump)], check=True, capture_output=True)
        owner = Workbench.open(team.cluster.url(copy))
        try:
            assert owner.team_init()  # grants again (they came back with the dump too)
            assert owner.get_verdict(group).rationale == "The figures say otherwise."  # type: ignore[union-attr]
        finally:
            owner.close()
        code, _, err = cli(team.cluster.url(copy, team.alice), "verdict", str(group), "--status", "final")
        assert code == 2 and "only an editor can make a verdict final" in err
    finally:
        team.cluster.drop_database(copy)
