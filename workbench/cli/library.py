"""CLI commands for the library: import, demo, articles, show."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.common import Context, TerminalProgress, table
from workbench.ingest.registry import FORMATS
from workbench.service import ImportResult


def _formats() -> str:
    """The importable formats as the help text names them: 'Plain text (.txt, .text), Markdown (...)'."""
    return ", ".join(f"{f.label} ({', '.join(f.suffixes)})" for f in FORMATS.values())


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[common], help="import article files or folders",
                       description=f"Import article files, and folders recursively. Formats: {_formats()}.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--max-size", type=_megabytes, metavar="MB",
                   help="refuse files larger than this many megabytes (default: 50)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("demo", parents=[common], help="import the bundled sample articles")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("articles", parents=[common], help="list the library's articles")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("show", parents=[common], help="print an article with its claims [[bracketed]]")
    p.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    p.set_defaults(func=cmd_show)


def _report(ctx: Context, results: list[ImportResult]) -> int:
    def text() -> str:
        rows = [(r.status, r.article_id or "", r.title or "", r.message or r.path) for r in results]
        counts = {s: sum(r.status == s for r in results) for s in ("imported", "updated", "duplicate", "error")}
        summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "nothing to import"
        return table(["status", "id", "title", "detail"], rows) + f"\n{summary}"

    ctx.emit(results, text)
    return 1 if any(r.status == "error" for r in results) else 0


def _megabytes(value: str) -> int:
    """Parse --max-size: a positive number of megabytes (MiB), as bytes."""
    try:
        size = float(value)
    except ValueError:
        size = 0.0
    if not size > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of megabytes, got {value!r}")
    return int(size * 1024 * 1024)


def cmd_import(ctx: Context) -> int:
    if ctx.args.max_size:
        ctx.workbench.max_import_bytes = ctx.args.max_size
    results = ctx.workbench.import_paths(ctx.args.paths, progress=TerminalProgress("importing"))
    return _report(ctx, results)


def cmd_demo(ctx: Context) -> int:
    return _report(ctx, ctx.workbench.import_seeds())


def cmd_articles(ctx: Context) -> int:
    articles = ctx.workbench.list_articles()
    ctx.emit(
        articles,
        lambda: table(
            ["id", "title", "source", "url", "published", "length", "claims"],
            [(a.id, a.title, a.source, a.url, a.published, a.length, a.claim_count) for a in articles],
        )
        if articles
        else "The library is empty: import articles with `claim-workbench import PATH` or `claim-workbench demo`.",
    )
    return 0


def bracket_claims(text: str, spans: list[tuple[int, int, int]]) -> str:
    """The text with each claim span wrapped as [[id: ...]] (overlaps nest by position)."""
    marks: list[tuple[int, int, str]] = []
    for claim_id, start, end in spans:
        marks.append((start, 1, f"[[{claim_id}: "))
        marks.append((end, 0, "]]"))
    out, at = [], 0
    for pos, _kind, mark in sorted(marks, key=lambda m: (m[0], m[1])):
        out.append(text[at:pos])
        out.append(mark)
        at = pos
    out.append(text[at:])
    return "".join(out)


def cmd_show(ctx: Context) -> int:
    wb = ctx.workbench
    article = wb.get_article(ctx.args.article_id)
    claims = wb.list_claims(article.id)
    header = f"{article.title}\n{article.source or '(unknown outlet)'} · {article.published or 'no date'}"
    if article.url:
        header += f" · {article.url}"
    body = bracket_claims(article.text, [(c.id, c.start, c.end) for c in claims])
    ctx.emit({"article": article, "claims": claims}, lambda: f"{header}\n\n{body}")
    return 0
