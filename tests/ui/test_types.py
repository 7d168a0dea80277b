"""The type checker passes: mypy at its default level on ui/, with disallow_untyped_defs on workbench/.

The per-package strictness is in pyproject.toml ([tool.mypy] and its override for workbench.*), so a plain
``mypy ui workbench`` checks the same. The cache lives in the temporary folder: only the first run is slow.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(tempfile.gettempdir()) / "claim-workbench-mypy-cache"

pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")


def test_ui_and_workbench_type_check_without_errors() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(CACHE), "ui", "workbench"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_workbench_is_checked_with_every_function_annotated(tmp_path: Path) -> None:
    """The override really applies: an unannotated function in workbench is an error, in ui it is not."""
    for package, expected in (("workbench", 1), ("ui", 0)):
        module = tmp_path / package / "probe.py"
        module.parent.mkdir()
        (module.parent / "__init__.py").write_text("")
        module.write_text("def untyped(x):\n    return x\n")
        done = subprocess.run(
            [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(CACHE),
             f"{package}/probe.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == expected, done.stdout
