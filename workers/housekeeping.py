"""Periodic upkeep of a long-running service: sweep the inboxes, resend, purge old records.

Every worker runs a small timer thread; a Redis guard key lets only one of them do each
chore per interval, so adding workers adds no extra work.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import redis

from storage.coltypes import utcnow
from storage.idempotency import purge_processed
from workers.context import WorkerContext
from workers.jobs import sweep_inboxes
from workers.resend import resend_due

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 3600


def purge(ctx: WorkerContext) -> int:
    """Forget processed-event records older than the retention (they only guard retries)."""
    keep = timedelta(days=ctx.services.settings.processed_retention_days)
    with ctx.services.sessions.begin() as session:
        removed = purge_processed(session, utcnow() - keep)
    if removed:
        log.info("purged %d processed-event record(s)", removed)
    return removed


def tick(ctx: WorkerContext) -> None:
    """Do each chore that is due and that no other worker has taken for this interval."""
    conn = ctx.services.redis
    interval = ctx.services.settings.sweep_interval_seconds
    if conn.set("tidtam:chore:sweep", "1", nx=True, px=max(1, int(interval * 1000) - 100)):
        sweep_inboxes(ctx)
        resend_due(conn, ctx.gateway)
    if conn.set("tidtam:chore:purge", "1", nx=True, ex=PURGE_EVERY_SECONDS):
        purge(ctx)


class Housekeeper:
    """A daemon thread calling tick() every sweep interval until stopped."""

    def __init__(self, ctx: WorkerContext) -> None:
        self.ctx = ctx
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name="housekeeper")

    def start(self) -> Housekeeper:
        """Start the timer thread."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop the timer thread."""
        self.stopped.set()

    def _run(self) -> None:
        """Tick until stopped; a failing chore is logged and tried again next time."""
        while not self.stopped.wait(self.ctx.services.settings.sweep_interval_seconds):
            try:
                tick(self.ctx)
            except redis.RedisError as exc:
                log.warning("housekeeping skipped: Redis unreachable (%s)", type(exc).__name__)
            except Exception:
                log.exception("housekeeping failed; will try again")
