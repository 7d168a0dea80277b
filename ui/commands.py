"""Undoable user actions: each QUndoCommand calls one service action and, on undo, its inverse."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtGui import QUndoCommand

from workbench.service import ClaimInfo, RemovedClaim, Workbench


@dataclass
class Change:
    """What an action touched, so the window can redraw just that and select the right claim."""

    articles: set[int] = field(default_factory=set)  # empty: redraw every pane
    groups: set[int] | None = None  # the claim groups to re-read; None: re-read the whole library
    select_claim: int | None = None
    matches_for: int | None = None  # a claim whose suggestions should be (re)computed


Notify = Callable[[Change], None]


class ServiceCommand(QUndoCommand):
    """Base: runs the action on redo() and its inverse on undo(), then tells the window what changed."""

    def __init__(self, text: str, workbench: Workbench, notify: Notify) -> None:
        super().__init__(text)
        self.wb = workbench
        self.notify = notify
        self.failed: str | None = None

    def redo(self) -> None:
        self.notify(self.do())

    def undo(self) -> None:
        self.notify(self.inverse())

    def do(self) -> Change:
        raise NotImplementedError

    def inverse(self) -> Change:
        raise NotImplementedError


class MarkClaim(ServiceCommand):
    """Mark a span of an article as a new claim (undo removes it, redo restores it with the same id)."""

    def __init__(self, workbench: Workbench, notify: Notify, article_id: int, start: int, end: int) -> None:
        super().__init__("Mark claim", workbench, notify)
        self.article_id, self.start, self.end = article_id, start, end
        self.claim: ClaimInfo | None = None
        self.removed: RemovedClaim | None = None

    def do(self) -> Change:
        if self.removed is None:
            self.claim = self.wb.add_claim(self.article_id, start=self.start, end=self.end)
            self.setText(f"Mark claim “{_short(self.claim.text)}”")
        else:
            self.claim = self.wb.restore_claim(self.removed)
        return Change({self.article_id}, {self.claim.group_id}, self.claim.id, matches_for=self.claim.id)

    def inverse(self) -> Change:
        assert self.claim is not None
        self.removed = self.wb.remove_claim(self.claim.id)
        return Change({self.article_id}, {self.claim.group_id})


class RemoveClaim(ServiceCommand):
    """Remove a claim (undo puts it back with its id, group and anchors)."""

    def __init__(self, workbench: Workbench, notify: Notify, claim_id: int) -> None:
        super().__init__("Remove claim", workbench, notify)
        self.claim_id = claim_id
        self.removed: RemovedClaim | None = None

    def do(self) -> Change:
        self.removed = self.wb.remove_claim(self.claim_id)
        self.setText(f"Remove claim “{_short(self.removed.claim.text)}”")
        return Change({self.removed.claim.article_id}, {self.removed.claim.group_id})

    def inverse(self) -> Change:
        assert self.removed is not None
        claim = self.wb.restore_claim(self.removed)
        return Change({claim.article_id}, {claim.group_id}, claim.id)


class InverseCommand(ServiceCommand):
    """An action whose service call returns the inverse to apply on undo (link, unlink, accept, reject).

    action() returns (result, inverse) where inverse() undoes it and returns the redo for the next time;
    articles(result) names the articles to redraw, claim(result) the claim to select afterwards.
    """

    def __init__(
        self,
        text: str,
        workbench: Workbench,
        notify: Notify,
        action: Callable[[], tuple[Any, Callable[[], Any]]],
        change: Callable[[Any], Change],
    ) -> None:
        super().__init__(text, workbench, notify)
        self.action = action
        self.change = change
        self.result: Any = None
        self._undo: Callable[[], Any] | None = None

    def do(self) -> Change:
        self.result, self._undo = self.action()
        return self.change(self.result)

    def inverse(self) -> Change:
        assert self._undo is not None
        self._undo()
        return self.change(self.result)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def accept_suggestion(wb: Workbench, notify: Notify, suggestion_id: int) -> InverseCommand:
    """Accept a suggestion: link its passage to the claim's group (undo restores groups and the suggestion)."""

    def action() -> tuple[Any, Callable[[], Any]]:
        result = wb.accept_suggestion(suggestion_id)
        return result, lambda: wb.undo_accept(result)

    return InverseCommand("Accept match", wb, notify, action, _linked)


def reject_suggestion(wb: Workbench, notify: Notify, suggestion_id: int) -> InverseCommand:
    """Reject a suggestion (undo makes it pending again)."""

    def action() -> tuple[Any, Callable[[], Any]]:
        info = wb.reject_suggestion(suggestion_id)
        return info, lambda: wb.unreject_suggestion(suggestion_id)

    return InverseCommand("Reject match", wb, notify, action, lambda s: Change({s.article_id}, set(), s.claim_id))


def link_to_span(wb: Workbench, notify: Notify, claim_id: int, article_id: int, start: int, end: int) -> InverseCommand:
    """Link a claim to a span of an article, making a claim there if needed (undo restores both groups)."""

    def action() -> tuple[Any, Callable[[], Any]]:
        result = wb.link_to_span(claim_id, article_id, start, end)
        return result, lambda: wb.undo_link(result)

    return InverseCommand("Link claims", wb, notify, action, _linked)


def unlink_claim(wb: Workbench, notify: Notify, claim_id: int) -> InverseCommand:
    """Split a claim out of its group (undo puts it back)."""

    def action() -> tuple[Any, Callable[[], Any]]:
        result = wb.unlink_claim(claim_id)
        return result, lambda: wb.relink_claim(result)

    return InverseCommand(
        "Unlink claim", wb, notify, action,
        lambda r: Change(groups={r.old_group_id, r.new_group_id}, select_claim=r.claim_id),
    )


def _linked(result: Any) -> Change:
    """What a link (or its undo) touched: the surviving group and the one merged into it."""
    groups = {result.group_id}
    if result.merged_group is not None:
        groups.add(result.merged_group.id)
    return Change(groups=groups, select_claim=result.claim_id)
