"""Team actions: set up a server library for a team, add and remove its logins (PostgreSQL only)."""

from __future__ import annotations

from workbench import team
from workbench.errors import WorkbenchError
from workbench.service.base import ServiceBase
from workbench.service.dto import TeamMember


class TeamActions(ServiceBase):
    """`team init`, `team add`, `team list`, `team remove`: run by the library's owner."""

    def _need_server(self) -> None:
        if not self.db.on_server:
            raise WorkbenchError(
                f"{self.db.display}: team commands need a library on a PostgreSQL server "
                "(--db postgresql://OWNER@HOST/DATABASE); an SQLite library has one user"
            )

    def team_init(self) -> list[str]:
        """Create the team's group roles and grants, and turn on two-person sign-off; returns what was done."""
        self._need_server()
        with self.db.write() as session:
            return team.init_team(session)

    def team_add(self, login: str, role: str, password: str) -> bool:
        """Add a login (created when new) as a reviewer or an editor; True when the login was created."""
        self._need_server()
        with self.db.write() as session:
            return team.add_member(session, login, role, password)

    def team_list(self) -> list[TeamMember]:
        """The team's logins with their roles."""
        self._need_server()
        with self.db.read() as session:
            members = team.list_members(session)
            return [TeamMember(login=login, role=role, can_login=can) for login, role, can in members]

    def team_remove(self, login: str) -> bool:
        """Take a login out of the team; True when its role was dropped as well."""
        self._need_server()
        with self.db.write() as session:
            return team.remove_member(session, login)
