"""GET /metrics: the counters every process keeps in Redis, in Prometheus' text format."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import cast

from flask import Blueprint, Response, current_app, request
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from rq import Queue, Worker

from inbox.scripts import DEAD_KEY, METRICS_KEY, READY_KEY, RESEND_KEY
from runtime.services import Services

blueprint = Blueprint("metrics", __name__)
COUNTERS = {
    "events_accepted": "Webhook events accepted into an inbox",
    "events_duplicate": "Webhook events recognised as already accepted (redeliveries)",
    "events_handled": "Events a worker handled",
    "events_failed": "Attempts at an event that failed",
    "events_retried": "Failed events scheduled for another attempt",
    "events_dead_lettered": "Events given up on and moved to the dead-letter list",
    "answers_deferred": "Answers LINE did not take at first (5xx, 429, time-out), sent later",
    "answers_given_up": "Deferred answers given up on (LINE refused them, or 24 h passed)",
}


class RedisCounters:
    """A collector reading the shared counters and queue depths from Redis at scrape time."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def collect(self) -> Iterator[Metric]:
        """Yield every tidtam metric."""
        conn = self.services.redis
        raw = cast(dict[bytes, bytes], conn.hgetall(METRICS_KEY))
        values = {k.decode(): int(v) for k, v in raw.items()}
        for name, doc in COUNTERS.items():
            yield CounterMetricFamily(f"tidtam_{name}", doc, value=values.get(name, 0))
        errors = CounterMetricFamily("tidtam_line_api_errors", "LINE API errors by status",
                                     labels=["status"])
        for key, value in sorted(values.items()):
            if key.startswith("line_errors:"):
                errors.add_metric([key.split(":", 1)[1]], value)
        yield errors
        queue = Queue(self.services.settings.queue_name, connection=conn)
        yield GaugeMetricFamily("tidtam_queue_depth", "Jobs waiting in the queue", len(queue))
        yield GaugeMetricFamily("tidtam_answers_waiting", "Deferred answers waiting to be sent",
                                int(cast(int, conn.zcard(RESEND_KEY))))
        yield GaugeMetricFamily("tidtam_ready_conversations",
                                "Chats with new events waiting for a drain pump",
                                int(cast(int, conn.llen(READY_KEY))))
        yield GaugeMetricFamily("tidtam_dead_letters", "Events in the dead-letter list",
                                int(cast(int, conn.llen(DEAD_KEY))))
        yield GaugeMetricFamily("tidtam_workers", "Worker processes alive",
                                Worker.count(connection=conn))


LOOPBACK = frozenset({"127.0.0.1", "::1"})


def allowed(token: str, authorization: str, remote: str | None, forwarded: bool) -> bool:
    """Who may read the metrics: with METRICS_TOKEN set, whoever sends it as a Bearer token;
    without it, only a client on this host that did not come through a proxy."""
    if token:
        given = authorization.removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    return remote in LOOPBACK and not forwarded


@blueprint.get("/metrics")
def metrics() -> Response:
    """The metrics in Prometheus' text exposition format (404 for those not allowed)."""
    services: Services = current_app.extensions["tidtam"]
    if not allowed(services.settings.metrics_token, request.headers.get("Authorization", ""),
                   request.remote_addr, "X-Forwarded-For" in request.headers):
        return Response("not found", status=404, mimetype="text/plain")
    registry = CollectorRegistry(auto_describe=False)
    registry.register(RedisCounters(current_app.extensions["tidtam"]))
    return Response(generate_latest(registry), mimetype="text/plain; version=0.0.4")
