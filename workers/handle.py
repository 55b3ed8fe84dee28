"""Handle one LINE event in a worker: route it, record it, answer it."""

from __future__ import annotations

import logging
from typing import Any

from handlers.inbound import parse_event
from storage.events import mark_processed
from workers.context import WorkerContext

log = logging.getLogger(__name__)


def handle_event(ctx: WorkerContext, raw: dict[str, Any]) -> None:
    """Route one raw event and send the answer; an event already handled is skipped."""
    event = parse_event(raw)
    with ctx.services.sessions.begin() as session:
        if not mark_processed(session, event.event_id):
            log.info("event %s already handled; skipped", event.event_id)
            return
    outcome = ctx.router.route(event)
    log.info("handled type=%s id=%s replies=%d", event.event_type, event.event_id,
             len(outcome.replies))
    if outcome.replies:
        to = event.chat_id
        ctx.gateway.reply(event.reply_token, outcome.replies, to=to, key=event.event_id)
