"""A team library on the test server (the `team` fixture of tests/conftest.py builds one per test)."""

from __future__ import annotations

from pgcluster import SUPERUSER, Cluster

TEAM = {"alice": "reviewer", "dave": "reviewer", "bob": "editor", "carol": "editor"}
_team_numbers = iter(range(1, 1_000_000))


class TeamLibrary:
    """A PostgreSQL library after `team init`, with reviewers alice and dave and editors bob and carol.

    Logins are server-wide, so each test's logins carry a number (team.alice == 'alice_7'); their password
    is `secret-<login>`. Local socket connections need no password (trust), TCP ones do.
    """

    def __init__(self, cluster: Cluster, database: str) -> None:
        from workbench.service import Workbench

        self.cluster = cluster
        self.database = database
        number = next(_team_numbers)
        self.logins = {name: f"{name}_{number}" for name in TEAM}
        self.opened: list[Workbench] = []
        self.owner = self.open(None)
        self.init_report = self.owner.team_init()
        for name, role in TEAM.items():
            self.owner.team_add(self.logins[name], role, self.password(self.logins[name]))

    def __getattr__(self, name: str) -> str:
        if name in TEAM:
            return self.logins[name]
        raise AttributeError(name)

    @staticmethod
    def password(login: str) -> str:
        return f"secret-{login}"

    def url(self, login: str | None = None, **kwargs: object) -> str:
        """The library's URL for a login (None: the superuser, who owns the test database)."""
        return self.cluster.url(self.database, login or SUPERUSER, **kwargs)  # type: ignore[arg-type]

    def open(self, login: str | None) -> object:
        """The service as a login (closed at the end of the test)."""
        from workbench.service import Workbench

        service = Workbench.open(self.url(login))
        self.opened.append(service)
        return service

    def connect(self, login: str) -> object:
        """A raw psycopg connection as a login: what any SQL client could do."""
        import psycopg

        return psycopg.connect(self.cluster.conninfo(self.database, login), autocommit=True)

    def close(self) -> None:
        for service in self.opened:
            service.close()
        self.cluster.wait_ready()
        self.cluster.drop_database(self.database)
        for login in self.logins.values():
            self.cluster.execute(f'DROP ROLE IF EXISTS "{login}"')


