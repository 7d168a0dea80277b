"""CLI commands for verdicts and library settings: verdict, verdicts, settings."""

from __future__ import annotations

import argparse

from workbench.cli.common import Context, table
from workbench.errors import InvalidValue
from workbench.service import UNSET, EvidenceInfo, VerdictInfo, signoff_text
from workbench.textspan import shorten
from workbench.verdicts import STATUSES

KNOWN_SETTINGS = {
    "organisation": "the reviewing organisation, author of ClaimReview exports (required for them)",
    "organisation_url": "its web site",
    "claimreview_url": "address of a published review, with {group_id}, e.g. https://example.org/checks/{group_id} "
                       "(Google's fact-check markup requires it)",
}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("verdict", parents=[common], help="set or update a claim group's verdict (a new revision)")
    p.add_argument("group_id", type=int, metavar="GROUP_ID")
    p.add_argument("--rating", metavar="KEY", help="rating key or label (see `claim-workbench verdicts --scale`)")
    p.add_argument("--rationale", metavar="TEXT", help="why the claim earns this rating")
    p.add_argument("--status", choices=STATUSES, help="draft, review or final")
    p.add_argument("--reviewer", metavar="NAME", help="who reviewed it (default: you)")
    p.add_argument("--evidence", action="append", metavar="URL", help="evidence URL (repeat; replaces the list)")
    p.add_argument("--expected-version", type=int, metavar="N",
                   help="refuse the change if the verdict is no longer at version N (0: no verdict yet)")
    p.set_defaults(func=cmd_verdict)

    p = sub.add_parser("verdicts", parents=[common], help="list verdicts")
    p.add_argument("--final-only", action="store_true", help="only final verdicts")
    p.add_argument("--scale", action="store_true", help="list the rating scale instead")
    p.set_defaults(func=cmd_verdicts)

    p = sub.add_parser("settings", parents=[common], help="show or change library settings (e.g. organisation)",
                       epilog="Known keys: " + "; ".join(f"{k}: {v}" for k, v in KNOWN_SETTINGS.items()))
    p.add_argument("key", nargs="?", metavar="KEY")
    p.add_argument("value", nargs="?", metavar="VALUE", help="new value (an empty string clears it)")
    p.set_defaults(func=cmd_settings)


def describe(v: VerdictInfo) -> str:
    """A verdict in a few lines."""
    lines = [f"group {v.group_id}: {v.rating or 'no rating'} ({v.status}), version {v.version}, "
             f"reviewer {v.reviewer or '-'}, updated {v.updated_at:%Y-%m-%d %H:%M} UTC"]
    if v.written_by or v.approved_by:
        lines.append("  " + signoff_text(v))
    if v.rationale:
        lines.append(f"  rationale: {v.rationale}")
    lines.extend(f"  evidence: {e.url or e.title}" for e in v.evidence)
    return "\n".join(lines)


def cmd_verdict(ctx: Context) -> int:
    a = ctx.args
    given = {
        "rating": a.rating if a.rating is not None else UNSET,
        "rationale": a.rationale if a.rationale is not None else UNSET,
        "status": a.status or UNSET,
        "reviewer": a.reviewer if a.reviewer is not None else UNSET,
        "evidence": [EvidenceInfo(url=url) for url in a.evidence] if a.evidence else UNSET,
    }
    if all(v is UNSET for v in given.values()):
        raise InvalidValue("nothing to change: give --rating, --rationale, --status, --reviewer or --evidence")
    verdict = ctx.workbench.set_verdict(a.group_id, **given, expected_version=a.expected_version)
    ctx.emit(verdict, lambda: describe(verdict))
    return 0


def cmd_verdicts(ctx: Context) -> int:
    wb = ctx.workbench
    if ctx.args.scale:
        scale = wb.rating_scale()
        ctx.emit(scale, lambda: table(["key", "label", "value", "colour"],
                                      [(r.key, r.label, r.value, r.colour) for r in scale]))
        return 0
    verdicts = wb.list_verdicts(final_only=ctx.args.final_only)
    ctx.emit(
        verdicts,
        lambda: table(
            ["group", "rating", "status", "reviewer", "version", "updated (UTC)", "rationale"],
            [(v.group_id, v.rating, v.status, v.reviewer, v.version, f"{v.updated_at:%Y-%m-%d %H:%M}",
              shorten(v.rationale)) for v in verdicts],
        ) if verdicts else "No verdicts yet: `claim-workbench verdict GROUP_ID --rating KEY`.",
    )
    return 0


def cmd_settings(ctx: Context) -> int:
    wb, key, value = ctx.workbench, ctx.args.key, ctx.args.value
    if key is None:
        settings = wb.list_settings()
        ctx.emit(settings, lambda: table(["key", "value"], sorted(settings.items())) if settings
                 else "No settings yet. Known keys:\n" + "\n".join(f"  {k}: {v}" for k, v in KNOWN_SETTINGS.items()))
        return 0
    if value is None:
        current = wb.get_setting(key)
        ctx.emit({key: current}, current if current is not None else f"{key} is not set")
        return 0
    wb.set_setting(key, value)
    ctx.emit({key: value}, f"{key} = {value}")
    return 0
