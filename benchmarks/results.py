"""benchmarks/RESULTS.md: each benchmark owns one "## Title" section and replaces only that one."""

from __future__ import annotations

import re
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")


def replace_section(title: str, section: str, path: Path = RESULTS) -> None:
    """Put section (starting with '## title') in place of the old one, or add it at the end.

    Notes written by hand under a section's table are part of it: re-run with --write, then refresh them.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    body = section.rstrip("\n") + "\n"
    found = pattern.search(text)
    text = pattern.sub(lambda _m: body + "\n", text) if found else text.rstrip("\n") + "\n\n" + body
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
