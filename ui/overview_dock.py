"""The Overview dock: the library's charts (verdicts by outlet, claim spread, first appearances), exportable.

The numbers come from ``Workbench.chart_data`` on a worker (the GUI thread never waits); the dock
only draws them (``ui.charts.ChartWidget``) and writes PNG or SVG files on request.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.charts import ChartWidget, render_file, theme_for
from ui.context import WindowContext
from ui.names import named
from workbench.service import CHART_KIND_NAMES, ChartData, Workbench

TAB_LABELS = {"outlet-verdicts": "By outlet", "spread": "Spread", "timeline": "Timeline"}
TAB_TIPS = {
    "outlet-verdicts": "How the claim groups each outlet carries were rated (stacked bars)",
    "spread": "Which outlet carries which claim group, coloured by its rating",
    "timeline": "When each claim group first appeared in each outlet",
}


class Runner(Protocol):
    """Starts work on a worker thread and calls back on the GUI thread (ui.workers.JobRunner)."""

    def start(self, title: str, work: Callable[[Any, Any], Any], on_result: Callable[[Any], None] | None = ...,
              on_error: Callable[[str], None] | None = ...) -> object: ...


class OverviewDock(QDockWidget):
    """Charts of the open library; refresh() after changes, set_groups() to chart a selection only."""

    exported = Signal(str)  # the path of a chart file written

    def __init__(self, runner: Runner | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Overview", parent)
        self.setObjectName("overviewDock")
        self.runner = runner
        self.workbench: Workbench | None = None
        self.group_ids: list[int] | None = None
        self._generation = 0
        self._stale = False  # something changed while the dock was hidden: chart it when shown
        self.on_screen: bool | None = None  # None until Qt says (a tab behind another dock is not on screen)
        self.visibilityChanged.connect(self._visibility)
        self.tabs = named(QTabBar(), "overviewKinds")
        self.tabs.setDocumentMode(True)
        for kind in CHART_KIND_NAMES:
            index = self.tabs.addTab(TAB_LABELS.get(kind, kind))
            self.tabs.setTabToolTip(index, TAB_TIPS.get(kind, ""))
        self.tabs.currentChanged.connect(lambda _: self.refresh())
        self.export_button = named(QToolButton(), "overviewExport")
        self.export_button.setText("Export…")
        self.export_button.setToolTip("Save this chart as a PNG picture or an SVG drawing")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setMinimumWidth(self.export_button.sizeHint().width() + 16)  # room for the menu arrow
        menu = QMenu(self.export_button)
        menu.addAction("PNG picture…", lambda: self._export_dialog(".png"))
        menu.addAction("SVG drawing…", lambda: self._export_dialog(".svg"))
        self.export_button.setMenu(menu)
        self.chart = ChartWidget()
        self.status = named(QLabel(), "overviewStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.tabs, 1)
        top.addWidget(self.export_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.chart, 1)
        self.setWidget(body)

    @property
    def kind(self) -> str:
        """The chart shown (outlet-verdicts, spread, timeline)."""
        return CHART_KIND_NAMES[max(self.tabs.currentIndex(), 0)]

    def set_kind(self, kind: str) -> None:
        self.tabs.setCurrentIndex(CHART_KIND_NAMES.index(kind))

    def set_workbench(self, workbench: Workbench | None) -> None:
        """Chart another library (None: nothing)."""
        self.workbench = workbench
        self.group_ids = None
        self.refresh()

    def set_groups(self, group_ids: Sequence[int] | None) -> None:
        """Chart only these claim groups (None: every group)."""
        self.group_ids = list(group_ids) if group_ids else None
        self.refresh()

    def refresh(self) -> None:
        """Compute the shown chart again (on the runner's worker when there is one); a hidden dock waits."""
        if self.on_screen is False:
            self._stale = True
            return
        self._stale = False
        self._generation += 1
        generation, workbench, kind, groups = self._generation, self.workbench, self.kind, self.group_ids
        if workbench is None:
            self.chart.set_chart(None)
            return

        def work(progress: object, cancelled: object) -> ChartData:
            return workbench.chart_data(kind, groups)

        def done(chart: ChartData) -> None:
            if generation == self._generation:  # a later refresh supersedes this one
                self.status.hide()
                self.chart.set_chart(chart)

        def failed(message: str) -> None:
            if generation == self._generation:
                self.status.setText(message)
                self.status.show()

        if self.runner is None:
            try:
                done(work(None, None))
            except Exception as exc:  # a WorkbenchError message, shown in the dock
                failed(str(exc))
        else:
            self.runner.start("Drawing the overview", work, done, failed)

    def _visibility(self, visible: bool) -> None:
        self.on_screen = visible
        if visible and self._stale:
            self.refresh()

    def export_to(self, path: str | Path, *, theme: str | None = None) -> tuple[int, int]:
        """Write the chart shown to a .png or .svg file (in the palette's theme unless given)."""
        if self.chart.chart is None:
            raise ValueError("no chart to export yet")
        name = theme or theme_for(self.palette()).name
        size = render_file(self.chart.chart, path, theme=name)
        self.exported.emit(str(path))
        return size

    def _export_dialog(self, suffix: str) -> None:
        if self.chart.chart is None:
            return
        kind = "PNG picture (*.png)" if suffix == ".png" else "SVG drawing (*.svg)"
        path, _ = QFileDialog.getSaveFileName(self, "Export chart", f"{self.kind}{suffix}", kind)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        try:
            self.export_to(path)
        except OSError as exc:
            self.status.setText(f"{path}: the chart could not be written ({exc})")
            self.status.show()


def make(ctx: WindowContext) -> QWidget:
    """The Overview dock of a window: it charts the open library again after every change."""
    dock = OverviewDock(ctx.runner, ctx.window)
    ctx.events.libraryChanged.connect(lambda: dock.set_workbench(ctx.workbench()))
    ctx.events.changed.connect(lambda _change: dock.refresh())
    dock.exported.connect(lambda path: ctx.status(f"Chart written to {path}"))
    return dock
