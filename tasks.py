#!/usr/bin/env python3
"""One-command set-up for Claim Workbench: needs only Python 3.11+ on the machine.

    python3 tasks.py run      # make .venv from the lock file, open the app on the sample articles
    python3 tasks.py test     # make .venv with the test tools from the lock file, run the whole test suite
    python3 tasks.py bench    # run the benchmarks (see benchmarks/RESULTS.md)
    python3 tasks.py lock     # refresh the lock files in requirements/ after changing dependencies
    python3 tasks.py bundle   # a one-folder desktop build for people without Python, in dist/claim-workbench/

Extra arguments after `test` go to pytest; after `run`, to claim-workbench.
Installs come from requirements/*.txt (every package pinned with its hashes), never from a fresh resolution.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
REQUIREMENTS = ROOT / "requirements"
SCRIPTS = "Scripts" if os.name == "nt" else "bin"

# Each lock file: the extras it adds to the app, and more input files beside pyproject.toml.
LOCKS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "app": ((), ("build.in",)),
    "test": (("test", "postgres"), ("build.in",)),
    "bundle": ((), ("build.in", "bundle.in")),
}
INPUTS_LINE = "# inputs-sha256: "


def _run(*cmd: str | Path, env: dict[str, str] | None = None, cwd: Path = ROOT) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=cwd, env=env)


def _python(venv_dir: Path) -> Path:
    return venv_dir / SCRIPTS / ("python.exe" if os.name == "nt" else "python")


def _inputs_digest(lock: str) -> str:
    """A digest of what a lock file was made from: the project's dependency tables and the extra input files."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras, files = LOCKS[lock]
    inputs = {
        "requires-python": project.get("requires-python"),
        "dependencies": project.get("dependencies", []),
        "extras": {name: project.get("optional-dependencies", {}).get(name, []) for name in extras},
        "files": {name: (REQUIREMENTS / name).read_text(encoding="utf-8") for name in files},
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def _check_lock(lock: str) -> Path:
    """The lock file, refusing one that was made from other dependencies than pyproject.toml lists now."""
    path = REQUIREMENTS / f"{lock}.txt"
    if not path.exists():
        sys.exit(f"{path.relative_to(ROOT)} is missing: run `python3 tasks.py lock`")
    if f"{INPUTS_LINE}{_inputs_digest(lock)}\n" not in path.read_text(encoding="utf-8"):
        sys.exit(
            f"{path.relative_to(ROOT)} is out of date with pyproject.toml's dependencies: "
            "run `python3 tasks.py lock` and commit the result"
        )
    return path


def ensure_env(lock: str = "app", *, venv_dir: Path | None = None, editable: bool = True) -> Path:
    """Create a virtual environment and install the locked packages plus the project; return its python.

    The project's own dependencies come only from the lock file (hash-checked, wheels only); the project
    itself is installed without build isolation, with the build backend taken from the same lock.
    """
    if sys.version_info < (3, 11):  # noqa: UP036 (tasks.py may be started by an older python3)
        sys.exit(f"Claim Workbench needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    venv_dir = venv_dir or ROOT / ".venv"
    python = _python(venv_dir)
    lock_file = _check_lock(lock)
    if not python.exists():
        print(f"creating virtual environment in {venv_dir}", flush=True)
        venv.EnvBuilder(with_pip=True).create(venv_dir)
    stamp = venv_dir / f".installed-{lock}"
    wanted = hashlib.sha256(lock_file.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    pip = [python, "-m", "pip", "--disable-pip-version-check"]
    current = stamp.exists() and stamp.read_text() == wanted
    if current and editable:
        return python  # the editable install follows the source by itself
    if not current and _run(*pip, "install", "--quiet", "--require-hashes", "--no-deps", "--only-binary", ":all:",
                            "-r", lock_file) != 0:
        sys.exit(f"installing the locked packages from {lock_file.relative_to(ROOT)} failed (see pip's message above)")
    # A copy of the project (the bundle's) is installed again every time: its version number does not change
    # with the source, so pip would otherwise keep the copy made from older source.
    project = ["-e", str(ROOT)] if editable else ["--force-reinstall", str(ROOT)]
    if _run(*pip, "install", "--quiet", "--no-deps", "--no-build-isolation", *project) != 0:
        sys.exit("installing Claim Workbench failed (see pip's message above)")
    stamp.write_text(wanted)
    return python


def cmd_run(extra: list[str]) -> int:
    """No arguments: import the sample articles into the default library and open the window.

    With arguments: run `claim-workbench ARGUMENTS` in the environment (e.g. `tasks.py run articles`).
    """
    python = ensure_env("app")
    cli = [python, "-m", "workbench.cli"]
    if extra:
        return _run(*cli, *extra)
    if _run(*cli, "demo") not in (0, 1):
        return 1
    display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform != "linux"
    if not display and not os.environ.get("QT_QPA_PLATFORM"):
        print("no display: listing the library instead of opening the window", flush=True)
        return _run(*cli, "articles")
    return _run(*cli)


def cmd_test(extra: list[str]) -> int:
    python = ensure_env("test")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    return _run(python, "-m", "pytest", *(extra or ["-q"]), env=env)


def cmd_bench(extra: list[str]) -> int:
    python = ensure_env("test")
    status = 0
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        status |= _run(python, script, *extra)
    return status


def cmd_lock(extra: list[str]) -> int:
    """Re-resolve every lock file from pyproject.toml (newest releases within its ranges) with uv."""
    python = _python(ROOT / ".venv")
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(ROOT / ".venv")
    uv = ROOT / ".venv" / SCRIPTS / ("uv.exe" if os.name == "nt" else "uv")
    if not uv.exists() and _run(python, "-m", "pip", "install", "--quiet", "uv>=0.5") != 0:
        sys.exit("could not install uv, which makes the lock files")
    for lock, (extras, files) in LOCKS.items():
        target = REQUIREMENTS / f"{lock}.txt"
        command: list[str | Path] = [
            uv, "pip", "compile", "--quiet", "--universal", "--python-version", "3.11", "--generate-hashes",
            "--custom-compile-command", "python3 tasks.py lock", "pyproject.toml",
            *(REQUIREMENTS / name for name in files), *(f"--extra={name}" for name in extras), "-o", target, *extra,
        ]
        if _run(*command) != 0:
            return 1
        text = target.read_text(encoding="utf-8")
        target.write_text(f"{INPUTS_LINE}{_inputs_digest(lock)}\n{text}", encoding="utf-8")
    return 0


def cmd_bundle(extra: list[str]) -> int:
    """Freeze the app with PyInstaller into dist/claim-workbench/ (a folder to zip and hand out)."""
    venv_dir = ROOT / ".venv-bundle"
    python = ensure_env("bundle", venv_dir=venv_dir, editable=False)
    if _run(python, ROOT / "packaging" / "check_licences.py") != 0:
        return 1
    work = ROOT / "build" / "pyinstaller"
    work.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(ROOT / "dist" / "claim-workbench", ignore_errors=True)
    # Run from outside the source tree, so the installed packages (with their bundled seeds and resources)
    # are frozen, not the checkout's folders.
    return _run(
        python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", ROOT / "dist", "--workpath", work, ROOT / "packaging" / "claim-workbench.spec", *extra,
        cwd=work,
    )


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test, "bench": cmd_bench, "lock": cmd_lock, "bundle": cmd_bundle}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
