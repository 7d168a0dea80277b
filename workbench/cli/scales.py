"""CLI commands for rating scales: scales (the desks' presets), scales use NAME [--map OLD=NEW ...]."""

from __future__ import annotations

import argparse

from workbench.cli.common import Context
from workbench.scales import parse_mapping
from workbench.service import ScaleInfo, ScaleSwitch


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("scales", parents=[common], help="rating scales of fact-check desks, and the one in use")
    p.set_defaults(func=cmd_scales)
    actions = p.add_subparsers(dest="scales_command", metavar="{use}")
    u = actions.add_parser("use", parents=[common], help="switch the library's rating scale, mapping its verdicts",
                           epilog="Ratings with the same key, the same label or a known synonym (Mixed, Mixture, "
                                  "Half True) move by themselves; say where the others go with --map.")
    u.add_argument("name", metavar="NAME", help="a preset (claimreview, politifact, snopes, afp) or a .json file")
    u.add_argument("--map", action="append", default=[], metavar="OLD=NEW",
                   help="move verdicts rated OLD to NEW (key or label; an empty NEW leaves them unrated); repeat")
    u.set_defaults(func=cmd_scales_use)


def scale_text(scales: list[ScaleInfo]) -> str:
    lines = []
    for s in scales:
        mark = "  (in use)" if s.current else ""
        axis = f", ClaimReview {s.worst}-{s.best}" if s.best is not None else ""
        lines.append(f"{s.name}: {s.label}{axis}{mark}")
        for v in s.values:
            value = str(v.value) if v.value is not None else "name only"
            lines.append(f"  {v.key:<22} {v.label:<22} {value:<10} {v.colour}  {v.description}".rstrip())
    return "\n".join(lines)


def cmd_scales(ctx: Context) -> int:
    scales = ctx.workbench.list_scales()
    ctx.emit(scales, lambda: scale_text(scales))
    return 0


def switch_text(switch: ScaleSwitch) -> str:
    lines = [f"rating scale: {switch.previous} -> {switch.scale}"]
    lines.extend(f"  group {m.group_id}: {m.old} -> {m.new or 'unrated'}" for m in switch.moved)
    if switch.added:
        lines.append(f"  new ratings: {', '.join(switch.added)}")
    if switch.removed:
        lines.append(f"  ratings removed: {', '.join(switch.removed)}")
    if not switch.moved:
        lines.append("  no verdict needed another rating")
    return "\n".join(lines)


def cmd_scales_use(ctx: Context) -> int:
    switch = ctx.workbench.use_scale(ctx.args.name, parse_mapping(ctx.args.map))
    ctx.emit(switch, lambda: switch_text(switch))
    return 0
