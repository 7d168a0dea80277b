"""The printed verdict workbook: a sample library exported and printed to PDF by LibreOffice.

    python tests/workbench/export/print_preview.py docs/verdicts-print.png

builds the demo library (tests/ui/demo_library.py) with claimants and rationales, exports the workbook,
prints it to PDF with LibreOffice headless and renders the first page (the Verdicts sheet) to PNG with
pdftoppm: the picture in the README. test_libreoffice_print.py checks the same PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.ui.demo_library import build_demo  # noqa: E402
from tests.workbench.export.libreoffice import convert  # noqa: E402
from workbench.service import EvidenceInfo, Workbench  # noqa: E402

RATIONALES = {  # the demo claims' verdicts, as a desk would write them
    "true": "Lavrov said these words at the joint press conference with Annalena Baerbock in Moscow on 18 January; "
            "the ministry's transcript and the broadcast agree word for word.",
    "mostly-true": "The State Department readout of the call confirms the wording; it was Ned Price, not Blinken, "
                   "who said it, in a written statement.",
    "mixed": "Blinken flew to Kyiv on 19 January, but the trip had been announced before the talks in Moscow; "
             "the timing suggests a show of support, not a reply to them.",
    "mostly-false": "Washington rejected some demands (NATO membership for Ukraine) but offered talks on others "
                    "(missile placement, exercises), so “outright” overstates it.",
}


MORE_CLAIMS = [  # (words the claim starts with, rating, status, rationale): quotes of the sample articles
    ("We ended up with an agreement that we will receive written responses", "true", "final",
     "The U.S. delivered its written response on 26 January, as Lavrov said was agreed in Geneva."),
    ("We didn't expect any major breakthroughs to happen today", "true", "final",
     "Matches the State Department transcript of Blinken's remarks after the meeting."),
    ("We will impose crippling economic sanctions", "mixed", "review",
     "Sanctions were announced after the invasion, not before it; whether they were “crippling” is disputed."),
    ("extremely dangerous", "unproven", "review",
     "Peskov's words are quoted by several agencies; the claim itself is an opinion that cannot be checked."),
    ("If the United States is truly committed to diplomatic efforts", "mostly-false", "draft",
     "The embassy's statement omits that the deliveries it objects to were agreed before the talks began."),
]


def _quote_end(text: str, start: int) -> int:
    ends = [i for i in (text.find(q, start) for q in "”\"") if i >= 0]
    end = min(ends) if ends else text.index(".", start)
    return end - 1 if text[end - 1] == "," else end


def build(path: Path) -> Workbench:
    """The demo library with claimants accepted from the text, the organisation set, and real rationales."""
    wb = build_demo(path)
    wb.set_setting("organisation", "Example Fact Check")
    for group in wb.list_groups():
        verdict = wb.get_verdict(group.id)
        if verdict is not None and verdict.rating in RATIONALES:
            wb.set_verdict(group.id, rationale=RATIONALES[verdict.rating], evidence=[
                *verdict.evidence,
                EvidenceInfo(
                    id=None, url="https://www.state.gov/secretary-blinkens-call-with-russian-foreign-minister-lavrov/",
                    title="State Department readout",
                ),
            ])
    for words, rating, status, rationale in MORE_CLAIMS:
        article = next(a for a in wb.list_articles() if words in wb.get_article(a.id).text)
        text = wb.get_article(article.id).text
        start = text.index(words)
        claim = wb.add_claim(article.id, start=start, end=_quote_end(text, start + len(words)))
        for suggestion in wb.suggest(claim.id):
            if suggestion.score >= 80:
                wb.accept_suggestion(suggestion.id)
        wb.set_verdict(claim.group_id, rating=rating, status=status, reviewer="B. Checker", rationale=rationale,
                       evidence=[EvidenceInfo(id=None, url="https://www.reuters.com/world/europe/",
                                              title="Reuters report")])
    for group in wb.list_groups():  # the reviewer accepts the suggested claimants
        proposal = wb.suggest_claimant(group.id)
        if proposal is not None:
            c = proposal.suggestion.claimant
            wb.set_claimant(group.id, c.name, role=c.role, organization=c.type == "Organization")
    unattributed = next((g for g in wb.list_groups() if g.claimant is None and g.rating is None), None)
    if unattributed is not None:
        wb.set_claimant(unattributed.id, "Moscow Times", organization=True)
    return wb


def print_workbook(folder: Path) -> tuple[Path, Path]:
    """Build the library in folder, export the workbook and print it to PDF; returns (xlsx, pdf)."""
    wb = build(folder / "demo.sqlite3")
    try:
        workbook = folder / "verdicts.xlsx"
        wb.export(workbook)
    finally:
        wb.close()
    (pdf,) = convert([workbook], "pdf", folder / "printed", folder / "profile")
    return workbook, pdf


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else ROOT / "docs" / "verdicts-print.png"
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing (Debian: apt-get install poppler-utils)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        _, pdf = print_workbook(Path(tmp))
        stem = Path(tmp) / "page"
        subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                       check=True)
        shutil.copy(stem.with_suffix(".png"), target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
