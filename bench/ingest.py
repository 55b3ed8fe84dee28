"""Webhook ingest: tidtam (the Procfile's processes, workers running) against the SDK echo bot.

wrk posts distinct pre-signed webhook bodies (one text message each, from 1,000 users) at 8,
32 and 64 connections; both bots answer LINE through bench/fakeline.py, which is never the
bottleneck. Rounds alternate which bot goes first (A/B interleaved); medians are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

from bench.stackproc import SECRET, TOKEN, BenchStack, free_port
from emulator import sender

HERE = Path(__file__).resolve().parent
CONCURRENCY = (8, 32, 64)


def bodies(path: Path, count: int, seed: int) -> None:
    """Write count signed webhook bodies (signature TAB body per line)."""
    with path.open("w") as out:
        for n in range(count):
            user = f"U{(seed * 7919 + n) % 1000:032x}"
            event = sender.build_text_event(user, "ช่วยเหลือ" if n % 2 else "สถานะ 50470000-3430")
            raw = json.dumps(sender.webhook_body(event), separators=(",", ":")).encode()
            out.write(f"{sender.sign(raw, SECRET)}\t{raw.decode()}\n")


def wrk(url: str, connections: int, seconds: int, body_file: Path) -> dict[str, float]:
    """Run wrk once; requests/s, latency percentiles (ms) and non-2xx answers."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
         "-s", str(HERE / "wrk_signed.lua"), f"{url}/callback", "--", str(body_file), "2"],
        capture_output=True, text=True, check=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result = {"rps": float(rps.group(1)) if rps else 0.0,
              "errors": float(errors.group(1)) if errors else 0.0}
    for pct, value, unit in re.findall(r"\s(50|90|99)%\s+([\d.]+)(us|ms|s)\b", out):
        result[f"p{pct}"] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return result


def _wait(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


class Echo:
    """The echo bot under gunicorn with tidtam's settings (2 workers, timeout 30)."""

    def __init__(self, line_url: str) -> None:
        self.port = free_port()
        env = {**os.environ, "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
               "LINE_API_BASE_URL": line_url}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}", "--workers",
             "2", "--timeout", "30", "bench.echo_bot:app"], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}"
        _wait(self.url)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


class Tidtam:
    """tidtam as the Procfile starts it, answering LINE through the fake."""

    def __init__(self, line_url: str, root: Path) -> None:
        self.stack = BenchStack(root, line_url=line_url).start()
        self.url = self.stack.web_url

    def stop(self) -> None:
        self.stack.stop()


def run(rounds: int, seconds: int, concurrency: tuple[int, ...] = CONCURRENCY) -> dict[str, Any]:
    """Alternate echo and tidtam for a number of rounds; return every measurement."""
    root = Path(tempfile.mkdtemp(prefix="tidtam-ingest-"))
    fake_port = free_port()
    fake = subprocess.Popen([sys.executable, "-m", "bench.fakeline", str(fake_port)])
    line_url = f"http://127.0.0.1:{fake_port}"
    results: dict[str, dict[int, list[dict[str, float]]]] = {
        "echo": {c: [] for c in concurrency}, "tidtam": {c: [] for c in concurrency}}
    try:
        time.sleep(0.5)
        for r in range(rounds):
            order = ["echo", "tidtam"] if r % 2 == 0 else ["tidtam", "echo"]
            for name in order:
                target: Echo | Tidtam = (Echo(line_url) if name == "echo"
                                         else Tidtam(line_url, root / f"{name}{r}"))
                try:
                    for c in concurrency:
                        body_file = root / f"bodies-{r}-{name}-{c}.txt"
                        bodies(body_file, 1200 * seconds, seed=r * 100 + c)
                        results[name][c].append(wrk(target.url, c, seconds, body_file))
                        print(name, c, results[name][c][-1], flush=True)
                finally:
                    target.stop()
    finally:
        fake.terminate()
        shutil.rmtree(root, ignore_errors=True)
    return {"rounds": rounds, "seconds": seconds, "results": results,
            "median": {name: {c: {k: statistics.median(x[k] for x in runs)
                                  for k in runs[0]} for c, runs in by_c.items()}
                       for name, by_c in results.items()}}


def main() -> None:
    """Run and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    args = parser.parse_args()
    print(json.dumps(run(args.rounds, args.seconds)["median"]))


if __name__ == "__main__":
    main()
