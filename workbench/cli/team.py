"""CLI commands for a team library on PostgreSQL: team init, team add, team list, team remove."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from workbench.cli.common import Context, table
from workbench.errors import InvalidValue, WorkbenchError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    team = sub.add_parser("team", help="set up a team library on a PostgreSQL server and manage its logins")
    team_sub = team.add_subparsers(dest="team_command", required=True, metavar="{init,add,list,remove}")

    p = team_sub.add_parser("init", parents=[common],
                            help="once, as the library's owner: the reviewer and editor roles and their grants")
    p.set_defaults(func=cmd_team_init)

    # No abbreviations: --password must not be taken for --password-file (a password is never an argument).
    p = team_sub.add_parser("add", parents=[common], help="add a login as a reviewer or an editor", allow_abbrev=False)
    p.add_argument("login", metavar="LOGIN")
    p.add_argument("--role", required=True, choices=("reviewer", "editor"))
    p.add_argument("--password-file", type=Path, metavar="PATH",
                   help="read the login's password from the first line of this file (default: ask for it)")
    p.set_defaults(func=cmd_team_add)

    p = team_sub.add_parser("list", parents=[common], help="the team's logins and their roles")
    p.set_defaults(func=cmd_team_list)

    p = team_sub.add_parser("remove", parents=[common], help="take a login out of the team")
    p.add_argument("login", metavar="LOGIN")
    p.set_defaults(func=cmd_team_remove)


def cmd_team_init(ctx: Context) -> int:
    done = ctx.workbench.team_init()
    ctx.emit({"done": done}, lambda: "\n".join(done) + "\nThe team is set up: add logins with "
             "`claim-workbench team add LOGIN --role reviewer|editor`.")
    return 0


def read_password(path: Path | None, login: str) -> str:
    """The new login's password: from a file, or asked twice at the terminal (never from the command line)."""
    if path is not None:
        try:
            lines = path.expanduser().read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise WorkbenchError(f"{path}: cannot read the password file ({exc.strerror or exc})") from exc
        if not lines or not lines[0]:
            raise InvalidValue(f"{path}: the password file is empty")
        return lines[0]
    if not sys.stdin.isatty():
        raise WorkbenchError("give --password-file when not at a terminal (a password is never an argument)")
    first = getpass.getpass(f"Password for {login}: ")
    if not first:
        raise InvalidValue("the password is empty")
    if getpass.getpass("Once more: ") != first:
        raise InvalidValue("the two passwords differ; nothing was changed")
    return first


def cmd_team_add(ctx: Context) -> int:
    a = ctx.args
    password = read_password(a.password_file, a.login)
    created = ctx.workbench.team_add(a.login, a.role, password)
    what = "created the login" if created else "updated the login"
    ctx.emit({"login": a.login, "role": a.role, "created": created}, f"{what} {a.login} as {a.role}")
    return 0


def cmd_team_list(ctx: Context) -> int:
    wb = ctx.workbench
    members = wb.team_list()
    me = wb.login
    ctx.emit(members, lambda: table(
        ["login", "role", "can log in"],
        [(m.login + (" (you)" if m.login == me else ""), m.role, "yes" if m.can_login else "no") for m in members],
    ) if members else "No team members yet: `claim-workbench team add LOGIN --role reviewer`.")
    return 0


def cmd_team_remove(ctx: Context) -> int:
    login = ctx.args.login
    dropped = ctx.workbench.team_remove(login)
    ctx.emit({"login": login, "dropped": dropped},
             f"removed {login} from the team" + ("" if dropped else
                                                 "; the login itself stays (it holds objects elsewhere on the server)"))
    return 0
