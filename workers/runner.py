"""Start an RQ worker (with the scheduler) that handles tidtam's queue."""

from __future__ import annotations

import logging

from rq import Queue, SimpleWorker

from runtime.config import Settings
from runtime.gateway import LineGateway
from runtime.services import build_services
from workers.context import WorkerContext, install_context
from workers.jobs import sweep
from workers.wiring import build_router

log = logging.getLogger(__name__)


def run_worker(settings: Settings, burst: bool = False) -> None:
    """Run a worker in this process until stopped (or until the queue is empty, in burst mode)."""
    services = build_services(settings, blocking=True)
    install_context(WorkerContext(services, LineGateway.from_settings(settings),
                                  build_router(services)))
    sweep()  # pick up whatever a crashed worker or a failed hand-over left behind
    queue = Queue(settings.queue_name, connection=services.redis)
    worker = SimpleWorker([queue], connection=services.redis)
    log.info("worker %s listening on queue %s", worker.name, settings.queue_name)
    worker.work(with_scheduler=True, burst=burst, logging_level="INFO")
