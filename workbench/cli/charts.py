"""CLI command chart: draw verdicts by outlet, the spread matrix or the first-appearance timeline to PNG or SVG.

The numbers come from the core (``Workbench.chart_data``); the drawing from the installed front end,
reached through the ``claim_workbench.front_ends`` entry point named ``charts`` (the core never
imports Qt). It renders offscreen: no display is needed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from workbench.cli import FRONT_ENDS
from workbench.cli.common import Context
from workbench.errors import InvalidValue, WorkbenchError
from workbench.service import CHART_KIND_LABELS, CHART_KIND_NAMES

CHART_SUFFIXES = (".png", ".svg")


class ChartUnavailable(WorkbenchError):
    """The chart renderer (the Qt front end) is not installed or cannot start."""


def _size(value: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in value.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT in pixels, got {value!r}") from None
    if not (200 <= width <= 8000 and 150 <= height <= 8000):
        raise argparse.ArgumentTypeError(f"{value}: width 200-8000 and height 150-8000 pixels")
    return width, height


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    kinds = "; ".join(f"{k}: {label}" for k, label in CHART_KIND_LABELS.items())
    p = sub.add_parser("chart", parents=[common], help="draw a chart of the library to PNG or SVG (offscreen)",
                       epilog=f"Charts: {kinds}.")
    p.add_argument("kind", choices=CHART_KIND_NAMES, metavar="KIND", help=", ".join(CHART_KIND_NAMES))
    p.add_argument("out", type=Path, metavar="OUT.(png|svg)")
    p.add_argument("--group", type=int, action="append", metavar="ID", help="only this claim group (repeat)")
    p.add_argument("--theme", choices=("light", "dark"), default="light", help="colours for a light or dark page")
    p.add_argument("--size", type=_size, metavar="WxH",
                   help="pixels (default: 1200 wide, as high as the rows need)")
    p.set_defaults(func=cmd_chart)


def chart_renderer() -> Callable[..., Any]:
    """The installed front end's chart renderer; raises ChartUnavailable with the reason."""
    found = entry_points(group=FRONT_ENDS, name="charts")
    if not found:
        raise ChartUnavailable("the chart renderer is not installed (reinstall claim-workbench)")
    try:
        return next(iter(found)).load()
    except ImportError as exc:
        raise ChartUnavailable(f"the chart renderer cannot start ({exc})") from None


def cmd_chart(ctx: Context) -> int:
    a = ctx.args
    out: Path = a.out
    if out.suffix.lower() not in CHART_SUFFIXES:
        raise InvalidValue(f"{out}: a chart is written as .png or .svg")
    if not out.parent.is_dir():
        raise InvalidValue(f"{out}: the folder {out.parent} does not exist")
    data = ctx.workbench.chart_data(a.kind, a.group)
    render = chart_renderer()
    try:
        width, height = render(data, out, theme=a.theme, size=a.size)
    except OSError as exc:
        raise InvalidValue(f"{out}: cannot write the chart ({exc.strerror or exc})") from None
    result = {"kind": a.kind, "path": str(out), "format": out.suffix.lower().lstrip("."), "theme": a.theme,
              "width": width, "height": height, "data": data}
    ctx.emit(result, f"{data.title} written to {out} ({width}×{height}, {a.theme})")
    return 0
