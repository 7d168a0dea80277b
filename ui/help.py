"""Help → Keyboard shortcuts and Help → About."""

from __future__ import annotations

import html

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout, QWidget

from workbench import __version__

EXTRA_KEYS = [
    ("Matches list", "Accept the selected suggestion", "Enter"),
    ("Matches list", "Reject the selected suggestion", "Backspace or Delete"),
    ("Matches list", "Show the suggestion in its article", "Double-click"),
    ("Article text", "Select the claim under the pointer", "Click"),
]


def shortcuts_html(actions: list[QAction]) -> str:
    """A table of every action with a shortcut, plus the list keys."""
    rows = []
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if keys:
            rows.append((action.text().replace("&", ""), " or ".join(keys)))
    body = "".join(f"<tr><td>{html.escape(t)}</td><td><b>{html.escape(k)}</b></td></tr>" for t, k in rows)
    extra = "".join(
        f"<tr><td>{html.escape(w)}: {html.escape(t)}</td><td><b>{html.escape(k)}</b></td></tr>"
        for w, t, k in EXTRA_KEYS
    )
    return f"<table cellpadding='4'>{body}{extra}</table>"


def show_shortcuts(parent: QWidget, actions: list[QAction]) -> QDialog:
    """Open the keyboard shortcuts list (non-modal); returns the dialog."""
    dialog = QDialog(parent)
    dialog.setObjectName("shortcutsDialog")
    dialog.setWindowTitle("Keyboard shortcuts")
    label = QLabel(shortcuts_html(actions))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(label)
    layout.addWidget(buttons)
    dialog.show()
    return dialog


def show_about(parent: QWidget) -> None:
    """The About box."""
    QMessageBox.about(
        parent,
        "About Claim Workbench",
        f"<h3>Claim Workbench {__version__}</h3>"
        "<p>Mark claims in news articles, link them across outlets and record verdicts.</p>"
        "<p>Select text and press Ctrl+M to mark a claim; the matcher then finds it in the other articles.</p>",
    )
