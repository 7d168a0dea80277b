"""Precision and recall of claim matching on the labelled seed claims, per tier and at single thresholds.

Usage: python benchmarks/seed_quality.py [--verbose]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "workbench" / "matching"))
sys.path.insert(0, str(ROOT))

from seed_eval import build_library, measure, run_suggestions  # noqa: E402

from workbench.matching.scoring import THRESHOLDS  # noqa: E402
from workbench.service import Workbench  # noqa: E402


def line(label: str, q: object) -> str:
    return (f"{label:>16}  {q.suggested:9d}  {q.precision:9.3f}  {q.close_precision:9.3f}  "  # type: ignore[attr-defined]
            f"{q.small_close:3d}/{q.small_total:<5d}  {q.reworded_found:3d}/{q.reworded_total:<5d}  "  # type: ignore[attr-defined]
            f"{q.single_suggested:6d}  {'met' if q.meets_bar() else 'no'}")  # type: ignore[attr-defined]


def main(argv: list[str]) -> int:
    """Print the quality table; exit 1 when the tiers' default thresholds miss the quality bar."""
    with tempfile.TemporaryDirectory() as tmp:
        wb = Workbench.open(Path(tmp) / "seeds.sqlite3", user="bench")
        article_of, queries = build_library(wb)
        run_suggestions(wb, queries)
        shown = ", ".join(f"{t.value} {v:g}" for t, v in THRESHOLDS.items())
        print(f"{len(queries)} labelled claims; tier thresholds: {shown}")
        print("       threshold  suggested  precision  tiers 1-2  small (1-2)  reworded   single  bar")
        default = measure(wb, article_of, queries)
        print(line("tiers (default)", default))
        for t in (40.0, 50.0, 55.0, 56.0, 57.0, 58.0, 59.0, 60.0, 65.0, 70.0, 80.0, 90.0):
            print(line(f"{t:g} for all", measure(wb, article_of, queries, t)))
        print(f"\nat the tiers' thresholds: precision {default.precision:.3f} "
              f"(tiers 1-2: {default.close_precision:.3f}), "
              f"small edits {default.small_close}/{default.small_total} in tiers 1-2, "
              f"reworded {default.reworded_found}/{default.reworded_total}, single-article claims suggested "
              f"{default.single_suggested}")
        if "--verbose" in argv:
            print("\nwrong:\n  " + "\n  ".join(default.wrong))
            print("missed:\n  " + "\n  ".join(default.missed))
        wb.close()
        return 0 if default.meets_bar() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
