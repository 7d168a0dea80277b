"""What an export covers: everything, chosen claim groups, final verdicts only, a date range.

The scope selects claim groups; every table then holds the rows that belong to the selected groups
(their claims, the links of those claims, the articles they appear in). The date range applies to
the day (UTC) a group's verdict was last updated, both ends included, so "since Monday" means
"verdicts changed since Monday" – the question a desk asks before publishing. Groups without a
verdict fall outside any date range. Article dates are not used: they say when a claim was made,
not when the desk reviewed it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, select

from workbench.errors import InvalidValue
from workbench.model import ClaimGroup, Verdict


def parse_date(value: dt.date | str | None, what: str = "date") -> dt.date | None:
    """A date from a date object or an ISO text (YYYY-MM-DD); raises InvalidValue."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(f"{what} {value!r} is not a date; write it as YYYY-MM-DD") from None


@dataclass(frozen=True)
class ExportScope:
    """Which claim groups an export covers (all conditions must hold)."""

    group_ids: frozenset[int] | None = None
    final_only: bool = False
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def make(
        cls,
        *,
        group_ids: Iterable[int] | None = None,
        final_only: bool = False,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
    ) -> ExportScope:
        """A checked scope; raises InvalidValue for bad dates or an empty selection."""
        ids = None if group_ids is None else frozenset(int(g) for g in group_ids)
        if ids is not None and not ids:
            raise InvalidValue("no claim groups are selected")
        start, end = parse_date(since, "since"), parse_date(until, "until")
        if start and end and start > end:
            raise InvalidValue(f"the date range is empty: {start} is after {end}")
        return cls(ids, final_only, start, end)

    @property
    def everything(self) -> bool:
        """True when the scope selects every claim group."""
        return self.group_ids is None and not self.final_only and self.since is None and self.until is None

    def describe(self) -> str:
        """The scope in words, for reports and file metadata."""
        parts = []
        if self.group_ids is not None:
            parts.append(f"{len(self.group_ids)} selected claim group(s)")
        if self.final_only:
            parts.append("final verdicts only")
        if self.since or self.until:
            parts.append(f"verdicts updated {self.since or '…'} to {self.until or '…'}")
        return ", ".join(parts) or "everything"

    def groups(self) -> Select | None:
        """A query of the selected group ids, or None when everything is selected."""
        if self.everything:
            return None
        query = select(ClaimGroup.id)
        if self.group_ids is not None:
            query = query.where(ClaimGroup.id.in_(sorted(self.group_ids)))
        verdicts = select(Verdict.group_id)
        if self.final_only:
            verdicts = verdicts.where(Verdict.status == "final")
        if self.since is not None:
            verdicts = verdicts.where(Verdict.updated_at >= dt.datetime.combine(self.since, dt.time()))
        if self.until is not None:
            end = dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time())
            verdicts = verdicts.where(Verdict.updated_at < end)
        if self.final_only or self.since is not None or self.until is not None:
            query = query.where(ClaimGroup.id.in_(verdicts))
        return query
