"""RQ job entry points (they take ids and primitives, never objects), and the drain pump.

The pump job (drain_ready) takes chats off the ready list until none is left, draining each
with handle_event. The webhook's accept script puts a chat on the ready list once (while it
is marked scheduled) and admits a new pump only when fewer than DRAIN_PUMPS are alive, so
under load one RQ job serves many events. A pump holds a lease in a sorted set, renewed as
it takes chats; a pump that dies loses its place when the lease runs out, and the sweep
(inbox/sweep.py) drains whatever it left behind. RQ queues these jobs by dotted path
(runtime/services.py PUMP_JOB): a rename must keep the old names importable.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

import redis

from inbox.contract import Pumping, drain
from inbox.scripts import IDLE_PUMPS_KEY, NEXT, PUMP_KEYS, READY_KEY, RETIRE, script
from inbox.sweep import sweep
from workers.context import WorkerContext, current_context
from workers.handle import handle_event

log = logging.getLogger(__name__)

WORK_SECONDS = 20.0  # then hand over to a successor, so RQ's heartbeats and timeouts hold


def pumping(ctx: WorkerContext) -> Pumping:
    """The pump cap and lease of this process's settings."""
    settings = ctx.services.settings
    return Pumping(settings.drain_pumps, int(settings.lock_lease_seconds * 1000))


def drain_conversation(conversation: str) -> int:
    """Handle, in order, every event waiting in one chat (jobs an earlier version queued)."""
    ctx = current_context()

    def handle(event: dict[str, Any]) -> None:
        handle_event(ctx, event)

    return drain(ctx.services.redis, conversation, handle,
                 ctx.services.settings.lock_lease_seconds)


def drain_ready(pump_id: str) -> int:
    """A pump: handle ready chats, each in order, until none is left."""
    ctx = current_context()
    settings = ctx.services.settings

    def handle(event: dict[str, Any]) -> None:
        handle_event(ctx, event)

    def drain_one(chat: str, woken: str) -> int:
        return drain(ctx.services.redis, chat, handle, settings.lock_lease_seconds, woken)

    return pump(ctx.services.redis, pump_id, drain_one, int(settings.lock_lease_seconds * 1000),
                settings.drain_pumps, ctx.services.enqueue_pump, ctx.pump_linger_seconds,
                threads=settings.drain_threads)


def sweep_inboxes(ctx: WorkerContext | None = None, at_start: bool = False) -> int:
    """Make ready every chat whose events no live drain will take (inbox/sweep.py)."""
    ctx = ctx or current_context()
    return sweep(ctx.services.redis, pumping(ctx), ctx.services.enqueue_pump, at_start)


def pump(conn: redis.Redis, pump_id: str, drain: Callable[[str, str], int], lease_ms: int,
         cap: int, enqueue: Callable[[str], None], linger: float = 0.0,
         work_seconds: float = WORK_SECONDS, threads: int = 1) -> int:
    """Drain ready chats until none is left (or time is up); return events handled.

    drain(chat, woken) drains one; woken names this pump when it was idle until now.
    With threads > 1, up to that many chats are drained at once (each still one
    event at a time, under its lock): while one waits for LINE's answer, others go on.
    With linger > 0 (a long-running worker, not a burst), an idle pump waits that long on
    the ready list before it retires, so a steady trickle of events needs no new RQ jobs.
    """
    take, retire = script(conn, NEXT), script(conn, RETIRE)
    deadline = time.monotonic() + work_seconds
    done, may_linger, renewed = False, linger > 0, -math.inf
    lanes = _Lanes(drain, threads)
    try:
        while time.monotonic() < deadline and lanes.wait_free():
            renew = time.monotonic() - renewed > lease_ms / 3000
            renewed = time.monotonic() if renew else renewed
            wait_ms = int(linger * 1000) if may_linger else 0
            got = take(keys=PUMP_KEYS, args=[pump_id, lease_ms, wait_ms, int(time.time() * 1000),
                                             int(renew)])
            if got is None:
                done = True
                break
            if got == 0:  # idle: wait for the webhook's next ready chat
                popped = cast(list[bytes] | None, conn.blpop([READY_KEY], timeout=linger))
                may_linger = popped is not None
                if popped is None:
                    conn.zrem(IDLE_PUMPS_KEY, pump_id)
                    lanes.release()
                    continue
                lanes.start(popped[1].decode(), pump_id)  # its first step: no longer idle
                continue
            lanes.start(got.decode() if isinstance(got, bytes) else str(got), "")
    finally:
        try:
            handled = lanes.close()  # raises what a drain raised, once the others are done
        finally:
            if not done:
                successor = uuid.uuid4().hex
                try:
                    if retire(keys=PUMP_KEYS, args=[pump_id, lease_ms, cap, successor]):
                        enqueue(successor)
                except redis.RedisError:
                    pass  # the lease runs out and the sweep drains what waits
    return handled


class _Lanes:
    """Up to `threads` drains at once (in the caller's thread when threads is 1)."""

    def __init__(self, drain: Callable[[str, str], int], threads: int) -> None:
        self.drain, self.threads = drain, max(1, threads)
        self.free = threading.Semaphore(self.threads)
        self.pool = (ThreadPoolExecutor(self.threads, thread_name_prefix="drain")
                     if self.threads > 1 else None)
        self.handled = 0
        self.errors: list[BaseException] = []
        self.mutex = threading.Lock()

    def wait_free(self) -> bool:
        """Wait until a lane is free and hold it; False once a drain has failed."""
        self.free.acquire()
        if self.errors:
            self.free.release()
            return False
        return True

    def release(self) -> None:
        """Give back a lane held but not used."""
        self.free.release()

    def start(self, chat: str, woken: str) -> None:
        """Drain a chat in the lane held."""
        if self.pool is None:
            self._run(chat, woken)
        else:
            self.pool.submit(self._run, chat, woken)

    def _run(self, chat: str, woken: str) -> None:
        """Drain one chat, counting what it handled and keeping what it raised."""
        try:
            handled = self.drain(chat, woken)
            with self.mutex:
                self.handled += handled
        except BaseException as exc:
            self.errors.append(exc)
            if self.pool is None:
                raise
            log.exception("a drain failed; this pump stops taking chats")
        finally:
            self.free.release()

    def close(self) -> int:
        """Wait for the drains still running; how many events all of them handled."""
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            if self.errors:
                raise self.errors[0]
        return self.handled
