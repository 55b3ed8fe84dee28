"""The delivery ledger: record each planned message once, grouped into LINE requests."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from outbound import calls
from outbound.policy import retry_key_for
from reminders.planner import Send
from storage.enums import DeliveryStatus
from storage.models import Delivery, DeliveryRequest
from storage.upsert import insert_ignore

MAX_MULTICAST = calls.MAX_MULTICAST
INSERT_BATCH = 2000
KEY_COLUMNS = ["recipient", "kind", "period", "slot"]


def ledger_key(recipient: str, kind: str, period: str, slot: str) -> str:
    """The natural key of one ledger row."""
    return f"{recipient}|{kind}|{period}|{slot}"


def _fresh(session: Session, sends: Sequence[Send], now: datetime) -> dict[str, int]:
    """Insert ledger rows, skipping existing keys; the ids of rows this call inserted, by key.

    The rows are inserted without RETURNING (one prepared statement, executed many times),
    then read back: inside this transaction, a row without a request is one this call made,
    since every committed enqueue links all of its rows.
    """
    if not sends:
        return {}
    slots = {(s.period, s.slot) for s in sends}
    known = set(session.execute(
        select(Delivery.recipient, Delivery.kind, Delivery.period, Delivery.slot)
        .where(Delivery.period.in_({p for p, _ in slots}),
               Delivery.slot.in_({name for _, name in slots}))).all())
    sends = [s for s in sends if (s.recipient, s.kind, s.period, s.slot) not in known]
    table = cast(Table, Delivery.__table__)
    stmt = insert_ignore(session, table, KEY_COLUMNS)
    for i in range(0, len(sends), INSERT_BATCH):
        session.execute(stmt, [
            {"recipient": s.recipient, "kind": s.kind, "period": s.period, "slot": s.slot,
             "retry_key": retry_key_for(ledger_key(s.recipient, s.kind, s.period, s.slot)),
             "projects": len(s.projects), "created_at": now}
            for s in sends[i:i + INSERT_BATCH]])
    rows = session.execute(
        select(Delivery.id, Delivery.recipient, Delivery.kind, Delivery.period, Delivery.slot)
        .where(Delivery.created_at == now, Delivery.request_id.is_(None)))
    return {ledger_key(*key): rid for rid, *key in rows}


def _requests(session: Session, rows: list[dict[str, Any]], now: datetime) -> dict[str, int]:
    """Insert request rows in batches; their ids by retry key."""
    table = cast(Table, DeliveryRequest.__table__)
    for i in range(0, len(rows), INSERT_BATCH):
        session.execute(insert(table), rows[i:i + INSERT_BATCH])
    keys = {row["retry_key"] for row in rows}
    found = session.execute(select(DeliveryRequest.id, DeliveryRequest.retry_key)
                            .where(DeliveryRequest.created_at == now))
    return {key: rid for rid, key in found if key in keys}


def enqueue(session: Session, sends: Sequence[Send], now: datetime) -> int:
    """Record new sends in the ledger and create their requests; returns requests created.

    Sends with the same kind and the same messages share one multicast (at most 500
    recipients); a lone send is a push. Everything is inserted in a few batched statements.
    """
    inserted = _fresh(session, sends, now)
    new = [s for s in sends if ledger_key(s.recipient, s.kind, s.period, s.slot) in inserted]
    groups: dict[tuple[str, str], list[Send]] = defaultdict(list)
    bodies: dict[int, str] = {}  # planned messages are often one shared list: dump it once
    for send in new:
        body = bodies.get(id(send.messages))
        if body is None:
            body = bodies[id(send.messages)] = json.dumps(send.messages, sort_keys=True)
        groups[(send.kind, body)].append(send)
    rows: list[dict[str, Any]] = []
    members: dict[str, list[str]] = {}
    for (kind, _body), group in groups.items():
        chunks = ([group] if len(group) == 1 else
                  [group[i:i + MAX_MULTICAST] for i in range(0, len(group), MAX_MULTICAST)])
        for chunk in chunks:
            keys = [ledger_key(s.recipient, s.kind, s.period, s.slot) for s in chunk]
            method = "push" if len(chunk) == 1 else "multicast"
            key = retry_key_for(keys[0] if method == "push" else "multicast|" + "|".join(
                sorted(keys)))
            rows.append({"retry_key": key, "method": method, "kind": kind,
                         "recipients": [s.recipient for s in chunk],
                         "messages": chunk[0].messages, "status": DeliveryStatus.PENDING,
                         "attempts": 0, "billed": 0, "next_attempt_at": now,
                         "created_at": now})
            members[key] = keys
    ids = _requests(session, rows, now)
    links = [{"b_id": inserted[k], "b_request": ids[key]}
             for key, keys in members.items() for k in keys]
    table = cast(Table, Delivery.__table__)
    link = (update(table).where(table.c.id == bindparam("b_id"))
            .values(request_id=bindparam("b_request")))
    for i in range(0, len(links), INSERT_BATCH):
        session.execute(link, links[i:i + INSERT_BATCH])
    return len(rows)
