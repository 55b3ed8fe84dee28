"""The dashboard's overview at BMA size: 10,000 projects and 100,000 reports on PostgreSQL.

Starts a throwaway PostgreSQL cluster (tests/pg.py), loads the data of bench/status_query.py
with COPY (50 agencies × 200 projects, half FY 2570 and half FY 2569, 10 reports each; an
admin of all of BMA and a supervisor of one agency), builds the real web app (bot.app) against
it and the embedded Redis, signs in through a real sign-in link, and times GET requests of the
overview through the WSGI app in this process: server time, from the request entering Flask to
the rendered page, with no network in between. Three ways: "first" (a process that has
computed nothing: every project's months computed), "changed" (one report corrected before each
request: the overview is read and built again, each project's months reused unless its reports
changed) and "warm" (nothing changed: the computed overview is reused after one version
query). Prints p50 / p95 / p99 per view and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.status_query import ADMIN, SUPERVISOR, load
from bot.app import create_app
from handlers import signin
from runtime.config import Settings
from runtime.redis_embed import ensure_embedded_redis, stop_embedded_redis
from storage.migrate import upgrade
from tests.pg import PgCluster
from tests.stack import SECRET, TOKEN

NOW = datetime(2027, 9, 15, 5, 0, tzinfo=UTC)  # FY 2570's last month: August is late
VIEWS = {
    "admin, all 10,000 projects (every year)": (ADMIN, "/dash/?fy=all"),
    "admin, all years, late only": (ADMIN, "/dash/?fy=all&state=late"),
    "admin, all years, most missing first": (ADMIN, "/dash/?fy=all&sort=missing"),
    "admin, FY 2570 (5,000 projects)": (ADMIN, "/dash/?fy=2570"),
    "admin, all years, text search": (ADMIN, "/dash/?fy=all&q=ห้องสมุด"),
    "supervisor, own agency (200 projects)": (SUPERVISOR, "/dash/?fy=all"),
}


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> None:
    """Load, sign in, time each view; print the table and one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=60, help="measured requests per view")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile one request a view")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    root = Path(tempfile.mkdtemp(prefix="tidtam-bench-dash-"))
    cluster = PgCluster().start()
    try:
        url = cluster.create_database("tidtam_bench")
        upgrade(url)
        started = time.perf_counter()
        codes = load({"host": "127.0.0.1", "port": cluster.port, "user": "postgres",
                      "dbname": "tidtam_bench"})
        print(f"loaded {len(codes)} projects, {len(codes) * 10} reports "
              f"in {time.perf_counter() - started:.1f} s")
        redis_url = ensure_embedded_redis(root / "redis")
        results: dict[str, dict[str, dict[str, float]]] = {}
        settings = Settings(line_channel_secret=SECRET, line_channel_access_token=TOKEN,
                            database_url=url, redis_url=redis_url, var_dir=root / "var")
        app = create_app(settings)
        app.config["TIDTAM_CLOCK"] = lambda: NOW
        clients = _signed_in(app, settings)
        if args.profile:
            _profile(app, clients, VIEWS)
            return
        engine = app.extensions["tidtam"].engine
        rng = random.Random(3)

        def forget() -> None:  # a process that never computed anything
            app.extensions.pop("tidtam_dash_cache", None)
            app.extensions.pop("tidtam_dash_months", None)

        def correct_one() -> None:  # someone corrects one report's progress
            with engine.begin() as conn:
                conn.execute(text("UPDATE progress_reports SET progress_percent = :p, "
                                  "revision = revision + 1 WHERE id = :id"),
                             {"p": rng.randrange(1, 99), "id": rng.randrange(1, 100_001)})

        modes = {"first": (forget, "a process that has computed nothing yet (both caches "
                                   "emptied before each request)"),
                 "changed": (correct_one, "one report corrected somewhere before each request "
                                          "(the overview is computed again; each project's "
                                          "months only if its reports changed)"),
                 "warm": (None, "nothing changed since the last request")}
        for mode, (before, words) in modes.items():
            print(f"\n{mode}: {words}")
            results[mode] = {name: _time(clients[user], path, args.warmup, args.n, before)
                             for name, (user, path) in VIEWS.items()}
            for name, r in results[mode].items():
                print(f"  {name:42} p50 {r['p50']:7.1f}  p95 {r['p95']:7.1f}  "
                      f"p99 {r['p99']:7.1f} ms  ({r['bytes']:,.0f} bytes)")
        engine.dispose()
        print(json.dumps({"projects": len(codes), "n": args.n, "results": results,
                          "load_1min": round(os.getloadavg()[0], 1)}, ensure_ascii=False))
    finally:
        stop_embedded_redis(root / "redis")
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def _signed_in(app, settings: Settings) -> dict[str, Any]:
    """A test client per user, signed in through a real sign-in link."""
    clients = {}
    for user in (ADMIN, SUPERVISOR):
        client = app.test_client()
        token = signin.mint(app.extensions["tidtam"].redis, settings.link_key, user, 60)
        assert client.get(f"/dash/signin/{token}").status_code == 303
        clients[user] = client
    return clients


def _time(client, path: str, warmup: int, n: int, before=None) -> dict[str, float]:
    """Milliseconds of n GETs of path (after warmup ones, each after `before`, untimed)."""
    times = []
    for i in range(warmup + n):
        if before is not None:
            before()
        started = time.perf_counter()
        resp = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        assert resp.status_code == 200, resp.status_code
        if i >= warmup:
            times.append(elapsed)
    return {"p50": round(percentile(times, 50), 1), "p95": round(percentile(times, 95), 1),
            "p99": round(percentile(times, 99), 1), "mean": round(statistics.mean(times), 1),
            "bytes": len(resp.get_data())}


def _profile(app, clients, views) -> None:
    """Print where a request of the first two views spends its time when the overview is
    built again but each project's months are known ("changed")."""
    import cProfile
    import pstats

    for name, (user, path) in list(views.items())[:2]:
        clients[user].get(path)
        app.extensions.pop("tidtam_dash_cache", None)
        started = time.perf_counter()
        clients[user].get(path)
        print(f"--- {name}: {(time.perf_counter() - started) * 1000:.0f} ms unprofiled")
        app.extensions.pop("tidtam_dash_cache", None)
        profiler = cProfile.Profile()
        profiler.enable()
        clients[user].get(path)
        profiler.disable()
        print(f"--- {name}")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
