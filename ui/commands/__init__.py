"""Undoable user actions, all on one base (ui.commands.base.Command): claims, matches, outlets, verdicts."""

from ui.commands.base import UNCHANGED, Change, Command, CommandSink, Outcome, Refusal, Refused
from ui.commands.claims import (
    AcceptSuggestions,
    LinkToSpan,
    MarkClaim,
    RejectSuggestion,
    RemoveClaim,
    SetOutlet,
    UnlinkClaim,
)
from ui.commands.verdicts import EditCanonical, SetVerdict, VersionBook

__all__ = [
    "UNCHANGED",
    "AcceptSuggestions",
    "Change",
    "Command",
    "CommandSink",
    "EditCanonical",
    "LinkToSpan",
    "MarkClaim",
    "Outcome",
    "Refusal",
    "Refused",
    "RejectSuggestion",
    "RemoveClaim",
    "SetOutlet",
    "SetVerdict",
    "UnlinkClaim",
    "VersionBook",
]
