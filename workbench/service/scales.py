"""Rating-scale actions: list the desks' presets, switch the library's scale (mapping its verdicts), undo it.

A switch is one transaction: the new scale's ratings are written, every verdict whose rating moves
gets a new revision (``{"rating": [old, new]}``), ratings of the old scale that are gone are removed,
and the library remembers the scale's name. ``undo_scale_switch`` is its exact inverse, refused when
a verdict it moved was changed since.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from workbench.errors import InvalidValue, VerdictConflict
from workbench.model import RatingScale, Setting, Verdict, VerdictRevision, utcnow
from workbench.scales import (
    CUSTOM,
    DEFAULT_SCALE,
    PRESETS,
    SCALE_SETTING,
    MappingChoice,
    Scale,
    ScaleValue,
    check_scale,
    load_scale,
    mapping_choices,
    plan_mapping,
)
from workbench.service.base import ServiceBase


@dataclass(frozen=True)
class ScaleRatingInfo:
    """One rating of a scale, with how it appears in ClaimReview."""

    key: str
    label: str
    value: int | None
    colour: str
    description: str
    claimreview: dict[str, Any]


@dataclass(frozen=True)
class ScaleInfo:
    """A rating scale as front ends list it (a preset, or the library's custom scale)."""

    name: str
    label: str
    description: str
    current: bool
    best: int | None
    worst: int | None
    values: list[ScaleRatingInfo] = field(default_factory=list)
    url: str = ""


@dataclass(frozen=True)
class RatingMove:
    """One verdict moved by a scale switch: its group, the rating before and after, its version after."""

    group_id: int
    old: str | None
    new: str | None
    version: int


@dataclass(frozen=True)
class ScalePlan:
    """What switching to a scale would do, before anything is written: each current rating's target."""

    scale: ScaleInfo
    choices: list[MappingChoice]

    @property
    def unresolved(self) -> list[MappingChoice]:
        """Ratings carried by verdicts that still need a target (ambiguous, or without a counterpart)."""
        return [c for c in self.choices if not c.resolved and c.verdicts]


@dataclass(frozen=True)
class ScaleSwitch:
    """What a scale switch did, with everything its undo needs."""

    scale: str  # name of the scale now in use
    previous: str  # name of the scale before
    previous_values: tuple[ScaleValue, ...]
    values: tuple[ScaleValue, ...]
    moved: tuple[RatingMove, ...] = ()
    added: tuple[str, ...] = ()  # rating keys new to the library
    removed: tuple[str, ...] = ()  # rating keys the library no longer has


def scale_info(scale: Scale, *, current: bool) -> ScaleInfo:
    return ScaleInfo(
        scale.name, scale.label, scale.description, current, scale.best, scale.worst,
        [ScaleRatingInfo(v.key, v.label, v.value, v.colour, v.description, scale.claimreview(v)) for v in scale.values],
        scale.url,
    )


class ScaleActions(ServiceBase):
    """List rating-scale presets, switch the library's scale, undo a switch."""

    def current_scale(self) -> ScaleInfo:
        """The scale the library uses now (its stored ratings, under the preset's name when it is one)."""
        with self.db.read() as session:
            return scale_info(_stored_scale(session), current=True)

    def list_scales(self) -> list[ScaleInfo]:
        """Every preset (the one in use marked current), then the library's own scale when it is custom."""
        current = self.current_scale()
        found = [scale_info(s, current=s.name == current.name) for s in PRESETS.values()]
        if current.name not in PRESETS:
            found.append(current)
        return found

    def plan_scale(self, scale: str | Scale, mapping: Mapping[str, str] | None = None) -> ScalePlan:
        """Where each current rating would go on another scale (for a dialog to ask about the unresolved ones)."""
        new = check_scale(load_scale(scale) if isinstance(scale, str) else scale)
        with self.db.read() as session:
            old = _stored_scale(session)
            in_use = _in_use(session)
        decided: dict[str, str | None] = {}
        for old_name, new_name in (mapping or {}).items():
            source, target = old.get(old_name), new.get(new_name) if new_name else None
            if source is not None and (target is not None or not new_name):
                decided[source.key] = target.key if target else None
        return ScalePlan(scale_info(new, current=False), mapping_choices(old, new, in_use, decided))

    def use_scale(self, scale: str | Scale, mapping: Mapping[str, str] | None = None) -> ScaleSwitch:
        """Switch the library to a preset (by name), a .json file, or a Scale; maps every verdict.

        mapping gives OLD=NEW for ratings without a single counterpart on the new scale (an empty NEW
        leaves those verdicts unrated); anything ambiguous is refused with the choices (InvalidValue).
        """
        new = check_scale(load_scale(scale) if isinstance(scale, str) else scale)
        with self.db.write() as session:
            old = _stored_scale(session)
            in_use = _in_use(session)
            plan = plan_mapping(old, new, in_use, mapping or {})
            moves = self._switch_scale(session, old, new, plan.targets)
            return ScaleSwitch(
                new.name, old.name, old.values, new.values, moves,
                tuple(k for k in new.rating_keys() if k not in old.rating_keys()),
                tuple(k for k in old.rating_keys() if k not in new.rating_keys()),
            )

    def undo_scale_switch(self, switch: ScaleSwitch) -> ScaleSwitch:
        """Put back the scale and the ratings a switch replaced; refused when a moved verdict changed since."""
        with self.db.write() as session:
            current = _stored_scale(session)
            if current.rating_keys() != [v.key for v in switch.values]:
                raise InvalidValue(
                    f"the rating scale changed since the switch to {switch.scale!r}; it cannot be undone"
                )
            verdicts = {v.group_id: v for v in session.scalars(
                select(Verdict).where(Verdict.group_id.in_([m.group_id for m in switch.moved])))}
            for move in switch.moved:
                verdict = verdicts.get(move.group_id)
                if verdict is None or verdict.version != move.version or verdict.rating_key != move.new:
                    raise VerdictConflict(
                        f"the verdict on group {move.group_id} changed after the scale switch; "
                        "the switch cannot be undone", theirs={"group_id": move.group_id})
            moved = {m.group_id for m in switch.moved}
            going = set(current.rating_keys()) - {v.key for v in switch.previous_values}
            rated_since = session.scalar(
                select(Verdict.group_id).where(Verdict.rating_key.in_(going), Verdict.group_id.not_in(moved)).limit(1)
            ) if going else None
            if rated_since is not None:
                raise VerdictConflict(
                    f"group {rated_since} was rated on the new scale after the switch; the switch cannot be undone",
                    theirs={"group_id": rated_since})
            previous = Scale(switch.previous, _label_of(switch.previous), switch.previous_values)
            back = {m.group_id: m.old for m in switch.moved}
            moves = self._switch_scale(session, current, previous, {}, per_group=back)
            return ScaleSwitch(previous.name, current.name, current.values, previous.values, moves,
                               switch.removed, switch.added)

    def _switch_scale(self, session: Session, old: Scale, new: Scale, targets: Mapping[str, str | None], *,
               per_group: Mapping[int, str | None] | None = None) -> tuple[RatingMove, ...]:
        """Write the new scale, move the verdicts (by key, or per group on undo), drop the old ratings."""
        rows = {r.key: r for r in session.scalars(select(RatingScale))}
        for position, value in enumerate(new.values):
            row = rows.get(value.key)
            if row is None:
                session.add(RatingScale(key=value.key, label=value.label, value=value.value, colour=value.colour,
                                        position=position, description=value.description or None))
            else:
                row.label, row.value, row.colour = value.label, value.value, value.colour
                row.position, row.description = position, value.description or None
        session.flush()
        query = select(Verdict).where(Verdict.rating_key.is_not(None)).order_by(Verdict.group_id)
        if per_group is not None:
            query = select(Verdict).where(Verdict.group_id.in_(list(per_group))).order_by(Verdict.group_id)
        changed: list[tuple[Verdict, str | None]] = []
        now = utcnow()
        for verdict in session.scalars(query):
            old_key = verdict.rating_key
            new_key = per_group[verdict.group_id] if per_group is not None else targets.get(old_key or "", old_key)
            if new_key != old_key:
                verdict.rating_key = new_key
                verdict.updated_at = now
                changed.append((verdict, old_key))
        session.flush()  # one version step per moved verdict
        moves = []
        for verdict, old_key in changed:
            session.add(VerdictRevision(verdict_id=verdict.id, version=verdict.version, changed_by=self.user,
                                        changed_at=now, changes={"rating": [old_key, verdict.rating_key]}))
            moves.append(RatingMove(verdict.group_id, old_key, verdict.rating_key, verdict.version))
        gone = [k for k in old.rating_keys() if k not in new.rating_keys()]
        if gone:
            session.execute(delete(RatingScale).where(RatingScale.key.in_(gone)))
        setting = session.get(Setting, SCALE_SETTING)
        if setting is None:
            session.add(Setting(key=SCALE_SETTING, value=new.name))
        else:
            setting.value = new.name
        session.flush()
        return tuple(moves)


def _in_use(session: Session) -> dict[str, int]:
    """How many verdicts carry each rating."""
    return {
        key: n for key, n in session.execute(
            select(Verdict.rating_key, func.count()).where(Verdict.rating_key.is_not(None))
            .group_by(Verdict.rating_key)
        ) if key is not None
    }


def _label_of(name: str) -> str:
    preset = PRESETS.get(name)
    return preset.label if preset else "Custom scale"


def _stored_scale(session: Session) -> Scale:
    """The library's scale as stored, named after its preset when it still matches one."""
    rows = list(session.scalars(select(RatingScale).order_by(RatingScale.position)))
    values = tuple(ScaleValue(r.key, r.label, r.value, r.colour, r.description or "") for r in rows)
    setting = session.get(Setting, SCALE_SETTING)
    name = setting.value if setting else DEFAULT_SCALE
    preset = PRESETS.get(name)
    if preset is not None:
        same = [(v.key, v.label, v.value) for v in preset.values] == [(v.key, v.label, v.value) for v in values]
        if same:
            return Scale(preset.name, preset.label, values, preset.description, preset.url)
        name = CUSTOM
    return Scale(name, _label_of(name) if name in PRESETS else "Custom scale", values)


def rating_scale_values(session: Session) -> Sequence[ScaleValue]:
    """The library's ratings in scale order (for analyses that need ordinal values)."""
    return _stored_scale(session).values
