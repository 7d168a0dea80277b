"""Reviewing: the current claim, the panes that show it, and the actions that change claims.

Every change goes through an undo command (ui.commands) pushed on the window's UndoController: it is
written off the GUI thread and drawn by ``apply_change`` when the write lands. Docks follow the
selection and the changes through ``ctx.events``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QInputDialog

from ui.article_pane import ArticlePane
from ui.commands import Change, LinkToSpan, MarkClaim, RemoveClaim, SetOutlet, UnlinkClaim
from ui.context import WindowContext
from ui.pane_area import PaneArea
from workbench.errors import WorkbenchError


class ReviewController(QObject):
    """Selects claims and groups, marks, removes, links and unlinks claims, names outlets."""

    def __init__(self, ctx: WindowContext, panes: PaneArea) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.panes = panes
        self.claim_id: int | None = None
        self.group_id: int | None = None
        panes.claimClicked.connect(lambda claim_id: self.select_claim(claim_id, skip_pane=panes.active))
        panes.outletRequested.connect(self.set_outlet)

    # -- articles and selection ------------------------------------------------------------------

    def open_article(self, article_id: int) -> None:
        """Show an article in a pane (where it is, an empty one, or the active one)."""
        pane = self.panes.show_article(article_id)
        if pane is not None:
            self.panes.set_active(pane)

    def select_claim(self, claim_id: int | None, *, skip_pane: ArticlePane | None = None, scroll: bool = True) -> None:
        """Make a claim the current one: outline its group everywhere; the docks follow (matches, verdict)."""
        claim = self.ctx.state.claims.get(claim_id) if claim_id is not None else None
        self.claim_id = claim.id if claim else None
        self.group_id = claim.group_id if claim else None
        self.panes.show_group(self.group_id, scroll=scroll, skip=skip_pane)
        self.ctx.events.selectionChanged.emit(self.claim_id, self.group_id)

    def select_group(self, group_id: int | None, *, open_articles: bool = False) -> None:
        """Make a group current; optionally open its articles in the panes and scroll each to its variant."""
        group = self.ctx.state.groups.get(group_id) if group_id is not None else None
        if group is None:
            self.select_claim(None)
            return
        if open_articles:
            self.panes.open_articles(c.article_id for c in group.claims)
        active = self.panes.active.article_id if self.panes.active else None
        first = next((c for c in group.claims if c.article_id == active), group.claims[0])
        self.select_claim(first.id)

    def step_claim(self, step: int) -> None:
        """Select the next (or previous) claim of the active pane's article, wrapping around."""
        pane = self.panes.active
        if pane is None or pane.article_id is None:
            return
        claims = self.ctx.state.by_article.get(pane.article_id, [])
        if not claims:
            self.ctx.status("This article has no claims yet", 5000)
            return
        ids = [c.id for c in claims]
        if self.claim_id in ids:
            index = (ids.index(self.claim_id) + step) % len(ids)
        else:
            index = 0 if step > 0 else len(ids) - 1
        claim = claims[index]
        self.select_claim(claim.id)
        pane.text.scroll_to(claim.start, claim.end)
        pane.text.setFocus()

    def open_first_articles(self) -> None:
        """Fill the panes with the group that spans most outlets, else the first articles."""
        state = self.ctx.state
        linked = sorted(state.groups.values(), key=lambda g: -len({c.article_id for c in g.claims}))
        if linked and len({c.article_id for c in linked[0].claims}) > 1:
            self.select_group(linked[0].id, open_articles=True)
            return
        self.panes.open_articles(list(state.articles)[: len(self.panes.panes)])

    # -- changing claims ---------------------------------------------------------------------------

    def mark_selection(self) -> None:
        """Ctrl+M: make the active pane's selected text a claim."""
        wb, pane = self.ctx.workbench(), self.panes.active
        span = pane.text.selected_span() if pane is not None and pane.article_id is not None else None
        if wb is None or pane is None or pane.article_id is None or span is None:
            self.ctx.status("Select some text in an article first, then press Ctrl+M", 6000)
            return
        self.ctx.undo.push(MarkClaim(wb, pane.article_id, *span, notify=self.apply_change,
                                     refused=self.ctx.report_refusal))
        pane.text.clear_selection()

    def remove_selected_claim(self) -> None:
        """Delete: remove the current claim."""
        wb = self.ctx.workbench()
        if wb is None or self.claim_id is None:
            self.ctx.status("Click a highlighted claim first, then press Delete", 6000)
            return
        self.ctx.undo.push(RemoveClaim(wb, self.claim_id, notify=self.apply_change, refused=self.ctx.report_refusal))

    def link_selection(self) -> None:
        """Ctrl+L: link the text selected in the active pane to the current claim's group."""
        wb, pane = self.ctx.workbench(), self.panes.active
        span = pane.text.selected_span() if pane is not None and pane.article_id is not None else None
        if wb is None or self.claim_id is None or pane is None or pane.article_id is None or span is None:
            self.ctx.status("Click a claim, then select its variant in another article and press Ctrl+L", 6000)
            return
        self.ctx.undo.push(LinkToSpan(wb, self.claim_id, pane.article_id, *span, notify=self.apply_change,
                                      refused=self.ctx.report_refusal))
        pane.text.clear_selection()

    def unlink_current(self) -> None:
        """Ctrl+Shift+L: take the current claim out of its group."""
        wb = self.ctx.workbench()
        if wb is not None and self.claim_id is not None:
            self.ctx.undo.push(UnlinkClaim(wb, self.claim_id, notify=self.apply_change,
                                           refused=self.ctx.report_refusal))

    def set_outlet(self, article_id: int) -> None:
        """Ask for an article's outlet (offering the known ones) and set it, remembered for its masthead."""
        wb = self.ctx.workbench()
        article = self.ctx.state.articles.get(article_id)
        if wb is None or article is None:
            return
        dialog = QInputDialog(self.ctx.window)
        dialog.setObjectName("outletDialog")
        dialog.setWindowTitle("Set the outlet")
        dialog.setLabelText(f"Outlet of “{article.title}”:\nArticles that open with the same masthead line get it "
                            "too, now and when they are imported later.")
        dialog.setComboBoxEditable(True)
        dialog.setComboBoxItems(sorted({a.source for a in self.ctx.state.articles.values() if a.source}))
        dialog.setTextValue(article.source or "")
        dialog.textValueSelected.connect(lambda name: self.push_outlet(article_id, name))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def push_outlet(self, article_id: int, name: str) -> None:
        """Set an article's outlet (undoable); an empty name does nothing."""
        wb = self.ctx.workbench()
        if wb is not None and name.strip():
            self.ctx.undo.push(SetOutlet(wb, article_id, name.strip(), notify=self.apply_change,
                                         refused=self.ctx.report_refusal))

    # -- drawing what changed ----------------------------------------------------------------------

    def apply_change(self, change: Change) -> None:
        """Redraw after an action or its undo, and select what it produced."""
        state = self.ctx.state
        try:
            if change.groups is None:
                state.reload()
            else:
                state.update_groups(change.groups)
        except WorkbenchError as exc:
            self.ctx.show_error(str(exc))
        self.panes.refresh(change.articles or None)
        self.ctx.events.changed.emit(change)
        if change.select_claim is not None and change.select_claim in state.claims:
            self.select_claim(change.select_claim)
        elif self.claim_id is not None and self.claim_id not in state.claims:
            self.select_claim(None)
        else:
            self.select_claim(self.claim_id, scroll=False)
        if change.matches_for is not None and self.ctx.matching is not None:
            self.ctx.matching.find_matches(change.matches_for)

    def group_changed(self, group_id: int, origin: str = "") -> None:
        """A panel (verdict, wording) changed a group: redraw its colours and rows (its claims are the same)."""
        ids = {group_id}
        try:
            self.ctx.state.update_groups(ids, articles=False)
        except WorkbenchError as exc:
            self.ctx.show_error(str(exc))
            return
        articles = {c.article_id for c in self.ctx.state.claims_of_group(group_id)}
        self.panes.refresh(articles)
        self.ctx.events.changed.emit(Change(articles, ids, origin=origin))
