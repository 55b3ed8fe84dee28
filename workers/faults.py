"""Fault injection for tests: crash or fail the worker at a named point of handling an event.

Set ``TIDTAM_FAULT`` to ``POINT:kill`` (the process dies with SIGKILL, as in a crash or a
deploy) or ``POINT:raise`` (the step fails once, as when the database is locked). Points:
``before_commit``, ``after_commit``, ``after_apply``, ``after_send``. Unset in production.
"""

from __future__ import annotations

import os
import signal

POINTS = ("before_commit", "after_commit", "after_apply", "after_send")


class InjectedFaultError(RuntimeError):
    """A failure asked for by TIDTAM_FAULT."""


def _parse(spec: str) -> tuple[str, str] | None:
    """(point, action) from "point:action", or None when unset or malformed."""
    point, _, action = spec.partition(":")
    return (point, action) if point in POINTS and action in ("kill", "raise") else None


_armed = _parse(os.environ.get("TIDTAM_FAULT", ""))


def arm(spec: str) -> None:
    """Arm a fault in this process (tests running the worker in-process)."""
    global _armed
    _armed = _parse(spec)


def checkpoint(point: str) -> None:
    """Crash or fail here if a fault is armed for this point (each fault fires once)."""
    global _armed
    if _armed is None or _armed[0] != point:
        return
    action, _armed = _armed[1], None
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    raise InjectedFaultError(f"injected fault at {point}")
