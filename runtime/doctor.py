"""`tidtam doctor`: check a deployment's configuration and say in plain words what to fix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import redis
from rq import Queue, Worker
from sqlalchemy import text

from runtime.config import Settings
from runtime.services import Services


@dataclass(frozen=True)
class Check:
    """One check: its name, whether it passed, what was found, and what to do if it failed."""

    name: str
    ok: bool
    found: str
    fix: str = ""


def _redis(services: Services) -> list[Check]:
    """Redis answers, and keeps what it holds across a restart (AOF)."""
    try:
        services.redis.ping()
    except (redis.RedisError, OSError) as exc:
        return [Check("Redis", False, type(exc).__name__,
                      "Start Redis or correct REDIS_URL; the webhook answers 503 without it.")]
    checks = [Check("Redis", True, "answers")]
    aof = cast(dict[str, Any], services.redis.info("persistence")).get("aof_enabled")
    checks.append(Check(
        "Redis persistence", aof == 1, "AOF on" if aof == 1 else "AOF off",
        "Turn on appendonly (appendonly yes, appendfsync always): without it a Redis restart "
        "loses drafts and events accepted but not yet handled."))
    return checks


def _database(services: Services) -> list[Check]:
    """The database answers and is migrated to the newest revision."""
    from storage.migrate import current, head

    try:
        with services.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        return [Check("Database", False, type(exc).__name__,
                      "Start the database or correct DATABASE_URL.")]
    at, newest = current(services.settings.effective_database_url), head()
    return [Check("Database", True, services.engine.dialect.name),
            Check("Migrations", at == newest, f"at {at}, newest {newest}",
                  "Run `tidtam db upgrade` (the Procfile's release step).")]


def _line(settings: Settings) -> list[Check]:
    """The access token works and the console's webhook points at us and is switched on."""
    if not (settings.line_channel_secret and settings.line_channel_access_token):
        return [Check("LINE credentials", False, "not set",
                      "Set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN (LINE Developers "
                      "console, Messaging API channel); `tidtam run` uses the emulator without.")]
    # LINE's SDK takes a second to load: only `tidtam doctor` with credentials needs it.
    from linebot.v3.messaging import ApiClient, ApiException, Configuration, MessagingApi

    api = MessagingApi(ApiClient(Configuration(host=settings.line_api_base_url.rstrip("/"),
                                               access_token=settings.line_channel_access_token)))
    timeout = (3.0, settings.line_api_timeout_seconds)
    try:
        info = api.get_bot_info(_request_timeout=timeout)
        endpoint = api.get_webhook_endpoint(_request_timeout=timeout)
    except ApiException as exc:
        return [Check("LINE credentials", False, f"LINE answered {exc.status}",
                      "Issue a new channel access token (Messaging API tab) and set "
                      "LINE_CHANNEL_ACCESS_TOKEN.")]
    except Exception as exc:
        return [Check("LINE API", False, type(exc).__name__,
                      f"Check that {settings.line_api_base_url} is reachable from this host.")]
    url = endpoint.endpoint or ""
    return [Check("LINE credentials", True, f"bot {info.display_name}"),
            Check("Webhook URL", bool(url.endswith("/callback")) and bool(endpoint.active),
                  f"{url or '(none)'}, {'on' if endpoint.active else 'off'}",
                  "In the console set the webhook URL to https://YOUR.HOST/callback and switch "
                  "'Use webhook' on.")]


def _workers(services: Services) -> list[Check]:
    """Workers are alive, and nothing waits in the dead-letter list."""
    from inbox.scripts import DEAD_KEY

    try:
        alive = Worker.count(connection=services.redis)
        queued = len(Queue(services.settings.queue_name, connection=services.redis))
        dead = int(services.redis.llen(DEAD_KEY))  # type: ignore[arg-type]
    except (redis.RedisError, OSError):
        return []
    return [Check("Workers", alive > 0, f"{alive} alive, {queued} job(s) queued",
                  "Start `tidtam worker` (under a supervisor that restarts it)."),
            Check("Dead letters", dead == 0, f"{dead} event(s)",
                  "See `tidtam dead list`; fix the cause, then `tidtam dead replay ID`.")]


CHECKS: tuple[Callable[[Services], list[Check]], ...] = (_redis, _database, _workers)


def diagnose(services: Services) -> list[Check]:
    """Every check, in the order an operator would fix them."""
    found: list[Check] = []
    for check in CHECKS:
        found.extend(check(services))
    found.extend(_line(services.settings))
    return found
