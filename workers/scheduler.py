"""The scheduler process: tick the reminders on an interval; it holds no state of its own."""

from __future__ import annotations

import logging
import threading

from sqlalchemy.orm import Session, sessionmaker

from runtime.config import Settings
from runtime.reminders import build_reminders
from storage.coltypes import utcnow

log = logging.getLogger(__name__)


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
