"""The one place a 429's Retry-After is kept: every sender of this process waits it out."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from outbound.answer import Answer

REPLY, PUSH = "reply", "push"  # a monthly-limit 429 stops pushes; replies are free
RETRY_AFTER_CAP = 3600  # a Retry-After longer than an hour is not waited for in-process


@dataclass
class Pause:
    """Until when LINE asked this process to send nothing (monotonic clock), by kind of call."""

    _until: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def hold(self, seconds: float, kinds: tuple[str, ...] = (REPLY, PUSH)) -> None:
        """Send nothing of these kinds for a while (a longer pause already held is kept)."""
        until = time.monotonic() + seconds
        with self._lock:
            for kind in kinds:
                self._until[kind] = max(self._until.get(kind, 0.0), until)

    def note(self, answer: Answer) -> None:
        """Honour a 429's Retry-After (a monthly-limit 429 stops pushes only; replies are free)."""
        if answer.rate_limited and answer.retry_after:
            kinds = (PUSH,) if answer.monthly_limit else (REPLY, PUSH)
            self.hold(min(answer.retry_after, RETRY_AFTER_CAP), kinds)

    def left(self, kind: str) -> float:
        """Seconds of pause left for a kind of call (0 when it may go)."""
        with self._lock:
            return max(0.0, self._until.get(kind, 0.0) - time.monotonic())
