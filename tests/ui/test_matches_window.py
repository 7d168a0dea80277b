"""The Matches dock in the window: tiers and explanations, Checked before, importing fact-checks, embedding."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import wait_jobs
from tests.ui.test_main_window import SENTENCE, mark_sentence
from ui.checked_before import NO_CLAIM, REFERENCE_ROLE, URL_ROLE, CheckedBeforeModel
from ui.controllers.references import EMBED_TITLE
from ui.main_window import MainWindow
from ui.matches_dock import MatchesDock
from ui.models import TIER_HEADER_ROLE

SECOND = "Washington has outright rejected the demands"
FACTCHECKS = (
    "claim,rating,url,organization,date,title\n"
    "Lavrov said he hopes the talks with the West will continue,Correct,https://checks.example/lavrov-talks,"
    "Desk Check,2022-01-20,Did Lavrov want more talks?\n"
    "Washington rejected Russia's security demands outright,Mostly true,https://checks.example/washington,"
    "Desk Check,2022-01-27,Did the US reject the demands?\n"
)


def write_factchecks(folder: Path, name: str = "checks.csv", text: str = FACTCHECKS) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


class LinkCatcher(QObject):
    """Receives the URLs the window asks the desktop to open (QDesktopServices' handler for a scheme)."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


def test_suggestions_are_grouped_by_tier_and_each_is_explained(qtbot, sample_window: MainWindow) -> None:
    window = sample_window
    mark_sentence(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    dock = window.panel(MatchesDock)
    model, view = dock.model, dock.view
    headers = [model.index(row, 0).data() for row in model.header_rows()]
    assert headers == ["Close wording · 1", "Reworded · 2"]
    assert [model.index(row, 0).data(TIER_HEADER_ROLE) for row in model.header_rows()] == ["close-wording",
                                                                                          "reworded"]
    assert all(view.columnSpan(row, 0) == 3 for row in model.header_rows())  # a header spans the row
    assert [s.tier for s in model.rows] == ["close-wording", "reworded", "reworded"]
    reworded = model.rows[1:]
    assert reworded[0].score >= reworded[1].score  # best first within a tier
    # the best match is selected and explained below the list
    assert dock.current() is model.rows[0] and view.currentIndex().row() == 1
    assert dock.explanation.isVisible()
    text = dock.explanation.text()
    assert text.startswith("<b>Close wording</b> · score ")
    assert "similar in meaning " in text and "Shared words: hope, talks, continue, lavrov" in text
    assert "Shared words" in model.index(1, 2).data(Qt.ItemDataRole.ToolTipRole)
    # the keyboard steps over the next tier's header; the explanation follows the selection
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert dock.current() is model.rows[1] and view.currentIndex().row() == 3
    assert dock.explanation.text().startswith("<b>Reworded</b>")
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert dock.current() is model.rows[0]


def test_checked_before_lists_the_matching_fact_checks_and_opens_their_links(
    qtbot, sample_window: MainWindow, tmp_path: Path
) -> None:
    window = sample_window
    dock = window.panel(MatchesDock)
    panel = dock.checked
    assert panel.stack.currentWidget() is panel.empty and panel.empty.text() == NO_CLAIM
    assert [dock.tabs.tabText(i) for i in range(2)] == ["Matches", "Checked before"]
    window.references.import_factchecks([write_factchecks(tmp_path)])
    wait_jobs(qtbot, window)
    mark_sentence(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    model = panel.model
    assert panel.stack.currentWidget() is panel.table and panel.title.text().startswith("Checked before (")
    assert dock.tabs.tabText(1) == panel.title.text()  # the tab tells how many, while Matches is shown
    assert dock.tabs.tabText(0) == f"Matches ({len(dock.model.rows)})" and dock.model.rows
    dock.tabs.setCurrentWidget(panel)
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first[1:] == ["Correct", "Lavrov said he hopes the talks with the West will continue", "Desk Check",
                         "2022-01-20", "checks.example ↗"]
    assert model.index(0, 0).data(URL_ROLE) == "https://checks.example/lavrov-talks"
    assert str(model.index(0, 0).data(REFERENCE_ROLE)).startswith("factcheck-")
    catcher = LinkCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    try:
        link = panel.table.visualRect(model.index(0, CheckedBeforeModel.LINK)).center()
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=link)
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert catcher.opened == ["https://checks.example/lavrov-talks"]
    window.matching.find_matches()  # Find matches brings the matches to the front
    assert dock.tabs.currentIndex() == 0
    wait_jobs(qtbot, window)


def test_a_late_result_for_a_claim_no_longer_selected_is_dropped(
    qtbot, sample_window: MainWindow, tmp_path: Path
) -> None:
    window = sample_window
    window.references.import_factchecks([write_factchecks(tmp_path)])
    wait_jobs(qtbot, window)
    lavrov = mark_sentence(window, None, SENTENCE)
    washington = mark_sentence(window, None, SECOND)
    wait_jobs(qtbot, window)
    panel = window.panel(MatchesDock).checked
    shown: list[str] = []
    panel.model.modelReset.connect(lambda: shown.extend(r.claim for r in panel.model.rows[:1]))
    window.review.select_claim(lavrov)  # its read starts ...
    window.review.select_claim(washington)  # ... and is outdated before it lands
    wait_jobs(qtbot, window)
    assert shown == ["Washington rejected Russia's security demands outright"]
    assert panel.model.rows[0].claim == shown[0]


def test_import_fact_checks_reports_each_file_and_refreshes_checked_before(
    qtbot, sample_window: MainWindow, tmp_path: Path
) -> None:
    window = sample_window
    action = window.user_actions.import_factchecks
    assert action in window.findChild(QObject, "fileMenu").actions() and action.isEnabled()  # type: ignore[union-attr]
    mark_sentence(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    panel = window.panel(MatchesDock).checked
    assert panel.stack.currentWidget() is panel.empty and "File → Import fact-checks…" in panel.empty.text()
    good = write_factchecks(tmp_path)
    bad = write_factchecks(tmp_path, "bad.csv", "claim,rating,url,organization,date,title\n"
                           ",False,https://x.example,,,\nFerries run on Sundays,False,https://checks.example/ferries,,,\n")
    window.references.import_factchecks([good, bad])
    wait_jobs(qtbot, window)
    reports = window.references.last_factcheck_import
    assert [(Path(r.path).name, r.imported, r.duplicates, len(r.errors)) for r in reports] == [
        ("checks.csv", 2, 0, 0), ("bad.csv", 1, 0, 1)]
    box = window.findChild(QMessageBox, "factcheckReport")
    assert box is not None and box.text() == "Imported 3 fact-checks, 1 row or file refused."
    lines = box.informativeText().splitlines()
    assert lines[0] == "checks.csv: 2 imported, 0 duplicates, 0 errors"
    assert lines[1] == "bad.csv: 1 imported, 0 duplicates, 1 error" and "line 2" in lines[2]
    assert panel.stack.currentWidget() is panel.table  # the selected claim's section was read again
    assert panel.model.rows[0].url == "https://checks.example/lavrov-talks"
    box.close()
    window.references.import_factchecks([good])  # the same file again: duplicates only
    wait_jobs(qtbot, window)
    assert [(r.imported, r.duplicates) for r in window.references.last_factcheck_import] == [(0, 2)]


def test_embedding_runs_after_an_import_and_esc_pauses_it_while_matching_goes_on(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    filler = " ".join(f"Crew {i} checked dock {i % 13} and logged {i * 7} crates." for i in range(420))
    texts = {  # two articles of more passages than one embedding transaction: a cancel lands between them
        "one.txt": f"Harbour news\n\nThe harbour will reopen on Monday, the mayor said. {filler}\n",
        "two.txt": f"Port report\n\nThe mayor said the harbour will reopen on Monday. {filler}\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert window.user_actions.cancel_job.shortcuts() == [QKeySequence("Esc")]
    window.library.import_paths([tmp_path / name for name in texts])
    qtbot.waitUntil(lambda: window.references.embedding is not None, timeout=20000)
    assert window.job_panel.job is window.references.embedding
    assert window.job_panel.label.text() == EMBED_TITLE + "…"
    window.user_actions.cancel_job.trigger()  # what Esc does
    wait_jobs(qtbot, window)
    summary = window.references.last_embedding
    assert summary is not None and summary.cancelled
    wb = window.wb
    assert wb is not None and wb.embedding_status().pending > 0
    assert "Embedding paused" in window.statusBar().currentMessage()
    # matching goes on with the words of passages not embedded yet
    article = next(a.id for a in window.state.articles.values() if a.title == "Harbour news")
    window.panes.show_article(article, window.panes.panes[0])
    text = window.panes.panes[0].text
    sentence = "The harbour will reopen on Monday, the mayor said."
    start = text.text.index(sentence)
    text.select_span(start, start + len(sentence))
    window.panes.set_active(window.panes.panes[0])
    window.user_actions.mark.trigger()
    wait_jobs(qtbot, window)
    rows = window.panel(MatchesDock).model.rows
    assert [r.source or r.article_title for r in rows][:1] and "reopen on Monday" in rows[0].text
    # resumed: it goes on where it stopped
    window.references.embed()
    wait_jobs(qtbot, window)
    summary = window.references.last_embedding
    assert summary is not None and not summary.cancelled and summary.passages > 0
    assert wb.embedding_status().pending == 0
