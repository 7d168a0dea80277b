"""The one undo-command design: a user action and its inverse, which never raise out to Qt.

A Command's ``do()`` and ``inverse()`` call the service and return a ``Change`` (what to redraw). They may
run on the writer thread (the window's UndoController runs them there and hands Qt the outcome when the
write lands) or inside ``redo()``/``undo()`` when a command is pushed on a plain QUndoStack. Either way:

- a refusal (a WorkbenchError: "both claims already have a verdict", a verdict changed elsewhere) marks the
  command obsolete, so QUndoStack drops it instead of keeping a step that never happened, and is handed to
  the ``refused`` callback, which tells the user;
- an action that changes nothing (``do()`` returns None) is dropped quietly;
- any other exception is a bug: it is logged and reported the same way, never raised into Qt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from workbench.errors import WorkbenchError

log = logging.getLogger(__name__)


@dataclass
class Change:
    """What an action touched, so the window redraws just that and selects the right claim."""

    articles: set[int] = field(default_factory=set)  # articles to redraw; empty: every pane
    groups: set[int] | None = None  # claim groups to re-read; None: re-read the whole library
    select_claim: int | None = None
    matches_for: int | None = None  # a claim whose suggestions should be (re)computed
    origin: str = ""  # the object name of the panel that made the change (it has drawn it already)


@dataclass(frozen=True)
class Refusal:
    """The service refused the action; the message is fit to show."""

    error: WorkbenchError


class _Unchanged:
    """The action would change nothing (a value set to what it already is)."""


UNCHANGED = _Unchanged()
Outcome = Change | Refusal | _Unchanged
Notify = Callable[[Change], None]


class Refused(Protocol):
    """Told when a command is refused: the command (its text names the action) and the reason."""

    def __call__(self, command: Command, error: WorkbenchError) -> None: ...


class CommandSink(Protocol):
    """Where commands go: a QUndoStack (runs them at once) or the window's UndoController (off the GUI thread)."""

    def push(self, command: QUndoCommand) -> None: ...


class Command(QUndoCommand):
    """Base of every undoable action; subclasses implement do() and inverse()."""

    def __init__(self, text: str, *, notify: Notify, refused: Refused,
                 settled: Callable[[], None] | None = None) -> None:
        super().__init__(text)
        self.notify = notify
        self.refused = refused
        self.settled = settled  # told after every outcome, whatever it was (a save answered)
        self._prepared: Outcome | None = None
        self._refusal_after: WorkbenchError | None = None
        self.undoing = False  # whether the last run was inverse() (for refusal messages)

    # -- what subclasses implement (may run on the writer thread: no widgets here) ------------------

    def do(self) -> Change | None:
        """Apply the action through the service; None when it changes nothing. Raise WorkbenchError to refuse."""
        raise NotImplementedError

    def inverse(self) -> Change:
        """Undo what do() did. Raise WorkbenchError to refuse (the step is then dropped)."""
        raise NotImplementedError

    # -- running -----------------------------------------------------------------------------------

    def run_do(self) -> Outcome:
        """do(), with every failure turned into a Refusal (safe on any thread)."""
        self.undoing = False
        return self._run(self.do)

    def run_inverse(self) -> Outcome:
        """inverse(), with every failure turned into a Refusal (safe on any thread)."""
        self.undoing = True
        return self._run(self.inverse)

    def refuse_after(self, error: WorkbenchError) -> None:
        """Part of the action was refused, the rest done: report the refusal after showing what was done."""
        self._refusal_after = error

    def prepare(self, outcome: Outcome) -> None:
        """Hand the outcome of a run on the writer thread to the next redo() or undo() Qt calls."""
        self._prepared = outcome

    def _run(self, action: Callable[[], Change | None]) -> Outcome:
        try:
            change = action()
        except WorkbenchError as error:
            return Refusal(error)
        except Exception as exc:
            log.exception("%s failed", self.text())
            return Refusal(WorkbenchError(f"{self.text()} failed: {exc}"))
        return UNCHANGED if change is None else change

    # -- what Qt calls ---------------------------------------------------------------------------------

    def redo(self) -> None:
        self.deliver(self._take() or self.run_do())

    def undo(self) -> None:
        self.deliver(self._take() or self.run_inverse())

    def _take(self) -> Outcome | None:
        outcome, self._prepared = self._prepared, None
        return outcome

    def deliver(self, outcome: Outcome) -> None:
        """Tell the window what changed, or mark a refused or empty step obsolete (and report a refusal)."""
        try:
            if self.settled is not None:
                self.settled()
            if isinstance(outcome, Change):
                self.notify(outcome)
                partly, self._refusal_after = self._refusal_after, None
                if partly is not None:
                    self.refused(self, partly)
                return
            self.setObsolete(True)
            if isinstance(outcome, Refusal):
                self.refused(self, outcome.error)
        except Exception:
            log.exception("showing the outcome of %s failed", self.text())


def short(text: str, limit: int = 40) -> str:
    """A claim's wording cut to fit an undo step's name."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
