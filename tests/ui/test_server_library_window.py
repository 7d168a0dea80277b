"""The window on a team library: it opens a PostgreSQL URL as the login, and never puts the password in its
title, its settings file or its list of recent libraries (it remembers the URL without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import make_window, wait_jobs

pytestmark = pytest.mark.postgresql_only


def test_the_window_opens_a_team_library_and_never_keeps_the_password(qtbot, settings_file: Path, team) -> None:
    password = team.password(team.alice)
    url = team.url(team.alice, password=password, tcp=True)
    window = make_window(qtbot, settings_file)
    window.library.open_database(url)
    wait_jobs(qtbot, window)
    assert window.wb is not None and window.wb.user == team.alice
    assert len(window.state.articles) == 5
    assert password not in window.windowTitle() and password not in window.library.db_path
    window.library.close_database()
    window.settings.qsettings.sync()
    stored = settings_file.read_text(encoding="utf-8")
    assert team.alice in stored and password not in stored
