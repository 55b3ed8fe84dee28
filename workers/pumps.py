"""Drain pumps: jobs that take conversations off the ready list until none is left.

The webhook's accept script puts a conversation on the ready list once (while it is marked
scheduled) and admits a new pump only when fewer than DRAIN_PUMPS are alive, so under load
one RQ job serves many events. A pump holds a lease in a sorted set, renewed with every
conversation it takes; a pump that dies loses its place when the lease runs out, and the
workers' sweep drains whatever it left behind.
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

from core.inbox import IDLE_PUMPS_KEY, PREFIX, PUMPS_KEY, READY_KEY, scheduled_key
from workers.inbox import script as _script

log = logging.getLogger(__name__)

# Take the next ready conversation and renew the pump's lease (the drain's first step then
# shortens the conversation's scheduled flag to a lease).  With none left: when the pump may
# linger, mark it idle (it then waits on the ready list; the webhook admits no new pump for
# what an idle one will take) and return 0; otherwise retire it in the same step, so a
# conversation made ready meanwhile admits a new pump.  ARGV: pump id, lease (ms), linger
# (ms), now (ms, the caller's clock), 1 to renew the lease (the caller does every third of
# it, which also covers an idle wait: linger is shorter than two thirds of a lease).
NEXT_LUA = """
local now, lease, linger = tonumber(ARGV[4]), tonumber(ARGV[2]), tonumber(ARGV[3])
if ARGV[5] == '1' then
  redis.call('ZADD', KEYS[2], 'XX', now + math.max(lease, linger + 1000), ARGV[1])
end
local conversation = redis.call('LPOP', KEYS[1])
if conversation then return conversation end
if linger > 0 then
  redis.call('ZADD', KEYS[3], now + linger + 1000, ARGV[1])
  return 0
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return false
"""

# Retire a pump that has worked long enough; if conversations still wait and there is room,
# admit its successor (returned as 1: the caller queues it).
RETIRE_LUA = """
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if redis.call('LLEN', KEYS[1]) == 0 then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[4])
return 1
"""

# Make conversations ready again (the sweep: retries due, work left by a dead worker) and
# admit a pump on the same terms as the webhook's accept script.
READY_LUA = """
for i = 5, #ARGV do
  redis.call('SET', ARGV[1] .. ARGV[i], '1', 'EX', 120)
  redis.call('RPUSH', KEYS[1], ARGV[i])
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
if redis.call('LLEN', KEYS[1]) > redis.call('ZCARD', KEYS[3])
    and redis.call('ZCARD', KEYS[2]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[4])
  return 1
end
return 0
"""

# The sweep's check that the ready list moves.  A pump that died while it counted as idle
# (or while busy ones are full) would leave a ready conversation waiting, since the webhook
# admits no pump for what an idle one is supposed to take; so when the same conversation
# has stayed first on the ready list since the last sweep, admit a pump whatever the idle
# set says (fewer than the cap permitting).  KEYS: ready, pumps, the head seen last time.
# ARGV: now (ms), cap, lease (ms), pump id.  Returns 1 when the caller must queue the pump.
NUDGE_LUA = """
local head = redis.call('LINDEX', KEYS[1], 0)
if not head then
  redis.call('DEL', KEYS[3])
  return 0
end
local last = redis.call('GET', KEYS[3])
redis.call('SET', KEYS[3], head, 'EX', 3600)
if last ~= head then return 0 end
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCOUNT', KEYS[2], now, '+inf') >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[4])
return 1
"""
HEAD_KEY = f"{PREFIX}:ready:head"

WORK_SECONDS = 20.0  # then hand over to a successor, so RQ's heartbeats and timeouts hold
KEYS = [READY_KEY, PUMPS_KEY, IDLE_PUMPS_KEY]


def pump(conn: redis.Redis, pump_id: str, drain: Callable[[str, str], int], lease_ms: int,
         cap: int, enqueue: Callable[[str], None], linger: float = 0.0,
         work_seconds: float = WORK_SECONDS, threads: int = 1) -> int:
    """Drain ready conversations until none is left (or time is up); return events handled.

    drain(conversation, woken) drains one; woken names this pump when it was idle until now.
    With threads > 1, up to that many conversations are drained at once (each still one
    event at a time, under its lock): while one waits for LINE's answer, others go on.
    With linger > 0 (a long-running worker, not a burst), an idle pump waits that long on
    the ready list before it retires, so a steady trickle of events needs no new RQ jobs.
    """
    take, retire = _script(conn, NEXT_LUA), _script(conn, RETIRE_LUA)
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
            if got == 0:  # idle: wait for the webhook's next ready conversation
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

    def start(self, conversation: str, woken: str) -> None:
        """Drain a conversation in the lane held."""
        if self.pool is None:
            self._run(conversation, woken)
        else:
            self.pool.submit(self._run, conversation, woken)

    def _run(self, conversation: str, woken: str) -> None:
        """Drain one conversation, counting what it handled and keeping what it raised."""
        try:
            handled = self.drain(conversation, woken)
            with self.mutex:
                self.handled += handled
        except BaseException as exc:
            self.errors.append(exc)
            if self.pool is None:
                raise
            log.exception("a drain failed; this pump stops taking conversations")
        finally:
            self.free.release()

    def close(self) -> int:
        """Wait for the drains still running; how many events all of them handled."""
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            if self.errors:
                raise self.errors[0]
        return self.handled


def make_ready(conn: redis.Redis, conversations: list[str], cap: int, lease_ms: int,
               enqueue: Callable[[str], None]) -> None:
    """Put conversations on the ready list and queue a pump if no idle one will take them."""
    if not conversations:
        return
    pump_id = uuid.uuid4().hex
    if _script(conn, READY_LUA)(keys=KEYS, args=[scheduled_key(""), cap, lease_ms, pump_id,
                                                 *conversations]):
        enqueue(pump_id)


def nudge(conn: redis.Redis, cap: int, lease_ms: int, enqueue: Callable[[str], None]) -> bool:
    """Queue a pump when the ready list has not moved since the last sweep; True if queued."""
    pump_id = uuid.uuid4().hex
    if _script(conn, NUDGE_LUA)(keys=[READY_KEY, PUMPS_KEY, HEAD_KEY],
                                args=[int(time.time() * 1000), cap, lease_ms, pump_id]):
        log.warning("the ready list did not move since the last sweep; queued a pump")
        enqueue(pump_id)
        return True
    return False


def live_pumps(conn: redis.Redis) -> int:
    """How many pumps hold a lease now (for health and metrics)."""
    now_ms = time.time() * 1000
    return int(cast(int, conn.zcount(PUMPS_KEY, now_ms, "+inf")))


__all__ = ["PREFIX", "live_pumps", "pump"]
