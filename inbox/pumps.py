"""Drain pumps: jobs that take chats off the ready list until none is left.

The webhook's accept script puts a chat on the ready list once (while it is marked
scheduled) and admits a new pump only when fewer than DRAIN_PUMPS are alive, so under load
one RQ job serves many events. A pump holds a lease in a sorted set, renewed with every
chat it takes; a pump that dies loses its place when the lease runs out, and the
sweep (inbox/sweep.py) drains whatever it left behind.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import cast

import redis

from inbox.scripts import (
    IDLE_PUMPS_KEY,
    NEXT,
    NUDGE,
    PUMPS_KEY,
    READY,
    READY_HEAD_KEY,
    READY_KEY,
    RETIRE,
    SCHEDULED_TTL_SECONDS,
    scheduled_key,
    script,
)

log = logging.getLogger(__name__)

WORK_SECONDS = 20.0  # then hand over to a successor, so RQ's heartbeats and timeouts hold
KEYS = [READY_KEY, PUMPS_KEY, IDLE_PUMPS_KEY]


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
            got = take(keys=KEYS, args=[pump_id, lease_ms, int(linger * 1000) if may_linger else 0,
                                        int(time.time() * 1000), int(renew)])
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
                    if retire(keys=KEYS, args=[pump_id, lease_ms, cap, successor]):
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


def make_ready(conn: redis.Redis, chats: list[str], cap: int, lease_ms: int,
               enqueue: Callable[[str], None]) -> None:
    """Put chats on the ready list and queue a pump if no idle one will take them."""
    if not chats:
        return
    pump_id = uuid.uuid4().hex
    keys = [*KEYS, *(scheduled_key(chat) for chat in chats)]
    if script(conn, READY)(keys=keys, args=[cap, lease_ms, pump_id, SCHEDULED_TTL_SECONDS,
                                            *chats]):
        enqueue(pump_id)


def nudge(conn: redis.Redis, cap: int, lease_ms: int, enqueue: Callable[[str], None]) -> bool:
    """Queue a pump when the ready list has not moved since the last sweep; True if queued."""
    pump_id = uuid.uuid4().hex
    if script(conn, NUDGE)(keys=[READY_KEY, PUMPS_KEY, READY_HEAD_KEY],
                           args=[int(time.time() * 1000), cap, lease_ms, pump_id]):
        log.warning("the ready list did not move since the last sweep; queued a pump")
        enqueue(pump_id)
        return True
    return False


def live_pumps(conn: redis.Redis) -> int:
    """How many pumps hold a lease now (for health and metrics)."""
    now_ms = time.time() * 1000
    return int(cast(int, conn.zcount(PUMPS_KEY, now_ms, "+inf")))
