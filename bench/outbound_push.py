"""Pushes a second from one process through the outbound client, and replies via the emulator.

A fast stand-in for LINE (bench/fakeline.py: asyncio, answers at once, or after --delay-ms)
runs in its own process. One process then sends per-officer reminder cards (a Flex carousel
of two projects, each card to its own officer with its own retry key):

- through `LineClient.send_all`, unpaced (what the client itself can do) and paced at
  LINE_PUSH_RATE (as a process sends);
- through the reminder ledger, paced (`reminders.delivery.deliver` on SQLite: claim 1,000,
  send them while the next 1,000 are claimed, confirm while those are sent), the path a
  reminder slot takes;
- paced, against a LINE that answers after 50 ms (a real round trip), so that LINE_CONNECTIONS
  calls in flight are what keeps the rate.

Then the LINE emulator (Flask, in a thread) hands out reply tokens in webhook events and the
same client answers each with a reply: every one must arrive.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import insert

from outbound import calls
from outbound.client import LineClient
from outbound.policy import retry_key_for
from reminders.delivery import deliver
from reminders.messages import DueProject, nudge
from reminders.quota import Budget
from runtime.config import Settings
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import DeliveryRequest
from tests.pg import _free_port

ROOT = Path(__file__).resolve().parents[1]
TOKEN, SECRET = "bench-token", "bench-secret"


def card(k: int) -> list[dict[str, Any]]:
    """Officer k's reminder: two of their own projects, a button each."""
    return nudge("ม.ค. 2570", date(2027, 1, 25), date(2027, 1, 28),
                 [DueProject(f"6{k:07d}-0001", f"ห้องสมุดเคลื่อนที่ ระยะที่ {k}"),
                  DueProject(f"6{k:07d}-0002", f"ปรับปรุงทางเท้า ระยะที่ {k}")], "2027-01")


def officer(k: int) -> str:
    """The k-th officer's LINE user id."""
    return f"U{k:032x}"


class FakeLine:
    """bench/fakeline.py in its own process, on a free port."""

    def __init__(self, delay_ms: float = 0.0) -> None:
        self.port = _free_port()
        self.proc = subprocess.Popen([sys.executable, "-m", "bench.fakeline", str(self.port),
                                      "--delay-ms", str(delay_ms)], cwd=ROOT)
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(200):
            try:
                requests.get(self.url, timeout=0.2)
                return
            except requests.RequestException:
                time.sleep(0.05)

    def stop(self) -> None:
        """Stop the process."""
        self.proc.terminate()
        self.proc.wait(timeout=10)


def client(url: str, settings: Settings, rate: float | None = None) -> LineClient:
    """The outbound client as a process builds it, pointed at url."""
    return LineClient.connect(url, TOKEN, settings.line_api_timeout_seconds,
                              settings.line_connections,
                              settings.line_push_rate if rate is None else rate)


def push_rate(line: LineClient, n: int, first: int = 0, chunk: int = 1000) -> dict[str, Any]:
    """Send n cards, `chunk` calls to a send_all, the next chunk's calls built while one is
    with LINE (as the ledger does); pushes a second and the answers' statuses. Bodies are made
    from card JSON made beforehand, as the ledger makes them from the JSON it stores."""
    cards = [json.dumps(card(k), ensure_ascii=False) for k in range(min(n, 1000))]

    def build(start: int) -> list[calls.Call]:
        return [calls.push_raw(officer(k), cards[k % len(cards)], retry_key_for(f"bench|{k}"))
                for k in range(start, min(start + chunk, first + n))]

    statuses: dict[str, int] = {}
    t, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(1) as pool:
        batch = build(first)
        for start in range(first + chunk, first + n + chunk, chunk):
            sending = pool.submit(line.send_all, batch)
            batch = build(start) if start < first + n else []
            for a in sending.result():
                label = a.label if a is not None else "unsent"
                statuses[label] = statuses.get(label, 0) + 1
    return _rate(n, time.perf_counter() - t, time.process_time() - cpu, statuses)


def _rate(n: int, took: float, cpu: float, statuses: dict[str, int]) -> dict[str, Any]:
    """Pushes a second by the clock, and this process's CPU per push (all its threads): on a
    busy machine the second shows what one free core would do."""
    return {"pushes": n, "seconds": round(took, 2), "per_s": round(n / took),
            "cpu_us_per_push": round(1e6 * cpu / max(n, 1)),
            "per_cpu_s": round(n / cpu) if cpu else 0, "statuses": statuses}


def ledger_rate(line: LineClient, n: int, root: Path) -> dict[str, Any]:
    """n per-officer requests in an SQLite ledger, delivered as a reminder tick does."""
    url = f"sqlite:///{root / 'ledger.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    now = datetime.now(UTC)
    with sessions.begin() as session:
        session.execute(insert(DeliveryRequest), [
            {"retry_key": retry_key_for(f"ledger|{k}"), "method": "push", "kind": "nudge",
             "recipients": [officer(k)], "messages": card(k), "attempts": 0, "billed": 0,
             "next_attempt_at": now, "created_at": now} for k in range(n)])
    t, cpu = time.perf_counter(), time.process_time()
    out = deliver(sessions, line.send_all, now, Budget(None, 0, Decimal("0.8")))
    took, cpu = time.perf_counter() - t, time.process_time() - cpu
    engine.dispose()
    return {**_rate(out.sent, took, cpu, out.statuses), "failed": out.failed}


def replies_via_emulator(settings: Settings, n: int) -> dict[str, Any]:
    """n webhook events from the emulator, each answered by reply; how many arrived."""
    from emulator.server import create_emulator_app
    from tests.stack import serve

    app = create_emulator_app(SECRET, "http://127.0.0.1:9/callback", TOKEN)
    with serve(app) as url:
        line = client(url, settings)
        try:
            t = time.perf_counter()
            for k in range(n):
                sent = requests.post(f"{url}/_emulator/send", json={"userId": officer(k),
                                                                    "text": "สถานะ"}, timeout=10)
                event = sent.json()["event"]
                line.reply(event["replyToken"], [{"type": "text", "text": f"ได้รับแล้วค่ะ {k}"}],
                           to=officer(k), key=event["webhookEventId"])
            took = time.perf_counter() - t
            got = sum(len(requests.get(f"{url}/_emulator/messages",
                                       params={"userId": officer(k)}, timeout=10)
                          .json()["messages"]) for k in range(n))
            paths = [c["path"] for c in requests.get(f"{url}/_emulator/calls", timeout=10)
                     .json()["calls"]]
        finally:
            line.close()
    return {"events": n, "answered": got, "replies": paths.count("/v2/bot/message/reply"),
            "pushes": paths.count("/v2/bot/message/push"), "seconds": round(took, 2)}


def run(n: int = 100_000, quick: bool = False) -> dict[str, Any]:
    """Every measurement; a dict for run_all and the table."""
    settings = Settings()
    n = 20_000 if quick else n
    out: dict[str, Any] = {"connections": settings.line_connections,
                           "rate": settings.line_push_rate, "load_before": os.getloadavg()[0]}
    fake = FakeLine()
    try:
        line = client(fake.url, settings, rate=0)
        push_rate(line, 1000, 10_000_000)  # warm: connections open
        out["unpaced"] = push_rate(line, n)
        line.close()
        line = client(fake.url, settings)  # as a process has it: paced at LINE_PUSH_RATE
        push_rate(line, 1000, 10_000_000)
        out["paced"] = push_rate(line, n)
        with tempfile.TemporaryDirectory(prefix="tidtam-outbound-") as tmp:
            out["ledger"] = ledger_rate(line, min(n, 50_000), Path(tmp))
        line.close()
    finally:
        fake.stop()
    slow = FakeLine(delay_ms=50)
    try:
        line = client(slow.url, settings)
        out["slow"] = push_rate(line, min(n, 20_000))
        line.close()
    finally:
        slow.stop()
    out["replies"] = replies_via_emulator(settings, 200)
    out["load_after"] = os.getloadavg()[0]
    return out


def main() -> None:
    """Print the measurements as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=100_000, help="pushes per measurement")
    parser.add_argument("--quick", action="store_true", help="20,000 pushes each")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    print(json.dumps(run(args.n, args.quick), indent=1))


if __name__ == "__main__":
    main()
