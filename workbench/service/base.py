"""What every part of the application service shares: the open database and the acting user."""

from __future__ import annotations

import getpass
from typing import TypeVar

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
    """Holds the database; each public method of a service part is one user action."""

    def __init__(self, db: Database, *, user: str | None = None) -> None:
        self.db = db
        self.user = user or default_user()

    @staticmethod
    def _get(session: Session, cls: type[T], ident: object, what: str) -> T:
        """Load one row by primary key or raise NotFound naming it."""
        obj = session.get(cls, ident)
        if obj is None:
            raise NotFound(f"no {what} with id {ident}")
        return obj
