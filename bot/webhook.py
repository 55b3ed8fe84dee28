"""The thin webhook edge: verify, deduplicate, hand over to the workers, answer fast."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from typing import Any

import redis
from flask import Blueprint, Response, current_app, request
from linebot.v3.webhook import SignatureValidator
from werkzeug.exceptions import ClientDisconnected

from core.clean import clean_text
from inbox.contract import Accepted, Pumping, accept, to_accepted
from runtime.services import Services

log = logging.getLogger(__name__)
blueprint = Blueprint("webhook", __name__)


def _text(body: str, status: int) -> Response:
    """A short plain-text response."""
    return Response(body, status=status, mimetype="text/plain")


MAX_DEPTH = 32  # LINE's events nest five or six levels; a deeper body is not LINE's
MAX_EVENT_ID = 64  # the column that remembers handled events


def nesting_depth(body: str, limit: int = MAX_DEPTH) -> int:
    """How deeply a JSON text nests arrays and objects (stops counting past limit); linear."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in body:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def _events_of(body: str) -> list[dict[str, Any]] | None:
    """The events list of a LINE webhook body, or None when it is not one (or nests deeper
    than any LINE body: json and every walk over it would recurse without bound)."""
    if nesting_depth(body) > MAX_DEPTH:
        return None
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


def _clean(value: Any) -> Any:
    """The value with every string (keys too) made storable by clean_text."""
    if isinstance(value, str):
        return clean_text(value)
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
    """Make sure an event carries a storable webhookEventId: LINE's (a 26-character ULID), or
    one derived from what was given (or from the content when nothing was), the same each
    time the same event comes, so duplicates are still recognised."""
    given = event.get("webhookEventId")
    if isinstance(given, str) and given and len(given) <= MAX_EVENT_ID and given.isalnum():
        return event
    seed = given if isinstance(given, str) and given else json.dumps(event, sort_keys=True)
    digest = hashlib.sha256(seed.encode()).hexdigest()[:26]
    return {**event, "webhookEventId": f"x{digest}"}


def hand_over(services: Services, accepted: list[Accepted]) -> None:
    """Store new events in their chats' inboxes (inbox.contract.accept), then wake a worker.

    Accepting marks each chat scheduled and puts it on the ready list once, and admits a new
    drain pump only when fewer than DRAIN_PUMPS are alive; only then is an RQ job queued.
    Should queuing it fail, the events are already safe in Redis and the workers' sweep
    drains them within seconds, so the answer is still 200.
    """
    settings = services.settings
    pump_id = uuid.uuid4().hex
    pumping = Pumping(settings.drain_pumps, int(settings.lock_lease_seconds * 1000))
    _, pumped = accept(services.redis, accepted, settings.dedupe_ttl_seconds, pumping, pump_id)
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
    try:
        raw = request.get_data(cache=False)
    except (OSError, ClientDisconnected):  # no whole body within BODY_READ_TIMEOUT_SECONDS
        log.warning("webhook: request body too slow; answered 408")
        response = _text("request body too slow", 408)
        response.headers["Connection"] = "close"
        return response
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
