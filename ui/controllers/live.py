"""Live updates in the window: what another program or reviewer changes in the open library appears here.

``LiveUpdates`` (ui/live_updates.py) hears the library change: LISTEN/NOTIFY on PostgreSQL, ``PRAGMA
data_version`` polling on SQLite, delivered on the GUI thread. What happens next:

- **PostgreSQL** names the claim groups, articles and claims that changed: only those groups are read again
  (a new or renamed article, or a very large batch, reads the library as on SQLite). Notices of this
  process's own writes are ignored: the window drew them when they landed.
- **SQLite** only says "something changed", and it says so after this window's own writes too. The library is
  read off the GUI thread and compared with what the window shows; only what differs is redrawn, so the
  echo of the window's own writes redraws nothing.

Redrawing goes through ``ReviewController.apply_change``: highlights, the Claims table and every dock
following ``ctx.events.changed``. The verdict editor keeps text being typed and saves it against the
version it was typed on, so an edit crossing another's change is today's conflict, never an overwrite.
Every notice from elsewhere is also passed on as ``ctx.events.elsewhere`` (docks that show what groups
do not hold, such as the blind ratings, read again on it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThreadPool, Signal

from ui.commands.base import Change
from ui.context import WindowContext
from ui.live_updates import LiveUpdates
from ui.state import LibraryState, Snapshot, find_reprints
from workbench.service import ArticleInfo, Changes, GroupInfo, RatingInfo, Workbench

log = logging.getLogger(__name__)
MANY_GROUPS = 200  # a notice naming more groups than this reads the whole library (one query, not hundreds)
GROUP_TABLES = {"claim_groups", "claims", "verdicts", "assignments", "articles"}  # what the window's groups show


@dataclass(frozen=True)
class Shown:
    """What the window showed when a read started (copied on the GUI thread; the DTOs are frozen)."""

    groups: dict[int, GroupInfo]
    articles: dict[int, ArticleInfo]
    ratings: dict[str, RatingInfo]
    reprint_of: dict[int, int]

    @classmethod
    def of(cls, state: LibraryState) -> Shown:
        return cls(dict(state.groups), dict(state.articles), dict(state.ratings), dict(state.reprint_of))


@dataclass(frozen=True)
class Found:
    """A fresh read and how it differs from what was shown: changed groups, the articles their claims are in,
    and whether the article list or the rating scale changed (then the whole snapshot is taken)."""

    snapshot: Snapshot
    groups: set[int]
    articles: set[int]
    listed: bool


def differences(shown: Shown, snapshot: Snapshot) -> Found:
    """Compare a fresh read with what the window showed (on the reading thread: nothing here touches Qt)."""
    fresh = {g.id: g for g in snapshot.groups}
    groups = {i for i in shown.groups.keys() | fresh.keys() if shown.groups.get(i) != fresh.get(i)}
    articles = {
        c.article_id for i in groups for g in (shown.groups.get(i), fresh.get(i)) if g is not None for c in g.claims
    }
    listed = {a.id: a for a in snapshot.articles} != shown.articles
    scale = {r.key: r for r in snapshot.ratings} != shown.ratings
    return Found(snapshot, groups, articles, listed or scale)


def read_differences(wb: Workbench, shown: Shown) -> Found | Exception:
    """Read what the window lists and compare it with what it showed (on the reading thread); reprints are
    looked for only when the article list changed."""
    try:
        articles = wb.list_articles()
        same = {a.id for a in articles} == shown.articles.keys()
        reprints = shown.reprint_of if same else find_reprints(wb, articles)
        return differences(shown, Snapshot(articles, wb.list_groups(), wb.rating_scale(), reprints))
    except Exception as exc:  # the library was closed meanwhile, or the server went away: the next notice retries
        return exc


class LiveController(QObject):
    """Follows the open library's changes made elsewhere and shows them without a reload."""

    _read = Signal(object)  # (generation, epoch, Found | Exception) from the reading thread

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.live: LiveUpdates | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.heard = 0  # notices received, this window's own included
        self.applied = 0  # changes from elsewhere drawn
        self._generation = 0  # bumped per library: a read of the previous one is dropped
        self._reading = False
        self._again = False  # a notice came during a read: read once more afterwards
        self._waiting = False  # waiting for this window's writes or jobs before reading
        self._epoch = 0  # bumped whenever the state is read again: a read that started before is stale
        self._read.connect(self._compare)
        ctx.state.reloaded.connect(self._state_moved)
        ctx.events.libraryChanged.connect(self._library_changed)
        ctx.runner.ended.connect(lambda _job: self._jobs_ended())

    @property
    def running(self) -> bool:
        """True while the open library is being followed."""
        return self.live is not None and self.live.running

    def stop(self) -> None:
        """Stop following the library (closing it)."""
        self._generation += 1
        self._reading = self._again = self._waiting = False
        if self.live is not None:
            self.live.stop()
            self.live.deleteLater()
            self.live = None

    def _library_changed(self) -> None:
        self.stop()
        wb = self.ctx.workbench()
        if wb is None:
            return
        live = LiveUpdates(wb, self)
        try:
            live.start()
        except Exception as exc:  # live updates are a help, not a condition for working
            log.warning("live updates are off for %s: %s", wb.db.display, exc)
            live.deleteLater()
            return
        live.changed.connect(self.receive)
        self.live = live

    # -- notices ---------------------------------------------------------------------------------

    def receive(self, found: Changes) -> None:
        """A notice of changes (on the GUI thread): show them, reading no more than the notice requires."""
        self.heard += 1
        if found.own or self.ctx.workbench() is None:
            return
        named = bool(found.groups) and len(found.groups) <= MANY_GROUPS and "articles" not in found.tables
        if found.everything or "articles" in found.tables or (bool(found.groups) and not named):
            self.read_library()
        elif named and found.tables & GROUP_TABLES:
            self._show_groups(set(found.groups), set(found.articles), found)
        elif "settings" in found.tables:
            self._show_groups(set(), set(), found)
        review = self.ctx.review
        if "suggestions" in found.tables and review is not None and review.claim_id in found.claims:
            self.ctx.events.matchesChanged.emit(review.claim_id)
        self.ctx.events.elsewhere.emit(found)

    def _show_groups(self, groups: set[int], articles: set[int], found: Changes | None) -> None:
        """Read these groups again and redraw them (their articles' highlights, the table, the docks)."""
        review = self.ctx.review
        if review is None:
            return
        state = self.ctx.state
        if found is not None and "settings" in found.tables and review.group_id is not None:
            groups.add(review.group_id)  # two-person sign-off may have been switched: the editor reads it again
        articles |= {c.article_id for g in groups for c in state.claims_of_group(g)}
        review.apply_change(Change(articles=articles, groups=groups))
        if groups:
            self.ctx.events.matchesChanged.emit(None)
        self._announce(found)

    def _show_everything(self, groups: set[int] | None) -> None:
        """The state already holds a fresh snapshot: redraw every pane and dock, keep the selection if it exists."""
        review = self.ctx.review
        if review is None:
            return
        review.panes.refresh()
        self.ctx.events.changed.emit(Change(groups=groups))
        current = review.claim_id
        review.select_claim(current if current in self.ctx.state.claims else None, scroll=False)
        self.ctx.events.matchesChanged.emit(None)
        self._announce(None)

    def _announce(self, found: Changes | None) -> None:
        self.applied += 1
        who = ", ".join(sorted(found.by)) if found is not None and found.by else ""
        self.ctx.status(f"Updated with changes by {who}" if who else "Updated with changes made elsewhere", 5000)

    # -- reading the library (SQLite, and what a server notice cannot name) --------------------------

    def read_library(self) -> None:
        """Read the library off the GUI thread and show what differs (after this window's writes land)."""
        wb = self.ctx.workbench()
        if wb is None:
            return
        if self._reading:
            self._again = True
            return
        if self.ctx.undo.busy():  # reading before this window's own write lands would find it "changed"
            if not self._waiting:
                self._waiting = True
                self.ctx.undo.when_idle(self._resume)
            return
        self._reading = True
        generation, epoch, shown = self._generation, self._epoch, Shown.of(self.ctx.state)
        self.pool.start(lambda: self._read.emit((generation, epoch, read_differences(wb, shown))))

    def _state_moved(self) -> None:
        self._epoch += 1

    def _resume(self) -> None:
        self._waiting = False
        self.read_library()

    def _jobs_ended(self) -> None:
        if self._waiting and not self.ctx.runner.busy(counting_background=False):
            self._resume()

    def _compare(self, result: tuple[int, int, Found | Exception]) -> None:
        generation, epoch, found = result
        if generation != self._generation:
            return  # a read of a library closed since
        self._reading = False
        if epoch != self._epoch or self.ctx.undo.busy():
            self._again = True  # the window changed the state meanwhile (its own write, undo, an import)
        elif isinstance(found, Exception):
            log.warning("reading the library after a change elsewhere failed: %s", found)
        else:
            self._show_found(found)
        if self._again:
            self._again = False
            self.read_library()

    def _show_found(self, found: Found) -> None:
        if found.listed and self.ctx.runner.busy(counting_background=False):
            # an import of this window is landing: it shows its articles itself; look again when it is done
            self._waiting = True
            return
        if found.listed or len(found.groups) > MANY_GROUPS:
            self.ctx.state.apply(found.snapshot)
            self._show_everything(None if found.listed else found.groups)
        elif found.groups:
            self._show_groups(set(found.groups), set(found.articles), None)
        # else: nothing new (the echo of this window's own writes)
