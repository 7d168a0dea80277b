"""Who made a claim (the claimant): a person or an organisation (schema.org ``Person`` /
``Organization``) with an optional role ("Russian Foreign Minister"), recorded on a claim group.

``workbench.attribution`` suggests one from the quote's attribution in the article ("Lavrov said").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from workbench.errors import InvalidValue

MAX_NAME_CHARS = 300


class ClaimantType(StrEnum):
    """The schema.org type of a claimant."""

    PERSON = "Person"
    ORGANIZATION = "Organization"


@dataclass(frozen=True)
class Claimant:
    """Who made a claim: a name, an optional role (job title), Person or Organization."""

    name: str
    role: str | None = None
    type: str = ClaimantType.PERSON.value

    def display(self) -> str:
        """The claimant as a line for people: "Sergei Lavrov, Russian Foreign Minister"."""
        return f"{self.name}, {self.role}" if self.role else self.name

    def schema_org(self) -> dict[str, Any]:
        """The claimant as a schema.org Person or Organization (ClaimReview ``itemReviewed.author``)."""
        out: dict[str, Any] = {"@type": self.type, "name": self.name}
        if self.role:
            out["jobTitle" if self.type == ClaimantType.PERSON else "description"] = self.role
        return out


def make_claimant(name: str, *, role: str | None = None, organization: bool = False) -> Claimant:
    """A checked claimant (name and role trimmed); raises InvalidValue for an empty or overlong name."""
    clean = " ".join(name.split())
    if not clean:
        raise InvalidValue("the claimant's name cannot be empty")
    role_clean = " ".join((role or "").split()) or None
    for what, value in (("name", clean), ("role", role_clean or "")):
        if len(value) > MAX_NAME_CHARS:
            raise InvalidValue(f"the claimant's {what} is longer than {MAX_NAME_CHARS} characters")
    kind = ClaimantType.ORGANIZATION if organization else ClaimantType.PERSON
    return Claimant(clean, role_clean, kind.value)
