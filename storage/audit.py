"""The audit trail: audit() records a change with JSON-safe before/after snapshots."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from storage.models import AuditLog


def _json_default(value: object) -> object:
    """Encode what json cannot: Decimal, dates, times, enums, UUIDs, sets."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"cannot store {type(value).__name__} in the audit log")


def to_jsonable(value: Any) -> Any:
    """value with Decimal, date/datetime, Enum and UUID turned into strings."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=_json_default, ensure_ascii=False))


def snapshot(instance: object) -> dict[str, Any]:
    """The column values of a mapped instance, JSON-safe, for before/after."""
    mapper = inspect(instance).mapper
    values = {attr.key: getattr(instance, attr.key) for attr in mapper.column_attrs}
    result: dict[str, Any] = to_jsonable(values)
    return result


def audit(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    before: Any = None,
    after: Any = None,
) -> AuditLog:
    """Add an audit_log row (the caller commits); entity is the table name."""
    row = AuditLog(
        actor=actor,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        before=to_jsonable(before),
        after=to_jsonable(after),
    )
    session.add(row)
    return row
