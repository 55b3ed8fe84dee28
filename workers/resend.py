"""Answers LINE could not take (5xx, 429, time-out), sent again later without blocking the user.

An event's handling is done once its effects are stored; if LINE then fails, the answer is
kept here with its own backoff, and the conversation goes on with the next messages. The
workers' housekeeping sends it again: as a reply while the token may still be good, then as a
push with the event's retry key, for as long as LINE remembers that key (24 hours).
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any, cast

import redis

from core.messages import Message
from inbox.scripts import METRICS_KEY, PREFIX, RESEND_KEY
from outbound.answer import answer_of, retriable
from outbound.client import LineClient
from outbound.policy import BACKOFF, KEY_WINDOW

log = logging.getLogger(__name__)
GIVE_UP_SECONDS = KEY_WINDOW.total_seconds() - 3600  # LINE forgets a retry key after 24 h
REPLY_TOKEN_SECONDS = 50  # a reply token lives about a minute


def _meta_key(event_id: str) -> str:
    """Redis hash holding a deferred answer: messages, chat, token, first failure, attempts."""
    return f"{PREFIX}:resend-meta:{event_id}"


def defer(conn: redis.Redis, event_id: str, chat_id: str | None, reply_token: str | None,
          messages: list[Message], token_used: bool, now: float | None = None) -> None:
    """Keep an answer LINE did not take, to send again after a short wait."""
    now = now or time.time()
    with conn.pipeline(transaction=True) as pipe:
        pipe.hsetnx(_meta_key(event_id), "first", str(now))
        pipe.hset(_meta_key(event_id), mapping={
            "messages": json.dumps(messages, ensure_ascii=False), "chat": chat_id or "",
            "token": reply_token or "", "token_used": int(token_used)})
        pipe.hincrby(_meta_key(event_id), "attempts", 1)
        pipe.expire(_meta_key(event_id), 2 * 24 * 3600)
        pipe.zadd(RESEND_KEY, {event_id: now + 1})
        pipe.hincrby(METRICS_KEY, "answers_deferred", 1)
        pipe.execute()
    log.warning("answer to %s deferred: LINE did not take it", event_id)


def due(conn: redis.Redis, now: float | None = None) -> list[str]:
    """Deferred answers whose wait is over, each handed to exactly one caller."""
    found = cast(list[bytes], conn.zrangebyscore(RESEND_KEY, 0, now or time.time()))
    return [e.decode() for e in found if conn.zrem(RESEND_KEY, e)]


def resend(conn: redis.Redis, gateway: LineClient, event_id: str,
           now: float | None = None) -> str:
    """Try one deferred answer again: "sent", "waiting" (tried later) or "gave up"."""
    now = now or time.time()
    meta = {k.decode(): v.decode() for k, v in
            cast(dict[bytes, bytes], conn.hgetall(_meta_key(event_id))).items()}
    if not meta:
        return "gave up"
    first, attempts = float(meta.get("first", now)), int(meta.get("attempts", 1))
    messages: list[Message] = json.loads(meta["messages"])
    token = meta.get("token") if now - first < REPLY_TOKEN_SECONDS else None
    try:
        gateway.reply(token or None, messages, to=meta.get("chat") or None, key=event_id,
                      token_maybe_used=bool(int(meta.get("token_used", "0"))))
    except Exception as exc:
        if not retriable(exc) or now - first > GIVE_UP_SECONDS:
            conn.delete(_meta_key(event_id))
            conn.hincrby(METRICS_KEY, "answers_given_up", 1)
            log.error("answer to %s given up after %d attempts (%s)", event_id, attempts,
                      type(exc).__name__)
            return "gave up"
        if answer_of(exc).status is None:
            conn.hset(_meta_key(event_id), "token_used", "1")  # it may have reached LINE
        wait = BACKOFF.delay(attempts)
        with conn.pipeline() as pipe:
            pipe.hincrby(_meta_key(event_id), "attempts", 1)
            pipe.zadd(RESEND_KEY, {event_id: now + wait})
            pipe.execute()
        return "waiting"
    conn.delete(_meta_key(event_id))
    log.info("deferred answer to %s sent", event_id)
    return "sent"


def resend_due(conn: redis.Redis, gateway: LineClient, now: float | None = None) -> int:
    """Send again every deferred answer whose wait is over; how many went out."""
    return sum(resend(conn, gateway, event_id, now) == "sent" for event_id in due(conn, now))


def pending(conn: redis.Redis) -> int:
    """How many answers wait to be sent again."""
    return int(cast(Any, conn.zcard(RESEND_KEY)))
