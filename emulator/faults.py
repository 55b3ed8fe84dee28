"""Failures the emulator can be told to answer with: 5xx and 429 bursts, and hung calls."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from emulator.state import LineError

MESSAGES = {500: "Internal server error", 502: "Bad gateway", 503: "Service unavailable",
            429: "Too many requests"}


@dataclass
class Fault:
    """The next `count` API calls whose path starts with `path` fail or hang."""

    status: int = 0
    hang: float = 0.0
    count: int = 1
    path: str = "/v2/"
    retry_after: int = 0  # a Retry-After header on the error, in seconds (0: none)


class FaultPlan:
    """Armed faults, consumed by API calls in arrival order (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.faults: list[Fault] = []

    def arm(self, data: dict[str, Any]) -> Fault:
        """Add a fault from the JSON a test posts to /_emulator/faults."""
        fault = Fault(int(data.get("status", 0)), float(data.get("hang", 0)),
                      int(data.get("count", 1)), str(data.get("path", "/v2/")),
                      int(data.get("retryAfter", 0)))
        with self.lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        """Forget every armed fault."""
        with self.lock:
            self.faults.clear()

    def strike(self, path: str) -> None:
        """Hang and/or raise the armed error for this call, if a fault applies to it."""
        with self.lock:
            fault = next((f for f in self.faults if path.startswith(f.path)), None)
            if fault is None:
                return
            fault.count -= 1
            if fault.count <= 0:
                self.faults.remove(fault)
        if fault.hang:
            time.sleep(fault.hang)
        if fault.status:
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else None
            raise LineError(fault.status, MESSAGES.get(fault.status, "Error"), headers=headers)
