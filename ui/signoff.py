"""Who wrote a verdict and who approved it, who the group is assigned to, and whether this user may make it final.

In a team library only an editor makes a verdict final, and with two-person sign-off that editor is not the
verdict's last author. The verdict editor shows the line below its status, offers "Final" only to whom may
choose it, and says why to everyone else (the server enforces the same rules; a refusal is still reported).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workbench.errors import WorkbenchError
from workbench.service import GroupInfo, VerdictInfo, Workbench, signoff_text
from workbench.service.verdicts import CHANGE_FINAL, MAKE_FINAL, self_approval

ROLE_LABELS = {"editor": "editor", "reviewer": "reviewer", "owner": "owner"}


@dataclass(frozen=True)
class TeamView:
    """What the window knows of the user in this library."""

    user: str
    role: str  # 'editor' | 'reviewer' | 'owner' (an SQLite library, or the server library's owner)
    signoff: bool  # two-person sign-off is on
    on_server: bool = False


def team_view(wb: Workbench | None) -> TeamView | None:
    """The user's role and the sign-off setting, read now (None without a library or when they cannot be read)."""
    if wb is None:
        return None
    try:
        return TeamView(user=wb.user, role=wb.team_role(), signoff=wb.signoff_required(), on_server=wb.db.on_server)
    except WorkbenchError:
        return None


def final_blocked(team: TeamView | None, verdict: VerdictInfo | None) -> str:
    """Why this user cannot make the verdict final now, in words ('' when they can, or it is final already)."""
    if team is None or (verdict is not None and verdict.status == "final"):
        return ""
    if team.role == "reviewer":
        return MAKE_FINAL
    if team.signoff and verdict is None:
        return "two-person sign-off: write the verdict first; another editor makes it final"
    if team.signoff and verdict is not None and verdict.written_by == team.user:
        return self_approval("you")
    return ""


def change_blocked(team: TeamView | None, verdict: VerdictInfo | None) -> str:
    """Why this user cannot change the verdict at all ('' when they can): a final verdict is the editors'."""
    if team is not None and team.role == "reviewer" and verdict is not None and verdict.status == "final":
        return CHANGE_FINAL
    return ""


def team_summary(team: TeamView | None) -> str:
    """The status bar's note on a server library: login, role, sign-off ('' for an SQLite library)."""
    if team is None or not team.on_server:
        return ""
    role = ROLE_LABELS.get(team.role, team.role)
    return f"{team.user} · {role}" + (" · two-person sign-off" if team.signoff else "")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class SignoffLine(QWidget):
    """Below the verdict's status: written by, approved by, assigned to (with Assign…), and why not final."""

    assignRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictSignoff")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.who = QLabel(self)
        self.who.setObjectName("verdictWho")
        self.who.setWordWrap(True)
        self.who.setToolTip("The last author of the rating or rationale, and the editor who made the verdict final")
        self.assigned = QLabel(self)
        self.assigned.setObjectName("verdictAssigned")
        self.assigned.setWordWrap(True)
        self.assigned.setTextFormat(Qt.TextFormat.RichText)
        self.assigned.linkActivated.connect(lambda _link: self.assignRequested.emit())
        self.why = QLabel(self)
        self.why.setObjectName("verdictWhyNotFinal")
        self.why.setWordWrap(True)
        for label in (self.who, self.assigned):
            muted = label.palette()
            muted.setColor(QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText))
            label.setPalette(muted)
        layout.addWidget(self.who)
        layout.addWidget(self.assigned)
        layout.addWidget(self.why)

    def show_verdict(self, group: GroupInfo, verdict: VerdictInfo | None, team: TeamView | None,
                     *, can_assign: bool) -> None:
        """Fill the lines for a group and its verdict (None: no verdict yet)."""
        self.who.setText(_sentence(signoff_text(verdict)) if verdict is not None else "")
        self.who.setVisible(verdict is not None)
        names = ", ".join(html.escape(n) for n in group.assignees)
        link = " · <a href='assign'>Assign…</a>" if can_assign else ""
        self.assigned.setText(f"Assigned to {names}{link}" if names else f"Not assigned to anyone{link}")
        self.assigned.setToolTip("Groups assigned to you are in your queue (Claims → My queue)" if can_assign else
                                 "Only an editor assigns claim groups to reviewers")
        reason = change_blocked(team, verdict) or final_blocked(team, verdict)
        self.why.setText(f"{_sentence(reason)}." if reason else "")
        self.why.setVisible(bool(reason))
