"""CLI commands for exports and the verdict round trip: export, import-verdicts."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.common import Context, TerminalProgress, table
from workbench.export import FORMATS, TABLE_NAMES, parse_date
from workbench.export.report import VerdictImportReport
from workbench.textspan import shorten


def _date(value: str) -> object:
    try:
        return parse_date(value)
    except Exception as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _suffix_rules() -> str:
    """How file names choose a format, from the format registry: '.xlsx: Verdict workbook (XLSX); ...'."""
    rules = []
    for fmt in FORMATS.values():
        hint = f", when the name contains '{fmt.name_hint}'" if fmt.name_hint else ""
        rules.append(f"{'/'.join(fmt.suffixes)}: {fmt.label}{hint}")
    return "; ".join(rules)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "export", parents=[common], help="export verdicts, claims, links and articles",
        description=f"Export the library, or part of it. Without --format the file name decides ({_suffix_rules()})."
        " Scope options combine; dates select verdicts by the day (UTC) they were last updated.",
    )
    p.add_argument("out", type=Path, metavar="OUT")
    p.add_argument("--format", choices=list(FORMATS))
    p.add_argument("--table", choices=TABLE_NAMES, default="verdicts", help="the table of a CSV export")
    p.add_argument("--final-only", action="store_true", help="only claim groups with a final verdict")
    p.add_argument("--since", type=_date, metavar="DATE", help="verdicts updated on or after YYYY-MM-DD")
    p.add_argument("--until", type=_date, metavar="DATE", help="verdicts updated on or before YYYY-MM-DD")
    p.add_argument("--group", type=int, action="append", metavar="ID", help="only this claim group (repeat)")
    p.add_argument("--bom", action="store_true", help="CSV: start with a byte order mark (for Excel)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import-verdicts", parents=[common],
                       help="apply rating, rationale and status edits from an exported Verdicts sheet")
    p.add_argument("file", type=Path, metavar="FILE", help="an exported .xlsx workbook or verdicts .csv")
    p.add_argument("--reviewer", metavar="NAME", help="who made the edits (default: you)")
    p.set_defaults(func=cmd_import_verdicts)


def cmd_export(ctx: Context) -> int:
    a = ctx.args
    report = ctx.workbench.export(
        a.out, format=a.format, table=a.table, final_only=a.final_only, since=a.since, until=a.until,
        group_ids=a.group, bom=a.bom, progress=TerminalProgress("exporting"),
    )
    ctx.emit(report, lambda: "\n".join([report.summary(), *(f"note: {n}" for n in report.notes)]))
    return 0


def import_text(report: VerdictImportReport) -> str:
    """The import report as tables of applied rows, conflicts and errors."""
    parts = [f"{report.path}: {report.summary()} (reviewer {report.reviewer})"]
    if report.applied:
        parts.append(table(["row", "group", "version", "changed"],
                           [(r.row, r.group_id, r.version, ", ".join(r.changes)) for r in report.applied]))
    if report.conflicts:
        parts.append("Conflicts (not applied):")
        parts.append(table(
            ["row", "group", "exported", "now", "why", "yours", "theirs"],
            [(c.row, c.group_id, f"v{c.exported_version}", f"v{c.current_version}", c.reason,
              shorten(_fields(c.yours)), shorten(_fields(c.theirs))) for c in report.conflicts],
        ))
    if report.errors:
        parts.append("Errors (rows skipped):")
        parts.append(table(["row", "group", "problem"],
                           [(e.row, e.group_id if e.group_id is not None else "", e.message) for e in report.errors]))
    if report.missing:
        parts.append(f"Missing rows: {report.missing_text()}")
    parts.extend(f"note: {note}" for note in report.notes)
    return "\n".join(parts)


def _fields(values: dict[str, object]) -> str:
    return "; ".join(f"{k}={values.get(k)!s}" for k in ("rating", "status", "rationale") if k in values)


def cmd_import_verdicts(ctx: Context) -> int:
    report = ctx.workbench.import_verdicts(ctx.args.file, reviewer=ctx.args.reviewer)
    ctx.emit(report, lambda: import_text(report))
    return 1 if report.conflicts or report.errors or report.missing else 0
