"""RQ job entry points: they take ids and primitives, never objects."""

from __future__ import annotations

from typing import Any

from inbox.contract import Pumping, drain
from inbox.pumps import pump
from inbox.sweep import sweep
from workers.context import WorkerContext, current_context
from workers.handle import handle_event


def pumping(ctx: WorkerContext) -> Pumping:
    """The pump cap and lease of this process's settings."""
    settings = ctx.services.settings
    return Pumping(settings.drain_pumps, int(settings.lock_lease_seconds * 1000))


def drain_conversation(conversation: str) -> int:
    """Handle, in order, every event waiting in one chat (jobs an earlier version queued)."""
    ctx = current_context()

    def handle(event: dict[str, Any]) -> None:
        handle_event(ctx, event)

    return drain(ctx.services.redis, conversation, handle,
                 ctx.services.settings.lock_lease_seconds)


def drain_ready(pump_id: str) -> int:
    """A pump: handle ready chats, each in order, until none is left."""
    ctx = current_context()
    settings = ctx.services.settings

    def handle(event: dict[str, Any]) -> None:
        handle_event(ctx, event)

    def drain_one(chat: str, woken: str) -> int:
        return drain(ctx.services.redis, chat, handle, settings.lock_lease_seconds, woken)

    return pump(ctx.services.redis, pump_id, drain_one, int(settings.lock_lease_seconds * 1000),
                settings.drain_pumps, ctx.services.enqueue_pump, ctx.pump_linger_seconds,
                threads=settings.drain_threads)


def sweep_inboxes(ctx: WorkerContext | None = None, at_start: bool = False) -> int:
    """Make ready every chat whose events no live drain will take (inbox/sweep.py)."""
    ctx = ctx or current_context()
    return sweep(ctx.services.redis, pumping(ctx), ctx.services.enqueue_pump, at_start)
