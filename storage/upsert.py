"""INSERT … ON CONFLICT DO NOTHING for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignore(session: Session, model: type[Any] | Table,
                  conflict_columns: list[str]) -> Any:
    """An INSERT into model that silently skips rows clashing on conflict_columns."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing(index_elements=conflict_columns)
    if dialect == "sqlite":
        return sqlite.insert(model).on_conflict_do_nothing(index_elements=conflict_columns)
    raise NotImplementedError(f"insert_ignore does not support {dialect}")
