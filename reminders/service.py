"""Build the reminder machinery from settings, and the scheduler loop that ticks it."""

from __future__ import annotations

import logging
import threading
from zoneinfo import ZoneInfo

from linebot.v3.messaging import ApiClient, Configuration, MessagingApi
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from reminders.delivery import LineSender
from reminders.policy import policy_from
from reminders.tick import Reminders
from storage.coltypes import utcnow

log = logging.getLogger(__name__)


def line_api(settings: Settings) -> MessagingApi:
    """A Messaging API client pointed at LINE_API_BASE_URL."""
    config = Configuration(host=settings.line_api_base_url.rstrip("/"),
                           access_token=settings.line_channel_access_token)
    return MessagingApi(ApiClient(config))


def build_reminders(settings: Settings, sessions: sessionmaker[Session]) -> Reminders:
    """Reminders with the configured policy, time zone, LINE client and request pacing."""
    api = line_api(settings)
    rate = max(settings.line_push_rate, 1)
    sender = LineSender(api, settings.line_request_timeout, 1.0 / rate)
    return Reminders(sessions, sender, api, policy_from(settings), ZoneInfo(settings.timezone),
                     settings.line_request_timeout, settings.reminder_quota_cap or None)


def run_scheduler(settings: Settings, sessions: sessionmaker[Session],
                  stop: threading.Event | None = None) -> None:
    """Tick every REMINDER_TICK_SECONDS until stopped; a failed tick is logged and retried."""
    reminders = build_reminders(settings, sessions)
    stop = stop or threading.Event()
    log.info("scheduler started (every %ds, %s)", settings.reminder_tick_seconds,
             settings.timezone)
    while not stop.is_set():
        try:
            reminders.tick(utcnow())
        except Exception:
            log.exception("scheduler tick failed")
        stop.wait(settings.reminder_tick_seconds)
