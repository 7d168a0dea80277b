"""Running an action again when the server rolled it back: a lost connection, a write that collided.

``workbench.db`` raises a retryable TransientError (ConnectionLost, WriteCollision) only when nothing of the
transaction was saved (the server rolled it back, or was asked after a lost commit answer and said so).
Every public service method is then safe to run again: it redoes its own reads and checks (expected versions
included), so a retried edit is applied once or reported as a conflict, never twice. An action made of several
transactions (an import of many files) retries each inner action on its own, so what was saved is not redone.
"""

from __future__ import annotations

import functools
import inspect
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from workbench.errors import TransientError

ATTEMPTS = 16  # tries per action; waiting for a restarting server happens inside each try (db.RECONNECT_S)
BACKOFF_S = 0.01  # first pause; it doubles with each try (random within it, at most MAX_PAUSE_S)
MAX_PAUSE_S = 0.5
C = TypeVar("C", bound=type)
NOT_ACTIONS = frozenset({"open", "close", "changes", "watch"})


def retrying(method: Callable[..., Any]) -> Callable[..., Any]:
    """method, run again (after a short random pause) while it fails with a retryable TransientError."""

    @functools.wraps(method)
    def action(*args: Any, **kwargs: Any) -> Any:
        attempt = 1
        while True:
            try:
                return method(*args, **kwargs)
            except TransientError as exc:
                if not exc.retryable or attempt >= ATTEMPTS:
                    raise
                # colliding writers part ways: random pauses, growing
                time.sleep(random.uniform(0.0, min(MAX_PAUSE_S, BACKOFF_S * 2**attempt)))
                attempt += 1

    action.__retrying__ = True  # type: ignore[attr-defined]
    return action


def retry_actions(cls: C) -> C:
    """Wrap every public method of a service class (and its bases) in retrying()."""
    for name in dir(cls):
        if name.startswith("_") or name in NOT_ACTIONS:
            continue
        value = inspect.getattr_static(cls, name)
        if inspect.isfunction(value) and not getattr(value, "__retrying__", False):
            setattr(cls, name, retrying(value))
    return cls
