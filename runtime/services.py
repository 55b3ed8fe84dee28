"""The clients a process needs, built once in a factory and passed around."""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import redis
from rq import Queue
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from photos.store import PhotoStore
from runtime.config import Settings
from runtime.redis_embed import resolve_redis_url

PUMP_JOB = "workers.jobs.drain_ready"


@dataclass
class Services:
    """Settings plus the Redis connection, job queue and database of one process."""

    settings: Settings
    redis: redis.Redis
    queue: Queue
    engine: Engine
    sessions: sessionmaker[Session]
    # Held around a worker's transaction: SQLite has one writer, and threads that queue on
    # this lock get the database as soon as it is free instead of sleeping in SQLite's busy
    # handler (which backs off up to 100 ms); PostgreSQL needs no turn.
    db_turn: AbstractContextManager[Any] = field(default_factory=nullcontext, repr=False)
    _photos: PhotoStore | None = field(default=None, repr=False)

    @property
    def photos(self) -> PhotoStore:
        """The photo store (PHOTO_STORE), built on first use."""
        if self._photos is None:
            from runtime.photo_store import build_photo_store

            self._photos = build_photo_store(self.settings)
        return self._photos

    def enqueue_pump(self, pump_id: str) -> None:
        """Queue a pump: a job that drains conversations off the ready list until it is empty.

        The accept script admits at most DRAIN_PUMPS live pumps, so under load one RQ job
        serves many events instead of one job per event.
        """
        self.queue.enqueue(
            PUMP_JOB, pump_id, job_id=f"pump-{pump_id}", description="drain ready conversations",
            job_timeout=300, result_ttl=0, failure_ttl=86400,
        )


def connect_redis(settings: Settings, blocking: bool = False) -> redis.Redis:
    """A Redis client; short timeouts unless it is for a worker's blocking pops."""
    url = resolve_redis_url(settings.redis_url, settings.var_dir)
    timeout = None if blocking else 0.5
    return redis.Redis.from_url(
        url, socket_timeout=timeout, socket_connect_timeout=0.5, health_check_interval=30
    )


def build_services(
    settings: Settings, redis_client: redis.Redis | None = None, blocking: bool = False
) -> Services:
    """Build every client of a process from its settings."""
    from storage.db import make_engine, make_session_factory

    conn = redis_client or connect_redis(settings, blocking=blocking)
    engine = make_engine(settings.effective_database_url)
    return Services(
        settings=settings,
        redis=conn,
        queue=Queue(settings.queue_name, connection=conn),
        engine=engine,
        sessions=make_session_factory(engine),
        db_turn=threading.Lock() if engine.dialect.name == "sqlite" else nullcontext(),
    )
