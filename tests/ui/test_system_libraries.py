"""The window's Qt platform plugins find every system library they load (README's list, installed by .ci/run)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="shared-library lookup with ldd is Linux's")
@pytest.mark.parametrize("plugin", ["platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so"])
def test_qt_platform_plugin_has_no_missing_system_library(plugin: str) -> None:
    import PySide6

    ldd = shutil.which("ldd")
    assert ldd, "ldd is part of every glibc system"
    path = Path(PySide6.__file__).parent / "Qt" / "plugins" / plugin
    if not path.exists():
        pytest.skip(f"this PySide6 build has no {plugin}")
    out = subprocess.run([ldd, str(path)], capture_output=True, text=True, check=True).stdout
    missing = [line.split()[0] for line in out.splitlines() if "not found" in line]
    assert not missing, f"{plugin} needs {missing}: install the packages README's 'System packages' lists"
