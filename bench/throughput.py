"""Worker throughput: how many events a second 1, 2 or 4 worker processes handle.

The Procfile's processes with the worker count overridden; 2,000 events (status questions
and help from 400 registered officers, 5 each) are posted as fast as the webhook takes them,
far faster than the workers handle them, and the rate is events over the time from the
first POST to the last answer at the fake LINE (bench/fakeline.py, its own process), which
answers at once or, with --line-delay-ms, after LINE's round trip.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from bench.stackproc import SECRET, BenchStack, free_port, officer_id, project_code
from emulator import sender


def run(workers: int, officers: int = 400, each: int = 5, delay_ms: float = 0.0
        ) -> dict[str, Any]:
    """Post officers*each events, wait for every answer; return events/s and CPU.

    delay_ms: how long the fake LINE takes to answer each call (LINE's round trip).
    """
    total = officers * each
    answered: list[float] = []
    done = threading.Event()
    port = free_port()
    fake = subprocess.Popen([sys.executable, "-m", "bench.fakeline", str(port), "--report",
                             "--delay-ms", str(delay_ms)], stdout=subprocess.PIPE)

    def listen() -> None:
        assert fake.stdout is not None
        for line in fake.stdout:
            at, kind, _, status = line.decode().split()
            if kind == "reply" and status == "200":
                answered.append(float(at))
                if len(answered) >= total:
                    done.set()

    threading.Thread(target=listen, daemon=True).start()
    stack = BenchStack(Path(tempfile.mkdtemp(prefix="tidtam-tput-")), officers=officers,
                       worker_processes=workers, line_url=f"http://127.0.0.1:{port}").start()
    plan = []
    for n in range(each):
        for i in range(officers):
            text = f"สถานะ {project_code(i)}" if n % 2 == 0 else "ช่วยเหลือ"
            event = sender.build_text_event(officer_id(i), text)
            raw = sender.encode(sender.webhook_body(event))
            plan.append((raw, {"Content-Type": "application/json",
                               "X-Line-Signature": sender.sign(raw, SECRET)}))
    session = requests.Session()
    cpu0, cmd0 = stack.cpu(), stack.commands()
    t0 = time.time()

    def post(item: tuple[bytes, dict[str, str]]) -> int:
        return session.post(f"{stack.web_url}/callback", data=item[0], headers=item[1],
                            timeout=30).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(post, plan))
    posted = time.time() - t0
    done.wait(300)
    elapsed = (max(answered) if answered else time.time()) - t0
    cpu1, cmd1 = stack.cpu(), stack.commands()
    stack.stop()
    fake.terminate()
    fake.wait()
    return {"workers": workers, "line_delay_ms": delay_ms, "events": total,
            "answered": len(answered), "non_200": sum(1 for s in statuses if s != 200),
            "events_per_s": round(len(answered) / elapsed, 1), "post_seconds": round(posted, 1),
            "worker_cpu_ms_per_event": round((cpu1.get("worker", 0) - cpu0.get("worker", 0))
                                             / max(1, len(answered)) * 1000, 2),
            "redis_commands_per_event": round((cmd1 - cmd0) / max(1, len(answered)), 1)}


def main() -> None:
    """Run for the given worker counts and print JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--line-delay-ms", type=float, default=0.0,
                        help="how long the fake LINE takes to answer each call")
    args = parser.parse_args()
    for w in args.workers:
        print(json.dumps(run(w, delay_ms=args.line_delay_ms)), flush=True)


if __name__ == "__main__":
    main()
