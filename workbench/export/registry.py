"""Every export format, declared once: key, label, file name suffixes, default file name, options, writer.

The service, the CLI (``--format`` choices, suffix inference), the window's export dialog (format list,
file filter, default name, which options apply) all read this table. Adding a format: its writer module
beside the others and one ``register(...)`` below with an adapter from ``ExportJob``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from workbench.errors import InvalidValue
from workbench.export.scope import ExportScope
from workbench.export.tables import TABLE_NAMES, Rating, make_table


class Ticker(Protocol):
    """What a writer calls once per written row (progress, cancellation) and at the start (check)."""

    def __call__(self) -> None: ...

    def check(self) -> None: ...


class _Quiet:
    """A ticker that reports nothing and never cancels."""

    def __call__(self) -> None:
        pass

    def check(self) -> None:
        pass


@dataclass(frozen=True, kw_only=True)
class ExportJob:
    """Everything a writer needs: an open read session, the temporary file to fill, the scope and options."""

    session: Session
    path: Path
    scope: ExportScope
    ratings: dict[str, Rating]
    table: str = "verdicts"
    bom: bool = False
    library_urn: str = ""
    library_name: str = ""  # the file (or URL without password) the About sheet names
    setting: Callable[[str], str | None] = field(default=lambda _key: None)
    ticker: Callable[[int, str], Ticker] = field(default=lambda _total, _label: _Quiet())


@dataclass(frozen=True, kw_only=True)
class Written:
    """What a writer wrote: rows per table, and notes for the user."""

    rows: dict[str, int]
    notes: list[str] = field(default_factory=list)


Writer = Callable[[ExportJob], Written]


@dataclass(frozen=True, kw_only=True)
class ExportFormat:
    """One kind of export file."""

    key: str  # --format and the stored choice: 'xlsx'
    label: str  # the dialog's format list: "Verdict workbook (XLSX)"
    kind: str  # the file dialog's filter name: "Excel workbook"
    suffixes: tuple[str, ...]  # lower case with the dot; the first is written when a name has none
    default_name: str  # "verdicts.xlsx"; may use {table}
    write: Writer
    options: frozenset[str] = frozenset()  # which of 'table', 'bom' apply
    name_hint: str | None = None  # among formats sharing a suffix, the file name containing this picks this one
    needs_library_urn: bool = False

    @property
    def suffix(self) -> str:
        """The suffix given to a file name without one."""
        return self.suffixes[0]

    def file_filter(self) -> str:
        """A Qt file dialog filter: 'Excel workbook (*.xlsx)'."""
        return f"{self.kind} ({' '.join('*' + s for s in self.suffixes)})"

    def file_name(self, table: str = "verdicts") -> str:
        """The default file name of an export in this format."""
        return self.default_name.format(table=table)


FORMATS: dict[str, ExportFormat] = {}


def register(fmt: ExportFormat) -> ExportFormat:
    """Add a format (the order of registration is the order shown)."""
    FORMATS[fmt.key] = fmt
    return fmt


def get(key: str) -> ExportFormat:
    """A format by key; raises InvalidValue naming the known ones."""
    fmt = FORMATS.get(key.lower())
    if fmt is None:
        raise InvalidValue(f"unknown export format {key!r}; use one of: {', '.join(FORMATS)}")
    return fmt


def suffixes() -> frozenset[str]:
    """Every suffix some export format writes."""
    return frozenset(s for fmt in FORMATS.values() for s in fmt.suffixes)


def infer_format(path: Path | str, given: str | None = None) -> ExportFormat:
    """The export format: the one given, else from the file name; raises InvalidValue.

    The suffix chooses; when formats share it (.jsonld), the one whose name_hint the file name contains
    wins (claims.annotations.jsonld), else the one without a hint.
    """
    if given:
        return get(given)
    name = Path(path).name.lower()
    matching = [f for f in FORMATS.values() if Path(name).suffix in f.suffixes]
    hinted = [f for f in matching if f.name_hint and f.name_hint in name]
    plain = [f for f in matching if not f.name_hint]
    if hinted or plain:
        return (hinted or plain)[0]
    written = ", ".join(sorted({f.suffix for f in FORMATS.values()}))
    raise InvalidValue(
        f"cannot tell the export format from {Path(path).name!r}; name the file {written}, "
        f"or give the format ({', '.join(FORMATS)})"
    )


# -- the formats: adapters from an ExportJob to each writer module ----------------------------------


def _xlsx(job: ExportJob) -> Written:
    from workbench.export.xlsx import WorkbookInfo, write_workbook

    tables = [make_table(job.session, name, job.scope, job.ratings) for name in TABLE_NAMES]
    tick = job.ticker(sum(t.count for t in tables), "writing workbook")
    tick.check()
    info = WorkbookInfo(scope=job.scope.describe(), library=job.library_name, organisation=job.setting("organisation"))
    stats = write_workbook(job.path, tables, job.ratings, tick, info)
    return Written(rows=stats.rows, notes=stats.notes)


def _csv(job: ExportJob) -> Written:
    from workbench.export.csv_tables import write_csv

    one = make_table(job.session, job.table, job.scope, job.ratings)
    tick = job.ticker(one.count, f"writing {job.table}")
    tick.check()
    return Written(rows={job.table: write_csv(job.path, one, tick, bom=job.bom)})


def _claimreview(job: ExportJob) -> Written:
    from workbench.export.claimreview import (
        ReviewNotes,
        claim_reviews,
        count_reviews,
        reviewer_from,
        write_claim_reviews,
    )

    reviewer = reviewer_from(job.setting)
    rated, unrated = count_reviews(job.session, job.scope)
    tick = job.ticker(rated, "writing ClaimReview")
    tick.check()
    review_notes = ReviewNotes()
    with job.path.open("w", encoding="utf-8", newline="\n") as handle:
        reviews = claim_reviews(job.session, job.scope, job.ratings, reviewer, review_notes)
        written = write_claim_reviews(handle, reviews, tick)
    notes = review_notes.lines(reviewer)
    if unrated:
        notes.append(f"{unrated} final verdict(s) without a rating were left out")
    return Written(rows={"claim reviews": written}, notes=notes)


def _annotations(job: ExportJob) -> Written:
    from workbench.export.annotations import claim_annotations, count_annotations, write_annotations

    total = count_annotations(job.session, job.scope)
    tick = job.ticker(total, "writing annotations")
    tick.check()
    with job.path.open("w", encoding="utf-8", newline="\n") as handle:
        written = write_annotations(
            handle, claim_annotations(job.session, job.scope, job.ratings, job.library_urn), base=job.library_urn,
            total=total, label=f"Claim Workbench claims ({job.scope.describe()})", tick=tick,
        )
    return Written(rows={"annotations": written})


register(ExportFormat(key="xlsx", label="Verdict workbook (XLSX)", kind="Excel workbook", suffixes=(".xlsx",),
                      default_name="verdicts.xlsx", write=_xlsx))
register(ExportFormat(key="csv", label="One table as CSV", kind="CSV table", suffixes=(".csv",),
                      default_name="{table}.csv", write=_csv, options=frozenset({"table", "bom"})))
register(ExportFormat(key="claimreview", label="schema.org ClaimReview (JSON-LD)", kind="ClaimReview JSON-LD",
                      suffixes=(".jsonld", ".json"), default_name="claimreview.jsonld", write=_claimreview))
register(ExportFormat(key="annotations", label="W3C Web Annotations (JSON-LD)", kind="Web Annotation JSON-LD",
                      suffixes=(".jsonld", ".json"), default_name="claims.annotations.jsonld", write=_annotations,
                      name_hint="annotation", needs_library_urn=True))
