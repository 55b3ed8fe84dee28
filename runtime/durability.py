"""Refuse to run against a Redis that would lose accepted work on a restart (no AOF)."""

from __future__ import annotations

import logging
from typing import Any, cast

import redis

from runtime.config import Settings

log = logging.getLogger(__name__)


class VolatileRedisError(RuntimeError):
    """Redis keeps no append-only file: a restart would lose what the webhook promised LINE."""


def aof_enabled(conn: redis.Redis) -> bool:
    """True when Redis writes an append-only file (INFO persistence: aof_enabled:1)."""
    info = cast(dict[str, Any], conn.info("persistence"))
    return int(info.get("aof_enabled", 0)) == 1


def require_durable_redis(conn: redis.Redis, settings: Settings, who: str) -> None:
    """Raise VolatileRedisError unless Redis has AOF on (or ALLOW_VOLATILE_REDIS is set).

    The webhook's 200 is a promise: LINE will not send the event again. Events, drafts and the
    invite lockout live in Redis until handled, so without AOF a restart loses them silently.
    """
    try:
        durable = aof_enabled(conn)
    except redis.RedisError as exc:
        if settings.allow_volatile_redis:
            return
        raise VolatileRedisError(
            f"{who}: cannot tell whether Redis keeps an append-only file ({exc}); "
            "turn on appendonly, or set ALLOW_VOLATILE_REDIS=1 for development") from exc
    if durable:
        return
    if settings.allow_volatile_redis:
        log.warning("%s: Redis has no append-only file; accepted events, drafts and lockouts "
                    "are lost if it restarts (ALLOW_VOLATILE_REDIS is set)", who)
        return
    raise VolatileRedisError(
        f"{who} refuses to start: Redis has no append-only file, so a restart would lose "
        "accepted events and drafts. Turn it on (CONFIG SET appendonly yes, and appendonly yes "
        "with appendfsync always in redis.conf), or set ALLOW_VOLATILE_REDIS=1 for "
        "development only.")
