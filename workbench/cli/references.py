"""CLI commands for claims checked before and sentence vectors: import-factchecks, checked, embed."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.common import Context, TerminalProgress, embed_missing, positive_int, score_arg, table
from workbench.service import CheckedResult
from workbench.textspan import shorten


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import-factchecks", parents=[common],
                       help="import claims checked before (CSV claim,rating,url,organization,date,title; ClaimReview)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.set_defaults(func=cmd_import_factchecks)

    p = sub.add_parser("checked", parents=[common], help="claims checked before that match a claim or a text")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("claim_id", nargs="?", type=int, metavar="CLAIM_ID")
    what.add_argument("--text", metavar="TEXT", help="check a text instead of a claim of the library")
    p.add_argument("--top", type=positive_int, default=10, metavar="N", help="at most N results (default 10)")
    p.add_argument("--min-score", type=score_arg, default=0.0, metavar="S", help="lowest score shown (default 0)")
    p.set_defaults(func=cmd_checked)

    p = sub.add_parser("embed", parents=[common],
                       help="give every passage, fact-check and claim its sentence vector (resumable)")
    p.set_defaults(func=cmd_embed)


def cmd_import_factchecks(ctx: Context) -> int:
    reports = ctx.workbench.import_factchecks(ctx.args.paths, progress=TerminalProgress("importing"))

    def text() -> str:
        rows = [(r.path, r.imported, r.duplicates, len(r.errors)) for r in reports]
        lines = [table(["path", "imported", "duplicates", "errors"], rows)]
        lines += [f"  {e}" for r in reports for e in r.errors]
        return "\n".join(lines)

    ctx.emit(reports, text)
    return 1 if any(r.errors for r in reports) else 0


def checked_rows(results: list[CheckedResult]) -> str:
    return table(
        ["reference", "score", "rating", "organization", "date", "claim", "url"],
        [(r.reference_id, f"{r.score:.1f}", r.rating, r.organization, r.date, shorten(r.claim, 60), r.url)
         for r in results],
    )


def cmd_checked(ctx: Context) -> int:
    a = ctx.args
    embed_missing(ctx)
    results = ctx.workbench.checked(a.claim_id, text=a.text, top=a.top, min_score=a.min_score)
    ctx.emit(results, lambda: checked_rows(results) if results else "Nothing checked before matches.")
    return 0


def cmd_embed(ctx: Context) -> int:
    summary = ctx.workbench.embed_pending(progress=TerminalProgress("embedding"))
    ctx.emit(summary, lambda: (
        f"{summary.passages} passages, {summary.factchecks} fact-checks and {summary.claims} claims embedded "
        f"in {summary.seconds:.1f} s with {summary.model}" + (" (cancelled)" if summary.cancelled else "")
    ))
    return 0


