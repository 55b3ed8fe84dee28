"""The delivery ledger: record each planned message once, grouped into LINE requests."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from reminders.planner import Send
from storage.models import Delivery, DeliveryRequest
from storage.upsert import insert_ignore

NAMESPACE = uuid.UUID("3b0f5d0e-6a3c-4b7e-9d51-2f6c1e8a4d90")
MAX_MULTICAST = 500
INSERT_BATCH = 2000
KEY_COLUMNS = ["recipient", "kind", "period", "slot"]


def ledger_key(recipient: str, kind: str, period: str, slot: str) -> str:
    """The natural key of one ledger row."""
    return f"{recipient}|{kind}|{period}|{slot}"


def retry_key(key: str) -> str:
    """X-Line-Retry-Key derived from a ledger key (or a group of them): a uuid5."""
    return str(uuid.uuid5(NAMESPACE, key))


def _fresh(session: Session, sends: Sequence[Send], now: datetime) -> dict[str, int]:
    """Insert ledger rows, skipping existing keys; the ids of rows this call inserted, by key."""
    inserted: dict[str, int] = {}
    for i in range(0, len(sends), INSERT_BATCH):
        rows = [{"recipient": s.recipient, "kind": s.kind, "period": s.period, "slot": s.slot,
                 "retry_key": retry_key(ledger_key(s.recipient, s.kind, s.period, s.slot)),
                 "projects": len(s.projects), "created_at": now}
                for s in sends[i:i + INSERT_BATCH]]
        stmt = insert_ignore(session, Delivery, KEY_COLUMNS).returning(
            Delivery.id, Delivery.recipient, Delivery.kind, Delivery.period, Delivery.slot)
        for rid, *key in session.execute(stmt, rows):
            inserted[ledger_key(*key)] = rid
    return inserted


def enqueue(session: Session, sends: Sequence[Send], now: datetime) -> int:
    """Record new sends in the ledger and create their requests; returns requests created."""
    inserted = _fresh(session, sends, now)
    new = [s for s in sends if ledger_key(s.recipient, s.kind, s.period, s.slot) in inserted]
    groups: dict[tuple[str, str], list[Send]] = defaultdict(list)
    for send in new:
        groups[(send.kind, json.dumps(send.messages, sort_keys=True))].append(send)
    links: list[dict[str, int]] = []
    requests = 0
    for (kind, _body), members in groups.items():
        chunks = ([members] if len(members) == 1 else
                  [members[i:i + MAX_MULTICAST] for i in range(0, len(members), MAX_MULTICAST)])
        for chunk in chunks:
            keys = [ledger_key(s.recipient, s.kind, s.period, s.slot) for s in chunk]
            method = "push" if len(chunk) == 1 else "multicast"
            key = retry_key(keys[0] if method == "push" else "multicast|" + "|".join(
                sorted(keys)))
            request = DeliveryRequest(
                retry_key=key, method=method, kind=kind,
                recipients=[s.recipient for s in chunk], messages=chunk[0].messages,
                next_attempt_at=now, created_at=now)
            session.add(request)
            session.flush()
            links += [{"id": inserted[k], "request_id": request.id} for k in keys]
            requests += 1
    if links:
        session.execute(update(Delivery), links)
    return requests
