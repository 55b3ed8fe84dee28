"""Alembic environment: the URL comes from attributes["url"], -x url=…, or DATABASE_URL."""

from __future__ import annotations

import os
from logging.config import fileConfig
from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import JSON, Enum
from sqlalchemy.types import TypeDecorator

from storage.db import make_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata

if config.config_file_name is not None and config.get_section("loggers") is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    """The database to migrate: attributes["url"], then -x url=…, then DATABASE_URL."""
    url = config.attributes.get("url") or context.get_x_argument(as_dictionary=True).get("url")
    url = url or os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("no database URL: pass -x url=… or set DATABASE_URL")
    return str(url)


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    """Render our column types as plain SQLAlchemy types, so migrations never import models."""
    if type_ != "type":
        return False
    if isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    if isinstance(obj, Enum) and not obj.native_enum:
        return f"sa.String(length={obj.length})"
    if isinstance(obj, JSON) and "postgresql" in getattr(obj, "_variant_mapping", {}):
        autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
        args = "none_as_null=True" if obj.none_as_null else ""
        jsonb = "postgresql.JSONB(astext_type=sa.Text())"
        return f"sa.JSON({args}).with_variant({jsonb}, 'postgresql')"
    return False


def configure_options() -> dict[str, Any]:
    """Options shared by offline and online runs."""
    return {
        "target_metadata": target_metadata,
        "render_as_batch": True,
        "compare_type": True,
        "render_item": render_item,
    }


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it."""
    context.configure(url=database_url(), literal_binds=True, **configure_options())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on a live connection."""
    engine = make_engine(database_url())
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, **configure_options())
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
