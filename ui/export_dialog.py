"""File → Export… (format, scope, destination) and File → Import verdicts…, both run off the GUI thread.

The formats, their file filters, default names and which options apply come from the export registry
(workbench.export.registry); the folder and format chosen last from the app's settings object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
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

from ui.claimant_editor import ask_organisation
from ui.commands.base import Change
from ui.settings import AppSettings
from workbench.service import (
    EXPORT_FORMATS,
    EXPORT_TABLES,
    ExportFormat,
    ExportReport,
    VerdictImportReport,
    export_suffixes,
)

if TYPE_CHECKING:
    from ui.context import WindowContext
    from ui.workers import Job
    from workbench.service import Workbench

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
    organisation: str | None = None  # the reviewing organisation to record first (asked on the first ClaimReview)

    def arguments(self) -> dict[str, Any]:
        """Keyword arguments for Workbench.export."""
        return {
            "format": self.format, "table": self.table, "group_ids": self.group_ids, "final_only": self.final_only,
            "since": self.since, "until": self.until, "bom": self.bom,
        }


class ExportDialog(QDialog):
    """Choose a format, a scope (all or the selected groups, final only, a date range) and a file."""

    def __init__(self, parent: QWidget | None, selected_groups: Sequence[int], *,
                 settings: AppSettings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.selected_groups = tuple(selected_groups)
        self.settings = settings or AppSettings()
        self._folder = self.settings.export_folder()
        self._path_edited = False

        self.format = QComboBox(self)
        self.format.setObjectName("exportFormat")
        for fmt in EXPORT_FORMATS.values():
            self.format.addItem(fmt.label, fmt.key)
        self.format.setToolTip("The kind of file to write")
        last = self.format.findData(self.settings.export_format(next(iter(EXPORT_FORMATS))))
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

    def _chosen(self) -> ExportFormat:
        return EXPORT_FORMATS[self.chosen_format()]

    def _format_changed(self) -> None:
        fmt = self._chosen()
        self.table.setEnabled("table" in fmt.options)
        self.bom.setEnabled("bom" in fmt.options)
        name = fmt.file_name(str(self.table.currentData()))
        current = Path(self.path.text().strip())
        if not self._path_edited or current.name in self._default_names():
            self.path.setText(str((current.parent if self._path_edited else self._folder) / name))
        elif current.suffix.lower() in export_suffixes() and current.suffix.lower() not in fmt.suffixes:
            self.path.setText(str(current.with_suffix(fmt.suffix)))  # the file name tells the format
        self._validate()

    def _default_names(self) -> set[str]:
        tables = [str(self.table.itemData(i)) for i in range(self.table.count())]
        return {fmt.file_name(t) for fmt in EXPORT_FORMATS.values() for t in tables}

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
        fmt = self._chosen()
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(), fmt.file_filter())
        if chosen:
            if not Path(chosen).suffix:
                chosen += fmt.suffix
            self._path_edited = True
            self.path.setText(chosen)

    def request(self) -> ExportRequest:
        """The export the dialog describes (also remembers the format and folder for next time)."""
        path = Path(self.path.text().strip()).expanduser()
        if not path.is_absolute():
            path = self._folder / path  # a bare file name goes to the folder shown at first
        self.settings.remember_export(path.parent, self.chosen_format())
        return ExportRequest(
            path=path,
            format=self.chosen_format(),
            table=str(self.table.currentData()),
            group_ids=self.selected_groups if self.selection.isChecked() else None,
            final_only=self.final_only.isChecked(),
            since=_day(self.since) if self.use_since.isChecked() else None,
            until=_day(self.until) if self.use_until.isChecked() else None,
            bom=self.bom.isChecked() and "bom" in self._chosen().options,
        )


def _day(edit: QDateEdit) -> dt.date:
    date = edit.date()
    return dt.date(date.year(), date.month(), date.day())


def start_export(ctx: WindowContext, wb: Workbench, request: ExportRequest,
                 done: Callable[[ExportReport], None] | None = None) -> Job:
    """Run the export on the window's job runner; the result is shown in the status bar (and notes in a box)."""

    def work(progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> ExportReport:
        if request.organisation:
            wb.set_setting("organisation", request.organisation)
        return wb.export(request.path, progress=progress, cancelled=cancelled, **request.arguments())

    def finished(report: ExportReport) -> None:
        if done is not None:
            done(report)
        ctx.status(report.summary().capitalize(), 15000)
        if report.notes and not report.cancelled:
            _inform(ctx.window, "Export finished", report.summary().capitalize(), "\n".join(report.notes))

    return ctx.runner.start(f"Exporting to {request.path.name}", work, finished,
                            lambda message: ctx.show_error(f"Export failed: {message}"))


def run_export_dialog(ctx: WindowContext, export: Callable[[ExportRequest], object]) -> None:
    """File → Export…: ask (scoped to the groups selected in the Claims table), then export in the background."""
    dialog = ExportDialog(ctx.window, ctx.selected_groups(), settings=ctx.settings)
    try:
        request = _ask(ctx, dialog)
    finally:
        dialog.deleteLater()  # one dialog per export, not one more each time
    if request is not None:
        export(request)


def _ask(ctx: WindowContext, dialog: ExportDialog) -> ExportRequest | None:
    """The export the user asks for, with what it needs (the organisation on a first ClaimReview); None: cancelled."""
    while dialog.exec() == QDialog.DialogCode.Accepted:
        request = dialog.request()
        if request.path.exists():
            answer = QMessageBox.question(
                ctx.window, "Replace the file?", f"{request.path} already exists. Replace it with this export?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                continue  # back to the dialog, as the user left it
        wb = ctx.workbench()
        if wb is not None and "organisation" in wb.export_needs(request.format):
            organisation = ask_organisation(ctx.window)
            if organisation is None:
                ctx.status("Export cancelled: ClaimReview names the reviewing organisation, and none was given", 10000)
                return None
            request = replace(request, organisation=organisation)
        return request
    return None


def start_verdict_import(ctx: WindowContext, wb: Workbench, path: Path, reviewer: str | None,
                         done: Callable[[VerdictImportReport], None] | None = None) -> Job:
    """Apply an edited workbook's verdicts in the background, then redraw the window and show the report."""

    def work(progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> VerdictImportReport:
        progress(0, 1, "reading the workbook")
        return wb.import_verdicts(path, reviewer=reviewer)

    def finished(report: VerdictImportReport) -> None:
        if done is not None:
            done(report)
        if ctx.review is not None:
            ctx.review.apply_change(Change())  # verdicts of any group may have changed
        summary = f"Imported verdicts from {path.name}: {report.summary()}"
        ctx.status(summary, 15000)
        details = describe_verdict_import(report)
        if details:
            _inform(ctx.window, "Verdicts imported", summary, details)

    return ctx.runner.start(f"Importing verdicts from {path.name}", work, finished,
                            lambda message: ctx.show_error(f"Could not import verdicts: {message}"))


def describe_verdict_import(report: VerdictImportReport) -> str:
    """Row-by-row lines for conflicts (with why) and errors, then the missing rows and the notes.

    The applied rows are only counted.
    """
    lines = []
    for conflict in report.conflicts[:MAX_LISTED_ROWS]:
        versions = (f" (version {conflict.exported_version} → {conflict.current_version})"
                    if conflict.current_version != conflict.exported_version else "")
        lines.append(
            f"Row {conflict.row}, group {conflict.group_id}: {conflict.reason}{versions}; "
            f"yours: {_fields(conflict.yours)}; library: {_fields(conflict.theirs)}"
        )
    for error in report.errors[:MAX_LISTED_ROWS]:
        group = f", group {error.group_id}" if error.group_id is not None else ""
        lines.append(f"Row {error.row}{group}: {error.message}")
    hidden = max(0, len(report.conflicts) - MAX_LISTED_ROWS) + max(0, len(report.errors) - MAX_LISTED_ROWS)
    if hidden:
        lines.append(f"… and {hidden} more")
    if report.missing:
        lines.append(f"Missing rows: {report.missing_text()}.")
    lines.extend(f"Note: {note}" for note in report.notes[:MAX_LISTED_ROWS])
    if len(report.notes) > MAX_LISTED_ROWS:
        lines.append(f"… and {len(report.notes) - MAX_LISTED_ROWS} more notes")
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
