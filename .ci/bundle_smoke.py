#!/usr/bin/env python3
"""Run the frozen desktop bundle (dist/claim-workbench/, made by `python3 tasks.py bundle`) as a user would.

Imports the sample articles into a temporary library, takes a screenshot of the window offscreen and checks
both exit 0, from a folder outside the source tree and with no Python environment on the PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BINARY = ROOT / "dist" / "claim-workbench" / ("claim-workbench.exe" if os.name == "nt" else "claim-workbench")


def run(*args: str | Path, cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run([str(BINARY), *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"bundle smoke: FAILED: claim-workbench {' '.join(map(str, args))} exited {proc.returncode}")
    return proc.stdout


def main() -> int:
    if not BINARY.exists():
        raise SystemExit(f"bundle smoke: {BINARY} is missing; run `python3 tasks.py bundle` first")
    work = Path(tempfile.mkdtemp(prefix="cw-bundle-"))
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "CLAIM_WORKBENCH"))}
        env["PATH"] = "/usr/bin:/bin"
        env["QT_QPA_PLATFORM"] = "offscreen"
        db = work / "library.sqlite3"
        imported = json.loads(run("--db", db, "import", ROOT / "seeds", "--json", cwd=work, env=env))
        if [r["status"] for r in imported] != ["imported"] * 5:
            raise SystemExit(f"bundle smoke: the seeds did not import: {imported}")
        embedded = json.loads(run("--db", db, "embed", "--json", cwd=work, env=env))  # onnxruntime, tokenizers, model
        if embedded["passages"] <= 0:
            raise SystemExit(f"bundle smoke: embedding found no passages: {embedded}")
        claim = json.loads(run("--db", db, "claim", "add", str(imported[0]["article_id"]), "--span", "0:60", "--json",
                               cwd=work, env=env))
        json.loads(run("--db", db, "suggest", str(claim["id"]), "--min-score", "0", "--json", cwd=work, env=env))
        shot = work / "window.png"
        run("--db", db, "--screenshot", shot, cwd=work, env=env)
        header = shot.read_bytes()[:24]
        width, height = struct.unpack(">II", header[16:24])
        if header[:8] != b"\x89PNG\r\n\x1a\n" or width < 800 or height < 500:
            raise SystemExit(f"bundle smoke: the screenshot is not a window-sized PNG ({width}x{height})")
        print(f"bundle smoke: passed (5 seeds imported, {embedded['passages']} passages embedded, "
              f"{width}x{height} screenshot)")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
