"""Undo and redo for the window: commands run on the writer thread and reach the QUndoStack when they land.

``push(command)`` runs ``command.do()`` on the writer thread; when the write lands the command, with its
outcome, is pushed on the stack (a refusal is reported and never becomes a step). Undo and redo work the
same way: the inverse runs on the writer thread, and the stack moves when it lands. While a write is in
flight the Undo and Redo actions wait (disabled), so steps never overtake each other.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from ui.commands.base import Change, Command, Outcome
from ui.writes import WriteQueue


class UndoController(QObject):
    """The window's undo stack, fed through the writer thread; owns the Undo and Redo actions' state."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = QUndoStack(self)
        self.stack.setObjectName("undoStack")
        self.writes = WriteQueue(self)
        self.writes.busyChanged.connect(self._busy_changed)
        self._actions: list[tuple[QAction, str]] = []
        for signal in (self.stack.canUndoChanged, self.stack.canRedoChanged, self.stack.undoTextChanged,
                       self.stack.redoTextChanged):
            signal.connect(self._update_actions)

    # -- commands ------------------------------------------------------------------------------------

    def push(self, command: QUndoCommand) -> None:
        """Run a command's action off the GUI thread; it becomes an undo step when (and if) it lands."""
        if not isinstance(command, Command):
            self.stack.push(command)  # nothing to write
            return
        self.writes.submit(command.run_do, lambda outcome: self._pushed(command, outcome))

    def undo(self) -> None:
        """Undo the last step (its inverse runs off the GUI thread)."""
        index = self.stack.index()
        command = self.stack.command(index - 1) if index > 0 else None
        if command is None or self.writes.busy():
            return
        if not isinstance(command, Command):
            self.stack.undo()
            return
        self.writes.submit(command.run_inverse, lambda outcome: self._moved(command, outcome, self.stack.undo))

    def redo(self) -> None:
        """Redo the step undone last."""
        command = self.stack.command(self.stack.index())
        if command is None or self.writes.busy():
            return
        if not isinstance(command, Command):
            self.stack.redo()
            return
        self.writes.submit(command.run_do, lambda outcome: self._moved(command, outcome, self.stack.redo))

    def _pushed(self, command: Command, outcome: Outcome) -> None:
        if isinstance(outcome, Change):
            command.prepare(outcome)
            self.stack.push(command)
        else:
            command.deliver(outcome)  # reported (or quietly dropped); the stack stays as it was

    def _moved(self, command: Command, outcome: Outcome, move: Callable[[], None]) -> None:
        command.prepare(outcome)  # a refusal makes the command obsolete: the stack then drops it
        move()

    # -- state ---------------------------------------------------------------------------------------

    def busy(self) -> bool:
        """True while a write is queued or in flight."""
        return self.writes.busy()

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Call back once every submitted write has landed (at once when none is pending)."""
        self.writes.when_idle(callback)

    def clear(self) -> None:
        """Forget every step (another library was opened)."""
        self.stack.clear()

    def make_action(self, parent: QObject, verb: str, keys: list[QKeySequence]) -> QAction:
        """The Undo or Redo action: its text names the step ("Undo Mark claim “…”"), disabled while writing."""
        action = QAction(f"&{verb}", parent)
        action.setObjectName(verb.lower())
        action.setShortcuts(keys)
        action.triggered.connect(self.undo if verb == "Undo" else self.redo)
        self._actions.append((action, verb))
        self._update_actions()
        return action

    def _busy_changed(self, busy: bool) -> None:
        self._update_actions()
        self.busyChanged.emit(busy)

    def _update_actions(self, *_args: object) -> None:
        busy = self.writes.busy()
        for action, verb in self._actions:
            undo = verb == "Undo"
            step = self.stack.undoText() if undo else self.stack.redoText()
            possible = self.stack.canUndo() if undo else self.stack.canRedo()
            action.setEnabled(possible and not busy)
            action.setText(f"&{verb} {step}" if step else f"&{verb}")
            key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tip = f"{verb} {step} ({key})" if step else f"Nothing to {verb.lower()} ({key})"
            action.setToolTip(tip + (" — waiting for the library" if busy and possible else ""))
            action.setStatusTip(action.toolTip())
