#!/usr/bin/env python3
"""Install Claim Workbench the way a user does, with today's resolution, and use it.

Clean clone of the committed tree, a fresh venv with the pip that ships with this Python (not upgraded),
a NON-editable `pip install .` that resolves the ranges in pyproject.toml against the package index
(no lock), then, from a folder outside the source tree: `demo`, an import of one real HTML, Markdown,
DOCX and PDF file, `embed` and `suggest` (the shipped encoder), a screenshot of the window offscreen, and `pip check`.

    python3 .ci/smoke.py            # what .ci/run does
    python3 .ci/smoke.py --keep     # keep the temporary folder to look at it
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("wire-report.html", "analysis.md", "meeting.docx", "briefing.pdf")


def step(title: str, *cmd: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    started = time.monotonic()
    print(f"smoke: {title}", flush=True)
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stdout.write(proc.stdout[-4000:])
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"smoke: FAILED at '{title}' (exit code {proc.returncode})")
    print(f"smoke:   ok in {time.monotonic() - started:.1f} s", flush=True)
    return proc.stdout


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"smoke: {path} is not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def main() -> int:
    keep = "--keep" in sys.argv
    top = Path(tempfile.mkdtemp(prefix="cw-smoke-"))
    started = time.monotonic()
    try:
        source, env_dir, work = top / "src", top / "venv", top / "work"
        work.mkdir()
        step("clean clone of the committed tree", "git", "clone", "--quiet", "--no-hardlinks", ROOT, source, cwd=top)
        print("smoke: fresh virtual environment with the stock pip", flush=True)
        venv.EnvBuilder(with_pip=True).create(env_dir)
        bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
        python, cli = bindir / "python", bindir / "claim-workbench"
        print(step("pip version", python, "-m", "pip", "--version", cwd=work).strip(), flush=True)
        step("pip install . (non-editable, today's resolution)", python, "-m", "pip", "install", "--quiet",
             "--disable-pip-version-check", source, cwd=work)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUTF8="1")
        env.pop("CLAIM_WORKBENCH_DB", None)
        db = work / "library.sqlite3"
        demo = json.loads(step("claim-workbench demo", cli, "--db", db, "demo", "--json", cwd=work, env=env))
        if [r["status"] for r in demo] != ["imported"] * 5:
            raise SystemExit(f"smoke: demo did not import the five samples: {demo}")
        files = []
        for name in FORMATS:
            shutil.copy(source / "tests" / "data" / "formats" / name, work / name)
            files.append(work / name)
        imported = json.loads(step("import HTML, Markdown, DOCX, PDF", cli, "--db", db, "import", *files, "--json",
                                   cwd=work, env=env))
        statuses = {Path(r["path"]).name: r["status"] for r in imported}
        if statuses != dict.fromkeys(FORMATS, "imported"):
            raise SystemExit(f"smoke: not every format imported: {imported}")
        embedded = json.loads(step("embed (the shipped sentence encoder)", cli, "--db", db, "embed", "--json",
                                   cwd=work, env=env))
        if embedded["passages"] <= 0:
            raise SystemExit(f"smoke: embedding found no passages: {embedded}")
        claim = json.loads(step("claim add", cli, "--db", db, "claim", "add", str(demo[0]["article_id"]),
                                "--span", "0:60", "--json", cwd=work, env=env))
        json.loads(step("suggest (lexical and semantic candidates)", cli, "--db", db, "suggest", str(claim["id"]),
                        "--min-score", "0", "--json", cwd=work, env=env))
        shot = work / "window.png"
        step("window screenshot offscreen", cli, "--db", db, "--screenshot", shot, cwd=work, env=env)
        width, height = png_size(shot)
        if width < 800 or height < 500:
            raise SystemExit(f"smoke: the screenshot is only {width}x{height}")
        step("pip check", python, "-m", "pip", "check", cwd=work)
        print(f"smoke: passed in {time.monotonic() - started:.0f} s", flush=True)
        return 0
    finally:
        if keep:
            print(f"smoke: kept {top}")
        else:
            shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
