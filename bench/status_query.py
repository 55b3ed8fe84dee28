"""Status-query latency on PostgreSQL with 10,000 projects and 100,000 reports.

Starts a throwaway PostgreSQL cluster, migrates it, bulk-loads the data with COPY, runs the
real pipeline (web app and LINE emulator in threads, a real `tidtam worker` process, Redis)
and measures, per query, the time from the webhook POST to the emulator receiving the reply.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import psycopg
import requests
from flask import Flask

from core.periods import fiscal_year_end, fiscal_year_start
from emulator import sender
from runtime.redis_embed import ensure_embedded_redis, stop_embedded_redis
from storage.migrate import upgrade
from tests.pg import PgCluster
from tests.stack import SECRET, TOKEN, make_stack

AGENCIES, PER_AGENCY, REPORTS_EACH = 50, 200, 10
THEMES = ["ห้องสมุดเคลื่อนที่", "ปรับปรุงทางเท้า", "คลองสวยน้ำใส", "ลานกีฬาชุมชน",
          "ศูนย์ผู้สูงอายุ", "ตลาดนัดชุมชน", "สวนสาธารณะขนาดเล็ก", "พัฒนาโรงเรียน",
          "Co-working Space", "ป้องกันน้ำท่วม", "คัดแยกขยะ", "อบรมอาสาสมัคร"]
PLACES = ["บางนา", "ทุ่งครุ", "พระนคร", "ลาดพร้าว", "บางเขน", "ดินแดง", "ห้วยขวาง",
          "จตุจักร", "บางกะปิ", "สาทร"]
ADMIN, SUPERVISOR, OFFICER = "U" + "a1" * 16, "U" + "b2" * 16, "U" + "c3" * 16
FORMS = ("code", "officer", "prefixed", "thai digits", "no hyphen", "name", "name, many",
         "name, typo", "sup")
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def agency_code(i: int) -> str:
    """The i-th synthetic agency code (8 digits)."""
    return f"5{i:03d}0000"


def project_name(a: int, n: int) -> str:
    """A unique, Thai-looking project name."""
    theme, phase = THEMES[n % len(THEMES)], n // len(THEMES) + 1
    return f"{theme} ระยะที่ {phase} หน่วยที่ {a + 1} เขต{PLACES[a % len(PLACES)]}"


def load(conninfo: dict[str, object]) -> list[str]:
    """Bulk-load agencies, projects, reports and three users; return the project codes."""
    now = datetime.now(UTC)
    codes = []
    rng = random.Random(7)
    with psycopg.connect(**conninfo) as conn, conn.cursor() as cur:  # type: ignore[arg-type]
        with cur.copy("COPY agencies (id, code, name, created_at) FROM STDIN") as cp:
            for a in range(AGENCIES):
                cp.write_row((a + 1, agency_code(a), f"สำนักงานเขตทดสอบ {a + 1}", now))
        with cur.copy("COPY projects (id, code, agency_id, name, fiscal_year, start_date, "
                      "end_date, budget_received, responsible_name, responsible_phone, "
                      "source, created_at, updated_at) FROM STDIN") as cp:
            pid = 0
            for a in range(AGENCIES):
                for n in range(PER_AGENCY):
                    pid += 1
                    fy = 2570 if n % 2 == 0 else 2569
                    code = f"{agency_code(a)}-{n + 1:04d}"
                    codes.append(code)
                    cp.write_row((pid, code, a + 1, project_name(a, n), fy,
                                  fiscal_year_start(fy), fiscal_year_end(fy),
                                  rng.randrange(0, 5_000_000), "นางสาวทดสอบ ระบบ",
                                  "02 000 0000", "import", now, now))
        with cur.copy("COPY progress_reports (project_id, number, revision, report_date, "
                      "period, detail, progress_percent, budget_disbursed, on_plan, "
                      "on_target, source, submitted_at) FROM STDIN") as cp:
            for p in range(1, pid + 1):
                fy = 2570 if (p - 1) % PER_AGENCY % 2 == 0 else 2569
                start = date(fy - 544, 10, 20)
                for k in range(REPORTS_EACH):
                    day = start + timedelta(days=30 * k)
                    cp.write_row((p, k + 1, 1, day, day.replace(day=1),
                                  f"ดำเนินการตามแผนงานเดือนที่ {k + 1}",
                                  min(10 * (k + 1), 100), 1000 * k, k % 4 != 3, True,
                                  "import", now))
        cur.execute("INSERT INTO line_users (line_user_id, role, created_at) VALUES "
                    "(%s, 'admin', %s), (%s, 'supervisor', %s), (%s, 'officer', %s)",
                    (ADMIN, now, SUPERVISOR, now, OFFICER, now))
        cur.execute("INSERT INTO assignments (line_user_id, role, agency_id, created_at) "
                    "VALUES (%s, 'supervisor', 1, %s)", (SUPERVISOR, now))
        cur.execute("INSERT INTO assignments (line_user_id, role, everywhere, created_at) "
                    "VALUES (%s, 'admin', true, %s)", (ADMIN, now))
        cur.execute("INSERT INTO assignments (line_user_id, role, project_id, created_at) "
                    "VALUES (%s, 'officer', 1, %s), (%s, 'officer', 2, %s)",
                    (OFFICER, now, OFFICER, now))
        for table in ("agencies", "projects", "progress_reports"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                        f"(SELECT max(id) FROM {table}))")
        conn.commit()
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE")
    return codes


def queries(codes: list[str], count: int) -> list[tuple[str, str, str]]:
    """(form, user, text) for count status queries in a fixed mix of forms and users."""
    rng = random.Random(42)
    out = []
    for i in range(count):
        form = FORMS[i % len(FORMS)]
        a, n = rng.randrange(AGENCIES), rng.randrange(PER_AGENCY)
        code = f"{agency_code(a)}-{n + 1:04d}"
        text = {
            "code": code, "prefixed": f"สถานะโครงการ {code}",
            "thai digits": f"สถานะ {code.translate(THAI)}", "no hyphen": code.replace("-", ""),
            "name": f"สถานะ {project_name(a, n)}", "name, many": f"สถานะ {THEMES[n % 12]}",
            "name, typo": f"สถานะ {project_name(a, n).replace('ระยะที่', 'ระยทะี่')}",
            "officer": f"สถานะ {codes[rng.randrange(2)]}",
            "sup": f"สถานะ {codes[rng.randrange(PER_AGENCY)]}",
        }[form]
        user = OFFICER if form == "officer" else SUPERVISOR if form == "sup" else ADMIN
        out.append((form, user, text))
    return out


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> None:
    """Run the benchmark and print p50/p95/p99."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=400, help="measured queries (default 400)")
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    root = Path(tempfile.mkdtemp(prefix="tidtam-bench-"))
    cluster = PgCluster().start()
    worker = None
    stack = None
    try:
        url = cluster.create_database("tidtam_bench")
        upgrade(url)
        t = time.perf_counter()
        codes = load({"host": "127.0.0.1", "port": cluster.port, "user": "postgres",
                      "dbname": "tidtam_bench"})
        print(f"loaded {len(codes)} projects, {len(codes) * REPORTS_EACH} reports "
              f"in {time.perf_counter() - t:.1f} s")
        redis_url = ensure_embedded_redis(root / "redis")
        stack = make_stack(root, redis_url, url)
        emulator_app = cast(Flask, stack.servers[1].server.app)
        state = emulator_app.extensions["line_emulator"]
        env = {**os.environ, "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
               "LINE_API_BASE_URL": stack.emulator_url, "REDIS_URL": redis_url,
               "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "VAR_DIR": str(root / "var")}
        log = (root / "worker.log").open("w")
        worker = subprocess.Popen([sys.executable, "-m", "cli", "worker"], env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
        results = run(stack.bot_url, state, queries(codes, args.n + args.warmup), args.warmup)
        report(results)
        lists = [(f"{word} ({who})", user, word) for word in ("ค้างส่ง", "สรุป")
                 for who, user in (("admin", ADMIN), ("supervisor", SUPERVISOR))] * 10
        print("\nnot a status query, for reference (10 each):")
        extra = run(stack.bot_url, state, lists, 0)
        for name in dict.fromkeys(n for n, *_ in lists):
            values = [r[1] for r in extra if r[0] == name]
            print(f"  {name:22} p50 {percentile(values, 50):6.1f}  max {max(values):6.1f}")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        if stack is not None:
            for server in stack.servers:
                server.stop()
            stack.services.engine.dispose()
        stop_embedded_redis(root / "redis")
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def _answers(state: Any, since: int) -> list[dict[str, Any]]:
    """Message calls since seq `since` (not the workers' rich-menu calls)."""
    return [c for c in state.calls(since) if "/message/" in c["path"]]


def run(bot_url: str, state, plan: list[tuple[str, str, str]], warmup: int):
    """Send each query, wait for its reply call, return (form, total ms, ack ms, kind)."""
    http = requests.Session()
    results = []
    for i, (form, user, text) in enumerate(plan):
        event = sender.build_text_event(user, text)
        state.issue_reply_token(event["replyToken"], user)
        raw = sender.encode(sender.webhook_body(event))
        headers = {"Content-Type": "application/json",
                   "X-Line-Signature": sender.sign(raw, SECRET)}
        since = state.calls()[-1]["seq"] if state.calls() else 0
        t0 = time.time()
        resp = http.post(f"{bot_url}/callback", data=raw, headers=headers, timeout=10)
        ack = time.time()
        assert resp.status_code == 200, resp.text
        deadline = t0 + (60 if i == 0 else 10)
        while not (calls := _answers(state, since)) and time.time() < deadline:
            time.sleep(0.0005)
        assert calls, f"no reply to {text!r}"
        call = calls[0]
        if not call["path"].endswith("/reply") or call["status"] != 200:
            raise RuntimeError(f"unexpected call: {call}")
        kind = call["body"]["messages"][0]["type"]
        if i >= warmup:
            results.append((form, (call["time"] - t0) * 1000, (ack - t0) * 1000, kind))
    return results


def report(results) -> None:
    """Print latency percentiles overall and per query form."""
    total = [r[1] for r in results]
    acks = [r[2] for r in results]
    print(f"\n{len(results)} status queries, webhook POST → reply call at the emulator (ms)")
    print(f"  p50 {percentile(total, 50):6.1f}   p95 {percentile(total, 95):6.1f}   "
          f"p99 {percentile(total, 99):6.1f}   max {max(total):6.1f}   "
          f"mean {statistics.fmean(total):6.1f}")
    print(f"  webhook ack alone: p50 {percentile(acks, 50):.1f}  p95 {percentile(acks, 95):.1f}")
    by_form = defaultdict(list)
    for form, ms, _, kind in results:
        by_form[(form, kind)].append(ms)
    for (form, kind), values in sorted(by_form.items()):
        print(f"  {form:12} → {kind:5} n={len(values):3}  p50 {percentile(values, 50):6.1f}  "
              f"p95 {percentile(values, 95):6.1f}")


if __name__ == "__main__":
    main()
