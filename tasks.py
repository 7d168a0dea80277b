#!/usr/bin/env python3
"""One-command set-up for Claim Workbench: needs only Python 3.11+ on the machine.

    python3 tasks.py run     # make .venv, install the app, open it on the sample articles
    python3 tasks.py test    # make .venv, install the app with its test tools, run the whole test suite
    python3 tasks.py bench   # run the benchmarks (see benchmarks/RESULTS.md)

Extra arguments after `test` go to pytest; after `run`, to claim-workbench.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _run(*cmd: str | Path, env: dict[str, str] | None = None) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)


def ensure_env(extras: str = "") -> None:
    """Create the virtual environment and (re)install the project when its definition changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 (tasks.py may be started by an older python3)
        sys.exit(f"Claim Workbench needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed{extras or '-app'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    target = f".[{extras}]" if extras else "."
    if _run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip") != 0:
        sys.exit("could not upgrade pip in the virtual environment")
    if _run(PYTHON, "-m", "pip", "install", "--quiet", "-e", target) != 0:
        sys.exit("installing Claim Workbench failed (see pip's message above)")
    stamp.write_text(wanted)


def cmd_run(extra: list[str]) -> int:
    ensure_env()
    cli = [PYTHON, "-m", "workbench.cli"]
    if _run(*cli, "demo") not in (0, 1):
        return 1
    if extra:
        return _run(*cli, *extra)
    display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform != "linux"
    if not display and not os.environ.get("QT_QPA_PLATFORM"):
        print("no display: listing the library instead of opening the window", flush=True)
        return _run(*cli, "articles")
    return _run(*cli)


def cmd_test(extra: list[str]) -> int:
    ensure_env("test")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    return _run(PYTHON, "-m", "pytest", *(extra or ["-q"]), env=env)


def cmd_bench(extra: list[str]) -> int:
    ensure_env("test")
    status = 0
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        status |= _run(PYTHON, script, *extra)
    return status


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test, "bench": cmd_bench}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
