"""The one retry policy of event handling: how long a failed event waits, and when to give up."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """Exponential waits (2, 4, 8 … seconds, capped) for up to max_attempts tries."""

    max_attempts: int = 8
    max_wait_seconds: int = 60

    def wait(self, attempts: int) -> int:
        """Seconds to wait after the given number of failed attempts."""
        return int(min(2 ** attempts, self.max_wait_seconds))

    def gives_up(self, attempts: int) -> bool:
        """True once an event has failed too often to try again (about three minutes)."""
        return attempts >= self.max_attempts


EVENTS = Backoff()
"""The policy every drain uses (tests may replace it with a shorter one)."""
