"""CLI commands for keeping a library safe: backup, restore, check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.cli.common import Context, TerminalProgress
from workbench.db import resolve_target, sqlite_path
from workbench.errors import WorkbenchError
from workbench.service.maintenance import LibrarySummary, check_backup, library_summary, restore


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "backup", parents=[common], help="copy the library to a file, safely while it is in use"
    )
    p.add_argument("path", type=Path, metavar="PATH", help="a new file, or a folder to put the copy in")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore", parents=[common],
        help="replace the library with a backup (the current library is saved next to itself first)",
    )
    p.add_argument("path", type=Path, metavar="PATH", help="the backup file")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser(
        "check", parents=[common], help="check the library's integrity (exit code 1 when problems are found)"
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "reindex", parents=[common],
        help="rebuild derived data (the search index) with this version's tokenizer and stemmer",
        description="Rebuild the search index (and any other derived data) from the articles' text. `check` "
        "reports when it was built by another version of Claim Workbench.",
    )
    p.add_argument("what", nargs="*", metavar="NAME", help="only these (default: all; e.g. search_index)")
    p.set_defaults(func=cmd_reindex)


def cmd_backup(ctx: Context) -> int:
    copy = ctx.workbench.backup(ctx.args.path)
    ctx.emit({"backup": str(copy)}, f"backed up the library to {copy}")
    return 0


def _describe(summary: LibrarySummary) -> str:
    counts = summary.counts
    what = (
        f"{counts.get('articles', 0)} articles, {counts.get('claims', 0)} claims, "
        f"{counts.get('verdicts', 0)} verdicts"
    )
    return f"{summary.path} ({what}; saved {summary.modified:%Y-%m-%d %H:%M})"


def cmd_restore(ctx: Context) -> int:
    backup = check_backup(ctx.args.path)  # refuse a bad backup before asking anything
    url = resolve_target(getattr(ctx.args, "db", None))
    target = sqlite_path(url)
    if not ctx.args.yes:
        if not sys.stdin.isatty():
            raise WorkbenchError("restore replaces the library; confirm with --yes when not at a terminal")
        current = None
        if target is not None and target.exists():
            try:
                current = _describe(library_summary(target))
            except WorkbenchError as exc:
                current = f"{target} ({exc})"
        print(f"Restore the backup {_describe(backup)}", file=sys.stderr)
        if current:
            print(f"over the library {current}?", file=sys.stderr)
            print("The current library is saved next to itself first.", file=sys.stderr)
        else:
            print(f"as the library {target or url}?", file=sys.stderr)
        sys.stderr.write("Type 'yes' to restore: ")
        sys.stderr.flush()
        answer = sys.stdin.readline()
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was changed.", file=sys.stderr)
            return 1
    saved = restore(backup.path, url)
    ctx.emit(
        {"restored": str(backup.path), "library": str(target or url), "previous": str(saved) if saved else None},
        f"restored {backup.path} to {target or url}"
        + (f"; the previous library was saved as {saved}" if saved else ""),
    )
    return 0


def cmd_check(ctx: Context) -> int:
    report = ctx.workbench.check()

    def text() -> str:
        lines = [f"problem ({p.kind}): {p.message}" for p in report.problems]
        lines += [f"note: {note}" for note in report.notes]
        counts = ", ".join(f"{n} {what}" for what, n in report.counts.items())
        verdict = "no problems found" if report.ok else f"{len(report.problems)} problem(s) found"
        lines.append(f"{verdict}" + (f" ({counts})" if counts else ""))
        return "\n".join(lines)

    ctx.emit({"ok": report.ok, "problems": report.problems, "notes": report.notes, "counts": report.counts}, text)
    return 0 if report.ok else 1


def cmd_reindex(ctx: Context) -> int:
    rebuilt = ctx.workbench.reindex(ctx.args.what or None, progress=TerminalProgress("reindexing"))

    def text() -> str:
        lines = []
        for r in rebuilt:
            was = f" (was: {r.previous})" if r.previous and r.previous != r.version else ""
            state = "cancelled" if r.cancelled else "rebuilt"
            lines.append(f"{r.label}: {state} {r.items} item(s) with {r.version}{was}")
        return "\n".join(lines)

    ctx.emit(rebuilt, text)
    return 0
