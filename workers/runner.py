"""Start an RQ worker that handles tidtam's queue, with its housekeeping timer."""

from __future__ import annotations

import logging

from rq import Queue, SimpleWorker

from bot.config import Settings
from bot.gateway import LineGateway
from bot.services import build_services
from handlers.wiring import build_router
from workers.context import WorkerContext, install_context
from workers.housekeeping import Housekeeper
from workers.jobs import sweep

log = logging.getLogger(__name__)


def run_worker(settings: Settings, burst: bool = False) -> None:
    """Run a worker in this process until stopped (or until the queue is empty, in burst mode)."""
    services = build_services(settings, blocking=True)
    context = WorkerContext(services, LineGateway.from_settings(settings),
                            build_router(services))
    install_context(context)
    sweep()  # pick up whatever a crashed worker or a failed hand-over left behind
    queue = Queue(settings.queue_name, connection=services.redis)
    worker = SimpleWorker([queue], connection=services.redis)
    log.info("worker %s listening on queue %s", worker.name, settings.queue_name)
    keeper = None if burst else Housekeeper(context).start()
    try:
        worker.work(burst=burst, logging_level="INFO")
    finally:
        if keeper is not None:
            keeper.stop()
