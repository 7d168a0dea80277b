"""CLI commands for review queues and blind double rating: assign, unassign, queue, rate, ratings, agreement."""

from __future__ import annotations

import argparse

from workbench.cli.common import Context, table
from workbench.service import AgreementReport


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("assign", parents=[common], help="put a claim group in reviewers' queues")
    p.add_argument("group_id", type=int, metavar="GROUP_ID")
    p.add_argument("logins", nargs="+", metavar="LOGIN")
    p.set_defaults(func=cmd_assign)

    p = sub.add_parser("unassign", parents=[common], help="take a claim group out of a reviewer's queue")
    p.add_argument("group_id", type=int, metavar="GROUP_ID")
    p.add_argument("login", metavar="LOGIN")
    p.set_defaults(func=cmd_unassign)

    p = sub.add_parser("queue", parents=[common], help="the claim groups assigned to you (or to LOGIN)")
    p.add_argument("login", nargs="?", metavar="LOGIN")
    p.set_defaults(func=cmd_queue)

    p = sub.add_parser("rate", parents=[common], help="your own (blind) rating of a claim group")
    p.add_argument("group_id", type=int, metavar="GROUP_ID")
    p.add_argument("rating", metavar="RATING", help="rating key or label (see `claim-workbench verdicts --scale`)")
    p.add_argument("--note", default="", help="a note on your rating")
    p.set_defaults(func=cmd_rate)

    p = sub.add_parser("ratings", parents=[common],
                       help="blind ratings: yours, or with --all every one you may see (editors), and disagreements")
    p.add_argument("--all", action="store_true", help="every rater's ratings (editors and the owner)")
    p.add_argument("--disagreements", action="store_true", help="only groups whose raters disagree")
    p.set_defaults(func=cmd_ratings)

    p = sub.add_parser("agreement", parents=[common],
                       help="agreement of blind ratings per reviewer pair: raw, Cohen's kappa, Krippendorff's alpha")
    p.set_defaults(func=cmd_agreement)


def cmd_assign(ctx: Context) -> int:
    rows = ctx.workbench.assign(ctx.args.group_id, ctx.args.logins)
    ctx.emit(rows, f"group {ctx.args.group_id} is in the queue of: " + ", ".join(r.login for r in rows))
    return 0


def cmd_unassign(ctx: Context) -> int:
    ctx.workbench.unassign(ctx.args.group_id, ctx.args.login)
    ctx.emit({"group_id": ctx.args.group_id, "login": ctx.args.login},
             f"group {ctx.args.group_id} is no longer in {ctx.args.login}'s queue")
    return 0


def cmd_queue(ctx: Context) -> int:
    wb = ctx.workbench
    login = ctx.args.login or wb.user
    groups = wb.list_groups(assigned_to=login)
    ctx.emit(groups, lambda: table(
        ["group", "claims", "rating", "status", "canonical"],
        [(g.id, len(g.claims), g.rating, g.status, g.canonical) for g in groups],
    ) if groups else f"Nothing in {login}'s queue.")
    return 0


def cmd_rate(ctx: Context) -> int:
    entry = ctx.workbench.rate(ctx.args.group_id, ctx.args.rating, ctx.args.note)
    ctx.emit(entry, f"your rating of group {entry.group_id}: {entry.rating}")
    return 0


def cmd_ratings(ctx: Context) -> int:
    wb = ctx.workbench
    if ctx.args.disagreements:
        split = wb.disagreements()
        ctx.emit(split, lambda: table(
            ["group", "ratings", "verdict", "canonical"],
            [(d.group_id, ", ".join(f"{e.rater}: {e.rating}" for e in d.ratings), d.verdict_rating, d.canonical)
             for d in split],
        ) if split else "No disagreements.")
        return 0
    entries = wb.list_ratings(everyone=ctx.args.all)
    ctx.emit(entries, lambda: table(
        ["group", "rater", "rating", "rated (UTC)", "note"],
        [(e.group_id, e.rater, e.rating, f"{e.rated_at:%Y-%m-%d %H:%M}", e.note) for e in entries],
    ) if entries else "No ratings yet: `claim-workbench rate GROUP_ID RATING`.")
    return 0


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def describe_agreement(report: AgreementReport) -> str:
    """The agreement report as a table and a summary line."""
    if not report.pairs:
        return "No group has ratings from two raters yet."
    lines = table(
        ["rater", "other rater", "groups", "agreement", "kappa", "alpha (ordinal)"],
        [(p.rater, p.other_rater, p.groups, _number(p.agreement), _number(p.kappa), _number(p.alpha))
         for p in report.pairs],
    )
    return lines + (f"\nall {report.raters} raters: Krippendorff's alpha (ordinal) {_number(report.alpha)} "
                    f"over {report.groups} groups")


def cmd_agreement(ctx: Context) -> int:
    report = ctx.workbench.agreement()
    ctx.emit(report, lambda: describe_agreement(report))
    return 0
