"""Precision and recall of claim matching on the labelled seed claims, at several thresholds.

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

from workbench.matching.scoring import DEFAULT_MIN_SCORE  # noqa: E402
from workbench.service import Workbench  # noqa: E402


def main(argv: list[str]) -> int:
    """Print the quality table; exit 1 when the default threshold misses the quality bar."""
    with tempfile.TemporaryDirectory() as tmp:
        wb = Workbench.open(Path(tmp) / "seeds.sqlite3", user="bench")
        article_of, queries = build_library(wb)
        run_suggestions(wb, queries)
        print(f"{len(queries)} labelled claims; default threshold {DEFAULT_MIN_SCORE}")
        print("threshold  suggested  precision  small      reworded   single  bar")
        thresholds = sorted({40.0, 45.0, 50.0, 52.0, 54.0, 56.0, 58.0, 60.0, 65.0, 70.0, DEFAULT_MIN_SCORE})
        for t in thresholds:
            q = measure(wb, article_of, queries, t)
            mark = " <- default" if t == DEFAULT_MIN_SCORE else ""
            print(f"{t:9.1f}  {q.suggested:9d}  {q.precision:9.3f}  {q.small_found:3d}/{q.small_total:<5d}"
                  f"  {q.reworded_found:3d}/{q.reworded_total:<5d}  {q.single_suggested:6d}  "
                  f"{'met' if q.meets_bar() else 'no'}{mark}")
        default = measure(wb, article_of, queries, DEFAULT_MIN_SCORE)
        print(f"\nat {DEFAULT_MIN_SCORE}: precision {default.precision:.3f}, recall {default.recall:.3f} "
              f"(small {default.small_found}/{default.small_total}, "
              f"reworded {default.reworded_found}/{default.reworded_total})")
        if "--verbose" in argv:
            print("\nwrong:\n  " + "\n  ".join(default.wrong))
            print("missed:\n  " + "\n  ".join(default.missed))
        wb.close()
        return 0 if default.meets_bar() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
