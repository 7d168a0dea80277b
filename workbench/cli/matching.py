"""CLI commands for cross-source matching: suggest, link, unlink, reject, match, groups, reprints."""

from __future__ import annotations

import argparse

from workbench.cli.common import Context, TerminalProgress, embed_missing, positive_int, score_arg, table
from workbench.service import GroupInfo, LinkResult, SuggestionInfo
from workbench.textspan import shorten


def _article_span(value: str) -> tuple[int, int, int]:
    """Parse ARTICLE_ID:START:END for argparse."""
    try:
        article_id, start, end = (int(part) for part in value.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected ARTICLE_ID:START:END, got {value!r}") from None
    return article_id, start, end


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("suggest", parents=[common], help="where a claim appears in other articles")
    p.add_argument("claim_id", type=int, metavar="CLAIM_ID")
    p.add_argument("--min-score", type=score_arg, metavar="S",
                   help="lowest score shown, 0-100 (default: each tier's calibrated threshold)")
    p.add_argument("--per-article", type=positive_int, default=1, metavar="N", help="best N spans per article")
    p.set_defaults(func=cmd_suggest)

    p = sub.add_parser("link", parents=[common], help="link a claim to another claim or to a span")
    p.add_argument("claim_id", type=int, metavar="CLAIM_ID")
    to = p.add_mutually_exclusive_group(required=True)
    to.add_argument("--to-claim", type=int, metavar="ID", help="the claim to link to")
    to.add_argument("--to", type=_article_span, metavar="ARTICLE_ID:START:END", help="a span (code points)")
    p.set_defaults(func=cmd_link)

    p = sub.add_parser("unlink", parents=[common], help="split a claim out of its group")
    p.add_argument("claim_id", type=int, metavar="CLAIM_ID")
    p.set_defaults(func=cmd_unlink)

    p = sub.add_parser("reject", parents=[common], help="reject a suggestion (it is not proposed again)")
    p.add_argument("suggestion_id", type=int, metavar="SUGGESTION_ID")
    p.set_defaults(func=cmd_reject)

    p = sub.add_parser("accept", parents=[common], help="accept a suggestion: link the claim there")
    p.add_argument("suggestion_id", type=int, metavar="SUGGESTION_ID")
    p.set_defaults(func=cmd_accept)

    p = sub.add_parser("match", parents=[common], help="suggest links for every claim (batch)")
    p.add_argument("--article", type=int, metavar="ID", help="only this article's claims")
    p.add_argument("--one-process", action="store_true",
                   help="never fork a helper process (less memory, about 1.8 times slower on a large library)")
    p.set_defaults(func=cmd_match)

    p = sub.add_parser("groups", parents=[common], help="claim groups with their claims across articles")
    p.set_defaults(func=cmd_groups)

    p = sub.add_parser("reprints", parents=[common], help="article pairs that share most of their text")
    p.set_defaults(func=cmd_reprints)


def suggestion_rows(suggestions: list[SuggestionInfo]) -> str:
    """Suggestions as a table."""
    return table(
        ["id", "article", "start", "end", "score", "tier", "existing", "source", "text"],
        [(s.id, s.article_id, s.start, s.end, f"{s.score:.1f}", s.tier, s.existing_claim_id, s.source,
          shorten(s.text)) for s in suggestions],
    )


def cmd_suggest(ctx: Context) -> int:
    a = ctx.args
    embed_missing(ctx)
    found = ctx.workbench.suggest(a.claim_id, min_score=a.min_score, per_article=a.per_article)
    ctx.emit(found, lambda: suggestion_rows(found) if found else f"No suggestions for claim {a.claim_id}.")
    return 0


def _linked(result: LinkResult) -> str:
    made = "new claim" if result.created_claim else "claim"
    merged = f", merged group {result.merged_group.id}" if result.merged_group else ""
    return (f"claim {result.claim_id} linked to {made} {result.target_claim_id} "
            f"in group {result.group_id}{merged}")


def cmd_link(ctx: Context) -> int:
    a = ctx.args
    if a.to_claim is not None:
        result = ctx.workbench.link_claims(a.claim_id, a.to_claim)
    else:
        article_id, start, end = a.to
        result = ctx.workbench.link_to_span(a.claim_id, article_id, start, end)
    ctx.emit(result, lambda: _linked(result))
    return 0


def cmd_accept(ctx: Context) -> int:
    result = ctx.workbench.accept_suggestion(ctx.args.suggestion_id)
    ctx.emit(result, lambda: _linked(result))
    return 0


def cmd_unlink(ctx: Context) -> int:
    result = ctx.workbench.unlink_claim(ctx.args.claim_id)
    ctx.emit(result, f"claim {result.claim_id} moved from group {result.old_group_id} "
                     f"to its own group {result.new_group_id}")
    return 0


def cmd_reject(ctx: Context) -> int:
    s = ctx.workbench.reject_suggestion(ctx.args.suggestion_id)
    ctx.emit(s, f"suggestion {s.id} rejected: article {s.article_id} {s.start}:{s.end} "
                f"will not be proposed again for claim {s.claim_id}")
    return 0


def cmd_match(ctx: Context) -> int:
    embed_missing(ctx)
    summary = ctx.workbench.match_all(article_id=ctx.args.article, progress=TerminalProgress("matching"),
                                      processes=1 if ctx.args.one_process else None)
    ctx.emit(summary, lambda: (
        f"{summary.claims_done} of {summary.claims_total} claims matched in {summary.seconds:.1f} s: "
        f"{summary.suggestions} pending suggestions ({summary.new_suggestions} new) "
        f"in {summary.linked_articles} articles" + (" (cancelled)" if summary.cancelled else "")
    ))
    return 0


def group_rows(groups: list[GroupInfo]) -> str:
    """Groups and their claims, one indented line per claim."""
    lines: list[str] = []
    for g in groups:
        verdict = f" [{g.rating_label or g.rating}]" if g.rating else ""
        lines.append(f"group {g.id}{verdict}: {shorten(g.canonical, 70)}  ({len(g.claims)} claims, "
                     f"{len(g.outlets)} outlets)")
        if g.claimant is not None:
            lines.append(f"  claimant: {g.claimant.display()}")
        for c in g.claims:
            lines.append(f"  claim {c.id}  article {c.article_id} {c.start}:{c.end}  "
                         f"{c.source or '(unknown outlet)'}: {shorten(c.text, 60)}")
    return "\n".join(lines)


def cmd_groups(ctx: Context) -> int:
    groups = ctx.workbench.list_groups()
    ctx.emit(groups, lambda: group_rows(groups) if groups else "No claims yet.")
    return 0


def cmd_reprints(ctx: Context) -> int:
    pairs = ctx.workbench.reprints()
    ctx.emit(pairs, lambda: table(
        ["article", "reprinted in", "overlap", "titles"],
        [(p.article_id, p.other_article_id, f"{p.overlap:.0%}",
          f"{shorten(p.title, 35)} / {shorten(p.other_title, 35)}") for p in pairs],
    ) if pairs else "No reprints found.")
    return 0
