"""Handle one LINE event in a worker: database first, then the draft and the outbox, then LINE.

Every point of this order survives a crash:
1. route the event and store its effects (replies, draft change) in the same transaction
   that marks it processed; a crash before the commit leaves nothing behind and the retry
   starts over from the untouched draft;
2. after the commit, apply the effects to Redis in one transaction (the draft, and the
   outbox, which also marks them applied); a retry that finds the event processed but no
   outbox applies the stored effects, so nothing is lost and nothing is applied twice;
3. send what waits in the outbox; the drain marks it done when it takes the next event; a
   retry that finds it pending sends it again as an answer that may already have gone out
   (a used reply token is not followed by a push; a push carries a retry key derived from
   the event, so LINE delivers it once); a late duplicate of a finished event does nothing.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, cast

import redis

from conversations.drafts import RedisDraftStore
from core.messages import Message
from handlers.router import Inbound, Kind, Outcome, parse_event
from handlers.status import makes_a_file
from inbox.contract import Outbox, put_outbox, read_outbox
from inbox.scripts import METRICS_KEY, outbox_key
from outbound.answer import answer_of, is_line_failure, retriable
from runtime.richmenus import link_menu
from storage.coltypes import utcnow
from storage.idempotency import mark_processed, record_effects
from storage.models import ProcessedEvent
from workers import effects, resend
from workers.context import WorkerContext
from workers.faults import checkpoint

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(days=1)


def handle_event(ctx: WorkerContext, raw: dict[str, Any]) -> None:
    """Route one raw event once, apply what it decided, then send its answer."""
    event = parse_event(raw)
    if event.kind is Kind.IMAGE:  # a photo is fetched, checked and stored before the transaction
        event = ctx.photo_intake.take(event)
    conn = ctx.services.redis
    if makes_a_file(event) and event.chat_id:
        ctx.gateway.show_loading(event.chat_id, 10)  # a chart or a PDF takes a moment
    with ctx.services.db_turn, ctx.services.sessions.begin() as session:
        fresh = mark_processed(session, event.event_id)
        outcome = _route(ctx, event, session) if fresh else None
        checkpoint("before_commit")
    checkpoint("after_commit")
    token_maybe_used = False
    messages: list[Message] = []
    if fresh:
        messages = list(outcome.replies) if outcome else []
        log.info("handled type=%s id=%s replies=%d", event.event_type, event.event_id,
                 len(messages))
        if outcome is not None:
            _apply(ctx, event.event_id, outcome)
    else:
        state, messages = read_outbox(conn, event.event_id)
        if state is Outbox.MISSING:  # the commit happened, Redis was not reached
            outcome = _stored_outcome(ctx, event.event_id)
            messages = list(outcome.replies) if outcome else []
            if outcome is not None and not _apply(ctx, event.event_id, outcome, first=True):
                # Another attempt (a lease lost on a starved machine) applied them meanwhile.
                state, messages = read_outbox(conn, event.event_id)
        # An earlier attempt applied the effects and may have sent the answer.
        token_maybe_used = state is Outbox.PENDING
    checkpoint("after_apply")
    if not fresh and not messages:
        log.info("event %s already handled; skipped", event.event_id)
        return
    if messages:
        try:
            ctx.gateway.reply(event.reply_token, messages, to=event.chat_id,
                              key=event.event_id, token_maybe_used=token_maybe_used)
        except Exception as exc:
            answer = answer_of(exc)
            status = answer.status or answer.error or type(exc).__name__
            conn.hincrby(METRICS_KEY, f"line_errors:{status}", 1)
            if not is_line_failure(exc):
                raise
            if retriable(exc):
                # Handled and stored: the answer waits for LINE, the user's next messages do not.
                # No answer at all (a time-out): the reply may have reached LINE.
                resend.defer(conn, event.event_id, event.chat_id, event.reply_token, messages,
                             token_used=token_maybe_used or answer.status is None)
            else:
                log.warning("answer to %s refused by LINE (status=%s); not retried",
                            event.event_id, status)
        checkpoint("after_send")
    # The drain marks the outbox done as it finishes the event (inbox/contract.py, one step).
    if fresh and outcome and outcome.menu and event.user_id:
        link_menu(ctx.gateway, conn, event.user_id, outcome.menu)


def _route(ctx: WorkerContext, event: Inbound, session: Any) -> Outcome | None:
    """Ask the router, and store what it decided with the event (same transaction)."""
    outcome = ctx.router.route(event, session)
    if not effects.has_effects(outcome):
        return None
    record_effects(session, event.event_id, effects.to_json(outcome))
    return outcome


def _stored_outcome(ctx: WorkerContext, event_id: str) -> Outcome | None:
    """Effects of an event handled before a crash, unless they are too old to apply now."""
    with ctx.services.sessions() as session:
        row = session.get(ProcessedEvent, event_id)
        if row is None or row.effects is None:
            return None
        if utcnow() - row.handled_at > STALE_AFTER:
            log.warning("event %s: stored effects are stale; not applied again", event_id)
            return None
        log.info("event %s: applying effects stored before a crash", event_id)
        return effects.from_json(cast(dict[str, Any], row.effects))


def _apply(ctx: WorkerContext, event_id: str, outcome: Outcome, first: bool = False) -> bool:
    """Write the draft change and the outbox (the "applied" mark) in one Redis transaction;
    with first, only when no other attempt has written them (False then: nothing written)."""
    conn: redis.Redis = ctx.services.redis
    drafts = RedisDraftStore(conn, ctx.services.settings.draft_ttl_hours * 3600)
    with conn.pipeline(transaction=True) as pipe:
        try:
            if first:
                pipe.watch(outbox_key(event_id))  # type: ignore[no-untyped-call]
                if pipe.exists(outbox_key(event_id)):
                    return False
                pipe.multi()
            if outcome.draft is not None:
                drafts.write(outcome.draft, pipe)
            put_outbox(pipe, event_id, list(outcome.replies))
            pipe.execute()
        except redis.WatchError:
            return False
    return True
