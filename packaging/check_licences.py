#!/usr/bin/env python3
"""Refuse to bundle a package whose licence a redistributable desktop app may not use.

Run by `python3 tasks.py bundle` inside the bundle's environment. The packages frozen in are those of
requirements/app.txt except the build backend; each must be reviewed in packaging/licences.toml.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD_ONLY = {"hatchling", "editables", "pathspec", "pluggy", "trove-classifiers"}  # requirements/build.in


def declared(name: str) -> str:
    """What the installed package's metadata says its licence is."""
    meta = metadata.metadata(name)
    if meta.get("License-Expression"):
        return str(meta["License-Expression"])
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) < 80:
        return text
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License")]
    return ", ".join(classifiers) or "UNKNOWN"


def main() -> int:
    reviewed = tomllib.loads((ROOT / "packaging" / "licences.toml").read_text(encoding="utf-8"))
    allowed = set(reviewed["allowed"]["licences"])
    locked = re.findall(r"^([A-Za-z0-9_.-]+)==", (ROOT / "requirements" / "app.txt").read_text(), re.M)
    problems = []
    for name in sorted(set(locked) - BUILD_ONLY):
        try:
            found = declared(name)
        except metadata.PackageNotFoundError:
            continue  # a platform-specific dependency not installed on this platform
        entry = reviewed["packages"].get(name)
        if entry is None:
            problems.append(f"{name}: licence {found!r} not reviewed (add it to packaging/licences.toml)")
        elif entry["declared"] != found:
            problems.append(f"{name}: licence changed from {entry['declared']!r} to {found!r} since the review")
        elif entry["used"] not in allowed:
            problems.append(f"{name}: distributed under {entry['used']!r}, which the bundle may not use")
        else:
            print(f"licence ok: {name}: {entry['used']}")
    for problem in problems:
        print(f"licence check: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
