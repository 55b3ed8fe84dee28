"""End to end: N officers file a full monthly report at once, through the Procfile's processes.

Each officer is a thread that sends a signed webhook, waits for the bot's answer at the
emulator, "reads and types" for a random 4-10 s, and sends the next message, until the report
is confirmed. Latency is the time from just before the webhook POST to the emulator receiving
the answer. Also counted: worker CPU and Redis commands per event, and lost or doubled answers.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, select

from bench.stackproc import SECRET, BenchStack, officer_id
from emulator import sender
from storage.db import make_engine
from storage.models import ProgressReport

WARM_UP = 10  # officers who warm the workers up before the measured ones start
ANSWER_WITHIN = 300.0  # seconds an officer waits for an answer before counting it lost
SCRIPT = ("รายงาน", "จัดกิจกรรมห้องสมุดเคลื่อนที่ 3 ครั้ง มีผู้ร่วม 120 คน", "80",
          "32,200 บาท", "เป็นไปตามแผน", "เป็นไปตามเป้าหมาย", "ข้าม", "ยืนยัน")


@dataclass
class Waiter:
    """One officer's outstanding message: when it was sent and when its answer came."""

    event: threading.Event = field(default_factory=threading.Event)
    sent: float = 0.0
    answered: float = 0.0
    answers: int = 0


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


def run(officers: int, workers: int | None = None, think: tuple[float, float] = (4.0, 10.0),
        ramp: float = 2.0, seed: int = 1,
        on_start: Callable[[BenchStack], None] | None = None) -> Result:
    """Start a stack, let every officer file a report, stop it; return the measurements."""
    waiters: dict[str, Waiter] = {officer_id(i): Waiter() for i in range(officers + WARM_UP)}
    tokens: dict[str, str] = {}
    lock = threading.Lock()

    def on_call(call: dict[str, Any]) -> None:
        body = call["body"] if isinstance(call["body"], dict) else {}
        user = tokens.get(str(body.get("replyToken", "")))  # answers only, not reminders
        waiter = waiters.get(user or "")
        if waiter is None or call["status"] != 200:
            return
        with lock:
            waiter.answers += 1
            if not waiter.event.is_set():
                waiter.answered = call["time"]
                waiter.event.set()

    root = Path(tempfile.mkdtemp(prefix="tidtam-e2e-"))
    stack = BenchStack(root, officers=officers + WARM_UP, worker_processes=workers,
                       on_call=on_call)
    stack.start()
    if on_start is not None:
        on_start(stack)
    latencies: list[float] = []
    samples: list[tuple[int, float, float]] = []
    t0_wall = time.time()
    lost = doubled = 0
    rng = random.Random(seed)
    plans = [[rng.uniform(*think) for _ in SCRIPT] for _ in range(officers)]
    starts = [rng.uniform(0, ramp) for _ in range(officers)]

    def warm_up(i: int) -> None:
        officer(i, ("รายงาน", "ยกเลิก", "ช่วยเหลือ"), 0.0)

    def officer(i: int, script: tuple[str, ...] = SCRIPT, start: float | None = None) -> None:
        nonlocal lost, doubled
        user, http = officer_id(i), requests.Session()
        waiter = waiters[user]
        time.sleep(starts[i] if start is None else start)
        for n, text in enumerate(script):
            event = sender.build_text_event(user, text)
            tokens[event["replyToken"]] = user
            stack.emulator_state.issue_reply_token(event["replyToken"], user)
            raw = sender.encode(sender.webhook_body(event))
            headers = {"Content-Type": "application/json",
                       "X-Line-Signature": sender.sign(raw, SECRET)}
            with lock:
                waiter.event.clear()
                waiter.answers = 0
            waiter.sent = time.time()
            for _ in range(20):  # LINE redelivers on 503; so do we
                try:
                    if http.post(f"{stack.web_url}/callback", data=raw, headers=headers,
                                 timeout=10).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.5)
            if not waiter.event.wait(ANSWER_WITHIN):
                with lock:
                    lost += 1
                return
            latencies.append((waiter.answered - waiter.sent) * 1000)
            samples.append((n, waiter.sent - t0_wall, latencies[-1]))
            time.sleep(plans[i][n] if start is None else 0.05)
            with lock:
                doubled += max(0, waiter.answers - 1)

    # Warm-up (not counted): a few officers beyond the measured ones each start a report and
    # cancel it, so every worker process has its connections and caches ready, as long-running
    # workers have when the 09:00 reminder goes out.
    warm = [threading.Thread(target=warm_up, args=(officers + i,), daemon=True)
            for i in range(WARM_UP)]
    for t in warm:
        t.start()
    for t in warm:
        t.join()
    latencies.clear()
    samples.clear()
    cpu0, cmd0, t0 = stack.cpu(), stack.command_counts(), time.monotonic()
    t0_wall = time.time()
    threads = [threading.Thread(target=officer, args=(i,), daemon=True) for i in range(officers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - t0
    cpu1, cmd1 = stack.cpu(), stack.command_counts()
    by_name = {k: v - cmd0.get(k, 0) for k, v in cmd1.items() if v - cmd0.get(k, 0)}
    engine = make_engine(stack.env["DATABASE_URL"])
    with engine.connect() as conn:
        reports = int(conn.scalar(select(func.count()).select_from(ProgressReport)) or 0)
    engine.dispose()
    stack.stop()
    if os.environ.get("BENCH_SAMPLES"):
        Path(os.environ["BENCH_SAMPLES"]).write_text(json.dumps(samples))
    return Result(officers, latencies, len(latencies), seconds,
                  {k: cpu1.get(k, 0) - cpu0.get(k, 0) for k in cpu1}, sum(by_name.values()),
                  reports, lost, doubled, by_name)


def main() -> None:
    """Run once and print a JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: what the Procfile starts)")
    parser.add_argument("--think", type=float, nargs=2, default=(4.0, 10.0))
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    result = run(args.officers, args.workers, tuple(args.think))
    print(json.dumps(result.summary()))


if __name__ == "__main__":
    main()
