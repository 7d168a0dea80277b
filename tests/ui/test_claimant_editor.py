"""The claimant editor on a real library: typing, kinds, clearing, and accepting the suggestion read from the text."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog

from ui.claimant_editor import ClaimantEditor, ask_organisation
from workbench.service import Claimant


def lavrov_group(wb) -> int:  # type: ignore[no-untyped-def]
    article = next(a for a in wb.list_articles() if a.source == "Press TV")
    return wb.add_claim(article.id, quote="Let's hope these talks will continue").group_id


def wire(editor: ClaimantEditor, wb) -> list[tuple[int, object]]:  # type: ignore[no-untyped-def]
    """Connect the editor as the window will: edits to the service, suggestions back to the editor."""
    applied: list[tuple[int, object]] = []

    def apply(group_id: int, claimant: object) -> None:
        if claimant is None:
            wb.clear_claimant(group_id)
        else:
            assert isinstance(claimant, Claimant)
            wb.set_claimant(group_id, claimant.name, role=claimant.role, organization=claimant.type == "Organization")
        applied.append((group_id, claimant))

    editor.edited.connect(apply)
    editor.suggestionRequested.connect(lambda gid: editor.show_suggestion(wb.suggest_claimant(gid)))
    return applied


def test_typing_a_claimant_saves_it_and_clear_removes_it(qtbot, seeded) -> None:
    wb = seeded
    gid = lavrov_group(wb)
    editor = ClaimantEditor()
    qtbot.addWidget(editor)
    applied = wire(editor, wb)
    assert not editor.name.isEnabled()  # nothing to edit yet
    editor.set_group(gid, wb.get_claimant(gid))
    assert editor.name.isEnabled() and editor.name.text() == ""
    editor.show()
    qtbot.keyClicks(editor.name, "Kremlin")
    editor.organisation.click()  # choosing the kind saves too
    assert wb.get_claimant(gid) == Claimant("Kremlin", None, "Organization")
    editor.name.setFocus()
    qtbot.keyClicks(editor.role, "press office")
    editor.role.editingFinished.emit()
    assert wb.get_claimant(gid) == Claimant("Kremlin", "press office", "Organization")
    editor.clear_button.click()
    assert wb.get_claimant(gid) is None and editor.name.text() == "" and editor.person.isChecked()
    assert [c for _, c in applied] == [
        Claimant("Kremlin", None, "Organization"), Claimant("Kremlin", "press office", "Organization"), None,
    ]
    editor.name.editingFinished.emit()  # nothing changed: nothing emitted
    assert len(applied) == 3


def test_the_suggestion_is_shown_with_its_evidence_and_accepted_on_request(qtbot, seeded) -> None:
    wb = seeded
    gid = lavrov_group(wb)
    editor = ClaimantEditor()
    qtbot.addWidget(editor)
    wire(editor, wb)
    editor.set_group(gid, None)
    assert not editor.accept_button.isEnabled()
    editor.suggest_button.click()
    assert editor.suggestion.text() == "Sergei Lavrov, Russian Foreign Minister — from “Lavrov added”"
    assert wb.get_claimant(gid) is None  # shown, not stored
    editor.accept_button.click()
    assert wb.get_claimant(gid) == Claimant("Sergei Lavrov", "Russian Foreign Minister", "Person")
    assert editor.name.text() == "Sergei Lavrov" and editor.role.text() == "Russian Foreign Minister"
    assert not editor.accept_button.isEnabled()
    article = next(a for a in wb.list_articles() if a.source == "Press TV")
    other = wb.add_claim(article.id, quote="Russia rejects that allegation").group_id
    editor.set_group(other, None)
    editor.suggest_button.click()
    assert editor.suggestion.text() == "The articles do not say who made this claim."
    assert not editor.accept_button.isEnabled()


def test_a_suggestion_for_another_group_is_not_accepted_for_this_one(qtbot, seeded) -> None:
    wb = seeded
    gid = lavrov_group(wb)
    editor = ClaimantEditor()
    qtbot.addWidget(editor)
    applied = wire(editor, wb)
    proposal = wb.suggest_claimant(gid)
    editor.set_group(gid + 1000, None)  # the reviewer moved on before the worker answered
    editor.show_suggestion(proposal)
    assert not editor.accept_button.isEnabled()
    editor._accept()
    assert applied == []


def test_the_organisation_prompt_returns_the_name_or_none(qtbot) -> None:
    def answer(text: str | None) -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible())
        if text is None:
            dialog.reject()
        else:
            dialog.setTextValue(text)
            dialog.done(QDialog.DialogCode.Accepted)

    QTimer.singleShot(0, lambda: answer("  Example   Fact Check "))
    assert ask_organisation(None) == "Example Fact Check"
    QTimer.singleShot(0, lambda: answer(None))
    assert ask_organisation(None, "Old name") is None
    QTimer.singleShot(0, lambda: answer("   "))
    assert ask_organisation(None) is None
