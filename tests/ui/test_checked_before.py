"""The "Checked before" section and the match explanations, as widgets and text (in the window: test_matches_window)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.checked_before import REFERENCE_ROLE, URL_ROLE, CheckedBeforePanel
from ui.match_explanation import by_tier, explanation_html
from workbench.matching.scoring import Evidence, Tier, explain
from workbench.service import CheckedResult, SuggestionInfo


def result(score: float, claim: str, **fields: object) -> CheckedResult:
    values: dict[str, object] = {"reference_id": "factcheck-1", "kind": "factcheck", "claim": claim, "rating": "False",
                                 "url": "https://checks.example/1", "organization": "Desk",
                                 "date": dt.date(2020, 5, 1), "title": "Is it so?", "score": score,
                                 "semantic": 0.8, "lexical": 0.5}
    values.update(fields)
    return CheckedResult(**values)  # type: ignore[arg-type]


def test_the_panel_lists_results_best_first_and_opens_their_links(qtbot: QtBot) -> None:
    panel = CheckedBeforePanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_results([
        result(61.0, "Ferries will run on Sundays", reference_id="factcheck-2", url="https://checks.example/2"),
        result(88.5, "The harbour stays closed all winter", reference_id="claim-7", kind="claim", group_id=3,
               organization=None, rating="Mostly false"),
    ])
    model = panel.model
    assert panel.stack.currentWidget() is panel.table and panel.title.text() == "Checked before (2)"
    first = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert first == ["88 %", "Mostly false", "The harbour stays closed all winter", "this library (group 3)",
                     "2020-05-01", "checks.example ↗"]
    assert "meaning 80 %" in model.data(model.index(1, 2), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, 0), REFERENCE_ROLE) == "factcheck-2"
    opened: list[str] = []
    references: list[str] = []
    panel.linkActivated.connect(opened.append)
    panel.referenceActivated.connect(references.append)
    panel.table.activated.emit(model.index(1, 2))
    assert opened == [model.data(model.index(1, 0), URL_ROLE)] == ["https://checks.example/2"]
    assert references == ["factcheck-2"]


def test_the_panel_says_so_when_nothing_was_checked_before(qtbot: QtBot) -> None:
    panel = CheckedBeforePanel()
    qtbot.addWidget(panel)
    panel.set_results([])
    assert panel.stack.currentWidget() is panel.empty and panel.title.text() == "Checked before"
    assert "No claim checked before matches this one" in panel.empty.text()
    assert "File → Import fact-checks…" in panel.empty.text()


def suggestion(score: float, tier: Tier | None, text: str, evidence: Evidence | None = None) -> SuggestionInfo:
    claim = "The harbour will reopen on Monday"
    explanation = explain(claim, text, evidence, tier) if evidence is not None and tier is not None else None
    return SuggestionInfo(id=1, claim_id=1, article_id=2, start=0, end=len(text), text=text, score=score,
                          method=tier.value if tier else "near-copy", state="pending",
                          tier=tier.value if tier else None, explanation=explanation)


def test_explanations_say_tier_similarity_shared_and_changed_words() -> None:
    close = suggestion(86.0, Tier.CLOSE_WORDING, "The harbour will reopen on Tuesday",
                       Evidence(0.9, 0.8, 86.0))
    text = explanation_html(close)
    assert text.startswith("<b>Close wording</b> · score 86 %")
    assert "meaning 90 %" in text and "wording 86 %" in text and "words 80 %" in text
    assert "Shared words: harbour, reopen" in text
    assert "<s>Monday</s> → Tuesday" in text
    pending = suggestion(40.0, Tier.REWORDED, "Port opens again", Evidence(None, 0.4, 30.0))
    assert "not compared yet" in explanation_html(pending)
    assert explanation_html(suggestion(55.0, None, "old")) == "Score 55 %"


def test_suggestions_group_by_tier_in_order() -> None:
    items = [suggestion(70, Tier.REWORDED, "a", Evidence(0.8, 0.3, 40.0)),
             suggestion(99, Tier.SAME_TEXT, "b", Evidence(0.9, 1.0, 99.0)),
             suggestion(80, Tier.REWORDED, "c", Evidence(0.9, 0.3, 40.0)),
             suggestion(55, None, "d")]
    groups = by_tier(items)
    assert [(tier, title) for tier, title, _ in groups] == [
        ("same-text", "Same text"), ("reworded", "Reworded"), ("", "Earlier suggestions")]
    assert [s.text for s in groups[1][2]] == ["c", "a"]
