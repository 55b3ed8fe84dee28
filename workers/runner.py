"""Start an RQ worker that handles tidtam's queue, rides out Redis outages, and keeps house."""

from __future__ import annotations

import logging
import os
import time

import redis
from rq import Queue, SimpleWorker

from runtime.config import Settings
from runtime.durability import require_durable_redis
from runtime.line import line_client
from runtime.richmenus import ensure_menus_soon
from runtime.services import build_services
from workers.context import WorkerContext, install_context
from workers.housekeeping import Housekeeper
from workers.inbox import adopt_legacy_processing
from workers.jobs import sweep
from workers.wiring import build_router

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
        adopt_legacy_processing(services.redis)  # events an earlier version was handling
    except redis.RedisError:
        log.warning("could not look for an earlier version's interrupted events")
    try:
        while True:
            worker = SimpleWorker([queue], connection=services.redis)
            try:
                sweep()  # pick up whatever a crashed worker or a failed hand-over left behind
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


def _stopping(worker: SimpleWorker) -> bool:
    """True once the worker was asked to stop (SIGTERM or SIGINT), busy or idle."""
    return bool(worker._stop_requested or worker._shutdown_requested_date is not None)


def _wait_for_redis(conn: redis.Redis, worker: SimpleWorker) -> bool:
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
