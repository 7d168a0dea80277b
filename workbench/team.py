"""Team mode on PostgreSQL: the two group roles, their grants, and the logins in them.

`team init` (run once by the library's owner, again after an upgrade adds tables) creates the NOLOGIN
group roles cw_reviewer and cw_editor (an editor is also a reviewer) and grants each table what the role
needs, no more. What grants cannot say (only an editor makes a verdict final, revisions are append-only,
authors are the login, reviewers see only their own blind ratings) the database enforces with the triggers
and policies of migration 0007, for every login in those roles, whatever client it uses.

Roles belong to the whole server, not to one database: a server holding several libraries shares its
reviewers and editors between them (each library still grants its own tables).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from workbench.errors import InvalidValue, PermissionRefused, WorkbenchError

ROLES = {"reviewer": "cw_reviewer", "editor": "cw_editor"}
GROUP_ROLES = frozenset(ROLES.values())
ALL_DML = ("SELECT", "INSERT", "UPDATE", "DELETE")

# What a reviewer may do per table: import and edit articles, mark and link claims, store suggestions, write
# verdicts with their evidence (the triggers keep final ones to editors), add revisions, rate blindly.
REVIEWER_GRANTS: dict[str, tuple[str, ...]] = {
    "alembic_version": ("SELECT",),
    "rating_scale": ("SELECT",),
    "settings": ("SELECT",),
    "assignments": ("SELECT",),
    "sources": ("SELECT", "INSERT", "UPDATE"),
    "articles": ("SELECT", "INSERT", "UPDATE"),
    "article_passages": ALL_DML,  # derived data: passages and vectors are (re)built by whoever matches
    "article_vectors": ALL_DML,
    "claim_vectors": ALL_DML,
    "derived_data": ALL_DML,
    "factchecks": ("SELECT", "INSERT", "UPDATE"),  # imported fact-checks (their vectors are filled in later)
    "claim_groups": ALL_DML,
    "claims": ALL_DML,
    "suggestions": ALL_DML,
    "verdicts": ("SELECT", "INSERT", "UPDATE"),
    "evidence": ALL_DML,
    "verdict_revisions": ("SELECT", "INSERT"),
    "ratings": ALL_DML,
}
# What an editor may do besides: delete articles, change library settings, hand out work.
EDITOR_GRANTS: dict[str, tuple[str, ...]] = {
    "sources": ("DELETE",),
    "articles": ("DELETE",),
    "factchecks": ("DELETE",),
    "settings": ("INSERT", "UPDATE", "DELETE"),
    "assignments": ("INSERT", "UPDATE", "DELETE"),
}
# A table this version does not know (added by a newer feature's migration): derived data of the features
# reviewers use, so reviewers may write it; `team init` after an upgrade grants it.
UNKNOWN_TABLE_GRANTS = ALL_DML

TEAM_DEFAULTS = {"two_person_signoff": "on", "team_mode": "on"}
_LOGIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")


def _q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def check_login(login: str) -> str:
    """A login name fit for a role (letters, digits, _ . @ -; at most 63); raises InvalidValue."""
    login = login.strip()
    if not _LOGIN.match(login) or login.lower().startswith("pg_") or login in GROUP_ROLES:
        raise InvalidValue(
            f"{login!r} cannot be a login: use letters, digits, '_', '.', '@' or '-' (at most 63, not starting "
            "with pg_ or a digit, not a team group name)"
        )
    return login


def _owner_check(session: Session) -> tuple[str, str]:
    """(schema, login) when the login owns the library and may create roles; raises otherwise."""
    row = session.execute(text(
        "SELECT current_schema(), current_user::text, t.tableowner::text, r.rolcreaterole OR r.rolsuper "
        "FROM pg_tables t, pg_roles r WHERE t.schemaname = current_schema() AND t.tablename = 'articles' "
        "AND r.rolname = current_user"
    )).one_or_none()
    if row is None:
        raise WorkbenchError("this database holds no Claim Workbench library (no articles table)")
    schema, login, owner, can_create = row
    if login != owner:
        raise PermissionRefused(f"only the library's owner ({owner}) can manage the team, not {login}")
    if not can_create:
        raise PermissionRefused(
            f"{login} owns the library but may not create roles; a server administrator can allow it with "
            f"ALTER ROLE {_q(login)} CREATEROLE"
        )
    return str(schema), str(login)


def init_team(session: Session) -> list[str]:
    """Create the group roles (if missing) and grant this library's tables to them; returns what was done."""
    schema, _login = _owner_check(session)
    done: list[str] = []
    existing = set(session.scalars(text("SELECT rolname::text FROM pg_roles WHERE rolname IN ('cw_reviewer', "
                                         "'cw_editor')")))
    for role in ("cw_reviewer", "cw_editor"):
        if role not in existing:
            session.execute(text(f"CREATE ROLE {role} NOLOGIN"))
            done.append(f"created the group role {role}")
    member = session.scalar(text(
        "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles e ON e.oid = m.member "
        "WHERE g.rolname = 'cw_reviewer' AND e.rolname = 'cw_editor'"
    ))
    if not member:
        session.execute(text("GRANT cw_reviewer TO cw_editor"))
    database = session.scalar(text("SELECT current_database()"))
    session.execute(text(f"GRANT CONNECT ON DATABASE {_q(str(database))} TO cw_reviewer"))
    session.execute(text(f"GRANT USAGE ON SCHEMA {_q(schema)} TO cw_reviewer"))
    session.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {_q(schema)} FROM cw_reviewer, cw_editor"))
    tables = list(session.scalars(text("SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() "
                                       "ORDER BY tablename")))
    for table in tables:
        privileges = REVIEWER_GRANTS.get(table, UNKNOWN_TABLE_GRANTS)
        session.execute(text(f"GRANT {', '.join(privileges)} ON {_q(schema)}.{_q(table)} TO cw_reviewer"))
        extra = EDITOR_GRANTS.get(table)
        if extra:
            session.execute(text(f"GRANT {', '.join(extra)} ON {_q(schema)}.{_q(table)} TO cw_editor"))
    session.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_q(schema)} TO cw_reviewer"))
    session.execute(text("GRANT EXECUTE ON FUNCTION cw_merge_group_data(integer, integer) TO cw_reviewer"))
    done.append(f"granted {len(tables)} tables of {database} to cw_reviewer and cw_editor")
    for key, value in {**TEAM_DEFAULTS, "library_id": str(uuid.uuid4())}.items():
        added = session.execute(
            text("INSERT INTO settings(key, value) VALUES (:k, :v) ON CONFLICT (key) DO NOTHING RETURNING key"),
            {"k": key, "v": value},
        ).first()
        if added is not None and key in TEAM_DEFAULTS:
            done.append(f"set {key} = {value}")
    return done


def _role_of(session: Session, login: str) -> dict[str, Any] | None:
    row = session.execute(text("SELECT rolname::text, rolsuper, rolcanlogin FROM pg_roles WHERE rolname = :n"),
                          {"n": login}).one_or_none()
    return None if row is None else {"name": row[0], "super": row[1], "login": row[2]}


def add_member(session: Session, login: str, role: str, password: str) -> bool:
    """Make login a member of the role's group (creating the login role); True when the login is new.

    The password goes to the server only as a SCRAM verifier computed here (never in clear SQL text).
    """
    _owner_check(session)
    login = check_login(login)
    if role not in ROLES:
        raise InvalidValue(f"unknown team role {role!r}; use reviewer or editor")
    if not password:
        raise InvalidValue("the password is empty")
    if _role_of(session, "cw_reviewer") is None:
        raise WorkbenchError("the team is not set up in this library yet: run `claim-workbench team init` first")
    existing = _role_of(session, login)
    if existing is not None and existing["super"]:
        raise PermissionRefused(f"{login} is a superuser; a superuser cannot be a team member")
    verifier = _scram_verifier(session, login, password)
    literal = "'" + verifier.replace("'", "''") + "'"
    verb = "CREATE" if existing is None else "ALTER"
    session.connection().exec_driver_sql(f"{verb} ROLE {_q(login)} LOGIN PASSWORD {literal}")  # no bind markers
    other = ROLES["editor" if role == "reviewer" else "reviewer"]
    session.execute(text(f"REVOKE {other} FROM {_q(login)}"))
    session.execute(text(f"GRANT {ROLES[role]} TO {_q(login)}"))
    return existing is None


def _scram_verifier(session: Session, login: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of a password, computed by libpq on this side (as psql's \\password does)."""
    raw: Any = session.connection().connection.dbapi_connection
    verifier = raw.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    return bytes(verifier).decode("ascii")


def list_members(session: Session) -> list[tuple[str, str, bool]]:
    """(login, 'reviewer' | 'editor', can log in) of every member of the team groups, by login."""
    rows = session.execute(text(
        "SELECT e.rolname::text, bool_or(g.rolname = 'cw_editor'), bool_or(e.rolcanlogin) FROM pg_auth_members m "
        "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles e ON e.oid = m.member "
        "WHERE g.rolname IN ('cw_reviewer', 'cw_editor') AND e.rolname NOT IN ('cw_reviewer', 'cw_editor') "
        "GROUP BY e.rolname ORDER BY e.rolname"
    )).all()
    return [(name, "editor" if editor else "reviewer", bool(can)) for name, editor, can in rows]


def remove_member(session: Session, login: str) -> bool:
    """Take login out of the team and drop its role when nothing else holds it; True when dropped."""
    _owner_check(session)
    login = check_login(login)
    if login not in {name for name, _role, _can in list_members(session)}:
        raise InvalidValue(f"{login} is not a member of the team")
    session.execute(text(f"REVOKE cw_reviewer, cw_editor FROM {_q(login)}"))
    nested = session.begin_nested()
    try:
        session.execute(text(f"DROP ROLE {_q(login)}"))
    except DBAPIError:  # the role owns objects or holds privileges elsewhere on the server: it stays
        nested.rollback()
        return False
    nested.commit()
    return True
