"""The dock registry: every dock of the window declared once, with where it goes and how it is wired.

A dock is a ``make(ctx)`` function returning its widget (or a ready QDockWidget) after connecting it to
``ctx.events`` (what it shows follows the selection, changes and the open library) and to the
controllers (what it asks for). Adding a dock: a module with its widget and its ``make``, and one
``register(DockSpec(...))`` line below. The window builds the docks, the View menu lists them, and the
layout they were left in is saved and restored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDockWidget, QWidget

from ui import conflicts_dock, disagreements_dock, overview_dock
from ui.claims_dock import ClaimsDock
from ui.compare_view import CompareView
from ui.context import WindowContext
from ui.controllers.matching import suggestions_of
from ui.controllers.references import CheckedBeforeLoader
from ui.group_panel import GroupPanel
from ui.insights import InsightLoader
from ui.library_dock import LibraryDock
from ui.matches_dock import MatchesDock
from ui.verdict_editor import VerdictEditor
from workbench.errors import WorkbenchError

Area = Qt.DockWidgetArea


@dataclass(frozen=True, kw_only=True)
class DockSpec:
    """One dock: its object name (saved layouts refer to it), title, factory and place."""

    name: str
    title: str
    make: Callable[[WindowContext], QWidget]
    area: Area
    beside: str | None = None  # split the area of this dock ...
    orientation: Qt.Orientation = Qt.Orientation.Horizontal  # ... this way
    tab_with: str | None = None  # or share this dock's place as a tab
    width: int | None = None  # initial size, in pixels
    height: int | None = None
    hidden: bool = False  # not shown until chosen in the View menu (or by an action)


DOCKS: list[DockSpec] = []


def register(spec: DockSpec) -> DockSpec:
    """Add a dock (the order of registration is the order of the View menu)."""
    DOCKS.append(spec)
    return spec


# -- the built-in docks ----------------------------------------------------------------------------------


def make_library(ctx: WindowContext) -> QWidget:
    """Outlets and articles; opens articles, names unknown outlets."""
    dock = LibraryDock(ctx.state, ctx.window)
    assert ctx.review is not None
    dock.articleActivated.connect(ctx.review.open_article)
    dock.outletRequested.connect(ctx.review.set_outlet)
    return dock


def make_claims(ctx: WindowContext) -> QWidget:
    """Every claim group; selecting one opens its articles."""
    dock = ClaimsDock(ctx.state, ctx.window)
    review = ctx.review
    assert review is not None
    dock.groupSelected.connect(lambda group_id: review.select_group(group_id, open_articles=True))
    ctx.events.selectionChanged.connect(lambda _claim, group_id: dock.select_group(group_id))
    ctx.events.changed.connect(lambda _change: dock.select_group(review.group_id))
    ctx.selected_groups = dock.selected_group_ids
    InsightLoader(ctx, dock.model)  # "5 outlets · 2 independent" and the drift column
    if ctx.actions is not None:
        ctx.actions.find.triggered.connect(dock.focus_filter)
        queue = ctx.actions.my_queue
        dock.add_queue_toggle(queue)

        def follow(*_args: object) -> None:
            wb = ctx.workbench()
            dock.show_queue_only(wb.user if queue.isChecked() and wb is not None else None)

        queue.toggled.connect(follow)
        ctx.events.libraryChanged.connect(follow)
    return dock


def make_matches(ctx: WindowContext) -> QWidget:
    """The stored suggestions of the current claim; accept, reject, show."""
    dock = MatchesDock(ctx.window)
    matching = ctx.matching
    assert matching is not None and ctx.review is not None
    review = ctx.review

    def load(claim_id: object = None, *_args: object) -> None:
        current = review.claim_id
        claim = ctx.state.claims.get(current) if current is not None else None
        try:
            found = suggestions_of(ctx.workbench(), claim.id) if claim else []
        except WorkbenchError as exc:
            ctx.show_error(str(exc))
            found = []
        dock.set_suggestions(claim.id if claim else None, claim.text if claim else "", found)

    def busy(claim_id: int) -> None:
        claim = ctx.state.claims.get(claim_id)
        if claim is not None and claim_id == review.claim_id:
            dock.set_suggestions(claim.id, claim.text, [], busy=True)
            dock.tabs.setCurrentIndex(0)  # Find matches, or a claim just marked: its matches are what to see

    ctx.events.selectionChanged.connect(load)
    ctx.events.matchesChanged.connect(lambda claim_id: load() if claim_id in (None, review.claim_id) else None)
    ctx.events.matchingStarted.connect(busy)
    dock.acceptRequested.connect(matching.accept_suggestion)
    dock.rejectRequested.connect(matching.reject_suggestion)
    dock.acceptAllRequested.connect(
        lambda threshold: matching.accept_suggestions(
            [s.id for s in dock.model.rows if s.id is not None and s.score >= threshold])
    )
    dock.showRequested.connect(matching.show_suggestion)
    CheckedBeforeLoader(ctx, dock.checked)  # the claims checked before that match the selected claim
    dock.checked.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
    return dock


def _panel(ctx: WindowContext, panel: GroupPanel) -> GroupPanel:
    """Wire a group panel: it follows the library, the selected group and changes made elsewhere."""
    assert ctx.review is not None
    review = ctx.review
    ctx.events.libraryChanged.connect(lambda: panel.set_library(ctx.workbench()))
    ctx.events.commitPending.connect(panel.commit_pending)
    ctx.events.selectionChanged.connect(lambda _claim, group_id: panel.set_group(group_id))
    ctx.events.changed.connect(panel.refresh_if)
    panel.changed.connect(lambda group_id: review.group_changed(group_id, panel.objectName()))
    return panel


def make_verdict(ctx: WindowContext) -> QWidget:
    """Rating, rationale, evidence, status, reviewer and history of the current group."""
    editor = VerdictEditor(ctx.workbench(), ctx.undo, settings=ctx.settings, report=ctx.report_refusal)
    editor.assignRequested.connect(lambda group_id: ctx.team.assign_dialog(group_id) if ctx.team else None)
    editor.claimant.runner = ctx.runner  # the claimant suggested from the text is read off the GUI thread
    return _panel(ctx, editor)


def make_compare(ctx: WindowContext) -> QWidget:
    """Every outlet's wording of the current group against its canonical wording."""
    return _panel(ctx, CompareView(ctx.workbench(), ctx.undo, settings=ctx.settings))


register(DockSpec(name="libraryDock", title="Library", make=make_library, area=Area.LeftDockWidgetArea, width=320))
register(DockSpec(name="verdictDock", title="Verdict", make=make_verdict, area=Area.RightDockWidgetArea, width=380))
register(DockSpec(name="claimsDock", title="Claims", make=make_claims, area=Area.BottomDockWidgetArea, width=820,
                  height=330))  # room for the Matches dock's tiers and its Checked before section
register(DockSpec(name="matchesDock", title="Matches", make=make_matches, area=Area.BottomDockWidgetArea,
                  beside="claimsDock", width=600))
register(DockSpec(name="compareDock", title="Compare", make=make_compare, area=Area.BottomDockWidgetArea,
                  tab_with="claimsDock"))
register(DockSpec(name="disagreementsDock", title="Disagreements", make=disagreements_dock.make,
                  area=Area.BottomDockWidgetArea, tab_with="claimsDock", hidden=True))
register(DockSpec(name="conflictsDock", title="Conflicts", make=conflicts_dock.make, area=Area.BottomDockWidgetArea,
                  tab_with="claimsDock"))
register(DockSpec(name="overviewDock", title="Overview", make=overview_dock.make, area=Area.BottomDockWidgetArea,
                  tab_with="claimsDock"))


def build_docks(ctx: WindowContext) -> dict[str, QDockWidget]:
    """Create every registered dock and place it; returns them by name."""
    window = ctx.window
    docks: dict[str, QDockWidget] = {}
    for spec in DOCKS:
        widget = spec.make(ctx)
        if isinstance(widget, QDockWidget):
            dock = widget
        else:
            dock = QDockWidget(spec.title, window)
            dock.setWidget(widget)
        dock.setObjectName(spec.name)
        dock.setWindowTitle(spec.title)
        docks[spec.name] = dock
        if spec.tab_with in docks:
            window.tabifyDockWidget(docks[spec.tab_with], dock)
        elif spec.beside in docks:
            window.splitDockWidget(docks[spec.beside], dock, spec.orientation)
        else:
            window.addDockWidget(spec.area, dock)
    wide = [s for s in DOCKS if s.width is not None]
    window.resizeDocks([docks[s.name] for s in wide], [s.width or 0 for s in wide], Qt.Orientation.Horizontal)
    tall = [s for s in DOCKS if s.height is not None]
    window.resizeDocks([docks[s.name] for s in tall], [s.height or 0 for s in tall], Qt.Orientation.Vertical)
    for spec in DOCKS:
        if spec.tab_with is None and any(s.tab_with == spec.name for s in DOCKS):
            docks[spec.name].raise_()
        if spec.hidden:
            docks[spec.name].hide()
    return docks
