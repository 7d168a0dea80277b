"""Every window action in one place: text, shortcut (a standard key where Qt has one), tooltip, icon."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

from ui.undo import UndoController

Key = QKeySequence.StandardKey | str


class WindowActions(QObject):
    """The window's QActions; menus, toolbar and context menus all use these same objects."""

    def __init__(self, window: QWidget, undo: UndoController) -> None:
        super().__init__(window)
        self.window = window
        style = window.style()
        sp = QStyle.StandardPixmap
        a = self._make
        self.new_db = a("newDatabase", "&New library…", "Create an empty library file", QKeySequence.StandardKey.New,
                        style.standardIcon(sp.SP_FileIcon))
        self.open_db = a("openDatabase", "&Open library…", "Open a library file, or a team library by its connection "
                         "URL", QKeySequence.StandardKey.Open,
                         style.standardIcon(sp.SP_DialogOpenButton))
        self.open_samples = a("openSamples", "Open the &sample articles",
                              "Import the five bundled sample articles into this library", None)
        self.import_files = a("importFiles", "&Import files…", "Import article files (text, HTML, PDF, Word)",
                              "Ctrl+I", QIcon.fromTheme("document-import", style.standardIcon(sp.SP_ArrowDown)))
        self.import_folder = a("importFolder", "Import &folder…", "Import every article file in a folder",
                               "Ctrl+Shift+I", style.standardIcon(sp.SP_DirIcon))
        self.export = a("export", "&Export…", "Export claims and verdicts (spreadsheet, CSV, ClaimReview)", "Ctrl+E")
        self.import_factchecks = a("importFactchecks", "Import fact-&checks…", "Import claims checked before: "
                                   "fact-checkers' CSV files or ClaimReview JSON-LD (shown under Matches)", None)
        self.import_verdicts = a("importVerdicts", "Import &verdicts…", "Read verdicts back from an exported file",
                                 None)
        self.quit = a("quit", "&Quit", "Close Claim Workbench", QKeySequence.StandardKey.Quit)
        self.undo = undo.make_action(self, "Undo", self._keys([QKeySequence.StandardKey.Undo]))
        self.undo.setIcon(QIcon.fromTheme("edit-undo", style.standardIcon(sp.SP_ArrowBack)))
        window.addAction(self.undo)
        self.redo = undo.make_action(self, "Redo", self._keys([QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z"]))
        self.redo.setIcon(QIcon.fromTheme("edit-redo", style.standardIcon(sp.SP_ArrowForward)))
        window.addAction(self.redo)
        self.mark = a("markClaim", "&Mark as claim", "Make the selected text a claim", "Ctrl+M",
                      QIcon.fromTheme("format-text-highlight", style.standardIcon(sp.SP_DialogApplyButton)))
        self.remove_claim = a("removeClaim", "&Remove claim", "Remove the selected claim from its article",
                              QKeySequence.StandardKey.Delete, style.standardIcon(sp.SP_TrashIcon))
        self.remove_claim.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.link = a("linkSelection", "&Link selection to current claim",
                      "Link the text selected in another pane to the current claim's group", "Ctrl+L")
        self.unlink = a("unlinkClaim", "&Unlink claim", "Take the current claim out of its group", "Ctrl+Shift+L")
        self.find = a("findClaims", "&Find claims", "Filter the claims table", QKeySequence.StandardKey.Find)
        self.add_pane = a("addPane", "&Add pane", "Show one more article side by side (up to four)", "Ctrl+Shift+N",
                          style.standardIcon(sp.SP_FileDialogNewFolder))
        self.remove_pane = a("removePane", "Remove &pane", "Close the rightmost article pane", "Ctrl+Shift+W")
        self.find_matches = a("findMatches", "&Find matches", "Look for the selected claim in the other articles",
                              "Ctrl+Shift+F",
                              QIcon.fromTheme("edit-find", style.standardIcon(sp.SP_FileDialogContentsView)))
        self.match_all = a("matchAll", "Match &all claims", "Look for every claim in every other article",
                           "Ctrl+Shift+A", style.standardIcon(sp.SP_BrowserReload))
        self.reindex = a("reindex", "Rebuild search &index", "Index every article again with this version's "
                         "tokenizer and stemmer (when the library was indexed by another version)", None)
        self.next_claim = a("nextClaim", "&Next claim", "Select the next claim in the active pane",
                            QKeySequence.StandardKey.FindNext, style.standardIcon(sp.SP_ArrowDown))
        self.previous_claim = a("previousClaim", "&Previous claim", "Select the previous claim in the active pane",
                                QKeySequence.StandardKey.FindPrevious, style.standardIcon(sp.SP_ArrowUp))
        self.assign = a("assignGroup", "A&ssign to reviewers…", "Put the selected claim group in reviewers' queues",
                        "Ctrl+Shift+G")
        self.my_queue = a("myQueue", "My &queue", "Show only the claim groups assigned to you", "Ctrl+Shift+Q")
        self.my_queue.setCheckable(True)
        self.disagreements = a("showDisagreements", "Resolve &disagreements",
                               "The groups blind raters rated differently: choose the verdict's rating", None)
        self.shortcuts = a("keyboardShortcuts", "&Keyboard shortcuts", "List every keyboard shortcut",
                           QKeySequence.StandardKey.HelpContents)
        self.about = a("about", "&About Claim Workbench", "Version and licence", None)
        self.rating_scale = a("ratingScale", "Rating &scale…", "Switch the library to a desk's rating scale (or your "
                              "own), choosing where today's ratings go; undoable", None)
        self.show_overview = a("showOverview", "&Overview charts", "Show the charts: verdicts by outlet, the claim "
                               "spread, first appearances", "Ctrl+Shift+O")
        self.show_conflicts = a("showConflicts", "Verdict &conflicts", "Show the groups that match but were rated "
                                "differently, to merge or keep apart", "Ctrl+Shift+K")
        self.cancel_job = a("cancelJob", "Cancel running task", "Stop the running import, matching or embedding",
                            "Esc")
        self.cancel_job.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    def _make(self, name: str, text: str, tip: str, key: Key | None, icon: QIcon | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if icon is not None:
            action.setIcon(icon)
        self._shortcut(action, tip, [key] if key is not None else [])
        self.window.addAction(action)
        return action

    @staticmethod
    def _keys(keys: list[Key]) -> list[QKeySequence]:
        """The key sequences of standard keys (as this platform binds them) and key names, without repeats."""
        sequences: list[QKeySequence] = []
        for key in keys:
            found = QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [QKeySequence(key)]
            sequences.extend(s for s in found if s not in sequences)
        return sequences

    @classmethod
    def _shortcut(cls, action: QAction, tip: str, keys: list[Key]) -> None:
        """Set shortcuts and a tooltip/status tip that names the first one."""
        sequences = cls._keys(keys)
        action.setShortcuts(sequences)
        if sequences:
            tip = f"{tip} ({sequences[0].toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setStatusTip(tip)

    def all(self) -> list[QAction]:
        """Every action, in menu order (for the shortcuts list)."""
        return [v for v in vars(self).values() if isinstance(v, QAction)]
