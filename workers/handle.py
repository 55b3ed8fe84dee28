"""Handle one LINE event in a worker: route it, record it, answer it."""

from __future__ import annotations

import logging
from typing import Any

from handlers.inbound import parse_event
from storage.events import mark_processed
from workers import outbox
from workers.context import WorkerContext

log = logging.getLogger(__name__)


def handle_event(ctx: WorkerContext, raw: dict[str, Any]) -> None:
    """Route one raw event once, then send its answer (retried from the outbox if sending fails)."""
    event = parse_event(raw)
    conn = ctx.services.redis
    with ctx.services.sessions.begin() as session:
        fresh = mark_processed(session, event.event_id)
        replies = ctx.router.route(event, session).replies if fresh else []
    if fresh:
        log.info("handled type=%s id=%s replies=%d", event.event_type, event.event_id,
                 len(replies))
        if replies:
            outbox.put(conn, event.event_id, replies)
    messages = outbox.pending(conn, event.event_id)
    if not fresh and not messages:
        log.info("event %s already handled; skipped", event.event_id)
        return
    if messages:
        ctx.gateway.reply(event.reply_token, messages, to=event.chat_id, key=event.event_id)
        outbox.done(conn, event.event_id)
