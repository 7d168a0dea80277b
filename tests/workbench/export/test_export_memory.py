"""Exports of 100,000 claims stream: memory stays bounded whatever the size of the library.

Bounds. A non-streaming workbook holds every cell until it is saved: 2.6 million cells for this
library (100,000 claims, 50,000 groups and links, 2,000 articles), which costs openpyxl well over a
gigabyte (see benchmarks/RESULTS.md). The streamed export holds one batch of 1,000 rows, XlsxWriter's
current row, the hyperlinks Excel lists at the end of each sheet (at most 65,530 per sheet, about
10 MB), and the analysis caches (recent wordings, each article's shingles while its groups are
exported), which are bounded by count, not by the library. 150 MB of growth in resident memory (which
counts SQLite and zlib too, not just Python objects) is ten times below the non-streaming cost and
leaves room for allocator noise; 60 MB of Python heap (tracemalloc) is the same reasoning without the
C side.

Cost. The XLSX export takes about 30 s for this library (XlsxWriter writes ~100,000 cells a second),
so its resident-memory bound is checked once, in a fresh process, on the whole library: the size is
what is being tested. tracemalloc slows what it traces about four-fold, so the Python-heap test does
not trace the whole claims table (that took minutes on a loaded CI machine). It runs the real CSV
export of all 100,000 claims and traces two slices of it through the export's progress callback:

- the start (opening the stream up to claim 5,000): anything read in proportion to the library up
  front (a whole table, every group's wording) would be allocated here, so its heap peak bounds it;
- the end (claims 85,000 to 100,000): by 90,000 the caches have turned over, so everything they hold
  was allocated while traced; then what is still alive at the end that was not alive at 90,000 is
  what the stream keeps per claim. It must be under GROWTH_BOUND_MB for 10,000 claims (a leak of
  more than ~200 bytes a claim), and the late slice's peak under the heap bound.

Together they show the heap neither starts in proportion to the library nor grows with the rows
streamed, which is what the bound at 100,000 claims stood for, while only a fifth of the rows run
under tracemalloc.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest

from workbench.service import Workbench

CLAIMS = 100_000
RSS_BOUND_MB = 150
HEAP_BOUND_MB = 60
GROWTH_BOUND_MB = 2  # kept by 10,000 claims streamed once the caches are full

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="measures memory with the resource module")


@pytest.fixture(scope="module")
def big_library(tmp_path_factory: pytest.TempPathFactory, synthetic) -> Path:  # type: ignore[no-untyped-def]
    """A library of 100,000 claims (built with bulk inserts in a few seconds)."""
    path = tmp_path_factory.mktemp("big") / "big.sqlite3"
    wb = Workbench.open(path, user="bench")
    try:
        counts = synthetic.build_library(wb.db, CLAIMS)
    finally:
        wb.close()
    assert counts["claims"] == CLAIMS
    return path


CHILD = textwrap.dedent("""
    import json, resource, sys, time
    import xlsxwriter  # noqa: F401  (loaded before the baseline, like the rest of the app)
    from workbench.service import Workbench

    def rss_mb():
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024

    def peak_mb():
        # VmHWM belongs to this process image; ru_maxrss would carry over the parent's peak through exec().
        if sys.platform.startswith("linux"):
            with open("/proc/self/status") as f:
                return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 1024
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1024 if sys.platform != "darwin" else peak / 2**20

    wb = Workbench.open(sys.argv[1])
    wb.list_settings()
    before = rss_mb() if sys.platform.startswith("linux") else peak_mb()
    started = time.perf_counter()
    report = wb.export(sys.argv[2])
    print(json.dumps({"before_mb": before, "peak_mb": peak_mb(), "growth_mb": peak_mb() - before,
                      "seconds": time.perf_counter() - started,
                      "rows": report.rows, "notes": report.notes}))
""")


def test_xlsx_export_of_100000_claims_stays_in_bounded_memory(big_library: Path, tmp_path: Path) -> None:
    out = tmp_path / "big.xlsx"
    done = subprocess.run([sys.executable, "-c", CHILD, str(big_library), str(out)], capture_output=True,
                          text=True, timeout=600, check=False, env=dict(os.environ, PYTHONWARNINGS="ignore"))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["rows"] == {"verdicts": 50_000, "claims": CLAIMS, "links": 50_000, "articles": 2_000,
                              "evidence": 25_000}
    assert result["growth_mb"] < RSS_BOUND_MB, result
    from openpyxl import load_workbook

    book = load_workbook(out, read_only=True)
    try:
        assert book["Claims"].max_row == CLAIMS + 1 and book["Verdicts"].max_row == 50_001
        assert next(book["Claims"].iter_rows(min_row=2, max_row=2, values_only=True))[:2] == (1, 1)
    finally:
        book.close()
    print(result)


class HeapProbe:
    """Traces the Python heap over chosen stretches of an export, driven by its progress callback."""

    def __init__(self, start_until: int, late_from: int, checkpoint: int) -> None:
        self.start_until, self.late_from, self.checkpoint = start_until, late_from, checkpoint
        self.start_peak = self.late_peak = self.at_checkpoint = self.at_end = -1
        self.phase = "start"

    def begin(self) -> None:
        tracemalloc.start()

    def __call__(self, done: int, total: int, label: str) -> None:
        if self.phase == "start" and done >= self.start_until:
            self.start_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            self.phase = "between"
        elif self.phase == "between" and done >= self.late_from:
            tracemalloc.start()
            self.phase = "late"
        elif self.phase == "late" and done >= self.checkpoint:
            self.at_checkpoint = tracemalloc.get_traced_memory()[0]
            self.phase = "checked"

    def end(self) -> None:
        if tracemalloc.is_tracing():
            self.at_end, self.late_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()


def test_csv_export_of_100000_claims_keeps_a_small_python_heap(big_library: Path, tmp_path: Path) -> None:
    wb = Workbench.open(big_library)
    out = tmp_path / "claims.csv"
    probe = HeapProbe(start_until=5_000, late_from=CLAIMS - 15_000, checkpoint=CLAIMS - 10_000)
    probe.begin()
    try:
        report = wb.export(out, table="claims", progress=probe)
    finally:
        probe.end()
        wb.close()
    assert report.rows == {"claims": CLAIMS}
    assert probe.phase == "checked", probe.phase  # both slices were traced
    mb = 2**20
    growth = probe.at_end - probe.at_checkpoint
    summary = (f"heap peak {probe.start_peak / mb:.1f} MB over the first 5,000 claims, "
               f"{probe.late_peak / mb:.1f} MB over the last 15,000; "
               f"{growth / mb:.2f} MB kept by the last 10,000")
    assert probe.start_peak < HEAP_BOUND_MB * mb, summary
    assert probe.late_peak < HEAP_BOUND_MB * mb, summary
    assert growth < GROWTH_BOUND_MB * mb, summary
    with out.open(encoding="utf-8", newline="") as handle:
        assert sum(1 for _ in csv.reader(handle)) == CLAIMS + 1
    print(f"CSV claims, {CLAIMS} claims: {summary}")
