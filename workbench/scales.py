"""Rating scales of real fact-check desks: the presets, a custom scale, and moving verdicts between scales.

A scale is an ordered list of values, worst to best, then the values that are not on the ordinal
axis (Snopes' "Satire", AFP's "Altered"). Each value says how it appears in a ClaimReview
``reviewRating``: an ordinal value carries ``ratingValue`` with the scale's ``bestRating`` and
``worstRating``; a non-ordinal value carries only ``alternateName`` (its label). Each value also has a
colour: a tint under dark text (``TEXT_ON_RATING``) that meets WCAG AA contrast (4.5:1), which is how
the window paints claims in light and dark palettes alike.

The presets are a registry: a new desk's scale is one more entry in ``PRESETS``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import InvalidValue

TEXT_ON_RATING = "#1b1b1b"  # the text colour drawn on rating tints (ui.highlights.TEXT_ON_HIGHLIGHT)
MIN_CONTRAST = 4.5  # WCAG AA for normal text
DEFAULT_SCALE = "claimreview"
CUSTOM = "custom"
SCALE_SETTING = "rating_scale"  # library setting holding the name of the scale in use
UNRATED = "unrated"  # pseudo-key of groups without a rating (charts, mapping)

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class ScaleValue:
    """One rating of a scale: its key, label, ordinal value (None: not on the axis), colour, meaning."""

    key: str
    label: str
    value: int | None
    colour: str
    description: str = ""

    @property
    def ordinal(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Scale:
    """A named rating scale: values worst to best, then the non-ordinal ones."""

    name: str
    label: str
    values: tuple[ScaleValue, ...]
    description: str = ""
    url: str = ""

    @property
    def best(self) -> int | None:
        """ClaimReview bestRating: the highest ordinal value (None without ordinal values)."""
        numbers = [v.value for v in self.values if v.value is not None]
        return max(numbers) if numbers else None

    @property
    def worst(self) -> int | None:
        """ClaimReview worstRating: the lowest ordinal value."""
        numbers = [v.value for v in self.values if v.value is not None]
        return min(numbers) if numbers else None

    def get(self, key_or_label: str) -> ScaleValue | None:
        """The value with this key or label (case-insensitive), or None."""
        wanted = _fold(key_or_label)
        for value in self.values:
            if wanted in (value.key, _fold(value.label)):
                return value
        return None

    def claimreview(self, value: ScaleValue) -> dict[str, Any]:
        """The ClaimReview Rating properties for one value of this scale (without the explanation)."""
        return claimreview_rating(value.label, value.value, self.best, self.worst)

    def rating_keys(self) -> list[str]:
        return [v.key for v in self.values]


def claimreview_rating(label: str, value: int | None, best: int | None, worst: int | None) -> dict[str, Any]:
    """schema.org Rating for a verdict: ordinal values with ratingValue, best and worst; others by name only."""
    out: dict[str, Any] = {"@type": "Rating", "alternateName": label}
    if value is not None:
        out["ratingValue"] = value
        if best is not None and worst is not None:
            out["bestRating"], out["worstRating"] = best, worst
    return out


def _fold(text: str) -> str:
    return re.sub(r"[\s_-]+", "-", text.strip().casefold())


def _v(key: str, label: str, value: int | None, colour: str, description: str = "") -> ScaleValue:
    return ScaleValue(key, label, value, colour, description)


# Tints, each at least 4.5:1 against TEXT_ON_RATING (tests/workbench/test_scales.py checks it).
PANTS, FALSE, MOSTLY_FALSE, MIXED, MOSTLY_TRUE, TRUE = (
    "#df65b0", "#ee6352", "#fc8d59", "#fdcc8a", "#a1d99b", "#31a354",
)
LAVENDER, SKY, TEAL, SAND, GREY, ROSE, PLUM, SALMON, LIME = (
    "#9e9ac8", "#92c5de", "#80cdc1", "#dfc27d", "#bababa", "#f768a1", "#c994c7", "#f4a582", "#d9ef8b",
)

PRESETS: dict[str, Scale] = {
    s.name: s
    for s in (
        Scale("claimreview", "ClaimReview default", (
            _v("false", "False", 1, FALSE, "The claim is not accurate."),
            _v("mostly-false", "Mostly false", 2, MOSTLY_FALSE, "Some accurate element, but the claim misleads."),
            _v("mixed", "Mixed", 3, MIXED, "Partly accurate, partly not."),
            _v("mostly-true", "Mostly true", 4, MOSTLY_TRUE, "Accurate but needs clarification."),
            _v("true", "True", 5, TRUE, "The claim is accurate."),
            _v("unproven", "Unproven", None, LAVENDER, "The evidence neither proves nor disproves it."),
        ), "Five steps from False to True and Unproven, as Google's ClaimReview guidance suggests."),
        Scale("politifact", "PolitiFact Truth-O-Meter", (
            _v("pants-on-fire", "Pants on Fire", 1, PANTS,
               "The statement is not accurate and makes a ridiculous claim."),
            _v("false", "False", 2, FALSE, "The statement is not accurate."),
            _v("mostly-false", "Mostly False", 3, MOSTLY_FALSE,
               "The statement contains an element of truth but ignores critical facts."),
            _v("half-true", "Half True", 4, MIXED,
               "The statement is partially accurate but leaves out important details."),
            _v("mostly-true", "Mostly True", 5, MOSTLY_TRUE,
               "The statement is accurate but needs clarification or additional information."),
            _v("true", "True", 6, TRUE, "The statement is accurate and there's nothing significant missing."),
        ), "Six steps from Pants on Fire to True.", "https://www.politifact.com/article/2018/feb/12/principles-truth-o-meter-politifacts-methodology-i/"),
        Scale("snopes", "Snopes", (
            _v("false", "False", 1, FALSE, "The primary elements of the claim are demonstrably false."),
            _v("mostly-false", "Mostly False", 2, MOSTLY_FALSE, "The primary elements are false; some are true."),
            _v("mixture", "Mixture", 3, MIXED, "Significant elements of both truth and falsity."),
            _v("mostly-true", "Mostly True", 4, MOSTLY_TRUE, "The primary elements are accurate; some are not."),
            _v("true", "True", 5, TRUE, "The primary elements of the claim are demonstrably true."),
            _v("unproven", "Unproven", None, LAVENDER, "Insufficient evidence to establish it either way."),
            _v("unfounded", "Unfounded", None, "#b2abd2", "Nothing supports the claim; it is speculation."),
            _v("research-in-progress", "Research In Progress", None, "#c7d3e0", "Still being checked."),
            _v("miscaptioned", "Miscaptioned", None, SALMON, "A real image or video with a false description."),
            _v("correct-attribution", "Correct Attribution", None, LIME, "The quote was said by the person named."),
            _v("misattributed", "Misattributed", None, PLUM, "The quote was not said by the person named."),
            _v("outdated", "Outdated", None, GREY, "Once true, no longer so."),
            _v("satire", "Satire", None, SKY, "Satire mistaken for a factual report."),
            _v("labeled-satire", "Labeled Satire", None, TEAL,
               "Comes from a site or account that calls itself satire."),
            _v("originated-as-satire", "Originated as Satire", None, "#a6cee3",
               "Began as satire, later spread as fact."),
            _v("scam", "Scam", None, SAND, "A scheme to defraud."),
            _v("legend", "Legend", None, "#d8b365", "An unprovable story told as true."),
            _v("fake", "Fake", None, ROSE, "A fabricated item (image, document, account)."),
        ), "Snopes' ordinal ratings from False to True, and its ratings that are kinds, not degrees.",
            "https://www.snopes.com/fact-check-ratings/"),
        Scale("afp", "AFP-style", (
            _v("false", "False", 1, FALSE, "The claim is false."),
            _v("misleading", "Misleading", 2, MOSTLY_FALSE, "Accurate facts used to give a false impression."),
            _v("missing-context", "Missing context", 3, MIXED, "Misleads without additional context."),
            _v("true", "True", 4, TRUE, "The claim is accurate."),
            _v("altered", "Altered", None, ROSE, "Manipulated image, video or audio."),
            _v("satire", "Satire", None, SKY, "Satire mistaken for a factual report."),
        ), "The labels AFP Fact Check and similar agency desks use; Altered and Satire are kinds, not degrees."),
    )
}

# Ratings that mean the same on different desks' scales (used when no key or label matches).
SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"mixed", "mixture", "half-true"}),
)


def preset(name: str) -> Scale:
    """A preset scale by name (case-insensitive); raises InvalidValue naming the presets."""
    found = PRESETS.get(_fold(name))
    if found is None:
        raise InvalidValue(f"unknown rating scale {name!r}; use one of: {', '.join(PRESETS)} (or a .json file)")
    return found


# -- colours ------------------------------------------------------------------------------------

def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1-21)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# -- custom scales --------------------------------------------------------------------------------

def check_scale(scale: Scale) -> Scale:
    """The scale if it is usable; raises InvalidValue naming the first problem."""
    if not scale.values:
        raise InvalidValue(f"rating scale {scale.name!r} has no values")
    keys: set[str] = set()
    labels: set[str] = set()
    for v in scale.values:
        if not _KEY.match(v.key):
            raise InvalidValue(f"rating key {v.key!r} must be 1-40 lower-case letters, digits or '-'")
        if v.key == UNRATED:
            raise InvalidValue(f"rating key {UNRATED!r} is reserved for claims without a rating")
        if v.key in keys:
            raise InvalidValue(f"rating key {v.key!r} appears twice in scale {scale.name!r}")
        if not v.label.strip() or len(v.label) > 100:
            raise InvalidValue(f"rating {v.key!r} needs a label of 1-100 characters")
        if _fold(v.label) in labels:
            raise InvalidValue(f"rating label {v.label!r} appears twice in scale {scale.name!r}")
        if not _COLOUR.match(v.colour):
            raise InvalidValue(f"rating {v.key!r}: colour {v.colour!r} is not #rrggbb")
        if contrast_ratio(v.colour, TEXT_ON_RATING) < MIN_CONTRAST:
            raise InvalidValue(
                f"rating {v.key!r}: colour {v.colour} is too dark for text "
                f"({contrast_ratio(v.colour, TEXT_ON_RATING):.1f}:1, needs {MIN_CONTRAST}:1); pick a lighter tint"
            )
        if v.value is not None and (not isinstance(v.value, int) or isinstance(v.value, bool) or v.value < 0):
            raise InvalidValue(f"rating {v.key!r}: value {v.value!r} must be a whole number of 0 or more, or null")
        keys.add(v.key)
        labels.add(_fold(v.label))
    return scale


def ordered(values: Iterable[ScaleValue]) -> tuple[ScaleValue, ...]:
    """Ordinal values worst to best (stable), then the others in their given order."""
    values = list(values)
    ordinal = sorted((v for v in values if v.value is not None), key=lambda v: v.value or 0)
    return tuple(ordinal + [v for v in values if v.value is None])


def scale_from_json(data: Any, *, name: str = CUSTOM) -> Scale:
    """A custom scale from parsed JSON: {"label": ..., "values": [{"key", "label", "value", "colour"}...]}."""
    if isinstance(data, list):
        data = {"values": data}
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise InvalidValue('a custom scale is a JSON object with a "values" list')
    values = []
    for i, item in enumerate(data["values"], 1):
        if not isinstance(item, dict):
            raise InvalidValue(f"value {i} of the custom scale is not an object")
        label = str(item.get("label") or item.get("key") or "").strip()
        key = str(item.get("key") or _fold(label)).strip()
        colour = str(item.get("colour") or item.get("color") or GREY)
        number = item.get("value")
        values.append(ScaleValue(key, label, number, colour, str(item.get("description") or "")))
    label = str(data.get("label") or "Custom scale")
    return check_scale(Scale(name, label, ordered(values), str(data.get("description") or "")))


def load_scale(name_or_path: str) -> Scale:
    """A preset by name, or a custom scale from a .json file; raises InvalidValue."""
    if name_or_path.lower().endswith(".json"):
        path = Path(name_or_path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InvalidValue(f"{path}: cannot read the scale ({exc.strerror or exc})") from None
        except ValueError as exc:
            raise InvalidValue(f"{path}: not valid JSON ({exc})") from None
        return scale_from_json(data)
    return preset(name_or_path)


# -- moving verdicts to another scale ----------------------------------------------------------------

@dataclass(frozen=True)
class MappingPlan:
    """Where each rating of the old scale goes on the new one (None: the verdict becomes unrated)."""

    targets: dict[str, str | None] = field(default_factory=dict)
    dropped: tuple[str, ...] = ()  # old keys not in use and without a counterpart: they simply go


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """OLD=NEW pairs from the command line; raises InvalidValue for a malformed or repeated one."""
    found: dict[str, str] = {}
    for item in items:
        old, sep, new = item.partition("=")
        if not sep or not old.strip():
            raise InvalidValue(f"--map {item!r}: write it as OLD=NEW (an empty NEW leaves those verdicts unrated)")
        if _fold(old) in {_fold(k) for k in found}:
            raise InvalidValue(f"--map: rating {old.strip()!r} is mapped twice")
        found[old.strip()] = new.strip()
    return found


def plan_mapping(old: Scale, new: Scale, in_use: Mapping[str, int], explicit: Mapping[str, str]) -> MappingPlan:
    """Decide where every rating in use goes; raises InvalidValue when one has no single counterpart.

    Order of preference: the explicit OLD=NEW map; the same key; the same label; a synonym
    (``SYNONYMS``). A rating in use with none of these, or with two candidates, is refused with the
    choices, so no verdict is moved by a guess.
    """
    targets: dict[str, str | None] = {}
    for old_name, new_name in explicit.items():
        source = old.get(old_name)
        if source is None:
            raise InvalidValue(f"--map {old_name}=…: {old_name!r} is not a rating of the current scale "
                               f"({', '.join(old.rating_keys())})")
        if not new_name:
            targets[source.key] = None
            continue
        target = new.get(new_name)
        if target is None:
            raise InvalidValue(f"--map …={new_name}: {new_name!r} is not a rating of {new.label} "
                               f"({', '.join(new.rating_keys())})")
        targets[source.key] = target.key
    problems: list[str] = []
    dropped: list[str] = []
    for choice in mapping_choices(old, new, in_use, targets):
        if choice.resolved:
            if choice.key not in targets:
                targets[choice.key] = choice.target
        elif choice.verdicts == 0:
            dropped.append(choice.key)
        elif choice.candidates:
            problems.append(f"{choice.key!r} ({_verdicts(choice.verdicts)}) is ambiguous: it could be "
                            f"{' or '.join(repr(c) for c in choice.candidates)}")
        else:
            problems.append(f"{choice.key!r} ({_verdicts(choice.verdicts)}) has no counterpart")
    if problems:
        raise InvalidValue(
            f"cannot switch to {new.label}: " + "; ".join(problems)
            + f"; say where they go with --map OLD=NEW (NEW one of: {', '.join(new.rating_keys())}, "
            "or empty for unrated)"
        )
    return MappingPlan(targets, tuple(dropped))


@dataclass(frozen=True)
class MappingChoice:
    """Where one rating of the old scale would go: its single target, or the candidates to choose from."""

    key: str
    label: str
    verdicts: int  # how many verdicts carry it
    target: str | None  # None with resolved: those verdicts become unrated
    candidates: tuple[str, ...] = ()
    resolved: bool = False


def mapping_choices(old: Scale, new: Scale, in_use: Mapping[str, int],
                    decided: Mapping[str, str | None] | None = None) -> list[MappingChoice]:
    """For every rating of the old scale, where it goes (decided: old key -> new key or None, already chosen)."""
    decided = decided or {}
    found = []
    for value in old.values:
        count = in_use.get(value.key, 0)
        if value.key in decided:
            found.append(MappingChoice(value.key, value.label, count, decided[value.key], (), True))
            continue
        candidates = tuple(_candidates(value, new))
        single = len(candidates) == 1
        found.append(MappingChoice(value.key, value.label, count, candidates[0] if single else None, candidates,
                                   single))
    return found


def _candidates(value: ScaleValue, new: Scale) -> list[str]:
    if any(v.key == value.key for v in new.values):
        return [value.key]
    by_label = [v.key for v in new.values if _fold(v.label) == _fold(value.label)]
    if by_label:
        return by_label
    for group in SYNONYMS:
        if value.key in group:
            return [v.key for v in new.values if v.key in group]
    return []


def _verdicts(n: int) -> str:
    return f"{n} verdict{'s' if n != 1 else ''}"
