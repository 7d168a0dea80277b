"""File → Open library…: a library file, or a team library on a server by its connection URL.

The password, when the server asks for one and libpq finds none in ~/.pgpass or a service file, goes in its
own masked field: it is used to connect and never stored or shown (a password typed into the URL is moved
there). Recent libraries are offered without their passwords.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

LIBRARY_FILTER = "Claim Workbench library (*.sqlite3 *.sqlite *.db);;All files (*)"
EXAMPLE_URL = "postgresql://LOGIN@HOST/DATABASE"


def is_url(location: str) -> bool:
    """A connection URL (postgresql://…, sqlite:///…) rather than a file path."""
    return "://" in location


def split_password(url: str) -> tuple[str, str]:
    """The URL without its password, and the password ('' when it holds none)."""
    if not is_url(url):
        return url, ""
    parts = urlsplit(url)
    if parts.password is None:
        return url, ""
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{user}@{host}" if user else host)), unquote(parts.password)


def with_password(url: str, password: str) -> str:
    """The URL carrying this password (kept in memory only, to connect)."""
    if not password or not is_url(url):
        return url
    parts = urlsplit(url)
    user, host = (parts.netloc.rsplit("@", 1) if "@" in parts.netloc else ("", parts.netloc))
    return urlunsplit(parts._replace(netloc=f"{user}:{quote(password, safe='')}@{host}"))


class OpenLibraryDialog(QDialog):
    """Choose a library: a file (typed, browsed for, or recent) or a connection URL, with an optional password."""

    def __init__(self, recent: list[str], folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openLibraryDialog")
        self.setWindowTitle("Open library")
        self.folder = folder
        intro = QLabel(
            "A library <b>file</b> on this computer, or a <b>team library</b> on a PostgreSQL server by its "
            f"connection URL, such as <code>{EXAMPLE_URL}</code>.", self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.location = QComboBox(self)
        self.location.setObjectName("libraryLocation")
        self.location.setEditable(True)
        self.location.addItems([split_password(r)[0] for r in recent])
        self.location.setCurrentText("")
        line = self.location.lineEdit()
        assert line is not None  # an editable combo box has one
        line.setPlaceholderText(f"/path/to/claims.sqlite3 or {EXAMPLE_URL}")
        line.setClearButtonEnabled(True)
        line.textChanged.connect(self._update)
        line.editingFinished.connect(self._move_password)
        browse = QPushButton("&Browse…", self)
        browse.setObjectName("browseLibrary")
        browse.setToolTip("Choose a library file")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(browse)
        self.password = QLineEdit(self)
        self.password.setObjectName("libraryPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("only if the server asks for one")
        self.password.setToolTip("Used to connect, never stored. To skip it, put it in ~/.pgpass (or a service file)")
        form = QFormLayout()
        label = QLabel("&Library:", self)
        label.setBuddy(self.location)
        form.addRow(label, row)
        form.addRow("&Password:", self.password)
        self.problem = QLabel(self)
        self.problem.setObjectName("openProblem")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(560, 0)
        self._update()

    def set_location(self, text: str) -> None:
        """Type a file path or URL (a password in it moves to the password field)."""
        self.location.setCurrentText(text)
        self._move_password()

    def show_problem(self, text: str) -> None:
        """Say what is wrong with the library chosen (the dialog stays open)."""
        self.problem.setText(text)
        self.problem.show()

    def target(self) -> str:
        """What to open: the path, or the URL with the password typed (in memory only)."""
        location = self.location.currentText().strip()
        return with_password(location, self.password.text()) if is_url(location) else str(Path(location).expanduser())

    def _move_password(self) -> None:
        url, password = split_password(self.location.currentText().strip())
        if password:
            self.location.setCurrentText(url)
            self.password.setText(password)

    def _update(self) -> None:
        location = self.location.currentText().strip()
        self.password.setEnabled(is_url(location))
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(bool(location))
        self.problem.clear()
        self.problem.hide()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open library", str(self.folder), LIBRARY_FILTER)
        if path:
            self.location.setCurrentText(path)

    def _accept(self) -> None:
        location = self.location.currentText().strip()
        if not is_url(location) and not Path(location).expanduser().is_file():
            self.show_problem(f"There is no library file at {location}. File → New library… makes a new one.")
            return
        self.accept()
