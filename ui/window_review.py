"""The main window's reviewing side: selecting claims, marking, linking, matching, accepting and rejecting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui import commands
from ui.commands import Change
from ui.state import Snapshot, take_snapshot
from ui.workers import Job
from workbench.errors import WorkbenchError
from workbench.service import SuggestionInfo, Workbench


class ReviewMixin:
    """Select, mark, link and match claims through undoable commands; mixed into MainWindow."""

    wb: Workbench | None
    claim_id: int | None
    group_id: int | None
    # -- articles and selection ------------------------------------------------------------------

    def open_article(self, article_id: int) -> None:
        """Show an article in a pane (where it is, an empty one, or the active one)."""
        pane = self.panes.show_article(article_id)
        if pane is not None:
            self.panes.set_active(pane)

    def add_pane(self) -> None:
        """View → Add pane."""
        pane = self.panes.add_pane()
        if pane is not None:
            pane.text.selectionChanged.connect(self._update_actions)
        self._update_actions()

    def remove_pane(self) -> None:
        """View → Remove pane."""
        self.panes.remove_pane()
        self._update_actions()

    def select_claim(self, claim_id: int | None, *, skip_pane: Any = None, scroll: bool = True) -> None:
        """Make a claim the current one: outline its group everywhere, list its matches, load its verdict."""
        claim = self.state.claims.get(claim_id) if claim_id is not None else None
        self.claim_id = claim.id if claim else None
        self.group_id = claim.group_id if claim else None
        self.panes.show_group(self.group_id, scroll=scroll, skip=skip_pane)
        self.claims_dock.select_group(self.group_id)
        self._set_group_in_editors(self.group_id)
        self._load_matches()
        self._update_actions()

    def select_group(self, group_id: int | None, *, open_articles: bool = False) -> None:
        """Make a group current; optionally open its articles in the panes and scroll each to its variant."""
        group = self.state.groups.get(group_id) if group_id is not None else None
        if group is None:
            self.select_claim(None)
            return
        if open_articles:
            self.panes.open_articles(c.article_id for c in group.claims)
        active = self.panes.active.article_id if self.panes.active else None
        first = next((c for c in group.claims if c.article_id == active), group.claims[0])
        self.select_claim(first.id)

    def _set_group_in_editors(self, group_id: int | None) -> None:
        for widget in (self.verdict_editor, self.compare_view):
            if widget is not None:
                try:
                    widget.set_group(group_id)
                except WorkbenchError as exc:
                    self.show_error(str(exc))

    def step_claim(self, step: int) -> None:
        """Select the next (or previous) claim of the active pane's article, wrapping around."""
        pane = self.panes.active
        if pane is None or pane.article_id is None:
            return
        claims = self.state.by_article.get(pane.article_id, [])
        if not claims:
            self.statusBar().showMessage("This article has no claims yet", 5000)
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

    def _focus_claims_filter(self) -> None:
        self.claims_dock.show()
        self.claims_dock.raise_()
        self.claims_dock.filter.setFocus()
        self.claims_dock.filter.selectAll()

    # -- marking and removing ----------------------------------------------------------------------

    def mark_selection(self) -> None:
        """Ctrl+M: make the active pane's selected text a claim."""
        pane = self.panes.active
        span = pane.text.selected_span() if pane is not None and pane.article_id is not None else None
        if self.wb is None or pane is None or pane.article_id is None or span is None:
            self.statusBar().showMessage("Select some text in an article first, then press Ctrl+M", 6000)
            return
        if self._push(commands.MarkClaim(self.wb, self.apply_change, pane.article_id, *span)):
            pane.text.clear_selection()

    def remove_selected_claim(self) -> None:
        """Delete: remove the current claim."""
        if self.wb is None or self.claim_id is None:
            self.statusBar().showMessage("Click a highlighted claim first, then press Delete", 6000)
            return
        self._push(commands.RemoveClaim(self.wb, self.apply_change, self.claim_id))

    def link_selection(self) -> None:
        """Ctrl+L: link the text selected in the active pane to the current claim's group."""
        pane = self.panes.active
        span = pane.text.selected_span() if pane is not None and pane.article_id is not None else None
        if self.wb is None or self.claim_id is None or pane is None or pane.article_id is None or span is None:
            self.statusBar().showMessage("Click a claim, then select its variant in another article and press Ctrl+L",
                                         6000)
            return
        if self._push(commands.link_to_span(self.wb, self.apply_change, self.claim_id, pane.article_id, *span)):
            pane.text.clear_selection()

    def unlink_current(self) -> None:
        """Ctrl+Shift+L: take the current claim out of its group."""
        if self.wb is not None and self.claim_id is not None:
            self._push(commands.unlink_claim(self.wb, self.apply_change, self.claim_id))

    def _push(self, command: Any) -> bool:
        """Run an undoable action; a refusal by the service is shown, not pushed."""
        try:
            self.undo_stack.push(command)
        except WorkbenchError as exc:
            self.show_error(str(exc))
            return False
        return True

    def apply_change(self, change: Change) -> None:
        """Redraw after an action or its undo, and select what it produced."""
        if change.groups is None:
            self.state.reload()
        else:
            self.state.update_groups(change.groups)
        self.panes.refresh(change.articles or None)
        if change.select_claim is not None and change.select_claim in self.state.claims:
            self.select_claim(change.select_claim)
        elif self.claim_id is not None and self.claim_id not in self.state.claims:
            self.select_claim(None)
        else:
            self.select_claim(self.claim_id, scroll=False)
        if change.matches_for is not None:
            self.find_matches(change.matches_for)

    def _verdict_changed(self, group_id: int) -> None:
        """The verdict editor or compare view changed a group: redraw colours and the table."""
        self.state.update_groups([group_id])
        self.panes.refresh({c.article_id for c in self.state.claims_of_group(group_id)})
        self.claims_dock.select_group(self.group_id)

    def _after_reload(self) -> None:
        has_articles = bool(self.state.articles)
        self.centre.setCurrentWidget(self.panes if has_articles else self.empty)
        n_articles, n_groups = len(self.state.articles), len(self.state.groups)
        articles = f"{n_articles} article{'s' if n_articles != 1 else ''}"
        groups = f"{n_groups} claim group{'s' if n_groups != 1 else ''}"
        self.library_label.setText(f"{articles} · {groups}" if self.wb is not None else "No library open")
        self._update_actions()

    # -- matching ----------------------------------------------------------------------------------

    def _load_matches(self) -> None:
        """Fill the Matches dock with the stored suggestions of the current claim."""
        claim = self.state.claims.get(self.claim_id) if self.claim_id is not None else None
        if claim is None or self.wb is None or not hasattr(self.wb, "list_suggestions"):
            self.matches_dock.set_suggestions(None, "", [])
            return
        try:
            suggestions = self.wb.list_suggestions(claim.id)
        except WorkbenchError as exc:
            self.show_error(str(exc))
            suggestions = []
        self.matches_dock.set_suggestions(claim.id, claim.text, suggestions)

    def find_matches(self, claim_id: int | None = None) -> Job | None:
        """Run the matcher for a claim in the background and list what it finds."""
        claim_id = claim_id if claim_id is not None else self.claim_id
        claim = self.state.claims.get(claim_id) if claim_id is not None else None
        if self.wb is None or claim is None or not hasattr(self.wb, "suggest"):
            return None
        wb = self.wb
        if claim_id == self.claim_id:
            self.matches_dock.set_suggestions(claim.id, claim.text, [], busy=True)

        def done(suggestions: list[SuggestionInfo]) -> None:
            if self.claim_id == claim.id:
                self._load_matches()

        return self.runner.start("Finding matches", lambda _p, _c: wb.suggest(claim.id), done, self.show_error)

    def match_all(self) -> Job | None:
        """Run the matcher for every claim in the background."""
        if self.wb is None or not hasattr(self.wb, "match_all"):
            return None
        wb = self.wb

        def work(progress: Callable, cancelled: Callable) -> tuple[Any, Snapshot]:
            summary = wb.match_all(progress=progress, cancelled=cancelled)
            return summary, take_snapshot(wb)

        def done(outcome: tuple[Any, Snapshot]) -> None:
            if self.wb is not wb:
                return
            self.state.apply(outcome[1])
            self.panes.refresh()
            self._load_matches()
            self.statusBar().showMessage("Matching finished: pick a claim to review its suggestions", 8000)

        return self.runner.start("Matching all claims", work, done, self.show_error)

    def accept_suggestion(self, suggestion_id: int) -> None:
        """Link a suggested passage to the current claim's group (undoable)."""
        if self.wb is not None:
            self._push(commands.accept_suggestion(self.wb, self.apply_change, suggestion_id))

    def reject_suggestion(self, suggestion_id: int) -> None:
        """Mark a suggestion as not the same claim (undoable)."""
        if self.wb is not None:
            self._push(commands.reject_suggestion(self.wb, self.apply_change, suggestion_id))

    def accept_all(self, threshold: float) -> None:
        """Accept every listed suggestion scoring at least threshold (0..100), as one undo step."""
        if self.wb is None:
            return
        chosen = [s.id for s in self.matches_dock.model.rows if s.id is not None and s.score >= threshold]
        if not chosen:
            self.statusBar().showMessage("No suggestion scores that high", 5000)
            return
        self.undo_stack.beginMacro(f"Accept {len(chosen)} matches")
        try:
            for suggestion_id in chosen:
                if not self._push(commands.accept_suggestion(self.wb, self.apply_change, suggestion_id)):
                    break
        finally:
            self.undo_stack.endMacro()

    def show_suggestion(self, suggestion: SuggestionInfo) -> None:
        """Scroll the suggestion's article (opening it in a pane if needed) to the passage and select it."""
        pane = self.panes.pane_showing(suggestion.article_id)
        if pane is None:
            others = [p for p in self.panes.panes if p is not self.panes.active]
            pane = self.panes.show_article(suggestion.article_id, others[0] if others else None)
        if pane is not None:
            pane.text.scroll_to(suggestion.start, suggestion.end)
            pane.text.select_span(suggestion.start, suggestion.end)
