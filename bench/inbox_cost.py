"""What delivery alone costs per event: Redis commands, round trips and CPU (no handler work).

Events from `chats` users are accepted one webhook each (inbox.contract.accept), then drained
by the bot's own pump and drain with a handler that does nothing, against the embedded Redis.
Counted: commands Redis executed (INFO commandstats, those inside scripts too), commands sent
by clients (MONITOR lines not run by a script), Redis's CPU (INFO cpu) and this process's CPU.

`--design streams` runs a prototype of the same guarantees on Redis streams (one stream and
consumer group per chat, XAUTOCLAIM for what a dead consumer held, plain commands and WATCH
instead of scripts; the ready list and pumps are kept, since streams have no per-chat
scheduling) to decide between them (docs/DECISIONS.md). The bot does not use it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import redis

from inbox.contract import Pumping, accept, drain, to_accepted
from inbox.scripts import READY_KEY, scheduled_key
from runtime.redis_embed import ensure_embedded_redis, stop_embedded_redis
from workers.jobs import pump


class Monitor:
    """Counts the commands clients send (MONITOR lines), apart from those scripts run."""

    def __init__(self, url: str) -> None:
        self.conn = redis.Redis.from_url(url)
        self.sent = self.in_scripts = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with self.conn.monitor() as mon:  # type: ignore[no-untyped-call]
            for line in mon.listen():
                command = str(line.get("command", ""))
                if command.startswith("PING") or self.stopped.is_set():
                    if self.stopped.is_set():
                        return
                    continue
                if str(line.get("client_type", "")) == "lua":
                    self.in_scripts += 1
                else:
                    self.sent += 1


def _stats(conn: redis.Redis) -> tuple[int, float]:
    """(commands executed so far, Redis CPU seconds so far)."""
    commands = cast(dict[str, dict[str, Any]], conn.info("commandstats"))
    cpu = cast(dict[str, float], conn.info("cpu"))
    calls = sum(int(v["calls"]) for k, v in commands.items()
                if k not in ("cmdstat_info", "cmdstat_monitor", "cmdstat_ping"))
    return calls, float(cpu["used_cpu_user"]) + float(cpu["used_cpu_sys"])


def _event(n: int, chats: int) -> dict[str, Any]:
    return {"webhookEventId": f"e{n:08d}", "type": "message", "timestamp": n,
            "source": {"type": "user", "userId": f"U{n % chats:032d}"},
            "message": {"type": "text", "text": f"m{n}"}}


def scripts_design(conn: redis.Redis, events: list[dict[str, Any]],
                   trickle: bool) -> int:
    """The bot's design: accept each event, then pumps drain every ready chat."""
    pumping = Pumping(cap=4, lease_ms=15000)
    handled = 0

    def drain_one(chat: str, woken: str) -> int:
        return drain(conn, chat, lambda e: None, woken=woken)

    def run_pump(pump_id: str) -> None:
        nonlocal handled
        handled += pump(conn, pump_id, drain_one, pumping.lease_ms, pumping.cap, queued.append)

    queued: list[str] = []
    for ev in events:
        pump_id = uuid.uuid4().hex
        if accept(conn, [to_accepted(ev)], 3600, pumping, pump_id)[1]:
            queued.append(pump_id)
        if trickle:
            while queued:
                run_pump(queued.pop(0))
    while queued:
        run_pump(queued.pop(0))
    return handled


def streams_design(conn: redis.Redis, events: list[dict[str, Any]], trickle: bool) -> int:
    """A prototype on streams: dedupe, XADD, the ready list; XAUTOCLAIM/XREADGROUP, XACK."""
    me = "c1"
    handled = 0

    def accept_one(ev: dict[str, Any]) -> None:
        chat = f"user-{ev['source']['userId']}"
        if not conn.set(f"s:seen:{ev['webhookEventId']}", 1, nx=True, ex=3600):
            return
        with conn.pipeline() as pipe:
            pipe.xadd(f"s:stream:{chat}", {"e": json.dumps(ev)})
            pipe.set(scheduled_key(chat), 1, nx=True, ex=120)
            _, scheduled = pipe.execute()
        if scheduled:
            conn.rpush(READY_KEY, chat)

    def drain_chat(chat: str) -> int:
        stream, lock, done = f"s:stream:{chat}", f"s:lock:{chat}", 0
        if not conn.set(lock, me, nx=True, px=15000):
            return 0
        with contextlib.suppress(redis.ResponseError):  # the group exists
            conn.xgroup_create(stream, "g", id="0", mkstream=True)
        while True:
            claimed = cast(list[Any], conn.xautoclaim(stream, "g", me, 15000, "0-0", count=1))
            entries = claimed[1] or []
            if not entries:
                read = cast(list[Any], conn.xreadgroup("g", me, {stream: ">"}, count=1))
                entries = read[0][1] if read else []
            if not entries:
                # Unschedule only if nothing came meanwhile (WATCH: no script).
                with conn.pipeline() as pipe:
                    try:
                        pipe.watch(stream)  # type: ignore[no-untyped-call]
                        if pipe.xlen(stream):
                            pipe.reset()
                            continue
                        pipe.multi()
                        pipe.delete(scheduled_key(chat), lock)
                        pipe.execute()
                        return done
                    except redis.WatchError:
                        continue
            entry_id = entries[0][0]
            with conn.pipeline() as pipe:
                pipe.xack(stream, "g", entry_id)
                pipe.xdel(stream, entry_id)
                pipe.pexpire(lock, 15000)
                pipe.execute()
            done += 1

    def run() -> None:
        nonlocal handled
        while (chat := cast(bytes | None, conn.lpop(READY_KEY))) is not None:
            handled += drain_chat(chat.decode())

    for ev in events:
        accept_one(ev)
        if trickle:
            run()
    run()
    return handled


DESIGNS: dict[str, Callable[[redis.Redis, list[dict[str, Any]], bool], int]] = {
    "scripts": scripts_design, "streams": streams_design}


def measure(design: str, n: int, chats: int, trickle: bool, watch: bool) -> dict[str, float]:
    """Run one design over n events in a fresh embedded Redis; the costs per event.

    watch: count the commands sent with MONITOR (which costs CPU on both sides, so the CPU
    figures come from a run without it).
    """
    with tempfile.TemporaryDirectory() as var:
        url = ensure_embedded_redis(Path(var))
        conn = redis.Redis.from_url(url)
        try:
            events = [_event(i, chats) for i in range(n)]
            monitor = Monitor(url)
            if watch:
                monitor.thread.start()
                time.sleep(0.2)
            calls0, rcpu0 = _stats(conn)
            cpu0 = time.process_time()
            handled = DESIGNS[design](conn, events, trickle)
            cpu = time.process_time() - cpu0
            calls, rcpu = _stats(conn)
            if watch:
                time.sleep(0.3)
                monitor.stopped.set()
                conn.ping()
                monitor.thread.join(2)
            assert handled == n, f"{design}: handled {handled} of {n}"
            return {"commands": (calls - calls0) / n, "sent": monitor.sent / n,
                    "in_scripts": monitor.in_scripts / n,
                    "redis_cpu_us": (rcpu - rcpu0) / n * 1e6, "client_cpu_us": cpu / n * 1e6}
        finally:
            stop_embedded_redis(Path(var))


def main() -> None:
    """Print the costs per event for each design, batch and trickle."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--design", choices=[*DESIGNS, "both"], default="both")
    args = parser.parse_args()
    for design in DESIGNS if args.design == "both" else [args.design]:
        for trickle in (False, True):
            counted = measure(design, args.n, args.chats, trickle, watch=True)
            r = {**measure(design, args.n, args.chats, trickle, watch=False),
                 "sent": counted["sent"], "in_scripts": counted["in_scripts"]}
            print(f"{design:8} {'trickle' if trickle else 'burst':8} "
                  f"commands {r['commands']:5.1f}  sent {r['sent']:5.1f}  "
                  f"in scripts {r['in_scripts']:5.1f}  redis CPU {r['redis_cpu_us']:6.1f} µs  "
                  f"client CPU {r['client_cpu_us']:6.1f} µs")


if __name__ == "__main__":
    main()
