"""One retry-key scheme, one backoff and one 429 pause for every call to LINE."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

# The namespace the worker's answers always used, so a push retried across an upgrade keeps
# its key; the reminder ledger stores each request's key, so moving it here changed nothing.
RETRY_NAMESPACE = uuid.UUID("6f1d2c4e-8b7a-4c1e-9f3a-2d5b7e9c1a3f")
KEY_WINDOW = timedelta(hours=24)  # LINE remembers a retry key this long from its first use
RATE_PAUSE = timedelta(seconds=60)  # after a 429, on top of LINE's Retry-After
MONTHLY_PAUSE = timedelta(hours=1)  # a 429 for the monthly limit: try again much later


def retry_key_for(idempotency_key: str) -> str:
    """A stable X-Line-Retry-Key (a uuid5) for one logical request, so retries never send twice."""
    return str(uuid.uuid5(RETRY_NAMESPACE, idempotency_key))


@dataclass(frozen=True)
class Backoff:
    """Seconds to wait after the n-th failed attempt (5xx or time-out): doubling, capped."""

    first: float = 2.0
    factor: float = 2.0
    cap: float = 300.0

    def delay(self, attempts: int) -> float:
        """The wait after `attempts` failed attempts (1 for the first failure)."""
        return min(self.cap, self.first * self.factor ** (max(attempts, 1) - 1))


BACKOFF = Backoff()


def rate_pause(retry_after: int | None, monthly: bool) -> timedelta:
    """How long every sender of a channel stays quiet after a 429."""
    return timedelta(seconds=retry_after or 0) + (MONTHLY_PAUSE if monthly else RATE_PAUSE)
