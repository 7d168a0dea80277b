#!/usr/bin/env python3
"""The desktop bundle: its size and its start-up, beside the same app run by Python.

Needs `python3 tasks.py bundle` first (dist/claim-workbench/ and the .venv-bundle it was frozen from).

- size: the bundle folder, beside the installed packages it was frozen from (.venv-bundle's site-packages
  without the bundling tools);
- start-up to a usable window: process start until the window, opened on the sample library with its
  background work done, is drawn into a PNG and the process has exited (`--screenshot`, offscreen), frozen
  vs `python -m workbench.cli` from the same environment; best and median of the runs;
- command-line cold start: `--version`, frozen vs Python.

    python benchmarks/bench_bundle.py [--runs 5] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.results import replace_section  # noqa: E402

BUNDLE = ROOT / "dist" / "claim-workbench"
BINARY = BUNDLE / "claim-workbench"
PYTHON = ROOT / ".venv-bundle" / "bin" / "python"
TOOLS = ("PyInstaller", "pyinstaller", "_pyinstaller_hooks_contrib", "pyinstaller_hooks_contrib", "altgraph",
         "hatchling", "editables", "pathspec", "pluggy", "trove_classifiers", "pip", "setuptools")


def folder_size(path: Path, skip: tuple[str, ...] = ()) -> tuple[int, int]:
    total = files = 0
    for entry in path.iterdir():
        if entry.name.startswith(skip):
            continue
        if entry.is_dir() and not entry.is_symlink():
            size, count = folder_size(entry)
            total, files = total + size, files + count
        elif entry.is_file():
            total, files = total + entry.stat().st_size, files + 1
    return total, files


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="write the section of benchmarks/RESULTS.md")
    args = parser.parse_args()
    if not BINARY.exists() or not PYTHON.exists():
        print("bench_bundle: no bundle yet; run `python3 tasks.py bundle` first (skipped)")
        return 0
    site = next((ROOT / ".venv-bundle" / "lib").glob("python3*/site-packages"))
    bundle_bytes, bundle_files = folder_size(BUNDLE)
    venv_bytes, venv_files = folder_size(site, TOOLS)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "samples.sqlite3"
        subprocess.run([str(BINARY), "--db", str(db), "demo"], cwd=work, env=env, check=True, capture_output=True)
        frozen, python, frozen_cli, python_cli = [], [], [], []
        for run in range(args.runs):  # interleaved, so both see the same machine load
            frozen.append(timed([str(BINARY), "--db", str(db), "--screenshot", f"f{run}.png"], work, env))
            python.append(timed([str(PYTHON), "-m", "workbench.cli", "--db", str(db), "--screenshot", f"p{run}.png"],
                                work, env))
            frozen_cli.append(timed([str(BINARY), "--version"], work, env))
            python_cli.append(timed([str(PYTHON), "-m", "workbench.cli", "--version"], work, env))
    load = os.getloadavg()[0]

    def ms(values: list[float]) -> str:
        return f"{min(values) * 1000:.0f} / {statistics.median(values) * 1000:.0f} ms"

    rows = [
        ("size on disk", f"{bundle_bytes / 1e6:.0f} MB ({bundle_files:,} files)",
         f"{venv_bytes / 1e6:.0f} MB ({venv_files:,} files) installed in a venv", ""),
        ("start-up to a usable window (best / median)", ms(frozen), f"{ms(python)} (`python -m workbench.cli`)",
         "< 1.5 s"),
        ("command-line cold start, `--version` (best / median)", ms(frozen_cli), ms(python_cli), ""),
    ]
    for row in rows:
        print(" | ".join(row))
    if args.write:
        today = dt.datetime.now().strftime("%d %b %Y, %H:%M")
        lines = [
            "## Desktop bundle",
            "",
            f"`python3 tasks.py bundle && python benchmarks/bench_bundle.py --write` ({today}; {args.runs} runs each, "
            f"interleaved; load average {load:.1f}): the one-folder PyInstaller build in `dist/claim-workbench/` "
            "beside the same packages run by Python. Start-up is process start until the window, opened on the "
            "sample library with its background work done, has been drawn into a PNG offscreen and the process "
            "has exited (`--screenshot`).",
            "",
            "| figure | frozen bundle | baseline (same run) | target |",
            "| --- | --- | --- | --- |",
            *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        ]
        replace_section("Desktop bundle", "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
