"""What matching and embedding runs report (kept apart so the service names them without loading numpy)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]


@dataclass(frozen=True)
class MatchSummary:
    """What a batch run did."""

    claims_total: int
    claims_done: int = 0
    suggestions: int = 0  # pending suggestions stored for the matched claims
    new_suggestions: int = 0  # of which were not pending before
    linked_articles: int = 0  # distinct articles that got a suggestion
    cancelled: bool = False
    seconds: float = 0.0


@dataclass(frozen=True)
class EmbeddingStatus:
    """How much is embedded for the current model (counts of passages, fact-checks, claims)."""

    model: str
    passages: int
    passages_embedded: int
    factchecks: int
    factchecks_embedded: int
    claims: int
    claims_embedded: int

    @property
    def pending(self) -> int:
        return (self.passages - self.passages_embedded + self.factchecks - self.factchecks_embedded
                + self.claims - self.claims_embedded)


@dataclass(frozen=True)
class EmbeddingSummary:
    """What an embedding run did."""

    model: str
    passages: int = 0
    factchecks: int = 0
    claims: int = 0
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def texts(self) -> int:
        return self.passages + self.factchecks + self.claims
