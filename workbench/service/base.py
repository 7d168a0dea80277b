"""What every part of the application service shares: the open database and the acting user."""

from __future__ import annotations

import getpass
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session

from workbench.db import Database
from workbench.errors import NotFound

T = TypeVar("T")


def default_user() -> str:
    """The system user name, the default reviewer and author of changes."""
    try:
        return getpass.getuser()
    except Exception:
        return "reviewer"


class ServiceBase:
    """Holds the database; each public method of a service part is one user action.

    user is the name recorded as the author of changes. On a server it is the database login: a member of
    the team roles cannot act under another name (the server records the login anyway), and without a
    name given the login is used.
    """

    def __init__(self, db: Database, *, user: str | None = None) -> None:
        self.db = db
        self.login: str | None = None
        self.member = False  # a login of the team roles: the server enforces the team rules on it
        if db.on_server:
            with db.read() as session:
                self.login, role = session.execute(text("SELECT session_user::text, cw_team_role()")).one()
            self.member = role is not None
            if self.member:
                user = self.login
        self.user = user or self.login or default_user()

    def team_role(self) -> str:
        """'editor', 'reviewer', or 'owner' (not in the team roles: the library's owner; any SQLite user)."""
        if not self.db.on_server:
            return "owner"
        with self.db.read() as session:
            role = session.execute(text("SELECT cw_team_role()")).scalar()
        return str(role) if role else "owner"

    @staticmethod
    def _get(session: Session, cls: type[T], ident: object, what: str, *, lock: bool = False) -> T:
        """Load one row by primary key or raise NotFound naming it.

        lock: on a server, hold the row (SELECT ... FOR UPDATE) until the action ends and read it afresh, so a
        simultaneous action changing it waits (SQLite has one writer at a time anyway). Lock rows in id order.
        """
        obj = session.get(cls, ident, with_for_update=True if lock else None, populate_existing=lock)
        if obj is None:
            raise NotFound(f"no {what} with id {ident}")
        return obj
