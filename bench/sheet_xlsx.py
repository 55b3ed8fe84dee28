"""The planning unit's spreadsheet at BMA size: 30,000 projects, their reports and indicators.

Loads a throwaway SQLite database (50 agencies, 30,000 projects of fiscal year 2570 with one
report for each month up to March, a tenth of them naming obstacles, 1,000 indicators with
two quarters reported), then times `sheets.workbook.build_xlsx` for everything (what the CLI
and an admin's chat command build): best and median wall clock of a few runs, the CPU time
(the machine may be busy) and the load average. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select

from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import Agency, Indicator, IndicatorQuarterReport, ProgressReport, Project
from storage.models.indicators import indicator_natural_key

TODAY = date(2027, 4, 20)  # FY 2570, six months in (ต.ค.–มี.ค. due)
AGENCIES = 50


def load(url: str, projects: int, indicators: int, seed: int = 1) -> int:
    """Fill the database; return the number of reports."""
    rng = random.Random(seed)
    factory = make_session_factory(make_engine(url))
    with factory.begin() as s:
        s.execute(insert(Agency), [{"code": f"5{a:03d}0000", "name": f"สำนักงานเขตที่ {a + 1}"}
                                   for a in range(AGENCIES)])
        agency_ids = list(s.scalars(select(Agency.id).order_by(Agency.id)))
        s.execute(insert(Project), [
            {"code": f"5{i % AGENCIES:03d}0000-{i // AGENCIES:04d}",
             "agency_id": agency_ids[i % AGENCIES], "fiscal_year": 2570,
             "name": f"โครงการพัฒนาชุมชนและสิ่งแวดล้อม ลำดับที่ {i + 1}",
             "start_date": date(2026, 10, 1), "end_date": date(2027, 9, 30),
             "budget_received": Decimal(rng.randrange(10_000, 5_000_000)),
             "responsible_name": "นางสาวสมศรี พรหมรัตน์", "responsible_phone": "0 2246 5752",
             "objectives": "1. เพื่อพัฒนาชุมชน\n2. เพื่อสิ่งแวดล้อมที่ดี", "source": "import"}
            for i in range(projects)])
        ids = list(s.scalars(select(Project.id)))
        reports = []
        for pid in ids:
            months = rng.randint(3, 6)
            for n in range(1, months + 1):
                month = date(2026 + (9 + n) // 12, (9 + n - 1) % 12 + 1, 1)
                reports.append({
                    "project_id": pid, "number": n, "report_date": month.replace(day=20),
                    "period": month, "detail": f"ดำเนินการตามแผนครั้งที่ {n} ประชุมและจัดซื้อ",
                    "progress_percent": Decimal(min(100, n * 15)),
                    "budget_disbursed": Decimal("12500.50"), "on_plan": rng.random() > 0.1,
                    "on_target": True, "source": "import", "beneficiaries": n * 10,
                    "obstacles": "ขาดแคลนวัสดุ" if rng.random() < 0.1 else None})
        s.execute(insert(ProgressReport), reports)
        for i in range(indicators):
            agency = agency_ids[i % AGENCIES]
            name = f"ร้อยละของประชาชนที่พึงพอใจ {i + 1}"
            row = Indicator(agency_id=agency, fiscal_year=2570, number=str(i + 1), name=name,
                            natural_key=indicator_natural_key(agency, 2570, str(i + 1), name),
                            target_value=Decimal(80), target_unit="ร้อยละ")
            s.add(row)
            s.flush()
            s.add_all([IndicatorQuarterReport(
                indicator_id=row.id, quarter=q, narrative="ดำเนินการแล้ว",
                achieved_value=Decimal("81.5"),
                submitted_at=datetime(2027, 1 + 3 * q, 5, tzinfo=UTC)) for q in (1, 2)])
    return len(reports)


def run(projects: int = 30_000, indicators: int = 1_000, rounds: int = 3) -> dict[str, float]:
    """Load, then build the whole spreadsheet `rounds` times; seconds and size."""
    from sheets.workbook import build_xlsx

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'sheet.sqlite3'}"
        upgrade(url)
        reports = load(url, projects, indicators)
        factory = make_session_factory(make_engine(url))
        times, cpu, size = [], [], 0
        for _ in range(rounds):
            with factory() as session:
                started, used = time.perf_counter(), time.process_time()
                size = len(build_xlsx(session, TODAY))
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - used)
    return {"projects": projects, "reports": reports, "indicators": indicators,
            "best_s": round(min(times), 2), "median_s": round(statistics.median(times), 2),
            "cpu_s": round(statistics.median(cpu), 2), "bytes": size,
            "load_1min": round(os.getloadavg()[0], 1)}


def main() -> None:
    """Run and print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--projects", type=int, default=30_000)
    parser.add_argument("--indicators", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(run(args.projects, args.indicators, args.rounds)))


if __name__ == "__main__":
    main()
