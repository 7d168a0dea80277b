"""CLI commands for claims: claim add, claim rm, claims."""

from __future__ import annotations

import argparse

from workbench.cli.common import Context, span, table
from workbench.service import ClaimInfo
from workbench.textspan import shorten


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    claim = sub.add_parser("claim", help="add or remove one claim")
    claim_sub = claim.add_subparsers(dest="claim_command", required=True, metavar="{add,rm}")

    p = claim_sub.add_parser("add", parents=[common], help="mark a quote or span of an article as a claim")
    p.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", help="exact text of the claim as it appears in the article")
    where.add_argument("--span", type=span, metavar="START:END", help="code-point offsets")
    p.add_argument("--occurrence", type=int, default=1, metavar="N", help="which occurrence of --quote (1-based)")
    p.add_argument("--note", help="a note on the claim")
    p.set_defaults(func=cmd_claim_add)

    p = claim_sub.add_parser("rm", parents=[common], help="remove a claim")
    p.add_argument("claim_id", type=int, metavar="CLAIM_ID")
    p.set_defaults(func=cmd_claim_rm)

    p = sub.add_parser("claims", parents=[common], help="list claims")
    p.add_argument("--article", type=int, metavar="ID", help="only this article's claims")
    p.add_argument("--assigned-to", metavar="LOGIN", help="only claims of groups in this login's queue")
    p.set_defaults(func=cmd_claims)


def claim_rows(claims: list[ClaimInfo]) -> str:
    """Claims as a table."""
    return table(
        ["id", "article", "start", "end", "group", "state", "text"],
        [(c.id, c.article_id, c.start, c.end, c.group_id, c.anchor_state, shorten(c.text)) for c in claims],
    )


def cmd_claim_add(ctx: Context) -> int:
    a = ctx.args
    start, end = a.span if a.span else (None, None)
    claim = ctx.workbench.add_claim(
        a.article_id, start=start, end=end, quote=a.quote, occurrence=a.occurrence, note=a.note
    )
    ctx.emit(
        {"id": claim.id, "article_id": claim.article_id, "start": claim.start, "end": claim.end,
         "text": claim.text, "group_id": claim.group_id},
        lambda: f"claim {claim.id} in article {claim.article_id} at {claim.start}:{claim.end} "
        f"(group {claim.group_id}): {shorten(claim.text)}",
    )
    return 0


def cmd_claim_rm(ctx: Context) -> int:
    removed = ctx.workbench.remove_claim(ctx.args.claim_id)
    ctx.emit({"removed": removed.claim.id}, f"removed claim {removed.claim.id}")
    return 0


def cmd_claims(ctx: Context) -> int:
    claims = ctx.workbench.list_claims(ctx.args.article, assigned_to=ctx.args.assigned_to)
    ctx.emit(claims, lambda: claim_rows(claims) if claims else "No claims yet.")
    return 0
