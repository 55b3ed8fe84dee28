"""The thin webhook edge: verify, deduplicate, hand over to the workers, answer fast."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import uuid
from typing import Any

import redis
from flask import Blueprint, Response, current_app, request
from linebot.v3.webhook import SignatureValidator

from core.inbox import PREFIX, Accepted, accept_args, to_accepted
from runtime.services import Services

log = logging.getLogger(__name__)
blueprint = Blueprint("webhook", __name__)


def _text(body: str, status: int) -> Response:
    """A short plain-text response."""
    return Response(body, status=status, mimetype="text/plain")


def _events_of(body: str) -> list[dict[str, Any]] | None:
    """The events list of a LINE webhook body, or None when it is not one."""
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        return None
    events: list[dict[str, Any]] = payload["events"]
    if not all(isinstance(e, dict) and isinstance(e.get("type"), str) for e in events):
        return None
    return events


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(value: Any) -> Any:
    """The value with lone surrogates (which no UTF-8 store accepts) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


def _accept_each(events: list[dict[str, Any]]) -> list[Accepted]:
    """Wrap every event that can be stored; one odd event never fails the others."""
    accepted = []
    for event in events:
        try:
            accepted.append(to_accepted(_with_id(_clean(event))))
        except (TypeError, ValueError):
            log.warning("webhook: skipped an event that cannot be stored (type=%s)",
                        str(event.get("type"))[:40])
    return accepted


def _with_id(event: dict[str, Any]) -> dict[str, Any]:
    """Make sure an event carries a webhookEventId (derived from its content if LINE gave none)."""
    if not isinstance(event.get("webhookEventId"), str) or not event["webhookEventId"]:
        digest = hashlib.sha256(json.dumps(event, sort_keys=True).encode()).hexdigest()[:26]
        event = {**event, "webhookEventId": f"x{digest}"}
    return event


def hand_over(services: Services, accepted: list[Accepted]) -> None:
    """Store new events in their inboxes (one atomic script), then wake a worker if needed.

    The script marks each conversation scheduled and puts it on the ready list once, and
    admits a new drain pump only when fewer than DRAIN_PUMPS are alive; only then is an RQ
    job queued. Should queuing it fail, the events are already safe in Redis and the
    workers' sweep drains them within seconds, so the answer is still 200.
    """
    settings = services.settings
    pump_id = uuid.uuid4().hex
    args = accept_args(accepted, settings.dedupe_ttl_seconds, settings.drain_pumps,
                       int(settings.lock_lease_seconds * 1000), pump_id, int(time.time() * 1000))
    _, pumped = services.accept(keys=[PREFIX], args=args, client=services.redis)
    if pumped:
        try:
            services.enqueue_pump(pump_id)
        except (redis.RedisError, OSError):
            log.warning("webhook: events stored but no pump queued; the sweep will drain them")


@blueprint.post("/callback")
def callback() -> Response:
    """Receive LINE webhook events."""
    services: Services = current_app.extensions["tidtam"]
    signature = request.headers.get("X-Line-Signature", "")
    raw = request.get_data(cache=False)
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _text("body is not UTF-8", 400)
    if not signature or not SignatureValidator(services.settings.line_channel_secret).validate(
        body, signature
    ):
        log.warning("webhook rejected: %s signature", "missing" if not signature else "invalid")
        return _text("invalid signature", 400)
    events = _events_of(body)
    if events is None:
        log.warning("webhook rejected: body is not a LINE webhook")
        return _text("not a LINE webhook body", 400)
    if not events:
        return _text("OK", 200)
    accepted = _accept_each(events)
    if not accepted:
        return _text("OK", 200)
    try:
        hand_over(services, accepted)
    except (redis.RedisError, OSError):
        log.exception("webhook: could not hand over %d event(s); answering 503", len(events))
        return _text("temporarily unavailable", 503)
    for a in accepted:
        log.info("webhook accepted type=%s id=%s redelivery=%s",
                 a.event_type, a.event_id, a.redelivery)
    return _text("OK", 200)
