"""The workbook as LibreOffice prints it: landscape pages one page wide, the header row, title and date on each.

The same PDF the README picture comes from (print_preview.py). One LibreOffice start.
"""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.workbench.export.libreoffice import requires_libreoffice
from tests.workbench.export.print_preview import print_workbook

pytestmark = requires_libreoffice

PRINTED = ["group", "claim", "claimant", "rating", "rationale", "evidence", "appears in", "status", "reviewer"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[float, float, str]]:
    _, pdf = print_workbook(tmp_path_factory.mktemp("print"))
    reader = PdfReader(pdf)
    return [(float(p.mediabox.width), float(p.mediabox.height), p.extract_text()) for p in reader.pages]


def test_the_verdicts_sheet_prints_on_one_landscape_page_with_its_title_date_and_header(pages) -> None:
    width, height, text = pages[0]
    assert width > height  # landscape
    assert "Claim Workbench verdicts: Verdicts" in text
    assert "Example Fact Check · exported 20" in text and "page 1 of" in text and "scope: everything" in text
    for header in PRINTED:
        assert header in text
    assert "row key" not in text and "version" not in text  # the technical columns stay on screen
    assert "Sergei Lavrov," in text  # the claimant, accepted from "Lavrov said"
    assert "Claim Workbench verdicts: Claims" in pages[1][2]  # ten verdicts take one page, not 24


def test_every_sheet_prints_landscape_with_page_numbers(pages) -> None:
    assert len(pages) <= 10
    titles = [text.split("Claim Workbench verdicts: ", 1)[1].split()[0] for _, _, text in pages]
    assert titles[0] == "Verdicts" and {"Claims", "Links", "Articles", "Evidence", "About"} <= set(titles)
    for number, (width, height, text) in enumerate(pages, start=1):
        assert width > height and f"page {number} of {len(pages)}" in text
