"""Start an RQ worker that handles tidtam's queue, rides out Redis outages, and keeps house."""

from __future__ import annotations

import logging
import os
import time
from types import FrameType

import redis
from rq import Queue, SimpleWorker

from runtime.config import Settings
from runtime.durability import require_durable_redis
from runtime.line import line_client
from runtime.richmenus import ensure_menus_soon
from runtime.services import build_services
from workers.context import WorkerContext, install_context
from workers.dependencies import build_router
from workers.housekeeping import Housekeeper
from workers.jobs import sweep_inboxes

log = logging.getLogger(__name__)
MAX_RECONNECT_DELAY = 30.0
PUMP_LINGER_SECONDS = 5.0  # an idle pump waits this long for work before its job ends


def run_worker(settings: Settings, burst: bool = False) -> None:
    """Run a worker until stopped (or until the queue is empty, in burst mode).

    RQ's loop quits when Redis goes away; this starts it again once Redis answers, so a
    Redis restart never leaves the bot without workers.
    """
    if settings.worker_nice > 0 and not burst:
        os.nice(settings.worker_nice)  # the webhook's quick 200 comes first; work can wait
    services = build_services(settings, blocking=True)
    require_durable_redis(services.redis, settings, "the worker")
    context = WorkerContext(services, line_client(settings),
                            build_router(services),
                            pump_linger_seconds=0.0 if burst else PUMP_LINGER_SECONDS)
    install_context(context)
    ensure_menus_soon(context.gateway, services.redis)  # rich menus per role, once per channel
    queue = Queue(settings.queue_name, connection=services.redis)
    keeper = None if burst else Housekeeper(context).start()
    try:
        while True:
            worker = StoppableWorker([queue], connection=services.redis)
            try:
                # Whatever a crashed worker, a failed hand-over or an earlier version left.
                sweep_inboxes(context, at_start=True)
                log.info("worker %s listening on queue %s", worker.name, settings.queue_name)
                worker.work(burst=burst, logging_level=settings.log_level)
            except redis.RedisError:
                log.warning("worker lost Redis")
            if burst or _stopping(worker):
                return
            if not _wait_for_redis(services.redis, worker):
                return
    finally:
        if keeper is not None:
            keeper.stop()


class StoppableWorker(SimpleWorker):
    """RQ's SimpleWorker that remembers it was asked to stop, busy or idle.

    Every way to stop a worker (SIGTERM, SIGINT, `rq shutdown`) ends in RQ's public
    request_stop signal handler; none of RQ's private fields is read.
    """

    stop_asked = False

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        """Note the request, then stop as RQ does (after the job in hand)."""
        self.stop_asked = True
        super().request_stop(signum, frame)  # type: ignore[no-untyped-call]


def _stopping(worker: StoppableWorker) -> bool:
    """True once the worker was asked to stop (SIGTERM, SIGINT or `rq shutdown`)."""
    return worker.stop_asked


def _wait_for_redis(conn: redis.Redis, worker: StoppableWorker) -> bool:
    """Wait, with backoff, until Redis answers again; False if asked to stop meanwhile."""
    delay = 0.5
    time.sleep(delay)  # never spin, whatever made the loop quit
    while not _stopping(worker):
        try:
            conn.ping()
            log.info("Redis answers again; worker restarting")
            return True
        except (redis.RedisError, OSError):
            log.warning("Redis unreachable; trying again in %.1f s", delay)
            time.sleep(delay)
            delay = min(delay * 2, MAX_RECONNECT_DELAY)
    return False
