"""RQ job entry points: they take ids and primitives, never objects."""

from __future__ import annotations

import logging
from typing import Any

from workers.context import WorkerContext, current_context
from workers.handle import handle_event
from workers.inbox import drain, pending_conversations
from workers.pumps import pump

log = logging.getLogger(__name__)


def drain_conversation(conversation: str) -> int:
    """Handle, in order, every event waiting for one user, group or room."""
    ctx = current_context()

    def handle(event: dict[str, Any]) -> None:
        handle_event(ctx, event)

    return drain(ctx.services.redis, conversation, handle,
                 ctx.services.settings.lock_lease_seconds)


def drain_ready(pump_id: str) -> int:
    """A pump: handle ready conversations, each in order, until none is left."""
    ctx = current_context()
    settings = ctx.services.settings

    def handle(event: dict[str, Any]) -> None:
        handle_event(ctx, event)

    def drain_one(conversation: str, woken: str) -> int:
        return drain(ctx.services.redis, conversation, handle, settings.lock_lease_seconds,
                     woken)

    return pump(ctx.services.redis, pump_id, drain_one, int(settings.lock_lease_seconds * 1000),
                settings.drain_pumps, ctx.services.enqueue_pump, ctx.pump_linger_seconds,
                threads=settings.drain_threads)


def sweep(ctx: WorkerContext | None = None) -> int:
    """Queue a drain for every conversation with waiting or interrupted events."""
    ctx = ctx or current_context()
    found = pending_conversations(ctx.services.redis)
    for conversation in found:
        ctx.services.enqueue_drain(conversation)
    if found:
        log.info("sweep queued %d conversation(s)", len(found))
    return len(found)
