"""CLI command for who made a claim: claimant (set, clear, suggest, show)."""

from __future__ import annotations

import argparse
import shlex

from workbench.cli.common import Context
from workbench.errors import InvalidValue
from workbench.service import Claimant, to_jsonable


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "claimant", parents=[common], help="show, set, clear or suggest who made a claim group's claim",
        description="Who made the claim (exported as ClaimReview itemReviewed.author and in the spreadsheets). "
        "With NAME: set it; --clear: remove it; --suggest: print the speaker the article's attribution names "
        "(\"Lavrov said\", \"he said\"), to accept with a second call; with neither: show it.",
    )
    p.add_argument("group_id", type=int, metavar="GROUP_ID")
    p.add_argument("name", nargs="?", metavar="NAME", help="the person's or organisation's name")
    p.add_argument("--role", metavar="TEXT", help="their role or job title, e.g. 'Russian Foreign Minister'")
    p.add_argument("--organization", "--organisation", action="store_true",
                   help="the claimant is an organisation, not a person")
    p.add_argument("--clear", action="store_true", help="remove the claimant")
    p.add_argument("--suggest", action="store_true", help="print the claimant suggested by the text")
    p.set_defaults(func=cmd_claimant)


def describe(claimant: Claimant | None) -> str:
    """A claimant in words: "Sergei Lavrov, Russian Foreign Minister (person)"."""
    if claimant is None:
        return "none"
    kind = "organisation" if claimant.type == "Organization" else "person"
    return f"{claimant.display()} ({kind})"


def accept_command(group_id: int, claimant: Claimant) -> str:
    """The command line that records a claimant."""
    words = ["claim-workbench", "claimant", str(group_id), claimant.name]
    if claimant.role:
        words += ["--role", claimant.role]
    if claimant.type == "Organization":
        words.append("--organization")
    return shlex.join(words)


def cmd_claimant(ctx: Context) -> int:
    a, wb = ctx.args, ctx.workbench
    modes = [m for m, on in (("NAME", a.name is not None), ("--clear", a.clear), ("--suggest", a.suggest)) if on]
    if len(modes) > 1:
        raise InvalidValue(f"give only one of NAME, --clear and --suggest (got {' and '.join(modes)})")
    if (a.role is not None or a.organization) and a.name is None:
        raise InvalidValue("--role and --organization describe a NAME; give the claimant's name too")
    gid = a.group_id
    if a.suggest:
        proposal = wb.suggest_claimant(gid)
        if proposal is None:
            ctx.emit({"group_id": gid, "claimant": None},
                     f"group {gid}: its articles do not say who made this claim (no attribution found)")
            return 0
        s = proposal.suggestion
        ctx.emit(
            {"group_id": gid, "claimant": to_jsonable(s.claimant), "evidence": s.evidence,
             "resolved_from": s.resolved_from, "article_id": proposal.article_id, "claim_id": proposal.claim_id,
             "start": s.start, "end": s.end},
            lambda: "\n".join([
                f"group {gid}: suggested claimant {describe(s.claimant)}",
                f"  from “{s.evidence}”" + (f" (“{s.resolved_from}” resolved to the nearest named speaker)"
                                             if s.resolved_from else "")
                + f" in article {proposal.article_id} at {s.start}:{s.end}",
                f"  accept it with: {accept_command(gid, s.claimant)}",
            ]),
        )
        return 0
    if a.clear:
        previous = wb.clear_claimant(gid)
        ctx.emit({"group_id": gid, "claimant": None, "previous": previous},
                 f"group {gid}: claimant cleared (was {describe(previous)})")
        return 0
    if a.name is not None:
        previous = wb.set_claimant(gid, a.name, role=a.role, organization=a.organization)
        now = wb.get_claimant(gid)
        ctx.emit({"group_id": gid, "claimant": now, "previous": previous},
                 f"group {gid}: claimant {describe(now)}" + (f" (was {describe(previous)})" if previous else ""))
        return 0
    current = wb.get_claimant(gid)
    ctx.emit({"group_id": gid, "claimant": current}, f"group {gid}: claimant {describe(current)}")
    return 0
