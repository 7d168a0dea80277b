"""File → Export… (format, scope, destination) and File → Import verdicts…, both run off the GUI thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workbench.service import (
    EXPORT_FORMAT_LABELS,
    EXPORT_FORMATS,
    EXPORT_SUFFIXES,
    EXPORT_TABLES,
    ExportReport,
    VerdictImportReport,
)

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from workbench.service import Workbench

LAST_FOLDER_KEY = "export/folder"
LAST_FORMAT_KEY = "export/format"
FILE_FILTERS = {
    "xlsx": "Excel workbook (*.xlsx)",
    "csv": "CSV table (*.csv)",
    "claimreview": "ClaimReview JSON-LD (*.jsonld *.json)",
    "annotations": "Web Annotation JSON-LD (*.jsonld *.json)",
}
DEFAULT_NAMES = {
    "xlsx": "verdicts.xlsx", "csv": "{table}.csv", "claimreview": "claimreview.jsonld",
    "annotations": "claims.annotations.jsonld",
}
KNOWN_SUFFIXES = (".xlsx", ".csv", ".jsonld", ".json")
MAX_LISTED_ROWS = 30


@dataclass(frozen=True)
class ExportRequest:
    """What the dialog asks for: the arguments of Workbench.export."""

    path: Path
    format: str
    table: str
    group_ids: tuple[int, ...] | None
    final_only: bool
    since: dt.date | None
    until: dt.date | None
    bom: bool

    def arguments(self) -> dict[str, Any]:
        """Keyword arguments for Workbench.export."""
        return {
            "format": self.format, "table": self.table, "group_ids": self.group_ids, "final_only": self.final_only,
            "since": self.since, "until": self.until, "bom": self.bom,
        }


class ExportDialog(QDialog):
    """Choose a format, a scope (all or the selected groups, final only, a date range) and a file."""

    def __init__(self, parent: QWidget | None, selected_groups: Sequence[int]) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.selected_groups = tuple(selected_groups)
        settings = QSettings()
        self._folder = Path(str(settings.value(LAST_FOLDER_KEY, str(Path.home()))))
        self._path_edited = False

        self.format = QComboBox(self)
        self.format.setObjectName("exportFormat")
        for key in EXPORT_FORMATS:
            self.format.addItem(EXPORT_FORMAT_LABELS[key], key)
        self.format.setToolTip("The kind of file to write")
        last = self.format.findData(str(settings.value(LAST_FORMAT_KEY, "xlsx")))
        self.format.setCurrentIndex(max(last, 0))

        self.table = QComboBox(self)
        self.table.setObjectName("exportTable")
        for name in EXPORT_TABLES:
            self.table.addItem(name.capitalize(), name)
        self.table.setToolTip("CSV holds one table per file")
        self.bom = QCheckBox("Add a byte order mark (for Excel)", self)
        self.bom.setObjectName("exportBom")
        self.bom.setToolTip("Excel on Windows reads UTF-8 CSV correctly only with a byte order mark")

        self.everything = QRadioButton("&Every claim group", self)
        self.everything.setObjectName("exportEverything")
        count = len(self.selected_groups)
        self.selection = QRadioButton(f"The &selected claim group{'s' if count != 1 else ''} ({count})", self)
        self.selection.setObjectName("exportSelection")
        self.selection.setEnabled(bool(count))
        self.selection.setToolTip("Select groups in the Claims table to export only those")
        self.everything.setChecked(True)
        self.final_only = QCheckBox("Only &final verdicts", self)
        self.final_only.setObjectName("exportFinalOnly")

        self.use_since, self.since = self._date_row("exportSince", "Fro&m")
        self.use_until, self.until = self._date_row("exportUntil", "&Until")

        self.path = QLineEdit(self)
        self.path.setObjectName("exportPath")
        self.path.textEdited.connect(self._path_typed)
        browse = QPushButton("&Browse…", self)
        browse.setToolTip("Choose where to write the file")
        browse.clicked.connect(self.browse)

        form = QFormLayout()
        form.addRow("&Format:", self.format)
        form.addRow("&Table:", self.table)
        form.addRow("", self.bom)
        scope = QVBoxLayout()
        for widget in (self.everything, self.selection, self.final_only):
            scope.addWidget(widget)
        form.addRow("Scope:", scope)
        dates = QHBoxLayout()
        for box, edit in ((self.use_since, self.since), (self.use_until, self.until)):
            dates.addWidget(box)
            dates.addWidget(edit)
        dates.addStretch(1)
        form.addRow("Verdict updated:", dates)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        save_to = QLabel("&Save to:", self)
        save_to.setBuddy(self.path)
        form.addRow(save_to, where)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.format.currentIndexChanged.connect(self._format_changed)
        self.table.currentIndexChanged.connect(self._format_changed)
        self.path.textChanged.connect(self._validate)
        self._format_changed()

    def _date_row(self, name: str, label: str) -> tuple[QCheckBox, QDateEdit]:
        box = QCheckBox(label, self)
        box.setObjectName(f"{name}Enabled")
        box.setToolTip("Only claim groups whose verdict was last updated in this range")
        edit = QDateEdit(QDate.currentDate(), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setEnabled(False)
        box.toggled.connect(edit.setEnabled)
        box.toggled.connect(lambda _on: self._validate())
        edit.dateChanged.connect(lambda _date: self._validate())
        return box, edit

    def chosen_format(self) -> str:
        """The selected format key."""
        return str(self.format.currentData())

    def _format_changed(self) -> None:
        fmt = self.chosen_format()
        self.table.setEnabled(fmt == "csv")
        self.bom.setEnabled(fmt == "csv")
        name = DEFAULT_NAMES[fmt].format(table=self.table.currentData())
        current = Path(self.path.text().strip())
        if not self._path_edited or current.name in self._default_names():
            self.path.setText(str((current.parent if self._path_edited else self._folder) / name))
        elif current.suffix.lower() in KNOWN_SUFFIXES and current.suffix.lower() != EXPORT_SUFFIXES[fmt]:
            self.path.setText(str(current.with_suffix(EXPORT_SUFFIXES[fmt])))  # the file name tells the format
        self._validate()

    def _default_names(self) -> set[str]:
        tables = [self.table.itemData(i) for i in range(self.table.count())]
        return {pattern.format(table=t) for pattern in DEFAULT_NAMES.values() for t in tables}

    def _path_typed(self, _text: str) -> None:
        self._path_edited = True

    def _validate(self) -> None:
        backwards = (self.use_since.isChecked() and self.use_until.isChecked()
                     and self.since.date() > self.until.date())
        self.export_button.setEnabled(bool(self.path.text().strip()) and not backwards)
        self.export_button.setToolTip("“From” is after “Until”: no verdict can match" if backwards else
                                      "Write the file (in the background)")

    def browse(self) -> None:
        """Ask for the destination file."""
        fmt = self.chosen_format()
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(), FILE_FILTERS[fmt])
        if chosen:
            if not Path(chosen).suffix:
                chosen += EXPORT_SUFFIXES[fmt]
            self._path_edited = True
            self.path.setText(chosen)

    def request(self) -> ExportRequest:
        """The export the dialog describes (also remembers the format and folder for next time)."""
        path = Path(self.path.text().strip()).expanduser()
        if not path.is_absolute():
            path = self._folder / path  # a bare file name goes to the folder shown at first
        settings = QSettings()
        settings.setValue(LAST_FOLDER_KEY, str(path.parent))
        settings.setValue(LAST_FORMAT_KEY, self.chosen_format())
        return ExportRequest(
            path=path,
            format=self.chosen_format(),
            table=str(self.table.currentData()),
            group_ids=self.selected_groups if self.selection.isChecked() else None,
            final_only=self.final_only.isChecked(),
            since=self.since.date().toPython() if self.use_since.isChecked() else None,
            until=self.until.date().toPython() if self.use_until.isChecked() else None,
            bom=self.bom.isChecked() and self.chosen_format() == "csv",
        )


def start_export(window: MainWindow, wb: Workbench, request: ExportRequest) -> Any:
    """Run the export on the window's job runner; the result is shown in the status bar (and notes in a box)."""

    def work(progress: Callable, cancelled: Callable) -> ExportReport:
        return wb.export(request.path, progress=progress, cancelled=cancelled, **request.arguments())

    def done(report: ExportReport) -> None:
        window.last_export = report
        window.statusBar().showMessage(report.summary().capitalize(), 15000)
        if report.notes and not report.cancelled:
            _inform(window, "Export finished", report.summary().capitalize(), "\n".join(report.notes))

    return window.runner.start(f"Exporting to {request.path.name}", work, done,
                               lambda message: window.show_error(f"Export failed: {message}"))


def run_export_dialog(window: MainWindow, wb: Workbench, selected_groups: Sequence[int]) -> None:
    """File → Export…: ask, then export in the background."""
    dialog = ExportDialog(window, selected_groups)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        request = dialog.request()
        if request.path.exists():
            answer = QMessageBox.question(
                window, "Replace the file?", f"{request.path} already exists. Replace it with this export?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                continue  # back to the dialog, as the user left it
        start_export(window, wb, request)
        return


def start_verdict_import(window: MainWindow, wb: Workbench, path: Path, reviewer: str | None) -> Any:
    """Apply an edited workbook's verdicts in the background, then reload the window and show the report."""

    def work(progress: Callable, cancelled: Callable) -> VerdictImportReport:
        progress(0, 1, "reading the workbook")
        return wb.import_verdicts(path, reviewer=reviewer)

    def done(report: VerdictImportReport) -> None:
        window.last_verdict_import = report
        window.state.reload()
        window.panes.refresh()
        summary = f"Imported verdicts from {path.name}: {report.summary()}"
        window.statusBar().showMessage(summary, 15000)
        details = describe_verdict_import(report)
        if details:
            _inform(window, "Verdicts imported", summary, details)

    return window.runner.start(f"Importing verdicts from {path.name}", work, done,
                               lambda message: window.show_error(f"Could not import verdicts: {message}"))


def run_import_verdicts_dialog(window: MainWindow, wb: Workbench) -> None:
    """File → Import verdicts…: pick an edited workbook and apply it."""
    settings = QSettings()
    folder = str(settings.value(LAST_FOLDER_KEY, str(Path.home())))
    chosen, _ = QFileDialog.getOpenFileName(window, "Import verdicts", folder, FILE_FILTERS["xlsx"])
    if chosen:
        settings.setValue(LAST_FOLDER_KEY, str(Path(chosen).parent))
        reviewer = str(settings.value("verdict_editor/reviewer", "")) or None
        start_verdict_import(window, wb, Path(chosen), reviewer)


def describe_verdict_import(report: VerdictImportReport) -> str:
    """Row-by-row lines for conflicts and errors (the applied rows are only counted)."""
    lines = []
    for conflict in report.conflicts[:MAX_LISTED_ROWS]:
        lines.append(
            f"Row {conflict.row}, group {conflict.group_id}: changed in the library since the export "
            f"(version {conflict.exported_version} → {conflict.current_version}); yours: "
            f"{_fields(conflict.yours)}; library: {_fields(conflict.theirs)}"
        )
    for error in report.errors[:MAX_LISTED_ROWS]:
        lines.append(f"Row {error.row}: {error.message}")
    hidden = max(0, len(report.conflicts) - MAX_LISTED_ROWS) + max(0, len(report.errors) - MAX_LISTED_ROWS)
    if hidden:
        lines.append(f"… and {hidden} more")
    return "\n".join(lines)


def _fields(values: dict[str, Any]) -> str:
    shown = {k: v for k, v in values.items() if k in ("rating", "status", "rationale") and v}
    return ", ".join(f"{k} {str(v)[:60]!r}" for k, v in shown.items()) or "nothing set"


def _inform(window: QWidget, title: str, text: str, details: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, window)
    box.setObjectName("exportReportBox")
    box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
