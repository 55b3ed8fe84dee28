"""Drain one chat: take its events one at a time, in arrival order, and hand each to a handler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import redis

from inbox.contract import Claim, Verdict

log = logging.getLogger(__name__)

LEASE_SECONDS = 15.0
Handler = Callable[[dict[str, Any]], None]


def drain(conn: redis.Redis, chat: str, handle: Handler, lease: float = LEASE_SECONDS,
          woken: str = "") -> int:
    """Handle every event waiting in a chat's inbox, one at a time; return how many.

    Returns at once when another worker holds the chat (it drains what we leave) or when its
    first event waits for a retry (the sweep makes it ready again). An event that raises is
    failed (retried later, or dead-lettered and counted as handled); woken: the pump that was
    idle until it took this chat.
    """
    claim = Claim(conn, chat, int(lease * 1000), woken)
    handled = 0
    try:
        event = claim.take()
        while event is not None:
            try:
                handle(event.event)
            except Exception as exc:
                if claim.fail(event, exc) is Verdict.RETRY_LATER:
                    log.warning("event %s failed; it will be retried", event.event_id,
                                exc_info=True)
                    return handled
                log.exception("event %s moved to the dead-letter list", event.event_id)
            handled += 1
            event = claim.finish(event)
        return handled
    finally:
        claim.release()
