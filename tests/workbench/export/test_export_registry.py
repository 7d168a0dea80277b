"""The export format registry: one declaration per format drives the service, the CLI and suffix inference."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.cli import build_parser
from workbench.errors import InvalidValue
from workbench.export import registry
from workbench.export.tables import make_table
from workbench.service import Workbench


@pytest.mark.parametrize(("name", "key"), [
    ("verdicts.xlsx", "xlsx"), ("CLAIMS.CSV", "csv"), ("reviews.jsonld", "claimreview"), ("out.json", "claimreview"),
    ("claims.annotations.jsonld", "annotations"), ("my-annotation-set.json", "annotations"),
])
def test_the_file_name_chooses_the_format(name: str, key: str) -> None:
    assert registry.infer_format(name).key == key


def test_an_unknown_suffix_or_format_is_refused_with_the_choices() -> None:
    with pytest.raises(InvalidValue, match=r"name the file \.csv, \.jsonld, \.xlsx"):
        registry.infer_format("out.pdf")
    with pytest.raises(InvalidValue, match="use one of: xlsx, csv, claimreview, annotations"):
        registry.infer_format("out.xlsx", "odt")


def test_every_format_declares_what_the_dialog_needs() -> None:
    for fmt in registry.FORMATS.values():
        assert fmt.suffix.startswith(".") and fmt.file_name().endswith(fmt.suffix)
        assert fmt.file_filter().startswith(fmt.kind) and f"*{fmt.suffix}" in fmt.file_filter()
    assert registry.FORMATS["csv"].options == {"table", "bom"}
    assert registry.FORMATS["csv"].file_name("links") == "links.csv"


@pytest.fixture
def tsv() -> Iterator[registry.ExportFormat]:
    """A made-up tab-separated format registered for one test."""

    def write(job: registry.ExportJob) -> registry.Written:
        table = make_table(job.session, job.table, job.scope, job.ratings)
        tick = job.ticker(table.count, "writing tsv")
        count = 0
        with job.path.open("w", encoding="utf-8") as handle:
            handle.write("\t".join(c.header for c in table.columns) + "\n")
            for row in table.rows:
                handle.write("\t".join("" if v is None else str(v) for v in row) + "\n")
                tick()
                count += 1
        return registry.Written(rows={job.table: count})

    fmt = registry.register(registry.ExportFormat(key="tsv", label="Tab-separated", kind="TSV table",
                                                  suffixes=(".tsv",), default_name="{table}.tsv", write=write,
                                                  options=frozenset({"table"})))
    yield fmt
    del registry.FORMATS["tsv"]


def test_a_registered_format_is_exported_by_the_service_and_offered_by_the_cli(
    tsv: registry.ExportFormat, seeded: Workbench, tmp_path: Path
) -> None:
    claim = seeded.add_claim(1, quote="Sergei Lavrov")
    seeded.set_verdict(claim.group_id, rating="false")
    report = seeded.export(tmp_path / "verdicts.tsv")
    assert report.format == "tsv" and report.rows == {"verdicts": 1}
    lines = (tmp_path / "verdicts.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("group id\tclaim\tclaimant\trating") and "\tFalse\t" in lines[1]
    args = build_parser().parse_args(["export", "out.txt", "--format", "tsv"])
    assert args.format == "tsv"
