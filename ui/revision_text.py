"""A verdict's history in words: one readable line per revision ("Ana · 2026-11-23 10:12 · rating: False → True")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QUrl

from workbench.service import STATUS_LABELS, RevisionInfo
from workbench.worddiff import DELETE, INSERT, similarity, word_diff


def _local(moment: dt.datetime) -> dt.datetime:
    """A stored UTC time in the local time zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone()


def shorten(text: str, limit: int) -> str:
    """text on one line, cut to limit characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def evidence_name(item: Mapping[str, str]) -> str:
    """A short name for an evidence item: its title, else its URL's host, else its note."""
    title = (item.get("title") or "").strip()
    url = (item.get("url") or "").strip()
    return shorten(title or QUrl.fromUserInput(url).host() or url or item.get("note", ""), 40)


def _describe_evidence(old: list[dict[str, str]] | None, new: list[dict[str, str]] | None) -> str:
    old, new = list(old or []), list(new or [])
    key = lambda e: (e.get("url", ""), e.get("title", ""), e.get("note", ""))  # noqa: E731
    added = [e for e in new if key(e) not in {key(o) for o in old}]
    removed = [e for e in old if key(e) not in {key(n) for n in new}]
    if len(added) == len(removed) and added:
        return "evidence: edited " + ", ".join(evidence_name(e) for e in added)
    words = []
    if added:
        words.append("added " + ", ".join(evidence_name(e) for e in added))
    if removed:
        words.append("removed " + ", ".join(evidence_name(e) for e in removed))
    return "evidence: " + ("; ".join(words) or "reordered")


def _describe_rationale(old: str | None, new: str | None) -> str:
    old, new = old or "", new or ""
    if not old:
        return f"rationale: “{shorten(new, 50)}”"
    if not new:
        return "rationale: cleared"
    if similarity(old, new) < 0.5:
        return f"rationale rewritten: “{shorten(new, 50)}”"
    added = " … ".join(p.text.strip() for p in word_diff(old, new) if p.op == INSERT)
    removed = " … ".join(p.text.strip() for p in word_diff(old, new) if p.op == DELETE)
    bits = []
    if added:
        bits.append(f"+“{shorten(added, 40)}”")
    if removed:
        bits.append(f"−“{shorten(removed, 40)}”")
    return "rationale: " + (" ".join(bits) or "edited")


def describe_revision(revision: RevisionInfo, rating_labels: dict[str, str]) -> tuple[str, str]:
    """One readable line for a revision ("Ana · 2026-11-23 10:12 · rating: Mostly false → False") and a tooltip."""
    when = _local(revision.changed_at).strftime("%Y-%m-%d %H:%M")
    who = revision.changed_by or "someone"
    changes = revision.changes or {}
    created = revision.version == 1 or all(old is None for old, _ in changes.values())

    def rating(key: str | None) -> str:
        return rating_labels.get(key, key) if key else "unrated"

    def status(key: str | None) -> str:
        return STATUS_LABELS.get(key or "", key or "none")

    parts: list[str] = ["new verdict"] if created else []
    tips: list[str] = []
    for field in ("rating", "status", "rationale", "evidence", "reviewer"):
        if field not in changes:
            continue
        old, new = changes[field]
        if created and (not new or (field == "status" and new == "draft") or (field == "reviewer" and new == who)):
            continue
        if field == "rating":
            parts.append(f"rating: {rating(new)}" if created else f"rating: {rating(old)} → {rating(new)}")
        elif field == "status":
            parts.append(f"status: {status(new)}" if created else f"status: {status(old)} → {status(new)}")
        elif field == "reviewer":
            parts.append(f"reviewer: {new}" if created else f"reviewer: {old or 'none'} → {new or 'none'}")
        elif field == "rationale":
            parts.append(_describe_rationale(old, new))
            tips.append(f"Rationale before:\n{old or '(empty)'}\n\nRationale after:\n{new or '(empty)'}")
        elif field == "evidence":
            parts.append(_describe_evidence(old, new))
    line = " · ".join([who, when, *(parts or ["no visible change"])])
    tooltip = f"Version {revision.version}, {_local(revision.changed_at):%Y-%m-%d %H:%M:%S} by {who}"
    return line, "\n\n".join([tooltip, *tips])
