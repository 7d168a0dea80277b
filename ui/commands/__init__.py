"""Undoable user actions, all on one base (ui.commands.base.Command): claims, matches, outlets, verdicts."""

from ui.commands.analysis import KeepApart, MergeConflict, SwitchScale
from ui.commands.base import UNCHANGED, Change, Command, CommandSink, Outcome, Refusal, Refused
from ui.commands.claimants import SetClaimant
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
    "KeepApart",
    "LinkToSpan",
    "MarkClaim",
    "MergeConflict",
    "Outcome",
    "Refusal",
    "Refused",
    "RejectSuggestion",
    "RemoveClaim",
    "SetClaimant",
    "SetOutlet",
    "SetVerdict",
    "SwitchScale",
    "UnlinkClaim",
    "VersionBook",
]
