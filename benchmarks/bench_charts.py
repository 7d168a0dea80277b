"""Chart rendering: our QPainter renderer beside matplotlib (Agg) and pyqtgraph drawing the same chart.

The chart: verdicts by outlet as stacked bars, 12 outlets x 6 ratings, 1200 x 700 PNG. Each run is a
fresh process; "cold" is everything a `claim-workbench chart` call pays (imports, Qt or matplotlib
start-up, drawing, writing the file), "warm" is drawing and writing it a second time in that process.
The baselines need an interpreter that has them (they are not dependencies of the app):

    python -m venv /tmp/charts && /tmp/charts/bin/pip install matplotlib pyqtgraph PySide6-Essentials
    python benchmarks/bench_charts.py --others /tmp/charts/bin/python [--write]

QtCharts (PySide6-Addons) is not measured: it is GPL-3 only, which rules it out (docs/charts.md).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.results import replace_section  # noqa: E402

RATINGS = [("False", "#ee6352"), ("Mostly false", "#fc8d59"), ("Mixed", "#fdcc8a"), ("Mostly true", "#a1d99b"),
           ("True", "#31a354"), ("Unrated", "#c9d6e8")]
OUTLETS = [f"Outlet {chr(65 + i)}" for i in range(12)]
COUNTS = [[(i * 7 + j * 3) % 9 for j in range(len(RATINGS))] for i in range(len(OUTLETS))]
RUNS = 3

OURS = textwrap.dedent("""
    import json, os, sys, time
    from workbench.service import ChartData, ChartRating  # loaded before `chart` draws, as in the command line
    started = time.perf_counter()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.charts import render_file
    spec = json.loads(sys.argv[1])
    chart = ChartData("outlet-verdicts", "Verdicts by outlet", "benchmark",
                      [ChartRating(l.lower(), l, c) for l, c in spec["ratings"]], outlets=spec["outlets"],
                      counts=spec["counts"])
    render_file(chart, sys.argv[2], size=(1200, 700))
    cold = time.perf_counter() - started
    started = time.perf_counter()
    render_file(chart, sys.argv[2], size=(1200, 700))
    print(json.dumps({"cold": cold, "warm": time.perf_counter() - started}))
""")

MATPLOTLIB = textwrap.dedent("""
    import json, sys, time
    started = time.perf_counter()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    spec = json.loads(sys.argv[1])

    def draw():
        fig, ax = plt.subplots(figsize=(12, 7), dpi=100)
        left = [0] * len(spec["outlets"])
        for j, (label, colour) in enumerate(spec["ratings"]):
            values = [row[j] for row in spec["counts"]]
            ax.barh(spec["outlets"], values, left=left, color=colour, edgecolor="#555555", label=label)
            left = [a + b for a, b in zip(left, values)]
        ax.set_title("Verdicts by outlet", loc="left")
        ax.legend(ncol=6, loc="upper left", frameon=False)
        ax.invert_yaxis()
        fig.savefig(sys.argv[2])
        plt.close(fig)

    draw()
    cold = time.perf_counter() - started
    started = time.perf_counter()
    draw()
    print(json.dumps({"cold": cold, "warm": time.perf_counter() - started}))
""")

PYQTGRAPH = textwrap.dedent("""
    import json, os, sys, time
    started = time.perf_counter()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    import pyqtgraph as pg
    import pyqtgraph.exporters
    app = QApplication.instance() or QApplication([])
    spec = json.loads(sys.argv[1])

    def draw():
        plot = pg.PlotWidget(background="w")
        plot.resize(1200, 700)
        left = [0] * len(spec["outlets"])
        for j, (label, colour) in enumerate(spec["ratings"]):
            values = [row[j] for row in spec["counts"]]
            plot.addItem(pg.BarGraphItem(x0=left, y=list(range(len(values))), height=0.6, width=values, brush=colour))
            left = [a + b for a, b in zip(left, values)]
        plot.getAxis("left").setTicks([list(enumerate(spec["outlets"]))])
        pyqtgraph.exporters.ImageExporter(plot.plotItem).export(sys.argv[2])

    draw()
    cold = time.perf_counter() - started
    started = time.perf_counter()
    draw()
    print(json.dumps({"cold": cold, "warm": time.perf_counter() - started}))
""")


def run(python: str, script: str, out: Path) -> dict[str, float]:
    spec = json.dumps({"ratings": RATINGS, "outlets": OUTLETS, "counts": COUNTS})
    results = []
    for _ in range(RUNS):
        proc = subprocess.run([python, "-c", script, spec, str(out)], capture_output=True, text=True, cwd=ROOT,
                              timeout=300)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr[-2000:])
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(r[key] for r in results) for key in ("cold", "warm")}


def size_mb(python: str, packages: list[str]) -> float:
    """Disk size of the packages in that interpreter's site-packages."""
    code = ("import sys, importlib.util, pathlib; total = 0\n"
            "for name in sys.argv[1:]:\n"
            "    spec = importlib.util.find_spec(name)\n"
            "    root = pathlib.Path(spec.origin).parent\n"
            "    total += sum(p.stat().st_size for p in root.rglob('*') if p.is_file())\n"
            "    libs = root.parent / (root.name + '.libs')\n"
            "    total += sum(p.stat().st_size for p in libs.rglob('*') if p.is_file()) if libs.is_dir() else 0\n"
            "print(total)")
    proc = subprocess.run([python, "-c", code, *packages], capture_output=True, text=True, check=True)
    return int(proc.stdout) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--others", metavar="PYTHON", help="an interpreter with matplotlib and pyqtgraph")
    parser.add_argument("--write", action="store_true", help="put the table into benchmarks/RESULTS.md")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "chart.png"
        ours = run(sys.executable, OURS, out)
        rows.append(("QPainter (ours), PySide6-Essentials only", ours, 0.0, "LGPL-3 (Qt, already shipped)"))
        if args.others:
            rows.append(("matplotlib Agg", run(args.others, MATPLOTLIB, out),
                         size_mb(args.others, ["matplotlib", "numpy", "PIL", "fontTools", "kiwisolver",
                                               "contourpy", "dateutil", "pyparsing", "cycler"]), "PSF-style, BSD"))
            rows.append(("pyqtgraph (+ PySide6 already there)", run(args.others, PYQTGRAPH, out),
                         size_mb(args.others, ["pyqtgraph", "numpy"]), "MIT"))
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    lines = [
        "## Charts",
        "",
        f"`python benchmarks/bench_charts.py --others PYTHON --write` (2-core machine shared with other work, "
        f"load average {' '.join(load)}). The same stacked-bar chart (12 outlets x 6 ratings, 1200 x 700 PNG) "
        f"drawn in a fresh process, median of {RUNS} runs: cold = imports, start-up, drawing and writing the "
        "file once (ours: the core, which the command line has loaded already, is imported before the clock "
        "starts); warm = drawing and writing it again. Added install size: what the app would ship on top "
        "of what it has.",
        "",
        "| renderer | cold | warm | added install size | licence |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, times, size, licence in rows:
        lines.append(f"| {name} | {times['cold']:.2f} s | {times['warm'] * 1000:.0f} ms | {size:.0f} MB | {licence} |")
    lines.append("| QtCharts (PySide6-Addons) | not measured | | 175 MB wheel, 439 MB unpacked "
                 "| GPL-3 only: excluded |")
    table = "\n".join(lines)
    print(table)
    if args.write:
        replace_section("Charts", table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
