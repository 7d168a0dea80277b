"""What a user sees when something outside our control goes wrong: one line on stderr, a documented exit code.

Every case runs the installed console script, as a user would.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.unprivileged import cli_as_nobody
from tests.workbench.test_cli import cli_command

PREFIX = "claim-workbench: "


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, PYTHONUTF8="1", **(env or {}))
    full_env.pop("CLAIM_WORKBENCH_DEBUG", None)
    return subprocess.run([*cli_command(), *args], capture_output=True, text=True, env=full_env, timeout=120)


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(PREFIX), lines[0]
    assert "Traceback" not in proc.stderr
    return lines[0]


def test_closed_stdout_exits_quietly_with_141(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    assert run("--db", str(db), "demo").returncode == 0
    env = dict(os.environ, PYTHONUTF8="1")
    # `claim-workbench articles --json | head -c 20` once head has gone: the reading end is already closed.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run([*cli_command(), "--db", str(db), "articles", "--json"], stdout=write_end,
                              stderr=subprocess.PIPE, env=env, timeout=60)
    finally:
        os.close(write_end)
    assert proc.returncode == 141
    assert proc.stderr == b""


def test_a_folder_as_the_library(tmp_path: Path) -> None:
    proc = run("--db", str(tmp_path), "articles")
    assert proc.returncode == 2
    assert one_error_line(proc) == (
        f"{PREFIX}error: {tmp_path}: is a folder; give the path of a library file (e.g. {tmp_path}/workbench.sqlite3)"
    )


def test_a_library_in_a_missing_folder_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "deeper" / "x.sqlite3"
    proc = run("--db", str(target), "articles")
    assert proc.returncode == 2
    assert one_error_line(proc) == (
        f"{PREFIX}error: {target}: the folder {target.parent} does not exist; create it first or choose another place"
    )
    assert not (tmp_path / "missing").exists()


def test_a_missing_database_driver_names_the_package_to_install(tmp_path: Path) -> None:
    # The test environment has psycopg (the postgres extra): hide it as an absent package would be hidden.
    hidden = tmp_path / "hide"
    (hidden / "psycopg").mkdir(parents=True)
    (hidden / "psycopg" / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'psycopg'\", name='psycopg')\n", encoding="utf-8"
    )
    proc = run("--db", "postgresql+psycopg://reviewer:s3cret@db.example/factcheck", "articles",
               env={"PYTHONPATH": str(hidden)})
    assert proc.returncode == 2
    line = one_error_line(proc)
    assert line == (
        f"{PREFIX}error: postgresql+psycopg://reviewer:***@db.example/factcheck: the database driver 'psycopg' "
        "is not installed; pip install 'claim-workbench[postgres]'"
    )
    assert "s3cret" not in proc.stderr


def test_another_missing_driver_names_its_module() -> None:
    proc = run("--db", "postgresql+pg8000://reviewer@db.example/factcheck", "articles")
    assert proc.returncode == 2
    assert one_error_line(proc) == (
        f"{PREFIX}error: postgresql+pg8000://reviewer@db.example/factcheck: the database driver 'pg8000' "
        "is not installed; install the Python package that provides 'pg8000'"
    )


def test_an_unknown_url_scheme() -> None:
    proc = run("--db", "bogus://x", "articles")
    assert proc.returncode == 2
    assert one_error_line(proc) == (
        f"{PREFIX}error: bogus://x: unknown database type 'bogus' "
        "(give a file path, sqlite:///PATH or postgresql+psycopg://user@host/db)"
    )


def test_a_malformed_url() -> None:
    proc = run("--db", "not a url://", "articles")
    assert proc.returncode == 2
    assert "not a database URL" in one_error_line(proc)


def test_an_unreachable_server_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("psycopg", reason="needs the PostgreSQL driver (the postgres extra) to try a connection")
    proc = run("--db", "postgresql+psycopg://nobody:pw@127.0.0.1:1/none", "articles")
    assert proc.returncode == 2
    line = one_error_line(proc)
    assert "127.0.0.1" in line and "pw" not in line.split("@")[0].split(":")[-1]


def test_an_unreadable_library_file() -> None:
    top = Path(tempfile.mkdtemp(prefix="cw-unreadable-"))  # under /tmp, reachable by `nobody`
    try:
        top.chmod(0o755)
        db = top / "lib.sqlite3"
        assert run("--db", str(db), "demo").returncode == 0
        db.chmod(0)
        if os.geteuid() == 0:  # root reads every file: ask as `nobody`
            code, _out, err = cli_as_nobody(["--db", str(db), "articles"])
        else:
            proc = run("--db", str(db), "articles")
            code, err = proc.returncode, proc.stderr
        assert code == 2
        assert err == f"{PREFIX}error: {db}: cannot read the library (permission denied)\n"
    finally:
        shutil.rmtree(top, ignore_errors=True)


def test_ctrl_c_while_waiting_for_an_answer_exits_130_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    backup = tmp_path / "backup.sqlite3"
    assert run("--db", str(db), "demo").returncode == 0
    assert run("--db", str(db), "backup", str(backup)).returncode == 0
    controller, terminal = pty.openpty()  # restore asks for confirmation only at a terminal
    env = dict(os.environ, PYTHONUTF8="1")
    # Ctrl+C as at a terminal: the test run itself may have been started with SIGINT ignored (a background
    # job of a non-interactive shell), which a child would inherit and Python then leaves ignored.
    proc = subprocess.Popen([*cli_command(), "--db", str(db), "restore", str(backup)],
                            stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    os.close(terminal)
    assert proc.stderr is not None
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while b"Type 'yes' to restore: " not in seen:  # wait for the question, not for a time
            assert time.monotonic() < deadline, seen
            ready, _, _ = select.select([proc.stderr], [], [], 1)
            if ready:
                chunk = os.read(proc.stderr.fileno(), 4096)
                assert chunk, seen  # the program ended before asking
                seen += chunk
        proc.send_signal(signal.SIGINT)
        _out, rest = proc.communicate(timeout=60)
        assert proc.returncode == 130
    finally:
        os.close(controller)
        if proc.poll() is None:
            proc.kill()
    after_question = (seen + rest).decode().split("Type 'yes' to restore: ", 1)[1]
    assert after_question == f"{PREFIX}interrupted\n"


def test_version_answers_without_loading_the_core() -> None:
    code = ("import sys; from workbench.cli import main; code = main(['--version']); "
            "print(code, 'workbench.service' in sys.modules, 'sqlalchemy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("claim-workbench ") and lines[1] == "0 False False", done.stdout + done.stderr
