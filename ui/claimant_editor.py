"""Who made the claim: a small editor for a claim group's claimant, and the prompt for the organisation name.

``ClaimantEditor`` shows a claimant (name, role, person or organisation) and the suggestion read from the
article ("Lavrov said"), and emits what the reviewer wants; it never touches the library. The window
wires it: ``edited`` to an undoable ``Workbench.set_claimant`` / ``clear_claimant`` (keep the previous
claimant the service returns for undo), ``suggestionRequested`` to ``Workbench.suggest_claimant`` on a
worker, whose result goes back through ``show_suggestion``.

``ask_organisation`` asks for the reviewing organisation before the first ClaimReview export
(``Workbench.export_needs("claimreview")`` says when it is missing).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.names import named
from workbench.service import Claimant, ClaimantProposal, ClaimantType

ORGANISATION_PROMPT = (
    "ClaimReview names the organisation that publishes the reviews.\n"
    "Name of your fact-checking organisation (kept in the library's settings):"
)


class ClaimantEditor(QWidget):
    """Edits one claim group's claimant; emits the reviewer's intent, the window applies it."""

    edited = Signal(int, object)  # (group id, the new Claimant, or None to clear it)
    suggestionRequested = Signal(int)  # (group id): read the suggested claimant from the group's articles

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimantEditor")
        self._group_id: int | None = None
        self._shown: Claimant | None = None
        self._proposal: ClaimantProposal | None = None

        self.name = named(QLineEdit(), "claimantName")
        self.name.setPlaceholderText("Who made the claim")
        self.role = named(QLineEdit(), "claimantRole")
        self.role.setPlaceholderText("Role, e.g. Russian Foreign Minister")
        self.person = named(QRadioButton("Person"), "claimantPerson")
        self.organisation = named(QRadioButton("Organisation"), "claimantOrganisation")
        self.kind = QButtonGroup(self)
        self.kind.addButton(self.person)
        self.kind.addButton(self.organisation)
        self.person.setChecked(True)
        self.clear_button = named(QPushButton("Clear"), "claimantClear")
        self.clear_button.setToolTip("Remove the claimant (undoable)")
        self.suggest_button = named(QPushButton("Suggest from the text"), "claimantSuggest")
        self.suggest_button.setToolTip("Read who the articles say made the claim (“Lavrov said”); "
                                       "nothing is saved until you accept it")
        self.suggestion = named(QLabel(), "claimantSuggestion")
        self.suggestion.setWordWrap(True)
        self.suggestion.setTextFormat(Qt.TextFormat.PlainText)
        self.suggestion.hide()
        self.accept_button = named(QPushButton("Accept"), "claimantAccept")
        self.accept_button.setToolTip("Make the suggested speaker the claimant (undoable)")
        self.accept_button.hide()

        kinds = QHBoxLayout()
        kinds.addWidget(self.person)
        kinds.addWidget(self.organisation)
        kinds.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.suggest_button)
        actions.addStretch(1)
        actions.addWidget(self.clear_button)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        name_label = QLabel("C&laimant:")
        name_label.setBuddy(self.name)
        role_label = QLabel("R&ole:")
        role_label.setBuddy(self.role)
        form.addRow(name_label, self.name)
        form.addRow(role_label, self.role)
        form.addRow("", kinds)
        form.addRow("", actions)
        suggest = QHBoxLayout()
        suggest.addWidget(self.suggestion, 1)
        suggest.addWidget(self.accept_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(suggest)

        self.name.editingFinished.connect(self._commit)
        self.role.editingFinished.connect(self._commit)
        self.kind.buttonClicked.connect(lambda _button: self._commit())
        self.clear_button.clicked.connect(self._clear)
        self.suggest_button.clicked.connect(self._request_suggestion)
        self.accept_button.clicked.connect(self._accept)
        self.set_group(None, None)

    # -- what the window tells it ----------------------------------------------------------------

    def set_group(self, group_id: int | None, claimant: Claimant | None) -> None:
        """Show a group's claimant (group None: nothing to edit)."""
        self._group_id = group_id
        self._proposal = None
        self.show_claimant(claimant)
        self.suggestion.setText("")
        self.suggestion.hide()
        self.accept_button.setEnabled(False)
        self.accept_button.hide()
        for widget in (self.name, self.role, self.person, self.organisation, self.clear_button, self.suggest_button):
            widget.setEnabled(group_id is not None)

    def show_claimant(self, claimant: Claimant | None) -> None:
        """Show the claimant as stored (after an edit, an undo, or a change elsewhere)."""
        self._shown = claimant
        for widget in (self.name, self.role):
            widget.blockSignals(True)
        self.name.setText(claimant.name if claimant else "")
        self.role.setText(claimant.role or "" if claimant else "")
        (self.organisation if claimant and claimant.type == ClaimantType.ORGANIZATION else self.person).setChecked(True)
        for widget in (self.name, self.role):
            widget.blockSignals(False)

    def show_suggestion(self, proposal: ClaimantProposal | None) -> None:
        """Show what the text says (None: it does not say); the reviewer accepts it or not."""
        self._proposal = proposal
        self.suggestion.show()
        if proposal is None:
            self.suggestion.setText("The articles do not say who made this claim.")
            self.accept_button.setEnabled(False)
            self.accept_button.hide()
            return
        s = proposal.suggestion
        via = f" (“{s.resolved_from}” read as the nearest named speaker before it)" if s.resolved_from else ""
        self.suggestion.setText(f"{s.claimant.display()} — from “{s.evidence}”{via}")
        self.accept_button.setEnabled(proposal.group_id == self._group_id and s.claimant != self._shown)
        self.accept_button.setVisible(proposal.group_id == self._group_id)

    def claimant(self) -> Claimant | None:
        """The claimant as the fields show it (None: no name)."""
        name = " ".join(self.name.text().split())
        if not name:
            return None
        kind = ClaimantType.ORGANIZATION if self.organisation.isChecked() else ClaimantType.PERSON
        return Claimant(name, " ".join(self.role.text().split()) or None, kind.value)

    def commit(self) -> None:
        """Hand on typing not yet handed on (before the group or the library changes, or the window closes)."""
        self._commit()

    def unsaved(self) -> bool:
        """True while the fields hold typing not yet handed on with ``edited``."""
        return self._group_id is not None and self.claimant() != self._shown

    # -- what the reviewer does ---------------------------------------------------------------------

    def _commit(self) -> None:
        wanted = self.claimant()
        if self._group_id is None or wanted == self._shown:
            return
        if wanted is None and self.role.text().strip():
            return  # a role without a name: wait for the name
        self._shown = wanted
        self.edited.emit(self._group_id, wanted)

    def _clear(self) -> None:
        if self._group_id is None or self._shown is None:
            return
        self.show_claimant(None)
        self.edited.emit(self._group_id, None)

    def _request_suggestion(self) -> None:
        if self._group_id is not None:
            self.suggestion.setText("Reading the articles…")
            self.suggestion.show()
            self.suggestionRequested.emit(self._group_id)

    def _accept(self) -> None:
        if self._proposal is None or self._group_id != self._proposal.group_id:
            return
        claimant = self._proposal.suggestion.claimant
        self.show_claimant(claimant)
        self.accept_button.setEnabled(False)
        self.edited.emit(self._group_id, claimant)


def ask_organisation(parent: QWidget | None, current: str = "") -> str | None:
    """Ask for the reviewing organisation's name; None when the reviewer cancels or leaves it empty."""
    name, ok = QInputDialog.getText(parent, "Reviewing organisation", ORGANISATION_PROMPT, QLineEdit.EchoMode.Normal,
                                    current)
    name = " ".join(name.split())
    return name if ok and name else None
