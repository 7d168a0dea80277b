"""CLI commands for what linked claims reveal: drift, origins, conflicts (merge, keep apart)."""

from __future__ import annotations

import argparse

from workbench.cli.common import Context, table
from workbench.service import ConflictInfo, DriftInfo, Origins
from workbench.textspan import shorten


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("drift", parents=[common],
                       help="where a group's variants change numbers, negation, hedges, attribution or quotes")
    p.add_argument("group_id", type=int, metavar="GROUP_ID")
    p.set_defaults(func=cmd_drift)

    p = sub.add_parser("origins", parents=[common],
                       help="how many independent sources carry a claim group (reprints and wire copy collapsed)")
    p.add_argument("group_id", type=int, metavar="GROUP_ID")
    p.set_defaults(func=cmd_origins)

    p = sub.add_parser("conflicts", parents=[common],
                       help="groups rated differently though they match, and variants with contradictory notes")
    p.add_argument("--all", action="store_true", help="also the pairs kept apart (with the reason)")
    p.add_argument("--min-score", type=float, default=0.0, metavar="S", help="only conflicts scoring S or more")
    p.set_defaults(func=cmd_conflicts)
    actions = p.add_subparsers(dest="conflicts_command", metavar="{merge,keep-apart}")
    m = actions.add_parser("merge", parents=[common], help="put two conflicting groups into one, keeping one verdict")
    m.add_argument("group_a", type=int, metavar="GROUP_A")
    m.add_argument("group_b", type=int, metavar="GROUP_B")
    m.add_argument("--keep", type=int, required=True, metavar="GROUP_ID", help="the group whose verdict stays")
    m.set_defaults(func=cmd_merge)
    k = actions.add_parser("keep-apart", parents=[common], help="record that two groups are different claims")
    k.add_argument("group_a", type=int, metavar="GROUP_A")
    k.add_argument("group_b", type=int, metavar="GROUP_B")
    k.add_argument("--reason", required=True, metavar="TEXT", help="why they stay apart")
    k.set_defaults(func=cmd_keep_apart)


def drift_rows(flags: list[DriftInfo]) -> str:
    return table(
        ["claim", "article", "outlet", "kind", "canonical", "variant", "what changed"],
        [(f.claim_id, f.article_id, f.source, f.kind, shorten(f.canonical, 30), shorten(f.variant, 30),
          shorten(f.detail, 60)) for f in flags],
    )


def cmd_drift(ctx: Context) -> int:
    gid = ctx.args.group_id
    flags = ctx.workbench.drift(gid)
    ctx.emit(flags, lambda: drift_rows(flags) if flags
             else f"No drift in group {gid}: every variant says what the canonical wording says.")
    return 0


def origin_text(o: Origins) -> str:
    articles = {a.article_id: a for a in o.articles}
    why: dict[int, list[str]] = {}
    for link in o.links:
        why.setdefault(link.other_article_id, []).append(f"{link.reason} of {link.article_id}"
                                                         + (f" ({link.detail})" if link.detail else ""))
    lines = [f"group {o.group_id}: {o.label}"]
    for n, chain in enumerate(o.chains, 1):
        lines.append(f"  origin {n}:")
        for aid in chain:
            a = articles[aid]
            date = a.published.isoformat() if a.published else "undated"
            credits = f", credits {', '.join(a.credits)}" if a.credits else ""
            reason = f"  ← {'; '.join(why[aid])}" if aid in why else ""
            lines.append(f"    article {aid} {a.outlet or '(unknown outlet)'}, {date}{credits}: "
                         f"{shorten(a.title, 50)}{reason}")
    return "\n".join(lines)


def cmd_origins(ctx: Context) -> int:
    found = ctx.workbench.origins(ctx.args.group_id)
    ctx.emit(found, lambda: origin_text(found))
    return 0


def conflict_rows(found: list[ConflictInfo]) -> str:
    return table(
        ["groups", "ratings", "score", "kind", "why", "kept apart"],
        [(" / ".join(map(str, c.group_ids)), " / ".join(r or "-" for r in c.ratings), f"{c.score:.0f}", c.kind,
          shorten(c.detail, 60), c.kept_apart) for c in found],
    )


def cmd_conflicts(ctx: Context) -> int:
    found = ctx.workbench.conflicts(include_kept=ctx.args.all, min_score=ctx.args.min_score)
    ctx.emit(found, lambda: conflict_rows(found) if found else "No verdict conflicts.")
    return 0


def cmd_merge(ctx: Context) -> int:
    a = ctx.args
    merge = ctx.workbench.merge_conflict(a.group_a, a.group_b, keep_verdict_of=a.keep)
    removed = merge.removed_verdict
    ctx.emit(merge, lambda: f"groups {a.group_a} and {a.group_b} merged into group {merge.group_id}, "
                            f"keeping the verdict of group {a.keep}"
                            + (f"; the verdict rated {removed.row['rating_key']} was removed" if removed else ""))
    return 0


def cmd_keep_apart(ctx: Context) -> int:
    a = ctx.args
    kept = ctx.workbench.keep_apart(a.group_a, a.group_b, a.reason)
    ctx.emit(kept, f"groups {kept.group_ids[0]} and {kept.group_ids[1]} stay apart: {kept.reason}")
    return 0
