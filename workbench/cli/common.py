"""What every CLI command shares: the open library, output as text or JSON, progress on a TTY."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.service import Workbench, to_jsonable


@dataclass
class Context:
    """One CLI invocation: parsed arguments and the library, opened on first use."""

    args: argparse.Namespace
    _workbench: Workbench | None = field(default=None, repr=False)

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    @property
    def workbench(self) -> Workbench:
        """The library named by --db (or the environment, or the default)."""
        if self._workbench is None:
            self._workbench = Workbench.open(getattr(self.args, "db", None))
        return self._workbench

    def close(self) -> None:
        if self._workbench is not None:
            self._workbench.close()

    def emit(self, value: Any, text: str | Callable[[], str]) -> None:
        """Print a result: JSON on --json, else the human-readable text."""
        if self.json:
            json.dump(to_jsonable(value), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            out = text() if callable(text) else text
            if out:
                print(out)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table with left-aligned columns."""
    cells = [[str(h) for h in headers]] + [["" if v is None else _one_line(str(v)) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _one_line(cell: str) -> str:
    """A table cell on one line: line breaks (e.g. in a file name) shown as \\n and \\r."""
    return cell.replace("\r", "\\r").replace("\n", "\\n")


def span(value: str) -> tuple[int, int]:
    """Parse START:END for argparse."""
    try:
        start, end = (int(part) for part in value.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected START:END, got {value!r}") from None
    return start, end


class TerminalProgress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if not self.enabled or total <= 0:
            return
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def score_arg(value: str) -> float:
    """Parse a 0-100 score for argparse."""
    try:
        score = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a score from 0 to 100, got {value!r}") from None
    if not 0 <= score <= 100:
        raise argparse.ArgumentTypeError(f"expected a score from 0 to 100, got {value!r}")
    return score


def positive_int(value: str) -> int:
    """Parse a whole number of 1 or more for argparse."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {value!r}")
    return number


def embed_missing(ctx: Context) -> None:
    """Embed what lacks a sentence vector first (commands that search with vectors), with a progress bar."""
    wb = ctx.workbench
    if wb.embedding_status().pending:
        wb.embed_pending(progress=TerminalProgress("embedding"))
