"""LibreOffice headless for the tests that open, save and print exported files as a reviewer's spreadsheet does.

Each call starts LibreOffice once for any number of files, with its own throw-away user profile (so
tests running in parallel never share one). Tests skip, saying why, when LibreOffice is not installed
(Debian: libreoffice-calc-nogui; .ci/run installs it).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
requires_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui)",
)
# CSV as LibreOffice opens and saves it: comma, double quote, UTF-8 (76), from line 1; quoted fields are text,
# special numbers (dates) are not detected; saved with every text field quoted.
CSV_IMPORT = "CSV:44,34,76,1,,0,true,false"
CSV_EXPORT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false"


def convert(files: Sequence[Path], target: str, outdir: Path, profile: Path, *, infilter: str | None = None,
            timeout: float = 240) -> list[Path]:
    """Open each file in LibreOffice and save it as target (e.g. "xlsx", "pdf") into outdir; returns the new files."""
    assert SOFFICE is not None
    outdir.mkdir(parents=True, exist_ok=True)
    command = [SOFFICE, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
               "--nolockcheck"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(outdir), *(str(f) for f in files)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    suffix = target.split(":", 1)[0]
    made = [outdir / f"{f.stem}.{suffix}" for f in files]
    missing = [m.name for m in made if not m.exists()]
    assert done.returncode == 0 and not missing, f"LibreOffice did not write {missing}: {done.stdout}{done.stderr}"
    return made
