#!/usr/bin/env python3
"""Import speed: a folder of 1,000 text articles through the service, beside a bare-minimum baseline.

The baseline reads the same files and stores their text with plain sqlite3 in one transaction: the
floor any importer pays for I/O and storage. Target (issue 2): the folder imports in under 10 s.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Seed-derived articles: each a shuffled, lightly edited mix of the sample paragraphs."""
    rng = random.Random(seed)
    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if len(p.strip()) > 40
    ]
    files = []
    for i in range(count):
        chosen = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(6, 14)))
        body = "\n\n".join(chosen).replace("Lavrov", rng.choice(["Lavrov", "the minister", "Sergei Lavrov"]))
        path = folder / f"sub{i % 10}" / f"article_{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Story number {i}: {rng.random():.6f}\n\n{body}\n", encoding="utf-8")
        files.append(path)
    return files


def baseline(files: list[Path], db: Path) -> float:
    """Read every file and insert its text with plain sqlite3, one transaction."""
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT, text TEXT)")
    with conn:
        conn.executemany(
            "INSERT INTO a(name, text) VALUES (?, ?)", ((p.name, p.read_text(encoding="utf-8")) for p in files)
        )
    conn.close()
    return time.perf_counter() - start


def workbench_import(folder: Path, db: Path) -> tuple[float, int]:
    """Import the folder through the application service (one transaction per file, indexed)."""
    from workbench.service import Workbench

    start = time.perf_counter()
    wb = Workbench.open(db)
    results = wb.import_paths([folder])
    wb.close()
    elapsed = time.perf_counter() - start
    return elapsed, sum(r.status == "imported" for r in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ours, base = [], []
    imported = 0
    for run in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "corpus"
            files = make_corpus(folder, args.count, seed=run)
            base.append(baseline(files, Path(tmp) / "baseline.sqlite3"))
            elapsed, imported = workbench_import(folder, Path(tmp) / "lib.sqlite3")
            ours.append(elapsed)
    print(f"Import of {args.count} text articles (median of {args.repeat} runs)")
    print(f"{'figure':<44}{'workbench':>12}{'baseline':>12}{'target':>10}")
    print(f"{'folder import, seconds':<44}{statistics.median(ours):>12.2f}{statistics.median(base):>12.2f}{'< 10':>10}")
    per = statistics.median(ours) / args.count * 1000
    per_base = statistics.median(base) / args.count * 1000
    print(f"{'per article, ms':<44}{per:>12.2f}{per_base:>12.2f}{'':>10}")
    print(f"{'articles imported':<44}{imported:>12}{args.count:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
