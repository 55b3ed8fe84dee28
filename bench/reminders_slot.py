"""Plan and deliver one reminder slot for 100,000 officers and 200,000 projects on PostgreSQL.

Starts a throwaway PostgreSQL cluster, migrates it, bulk-loads agencies, projects, three
months of reports, officers, supervisors and reminder states with COPY, starts the LINE
emulator as its own process, then runs the scheduler's real code for one slot (plan from the
database, record in the ledger, deliver through line-bot-sdk to the emulator) and reports
the time of each phase, the LINE requests and billed messages, against a naive baseline of
one push per project.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import requests

from core.periods import fiscal_year_end, fiscal_year_start, period_of
from reminders import channel, ledger
from reminders.fingerprint import fingerprint
from reminders.planner import DIGEST
from reminders.tick import clock_for, plan_at
from reminders.workdays import month_slots
from runtime.config import load_settings
from runtime.reminders import build_reminders
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from tests.pg import PgCluster, _free_port

SECRET, TOKEN = "bench-secret", "bench-token"
ZONE = ZoneInfo("Asia/Bangkok")
FY = 2570
MONTHS = (date(2026, 10, 20), date(2026, 11, 20), date(2026, 12, 20))
PERIOD_DAY = date(2027, 1, 1)
THEMES = ["ห้องสมุดเคลื่อนที่", "ปรับปรุงทางเท้า", "คลองสวยน้ำใส", "ลานกีฬาชุมชน",
          "ศูนย์ผู้สูงอายุ", "ตลาดนัดชุมชน", "สวนสาธารณะขนาดเล็ก", "ป้องกันน้ำท่วม"]


def officer_id(k: int) -> str:
    """The k-th synthetic LINE user id of an officer."""
    return f"U{k:032x}"


def supervisor_id(a: int) -> str:
    """The LINE user id of agency a's supervisor."""
    return f"U{'f' * 24}{a:08x}"


def load(conninfo: dict[str, Any], agencies: int, projects: int, officers: int,
         reported_share: float) -> None:
    """Bulk-load the synthetic organisation with COPY."""
    now = datetime.now(UTC)
    per_agency = projects // agencies
    per_officer = projects // officers
    rng = random.Random(7)
    with psycopg.connect(**conninfo) as conn, conn.cursor() as cur:
        with cur.copy("COPY agencies (id, code, name, created_at) FROM STDIN") as cp:
            for a in range(agencies):
                cp.write_row((a + 1, f"{60000000 + a * 10000}", f"สำนักงานเขตทดสอบ {a + 1}", now))
        with cur.copy("COPY projects (id, code, agency_id, name, fiscal_year, start_date, "
                      "end_date, source, created_at, updated_at) FROM STDIN") as cp:
            for p in range(projects):
                a = p // per_agency
                cp.write_row((p + 1, f"{60000000 + a * 10000}-{p % per_agency + 1:04d}", a + 1,
                              f"{THEMES[p % len(THEMES)]} ระยะที่ {p // len(THEMES) + 1}", FY,
                              fiscal_year_start(FY), fiscal_year_end(FY), "import", now, now))
        with cur.copy("COPY progress_reports (project_id, number, revision, report_date, "
                      "period, detail, progress_percent, budget_disbursed, on_plan, "
                      "on_target, source, submitted_at) FROM STDIN") as cp:
            for p in range(1, projects + 1):
                days = [*MONTHS, date(2027, 1, 10)] if rng.random() < reported_share else MONTHS
                for k, day in enumerate(days):
                    cp.write_row((p, k + 1, 1, day, day.replace(day=1), "ดำเนินการตามแผน",
                                  10 * (k + 1), 0, True, True, "import", now))
        with cur.copy("COPY line_users (line_user_id, display_name, role, created_at) "
                      "FROM STDIN") as cp:
            for k in range(officers):
                cp.write_row((officer_id(k), f"เจ้าหน้าที่ {k + 1}", "officer", now))
            for a in range(agencies):
                cp.write_row((supervisor_id(a), f"หัวหน้า {a + 1}", "supervisor", now))
        with cur.copy("COPY assignments (line_user_id, role, project_id, agency_id, created_at) "
                      "FROM STDIN") as cp:
            for p in range(projects):
                cp.write_row((officer_id(min(p // per_officer, officers - 1)), "officer", p + 1,
                              None, now))
            for a in range(agencies):
                cp.write_row((supervisor_id(a), "supervisor", None, a + 1, now))
        with cur.copy("COPY reminder_states (line_user_id, unreachable_since, leave_start, "
                      "leave_end, snooze_count, updated_at) FROM STDIN") as cp:
            for k in range(0, officers, 50):  # 1 % blocked the bot, 1 % on leave
                cp.write_row((officer_id(k), now, None, None, 0, now))
                cp.write_row((officer_id(k + 1), None, date(2027, 1, 1), date(2027, 2, 15), 0,
                              now))
        for table in ("agencies", "projects", "progress_reports", "line_users", "assignments"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                        f"(SELECT max(id) FROM {table}))")
        conn.commit()
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE")


def start_emulator(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The LINE emulator in its own process (as `tidtam run` starts it)."""
    port = _free_port()
    env = {**os.environ, "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
           "LOG_LEVEL": "WARNING", "VAR_DIR": str(root / "var")}
    log = (root / "emulator.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "cli", "emulator", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(f"{url}/_emulator/stats", timeout=1)
            return proc, url
        except requests.RequestException:
            time.sleep(0.05)
    raise RuntimeError("the emulator did not start")


def main() -> None:
    """Load, run one slot, print the phases and the counts."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=200_000)
    parser.add_argument("--agencies", type=int, default=100)
    parser.add_argument("--reported", type=float, default=0.25,
                        help="share of projects that already reported this month")
    parser.add_argument("--slot", default="t+3", help="t-5, t-2, t, t+1 or t+3 (digests)")
    parser.add_argument("--style", default="summary", choices=("summary", "cards"))
    parser.add_argument("--connections", type=int, default=128,
                        help="LINE calls in flight at once (LINE_CONNECTIONS)")
    parser.add_argument("--profile", action="store_true", help="cProfile plan and record")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    root = Path(tempfile.mkdtemp(prefix="tidtam-bench-"))
    cluster = PgCluster().start()
    emulator = None
    try:
        url = cluster.create_database("tidtam_bench")
        upgrade(url)
        t = time.perf_counter()
        load({"host": "127.0.0.1", "port": cluster.port, "user": "postgres",
              "dbname": "tidtam_bench"}, args.agencies, args.projects, args.officers,
             args.reported)
        print(f"loaded {args.projects:,} projects, {args.officers:,} officers, "
              f"{args.agencies} supervisors, ~{args.projects * (3 + args.reported):,.0f} "
              f"reports in {time.perf_counter() - t:.1f} s")
        emulator, emu_url = start_emulator(root)
        settings = load_settings(
            database_url=url, line_api_base_url=emu_url, line_channel_secret=SECRET,
            line_channel_access_token=TOKEN, reminder_nudge_style=args.style,
            line_connections=args.connections, line_push_rate=1800, var_dir=str(root / "var"))
        if args.profile:
            import cProfile
            import pstats
            prof = cProfile.Profile()
            prof.runcall(run_slot, settings, args.slot, emu_url)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
        else:
            run_slot(settings, args.slot, emu_url)
    finally:
        if emulator is not None:
            emulator.terminate()
            emulator.wait(timeout=30)
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def run_slot(settings: Any, slot_name: str, emu_url: str) -> None:
    """Plan, record and deliver the slot; then a second tick that must send nothing."""
    sessions = make_session_factory(make_engine(settings.effective_database_url))
    rem = build_reminders(settings, sessions)
    with sessions() as session:
        cal = clock_for(session, datetime(2027, 1, 1, tzinfo=ZONE), rem.policy, ZONE).cal
    slots = month_slots(period_of(PERIOD_DAY), rem.policy.monthly_due_day, cal, rem.policy,
                        ZONE)
    at = next(s.at for s in slots if s.name == slot_name)
    print(f"slot {slot_name} of {period_of(PERIOD_DAY).label} at {at.isoformat()}, "
          f"nudge style {settings.reminder_nudge_style}, "
          f"{settings.line_connections} calls in flight")
    t0 = time.perf_counter()
    with sessions.begin() as session:  # what Reminders.tick does, timed phase by phase
        inputs = fingerprint(session, at, clock_for(session, at, rem.policy, ZONE))
        plan = plan_at(session, at, rem.policy, ZONE)
        t1 = time.perf_counter()
        created = ledger.enqueue(session, plan.sends, at)
        channel.remember_planned(session, inputs, at)
    t2 = time.perf_counter()
    out = rem.deliver(at)
    t3 = time.perf_counter()
    again = rem.tick(at.replace(minute=1))
    t4 = time.perf_counter()
    stats = requests.get(f"{emu_url}/_emulator/stats", timeout=60).json()
    digests = [s for s in plan.sends if s.kind == DIGEST]
    naive = sum(len(s.projects) for s in plan.sends if s.kind != DIGEST) + len(digests)
    calls = {k: v for k, v in stats["calls"].items() if "/message/" in k}
    print(f"\nplan (facts + planner)   {t1 - t0:6.1f} s   {len(plan.sends):,} messages "
          f"({len(digests)} digests), {len(plan.skips):,} skipped")
    print(f"record (ledger)          {t2 - t1:6.1f} s   {created:,} LINE requests")
    print(f"deliver                  {t3 - t2:6.1f} s   sent {out.sent:,}, failed {out.failed}, "
          f"retrying {out.retrying}, statuses {out.statuses}")
    print(f"total                    {t3 - t0:6.1f} s")
    what = ("inputs unchanged, not planned again" if again.unchanged else
            f"{again.planned:,} planned again, {again.requests} new requests")
    print(f"second tick, a minute later: {what}, {again.outcome.sent} sent, in {t4 - t3:.1f} s")
    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    requests_made = sum(v for k, v in calls.items() if "/push" in k or "/multicast" in k)
    print(f"\nLINE API calls at the emulator: {calls}")
    print(f"messages delivered: {stats['delivered']}, to {stats['pushRecipients']:,} people; "
          f"billed (emulator usage) {stats['usage']:,}")
    print(f"{'':28}{'requests':>12}{'billed':>12}")
    print(f"{'tidtam':28}{requests_made:>12,}{stats['usage']:>12,}")
    print(f"{'naive: one push per project':28}{naive:>12,}{naive:>12,}")
    print("(naive: one push per officer and missing project, plus the same digests)")
    reasons: dict[str, int] = {}
    for skip in plan.skips:
        reason = skip.reason.split(":")[0].split(" until ")[0]
        reasons[reason] = reasons.get(reason, 0) + 1
    print(f"skipped: {reasons}")


if __name__ == "__main__":
    main()
