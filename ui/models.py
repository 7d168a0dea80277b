"""Qt item models over the library snapshot and the matcher's suggestions."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel

from ui.article_pane import ARTICLE_MIME
from ui.colours import palette_is_dark
from ui.match_explanation import TIER_TIPS, TierHeader, by_tier, explanation_html
from ui.state import LibraryState
from ui.word_diff import diff_html
from workbench.service import DRIFT_LABELS, STATUS_LABELS, GroupInfo, GroupInsight, SuggestionInfo

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
HTML_ROLE = Qt.ItemDataRole.UserRole + 3
SCORE_ROLE = Qt.ItemDataRole.UserRole + 4
UNKNOWN_OUTLET_ROLE = Qt.ItemDataRole.UserRole + 5  # True on the "Unknown outlet" row and its articles
TIER_HEADER_ROLE = Qt.ItemDataRole.UserRole + 6  # the tier ("same-text"…, "untiered") on a tier's header row
EXPLANATION_ROLE = Qt.ItemDataRole.UserRole + 7  # why a suggestion was made (rich text)
UNKNOWN_OUTLET = "Unknown outlet"
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class LibraryModel(QStandardItemModel):
    """Outlets and their articles with claim counts; article rows carry their id and can be dragged."""

    HEADERS = ("Outlet / article", "Claims", "Date")

    def __init__(self, state: LibraryState) -> None:
        super().__init__()
        self.state = state
        self.setHorizontalHeaderLabels(self.HEADERS)
        state.articlesReloaded.connect(self.rebuild)

    def rebuild(self) -> None:
        """Refill from the library snapshot."""
        self.removeRows(0, self.rowCount())
        outlets: dict[str, QStandardItem] = {}
        counts: dict[str, list[int]] = {}
        for article in self.state.articles.values():
            name = article.source or UNKNOWN_OUTLET
            outlet = outlets.get(name)
            if outlet is None:
                outlet = outlets[name] = QStandardItem(name)
                outlet.setEditable(False)
                outlet.setDragEnabled(False)
                font = outlet.font()
                font.setBold(True)
                font.setItalic(article.source is None)
                outlet.setFont(font)
                outlet.setData(article.source is None, UNKNOWN_OUTLET_ROLE)
                counts[name] = [0, 0]
                self.appendRow([outlet, _cell(""), _cell("")])
            title = QStandardItem(article.title)
            title.setData(article.id, ID_ROLE)
            title.setData(article.source is None, UNKNOWN_OUTLET_ROLE)
            title.setEditable(False)
            hints = ["Double-click to open in a pane, or drag onto a pane"]
            if article.source is None:
                hints.append("Right-click to set its outlet (remembered for its masthead)")
            original = self.state.reprint_of.get(article.id)
            if original is not None:
                title.setText(f"{article.title}  (reprint)")
                font = title.font()
                font.setItalic(True)
                title.setFont(font)
                hints.insert(0, f"Reprint of: {self.state.article_label(original)}")
            title.setToolTip("\n".join([article.title, *hints]))
            date = article.published.isoformat() if article.published else ""
            outlet.appendRow([title, _cell(str(article.claim_count), article.id), _cell(date, article.id)])
            counts[name][0] += 1
            counts[name][1] += article.claim_count
        for name, outlet in outlets.items():
            row = outlet.row()
            n_articles, n_claims = counts[name]
            self.item(row, 1).setText(str(n_claims))
            listed = f"{n_articles} article{'s' if n_articles != 1 else ''}"
            if outlet.data(UNKNOWN_OUTLET_ROLE):
                outlet.setToolTip(f"{listed} that name no outlet. Right-click one to set its outlet: articles that "
                                  "open with the same masthead line get it too, now and when imported later.")
            else:
                outlet.setToolTip(f"{name}: {listed}")

    def mimeTypes(self) -> list[str]:
        return [ARTICLE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """Dragging an article carries its id (panes open it on drop)."""
        data = QMimeData()
        for index in indexes:
            article_id = index.siblingAtColumn(0).data(ID_ROLE)
            if article_id is not None:
                data.setData(ARTICLE_MIME, str(article_id).encode())
                data.setText(self.state.article_label(article_id))
                break
        return data


def _cell(text: str, article_id: int | None = None) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setDragEnabled(article_id is not None)
    if article_id is not None:
        item.setData(article_id, ID_ROLE)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class RowsModel(QAbstractTableModel):
    """A flat table over a list of rows (self.rows) with fixed column headers (HEADERS)."""

    HEADERS: tuple[str, ...] = ()
    rows: list[Any]

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


HEADER_TIPS = {
    1: "Outlets carrying the claim, and how many independent origins they come from (a reprint, shared wire "
       "copy and articles of one outlet count once)",
    7: "Variants that change the meaning of the canonical wording: a number, a negation, a hedge, who said it, "
       "or a quote turned into paraphrase (details in Compare)",
}


class GroupTableModel(RowsModel):
    """Claim groups: canonical wording, sources, outlets, rating, status, reviewer, last change."""

    HEADERS = ("Claim (canonical wording)", "Sources", "Outlets", "Rating", "Status", "Reviewer", "Last change",
               "Drift")
    SOURCES, DRIFT = 1, 7

    def __init__(self, state: LibraryState) -> None:
        super().__init__()
        self.state = state
        self.rows: list[GroupInfo] = []
        self.insights: dict[int, GroupInsight] = {}  # outlets, independent origins, drift (ui.insights reads them)
        state.reloaded.connect(self.rebuild)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return super().headerData(section, orientation, role)

    def set_insights(self, found: Mapping[int, GroupInsight], *, replace: bool = False,
                     asked: Iterable[int] | None = None) -> None:
        """Take insights read for some groups (asked: those groups; replace: they are every group's)."""
        if replace:
            self.insights = {}
        for group_id in asked or ():
            self.insights.pop(group_id, None)
        self.insights.update(found)
        if self.rows:
            last = self.index(len(self.rows) - 1, self.DRIFT)
            self.dataChanged.emit(self.index(0, self.SOURCES), last)

    def rebuild(self) -> None:
        """Refill from the library snapshot."""
        self.beginResetModel()
        self.rows = sorted(self.state.groups.values(), key=lambda g: g.id)
        self.endResetModel()

    def row_of(self, group_id: int) -> int:
        """The row of a group, or -1."""
        return next((i for i, g in enumerate(self.rows) if g.id == group_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        group = self.rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return group.id
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, Qt.ItemDataRole.ToolTipRole):
            return self._value(group, column, role)
        if role == Qt.ItemDataRole.DecorationRole and column == 3:
            return QColor(self.state.colour_of(group.id))
        return None

    def _value(self, group: GroupInfo, column: int, role: int) -> Any:
        sort = role == SORT_ROLE
        sources = len({c.article_id for c in group.claims})
        if column == 0:
            if role == Qt.ItemDataRole.ToolTipRole:
                return group.canonical
            text = " ".join(group.canonical.split())
            return text.casefold() if sort else text
        if column == 1:
            return self._sources(group, sources, role)
        if column == 2:
            return ", ".join(group.outlets)
        if column == 3:
            label = group.rating_label or ""
            if sort:
                rating = self.state.ratings.get(group.rating or "")
                return rating.value if rating and rating.value is not None else 99
            return label or ("Not rated" if role == Qt.ItemDataRole.DisplayRole else "No verdict yet")
        if column == 4:
            return STATUS_LABELS.get(group.status or "", "")
        if column == 5:
            return group.reviewer or ""
        if column == 6:
            when = group.updated_at
            if sort:
                return when.isoformat() if when else ""
            return _when(when)
        if column == 7:
            return self._drift(group, role)
        return None

    def _sources(self, group: GroupInfo, articles: int, role: int) -> Any:
        """ "5 outlets · 2 independent" once read, the number of articles until then."""
        insight = self.insights.get(group.id)
        if insight is None:
            return articles if role == SORT_ROLE else str(articles)
        if role == SORT_ROLE:
            return insight.independent * 10000 + insight.outlets
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{articles} article{'s' if articles != 1 else ''} in {insight.outlets} "
                    f"outlet{'s' if insight.outlets != 1 else ''}, from {insight.independent} independent "
                    "origin(s): a reprint, shared wire copy (AFP, Reuters, AP…) and articles of one outlet "
                    "count once")
        return insight.origin_label if insight.outlets > 1 else f"{insight.outlets} outlet"

    def _drift(self, group: GroupInfo, role: int) -> Any:
        """The group's drift flags by kind ("1 number, 1 hedge"), empty when every variant means the same."""
        insight = self.insights.get(group.id)
        flags = insight.drift if insight else {}
        if role == SORT_ROLE:
            return sum(flags.values())
        if role == Qt.ItemDataRole.ToolTipRole:
            if insight is None:
                return "Not compared yet"
            if not flags:
                return "Every variant says what the canonical wording says"
            lines = [f"{n} × {DRIFT_LABELS.get(kind, kind)}" for kind, n in flags.items()]
            return "Variants that change the meaning of the canonical wording (see Compare):\n" + "\n".join(lines)
        return ", ".join(flags)  # the kinds; how many of each in the tooltip


def _when(value: dt.datetime | None) -> str:
    """A UTC timestamp shown in local time, to the minute."""
    if value is None:
        return ""
    return value.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


class SuggestionModel(RowsModel):
    """The matcher's suggestions for one claim, grouped by tier: outlet, score and the matched text against the claim.

    Each tier ("Same text", "Close wording", "Reworded") opens with a header row spanning the columns
    (TIER_HEADER_ROLE; neither selectable nor reachable with the keyboard), then its suggestions best
    first. ``rows`` holds the suggestions in that order, ``entries`` every row shown.
    """

    HEADERS = ("Outlet", "Score", "Matched text")

    def __init__(self) -> None:
        super().__init__()
        self.claim_text = ""
        self.rows: list[SuggestionInfo] = []
        self.entries: list[SuggestionInfo | TierHeader] = []

    def set_suggestions(self, claim_text: str, suggestions: list[SuggestionInfo]) -> None:
        """Show these suggestions by tier, best first within a tier."""
        self.beginResetModel()
        self.claim_text = claim_text
        self.rows, self.entries = [], []
        for tier, title, group in by_tier(suggestions):
            self.entries.append(TierHeader(tier, title, len(group)))
            self.entries.extend(group)
            self.rows.extend(group)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def suggestion_at(self, row: int) -> SuggestionInfo | None:
        """The suggestion shown in a row (None: a tier header or no row)."""
        entry = self.entries[row] if 0 <= row < len(self.entries) else None
        return entry if isinstance(entry, SuggestionInfo) else None

    def row_of(self, suggestion: SuggestionInfo) -> int:
        """The row showing a suggestion, or -1."""
        return next((i for i, e in enumerate(self.entries) if e is suggestion), -1)

    def header_rows(self) -> list[int]:
        """The rows holding tier headers."""
        return [i for i, e in enumerate(self.entries) if isinstance(e, TierHeader)]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and isinstance(self.entries[index.row()], TierHeader):
            return Qt.ItemFlag.NoItemFlags  # keyboard navigation and selection pass over it
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if isinstance(entry, TierHeader):
            return self._header_data(entry, index.column(), role)
        s = entry
        column = index.column()
        if role == ID_ROLE:
            return s.id
        if role == SCORE_ROLE:
            return s.score
        if role == HTML_ROLE and column == 2:
            return diff_html(self.claim_text, s.text, dark=palette_is_dark())
        if role == EXPLANATION_ROLE:
            return explanation_html(s)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return s.source or "Unknown outlet"
            if column == 1:
                return f"{_percent(s.score)} %"
            return s.text
        if role == Qt.ItemDataRole.ToolTipRole:
            state = "already linked to a claim" if s.existing_claim_id else "not reviewed yet"
            title = html.escape(s.article_title or s.source or "")
            return f"<p><b>{title}</b> ({state})</p><p>{explanation_html(s)}</p>"
        return None

    @staticmethod
    def _header_data(header: TierHeader, column: int, role: int) -> Any:
        if role == TIER_HEADER_ROLE:
            return header.tier or "untiered"
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return f"{header.title} · {header.count}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return TIER_TIPS.get(header.tier, "Suggestions stored before matches had tiers")
        return None


def _percent(score: float) -> int:
    """The matcher scores 0..100; shown as a whole percentage."""
    return round(score)
