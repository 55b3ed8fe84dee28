"""End to end: N officers file a full monthly report at once, through the Procfile's processes.

Each officer is an asyncio task that sends a signed webhook, waits for the bot's answer at
the fake LINE (bench/fakeline.py --report, its own process), "reads and types" for a random
4-10 s, and sends the next message, until the report is confirmed. Latency is the time from
just before the webhook POST to the fake LINE receiving the answer. Also counted: CPU and
Redis commands per event, and lost or doubled answers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench.stackproc import SECRET, BenchStack, cpu_of, free_port, officer_id, tree
from emulator import sender
from storage.db import make_engine
from storage.models import ProgressReport

WARM_UP = 10  # officers who warm the workers up before the measured ones start
ANSWER_WITHIN = 300.0  # seconds an officer waits for an answer before counting it lost
SCRIPT = ("รายงาน", "จัดกิจกรรมห้องสมุดเคลื่อนที่ 3 ครั้ง มีผู้ร่วม 120 คน", "80",
          "32,200 บาท", "เป็นไปตามแผน", "เป็นไปตามเป้าหมาย", "ข้าม", "120 คน", "ยืนยัน")


@dataclass
class Result:
    """What one run measured."""

    officers: int
    latencies_ms: list[float]
    events: int
    seconds: float
    cpu: dict[str, float]
    commands: int
    reports: int
    lost: int
    doubled: int
    by_command: dict[str, int] = field(default_factory=dict)

    def pct(self, p: float) -> float:
        """The p-th percentile of the latencies (nearest rank)."""
        xs = sorted(self.latencies_ms)
        return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs)) - 1))] if xs else 0.0

    def summary(self) -> dict[str, Any]:
        """A JSON-able summary."""
        n = max(1, self.events)
        return {"officers": self.officers, "events": self.events,
                "seconds": round(self.seconds, 1),
                "p50": round(self.pct(50), 1), "p95": round(self.pct(95), 1),
                "p99": round(self.pct(99), 1), "max": round(max(self.latencies_ms or [0]), 1),
                "worker_cpu_ms_per_event": round(self.cpu.get("worker", 0) / n * 1000, 2),
                "web_cpu_ms_per_event": round(self.cpu.get("web", 0) / n * 1000, 2),
                "redis_cpu_ms_per_event": round(self.cpu.get("redis", 0) / n * 1000, 2),
                "harness_cpu_ms_per_event": round(self.cpu.get("harness", 0) / n * 1000, 2),
                "redis_commands_per_event": round(self.commands / n, 1),
                "reports": self.reports, "lost": self.lost, "doubled": self.doubled,
                "commands_per_event": {k: round(v / n, 2) for k, v in sorted(
                    self.by_command.items(), key=lambda kv: -kv[1])}}


@dataclass
class Officer:
    """One officer's outstanding message: when it was sent, and the answers it got."""

    sent: float = 0.0
    answered: float = 0.0
    answers: int = 0
    done: asyncio.Event = field(default_factory=asyncio.Event)


async def _post(host: str, port: int, raw: bytes, signature: str) -> int:
    """POST a signed webhook body as LINE does (a new connection each time); the status."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(b"POST /callback HTTP/1.1\r\nHost: %s:%d\r\n"
                     b"Content-Type: application/json\r\nX-Line-Signature: %s\r\n"
                     b"Content-Length: %d\r\nConnection: close\r\n\r\n%s"
                     % (host.encode(), port, signature.encode(), len(raw), raw))
        await writer.drain()
        return int((await reader.readline()).split()[1])
    finally:
        writer.close()


class Harness:
    """The officers (asyncio tasks in this process) and the LINE stand-in (another process).

    Both are light on purpose: on this machine they share the two cores with the bot, and
    LINE's own servers cost the bot nothing.
    """

    def __init__(self, stack: BenchStack, fake: asyncio.subprocess.Process) -> None:
        self.stack, self.fake = stack, fake
        self.by_token: dict[str, Officer] = {}
        self.by_user: dict[str, Officer] = {}
        self.lost = self.doubled = 0
        self.latencies: list[float] = []
        self.samples: list[tuple[int, float, float]] = []
        self.t0 = time.time()

    async def listen(self) -> None:
        """Read the fake LINE's report of each answer as it arrives."""
        assert self.fake.stdout is not None
        while line := await self.fake.stdout.readline():
            at, kind, who, status = line.decode().split()
            officer = (self.by_token if kind == "reply" else self.by_user).get(who)
            if officer is None or status != "200":
                continue
            officer.answers += 1
            if not officer.done.is_set():
                officer.answered = float(at)
                officer.done.set()

    async def officer(self, i: int, script: tuple[str, ...], start: float,
                      thinks: list[float], counted: bool = True) -> None:
        """Send each message after the answer to the one before, and time the answers."""
        user, state = officer_id(i), Officer()
        self.by_user[user] = state
        host, port = "127.0.0.1", int(self.stack.web_url.rsplit(":", 1)[1])
        await asyncio.sleep(start)
        for n, text in enumerate(script):
            event = sender.build_text_event(user, text)
            self.by_token[event["replyToken"]] = state
            raw = sender.encode(sender.webhook_body(event))
            signature = sender.sign(raw, SECRET)
            state.done.clear()
            state.answers = 0
            state.sent = time.time()
            for _ in range(20):  # LINE redelivers on 503; so do we
                with contextlib.suppress(OSError, ValueError, IndexError):
                    if await _post(host, port, raw, signature) == 200:
                        break
                await asyncio.sleep(0.5)
            try:
                await asyncio.wait_for(state.done.wait(), ANSWER_WITHIN)
            except TimeoutError:
                self.lost += 1
                return
            if counted:
                self.latencies.append((state.answered - state.sent) * 1000)
                self.samples.append((n, state.sent - self.t0, self.latencies[-1]))
            await asyncio.sleep(thinks[n])
            if counted:
                self.doubled += max(0, state.answers - 1)


async def _run(stack: BenchStack, fake: asyncio.subprocess.Process, officers: int,
               plans: list[list[float]], starts: list[float],
               measure: Callable[[], tuple[dict[str, float], dict[str, int]]]
               ) -> tuple[Harness, float, dict[str, float], dict[str, int]]:
    """Warm up, then let every officer file a report; measurements around the second part."""
    harness = Harness(stack, fake)
    listener = asyncio.create_task(harness.listen())
    # Warm-up (not counted): a few officers beyond the measured ones each start a report and
    # cancel it, so every worker process has its connections and caches ready, as long-running
    # workers have when the 09:00 reminder goes out.
    await asyncio.gather(*(harness.officer(officers + i, ("รายงาน", "ยกเลิก", "ช่วยเหลือ"), 0.0,
                                           [0.05] * 3, counted=False)
                           for i in range(WARM_UP)))
    before, t0 = measure(), time.monotonic()
    harness.t0 = time.time()
    await asyncio.gather(*(harness.officer(i, SCRIPT, starts[i], plans[i])
                           for i in range(officers)))
    seconds = time.monotonic() - t0
    after = measure()
    listener.cancel()
    cpu = {k: after[0].get(k, 0) - before[0].get(k, 0) for k in after[0]}
    commands = {k: v - before[1].get(k, 0) for k, v in after[1].items()
                if v - before[1].get(k, 0)}
    return harness, seconds, cpu, commands


def run(officers: int, workers: int | None = None, think: tuple[float, float] = (4.0, 10.0),
        ramp: float = 2.0, seed: int = 1,
        on_start: Callable[[BenchStack], None] | None = None) -> Result:
    """Start a stack, let every officer file a report, stop it; return the measurements."""
    line_port = free_port()
    root = Path(tempfile.mkdtemp(prefix="tidtam-e2e-"))
    stack = BenchStack(root, officers=officers + WARM_UP, worker_processes=workers,
                       line_url=f"http://127.0.0.1:{line_port}")
    rng = random.Random(seed)
    plans = [[rng.uniform(*think) for _ in SCRIPT] for _ in range(officers)]
    starts = [rng.uniform(0, ramp) for _ in range(officers)]

    fake_pid = 0

    def measure() -> tuple[dict[str, float], dict[str, int]]:
        cpu = stack.cpu()
        cpu["harness"] = time.process_time() + fake_cpu()
        return cpu, stack.command_counts()

    async def main() -> tuple[Harness, float, dict[str, float], dict[str, int]]:
        nonlocal fake_pid
        fake = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.fakeline", str(line_port), "--report",
            stdout=asyncio.subprocess.PIPE)
        fake_pid = fake.pid
        try:
            await asyncio.to_thread(stack.start)
            if on_start is not None:
                on_start(stack)
            return await _run(stack, fake, officers, plans, starts, measure)
        finally:
            fake.terminate()
            await fake.wait()

    def fake_cpu() -> float:
        return sum(cpu_of(pid) for pid in tree(fake_pid)) if fake_pid else 0.0

    try:
        harness, seconds, cpu, commands = asyncio.run(main())
    finally:
        reports = _reports(stack)
        stack.stop()
    if os.environ.get("BENCH_SAMPLES"):
        Path(os.environ["BENCH_SAMPLES"]).write_text(json.dumps(harness.samples))
    return Result(officers, harness.latencies, len(harness.latencies), seconds, cpu,
                  sum(commands.values()), reports, harness.lost, harness.doubled, commands)


def _reports(stack: BenchStack) -> int:
    """How many progress reports the database holds."""
    if not stack.env:
        return 0
    engine = make_engine(stack.env["DATABASE_URL"])
    with engine.connect() as conn:
        reports = int(conn.scalar(select(func.count()).select_from(ProgressReport)) or 0)
    engine.dispose()
    return reports


def main() -> None:
    """Run once and print a JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: what the Procfile starts)")
    parser.add_argument("--think", type=float, nargs=2, default=(4.0, 10.0))
    parser.add_argument("--ramp", type=float, default=2.0,
                        help="seconds over which the officers send their first message")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    result = run(args.officers, args.workers, tuple(args.think), args.ramp)
    print(json.dumps(result.summary()))


if __name__ == "__main__":
    main()
