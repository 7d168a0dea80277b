"""Undoable claim actions: mark, remove, link, unlink, accept and reject matches, name an outlet."""

from __future__ import annotations

from ui.commands.base import Change, Command, Notify, Refused, short
from workbench.errors import WorkbenchError
from workbench.service import ClaimInfo, LinkResult, OutletChange, RemovedClaim, UnlinkResult, Workbench


def _linked(result: LinkResult) -> Change:
    """What a link (or its undo) touched: the surviving group and the one merged into it."""
    groups = {result.group_id}
    if result.merged_group is not None:
        groups.add(result.merged_group.id)
    return Change(groups=groups, select_claim=result.claim_id)


class MarkClaim(Command):
    """Mark a span of an article as a new claim (undo removes it, redo restores it with the same id)."""

    def __init__(self, wb: Workbench, article_id: int, start: int, end: int, *, notify: Notify,
                 refused: Refused) -> None:
        super().__init__("Mark claim", notify=notify, refused=refused)
        self.wb, self.article_id, self.start, self.end = wb, article_id, start, end
        self.claim: ClaimInfo | None = None
        self.removed: RemovedClaim | None = None

    def do(self) -> Change:
        if self.removed is None:
            self.claim = self.wb.add_claim(self.article_id, start=self.start, end=self.end)
            self.setText(f"Mark claim “{short(self.claim.text)}”")
        else:
            self.claim = self.wb.restore_claim(self.removed)
        return Change({self.article_id}, {self.claim.group_id}, self.claim.id, matches_for=self.claim.id)

    def inverse(self) -> Change:
        assert self.claim is not None  # inverse() follows a do() that succeeded
        self.removed = self.wb.remove_claim(self.claim.id)
        return Change({self.article_id}, {self.claim.group_id})


class RemoveClaim(Command):
    """Remove a claim (undo puts it back with its id, group and anchors)."""

    def __init__(self, wb: Workbench, claim_id: int, *, notify: Notify, refused: Refused) -> None:
        super().__init__("Remove claim", notify=notify, refused=refused)
        self.wb, self.claim_id = wb, claim_id
        self.removed: RemovedClaim | None = None

    def do(self) -> Change:
        self.removed = self.wb.remove_claim(self.claim_id)
        self.setText(f"Remove claim “{short(self.removed.claim.text)}”")
        return Change({self.removed.claim.article_id}, {self.removed.claim.group_id})

    def inverse(self) -> Change:
        assert self.removed is not None
        claim = self.wb.restore_claim(self.removed)
        return Change({claim.article_id}, {claim.group_id}, claim.id)


class LinkToSpan(Command):
    """Link a claim to a span of an article, making a claim there if needed (undo restores both groups)."""

    def __init__(self, wb: Workbench, claim_id: int, article_id: int, start: int, end: int, *, notify: Notify,
                 refused: Refused) -> None:
        super().__init__("Link claims", notify=notify, refused=refused)
        self.wb, self.claim_id, self.article_id, self.start, self.end = wb, claim_id, article_id, start, end
        self.result: LinkResult | None = None

    def do(self) -> Change:
        self.result = self.wb.link_to_span(self.claim_id, self.article_id, self.start, self.end)
        return _linked(self.result)

    def inverse(self) -> Change:
        assert self.result is not None
        self.wb.undo_link(self.result)
        return _linked(self.result)


class UnlinkClaim(Command):
    """Split a claim out of its group (undo puts it back)."""

    def __init__(self, wb: Workbench, claim_id: int, *, notify: Notify, refused: Refused) -> None:
        super().__init__("Unlink claim", notify=notify, refused=refused)
        self.wb, self.claim_id = wb, claim_id
        self.result: UnlinkResult | None = None

    def do(self) -> Change:
        self.result = self.wb.unlink_claim(self.claim_id)
        return self._change(self.result)

    def inverse(self) -> Change:
        assert self.result is not None
        self.wb.relink_claim(self.result)
        return self._change(self.result)

    @staticmethod
    def _change(result: UnlinkResult) -> Change:
        return Change(groups={result.old_group_id, result.new_group_id}, select_claim=result.claim_id)


class AcceptSuggestions(Command):
    """Accept one or more suggestions in order, as one undo step (undo takes them back, last first).

    When one is refused after others were accepted, those stay accepted (one step) and the refusal is
    reported too; when the first is refused, nothing happened and the step is dropped.
    """

    def __init__(self, wb: Workbench, suggestion_ids: list[int], *, notify: Notify, refused: Refused) -> None:
        n = len(suggestion_ids)
        super().__init__("Accept match" if n == 1 else f"Accept {n} matches", notify=notify, refused=refused)
        self.wb, self.suggestion_ids = wb, list(suggestion_ids)
        self.results: list[LinkResult] = []

    def do(self) -> Change:
        self.results = []
        for suggestion_id in self.suggestion_ids:
            try:
                self.results.append(self.wb.accept_suggestion(suggestion_id))
            except WorkbenchError as error:
                if not self.results:
                    raise
                self.suggestion_ids = [r.suggestion_id for r in self.results if r.suggestion_id is not None]
                self.setText(f"Accept {len(self.results)} matches")
                self.refuse_after(error)
                break
        return self._change()

    def inverse(self) -> Change:
        for result in reversed(self.results):
            self.wb.undo_accept(result)
        return self._change()

    def _change(self) -> Change:
        groups: set[int] = set()
        for result in self.results:
            groups |= _linked(result).groups or set()
        return Change(groups=groups, select_claim=self.results[0].claim_id if self.results else None)


class RejectSuggestion(Command):
    """Reject a suggestion (undo makes it pending again)."""

    def __init__(self, wb: Workbench, suggestion_id: int, *, notify: Notify, refused: Refused) -> None:
        super().__init__("Reject match", notify=notify, refused=refused)
        self.wb, self.suggestion_id = wb, suggestion_id

    def do(self) -> Change:
        info = self.wb.reject_suggestion(self.suggestion_id)
        return Change({info.article_id}, set(), info.claim_id)

    def inverse(self) -> Change:
        info = self.wb.unreject_suggestion(self.suggestion_id)
        return Change({info.article_id}, set(), info.claim_id)


class SetOutlet(Command):
    """Name an article's outlet, remembered for its masthead (undo restores outlets and what was remembered)."""

    def __init__(self, wb: Workbench, article_id: int, outlet: str, *, notify: Notify, refused: Refused) -> None:
        super().__init__(f"Set outlet to {short(outlet, 30)}", notify=notify, refused=refused)
        self.wb, self.article_id, self.outlet = wb, article_id, outlet
        self.change: OutletChange | None = None

    def do(self) -> Change:
        self.change = self.wb.set_article_outlet(self.article_id, self.outlet)
        return Change(set(self.change.previous), None)

    def inverse(self) -> Change:
        assert self.change is not None
        self.wb.undo_outlet(self.change)
        return Change(set(self.change.previous), None)
