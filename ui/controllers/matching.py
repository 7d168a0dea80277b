"""Matching: finding a claim in the other articles (in the background), accepting and rejecting matches."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from ui.commands import AcceptSuggestions, RejectSuggestion
from ui.context import WindowContext
from ui.controllers.review import ReviewController
from ui.pane_area import PaneArea
from ui.state import Snapshot, take_snapshot
from ui.workers import Job
from workbench.service import SuggestionInfo, Workbench


class MatchingController(QObject):
    """Runs the matcher off the GUI thread; accepting and rejecting are undo commands."""

    def __init__(self, ctx: WindowContext, review: ReviewController, panes: PaneArea) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.review = review
        self.panes = panes

    def find_matches(self, claim_id: int | None = None) -> Job | None:
        """Run the matcher for a claim (the current one by default) and announce what it stored."""
        claim_id = claim_id if claim_id is not None else self.review.claim_id
        wb = self.ctx.workbench()
        if wb is None or claim_id is None or claim_id not in self.ctx.state.claims:
            return None
        self.ctx.events.matchingStarted.emit(claim_id)

        def done(_found: list[SuggestionInfo]) -> None:
            if self.ctx.workbench() is wb:
                self.ctx.events.matchesChanged.emit(claim_id)

        return self.ctx.runner.start("Finding matches", lambda _p, _c: wb.suggest(claim_id), done,
                                     self.ctx.show_error)

    def match_all(self) -> Job | None:
        """Run the matcher for every claim in the background."""
        wb = self.ctx.workbench()
        if wb is None:
            return None

        def work(progress: Callable[..., None], cancelled: Callable[[], bool]) -> tuple[Any, Snapshot]:
            summary = wb.match_all(progress=progress, cancelled=cancelled)
            return summary, take_snapshot(wb)

        def done(outcome: tuple[Any, Snapshot]) -> None:
            if self.ctx.workbench() is not wb:
                return
            self.ctx.state.apply(outcome[1])
            self.panes.refresh()
            self.ctx.events.matchesChanged.emit(None)
            self.ctx.status("Matching finished: pick a claim to review its suggestions", 8000)

        return self.ctx.runner.start("Matching all claims", work, done, self.ctx.show_error)

    def accept_suggestion(self, suggestion_id: int) -> None:
        """Link a suggested passage to the current claim's group (undoable)."""
        self.accept_suggestions([suggestion_id])

    def accept_suggestions(self, suggestion_ids: list[int]) -> None:
        """Accept several suggestions as one undo step (Accept all ≥ a score)."""
        wb = self.ctx.workbench()
        if wb is None:
            return
        if not suggestion_ids:
            self.ctx.status("No suggestion scores that high", 5000)
            return
        self.ctx.undo.push(AcceptSuggestions(wb, suggestion_ids, notify=self._changed,
                                             refused=self.ctx.report_refusal))

    def reject_suggestion(self, suggestion_id: int) -> None:
        """Mark a suggestion as not the same claim (undoable)."""
        wb = self.ctx.workbench()
        if wb is not None:
            self.ctx.undo.push(RejectSuggestion(wb, suggestion_id, notify=self._changed,
                                                refused=self.ctx.report_refusal))

    def _changed(self, change: Any) -> None:
        self.review.apply_change(change)
        self.ctx.events.matchesChanged.emit(change.select_claim)

    def show_suggestion(self, suggestion: SuggestionInfo) -> None:
        """Scroll the suggestion's article (opening it in a pane if needed) to the passage and select it."""
        pane = self.panes.pane_showing(suggestion.article_id)
        if pane is None:
            others = [p for p in self.panes.panes if p is not self.panes.active]
            pane = self.panes.show_article(suggestion.article_id, others[0] if others else None)
        if pane is not None:
            pane.text.scroll_to(suggestion.start, suggestion.end)
            pane.text.select_span(suggestion.start, suggestion.end)


def suggestions_of(wb: Workbench | None, claim_id: int | None) -> list[SuggestionInfo]:
    """The stored open suggestions of a claim (a read: safe on the GUI thread)."""
    if wb is None or claim_id is None:
        return []
    return wb.list_suggestions(claim_id)
