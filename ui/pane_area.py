"""The centre of the window: two to four article panes side by side in a splitter."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter, QWidget

from ui.article_pane import ArticlePane
from ui.state import LibraryState
from workbench.service import ClaimInfo

MAX_PANES = 4
DEFAULT_PANES = 2


class PaneArea(QSplitter):
    """Holds the article panes, knows which is active, and shows a claim group across all of them."""

    claimClicked = Signal(int)
    activeChanged = Signal()
    outletRequested = Signal(int)
    selectionChanged = Signal()  # the text selection of some pane changed

    def __init__(self, state: LibraryState, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("paneArea")
        self.setChildrenCollapsible(False)
        self.state = state
        self.panes: list[ArticlePane] = []
        self.active: ArticlePane | None = None
        self.group_id: int | None = None
        self.context_actions: list[QAction] = []
        for _ in range(DEFAULT_PANES):
            self.add_pane()

    # -- panes -----------------------------------------------------------------------------------

    def add_pane(self) -> ArticlePane | None:
        """Add an empty pane on the right (at most four); returns it."""
        if len(self.panes) >= MAX_PANES:
            return None
        pane = ArticlePane(self)
        pane.setObjectName(f"articlePane{len(self.panes) + 1}")
        pane.text.context_actions = self.context_actions
        pane.text.tooltip_for = self.state.tooltip
        pane.articleChosen.connect(lambda article_id, p=pane: self.show_article(article_id, p))
        pane.claimClicked.connect(lambda claim_id, p=pane: self._clicked(claim_id, p))
        pane.activated.connect(lambda p=pane: self.set_active(p))
        pane.outletRequested.connect(self.outletRequested)
        pane.text.selectionChanged.connect(self.selectionChanged)
        pane.set_articles(self.state.articles.values(), self._labels())
        self.addWidget(pane)
        self.panes.append(pane)
        self.setSizes([1000] * len(self.panes))
        if self.active is None:
            self.set_active(pane)
        return pane

    def remove_pane(self) -> bool:
        """Remove the rightmost pane (one always stays); True if one was removed."""
        if len(self.panes) <= 1:
            return False
        pane = self.panes.pop()
        if self.active is pane:
            self.set_active(self.panes[-1])
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        return True

    def set_active(self, pane: ArticlePane) -> None:
        """Make the pane that marking and deleting act on."""
        if self.active is pane:
            return
        self.active = pane
        for p in self.panes:
            p.set_active(p is pane and len(self.panes) > 1)
        self.activeChanged.emit()

    def set_context_actions(self, actions: list[QAction]) -> None:
        """Actions offered on the text's context menu (mark, remove claim)."""
        self.context_actions[:] = actions

    def pane_showing(self, article_id: int) -> ArticlePane | None:
        """The first pane showing an article."""
        return next((p for p in self.panes if p.article_id == article_id), None)

    def article_ids(self) -> list[int | None]:
        """What each pane shows, left to right (for settings)."""
        return [p.article_id for p in self.panes]

    # -- content ---------------------------------------------------------------------------------

    def show_article(self, article_id: int, pane: ArticlePane | None = None) -> ArticlePane | None:
        """Show an article in a pane: the given one, else where it is already, an empty one or the active one."""
        wb = self.state.workbench
        if wb is None:
            return None
        if pane is None:
            pane = self.pane_showing(article_id) or next((p for p in self.panes if p.article_id is None), None)
            pane = pane or self.active or self.panes[0]
        if pane.article_id != article_id:
            pane.show_article(wb.get_article(article_id), self.state.marks_for(article_id))
            self._emphasise(pane)
        return pane

    def open_articles(self, article_ids: Iterable[int]) -> None:
        """Show several articles, reusing panes that already show one of them and adding panes up to four."""
        wanted = list(dict.fromkeys(article_ids))[:MAX_PANES]
        missing = [a for a in wanted if self.pane_showing(a) is None]
        while len(self.panes) < min(len(wanted), MAX_PANES) and missing:
            self.add_pane()
        free = [p for p in self.panes if p.article_id not in wanted]
        free.sort(key=lambda p: (p.article_id is not None, p is self.active))
        for article_id, pane in zip(missing, free, strict=False):
            self.show_article(article_id, pane)

    def refresh(self, article_ids: Iterable[int] | None = None) -> None:
        """Redraw highlights (of some articles or all) and refill the choosers after a reload."""
        wanted = None if article_ids is None else set(article_ids)
        labels = self._labels()
        for pane in self.panes:
            pane.set_articles(self.state.articles.values(), labels)
            if pane.article_id is None:
                continue
            if pane.article_id not in self.state.articles:
                pane.show_placeholder()
            elif wanted is None or pane.article_id in wanted:
                pane.show_header(self.state.articles[pane.article_id])  # the outlet may have been named
                pane.set_marks(self.state.marks_for(pane.article_id))
            self._emphasise(pane)

    def clear(self) -> None:
        """Empty every pane (another library was opened)."""
        self.group_id = None
        for pane in self.panes:
            pane.show_placeholder()
            pane.set_articles(self.state.articles.values(), self._labels())

    # -- claim groups ----------------------------------------------------------------------------

    def show_group(self, group_id: int | None, *, scroll: bool = True, skip: ArticlePane | None = None) -> None:
        """Outline a group's claims in every pane and scroll each other pane to its variant."""
        self.group_id = group_id
        for pane in self.panes:
            claims = self._emphasise(pane)
            if scroll and claims and pane is not skip:
                first = claims[0]
                if not pane.text.is_visible(first.start, first.end):
                    pane.text.scroll_to(first.start, first.end)

    def _emphasise(self, pane: ArticlePane) -> list[ClaimInfo]:
        if pane.article_id is None or self.group_id is None:
            pane.text.set_emphasis(())
            return []
        claims = self.state.claims_of_group(self.group_id, pane.article_id)
        pane.text.set_emphasis(c.id for c in claims)
        return claims

    def _clicked(self, claim_id: int, pane: ArticlePane) -> None:
        self.set_active(pane)
        self.claimClicked.emit(claim_id)

    def _labels(self) -> dict[int, str]:
        return {a: self.state.article_label(a) for a in self.state.articles}
