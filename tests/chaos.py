"""A chaos harness: officers file reports while workers die, Redis restarts and LINE fails.

Every officer sends the same script (register, a one-shot report, skip obstacles, confirm, ask
for help). A fault-free officer gives the expected answers; at the end every officer must have
received exactly those answers, in order, and have exactly one stored report. The webhook's 503s
are redelivered, as LINE does with redelivery switched on.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select

from runtime.redis_embed import ensure_embedded_redis, stop_embedded_redis
from storage.enums import Role, Source
from storage.invites import create_invite
from storage.models import Agency, ProgressReport, Project
from tests.procs import stop
from tests.stack import SECRET, TOKEN, Stack

NAME = "โครงการทดสอบความทนทาน"


def officer(n: int) -> str:
    """The LINE id of officer n."""
    return f"U{n:032x}"


def code(n: int) -> str:
    """The project code of officer n."""
    return f"50470000-{n:04d}"


def script(n: int, invite: str) -> list[str]:
    """What officer n types."""
    return [f"ลงทะเบียน {invite}",
            f"รายงาน {code(n)} จัดกิจกรรมแล้ว ความก้าวหน้า 50% เบิกจ่าย 1,000 บาท "
            "เป็นไปตามแผน เป็นไปตามเป้าหมาย",
            "ข้าม", "ข้าม", "ยืนยัน", "ช่วยเหลือ"]


@dataclass
class Chaos:
    """A running stack with worker processes that faults can be thrown at."""

    stack: Stack
    redis_dir: Path
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    worker_env: dict[str, str] = field(default_factory=dict)
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    stop: threading.Event = field(default_factory=threading.Event)

    def start_workers(self, count: int, **extra: str) -> None:
        """Start worker processes like the Procfile's."""
        env = {**os.environ, "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
               "LINE_API_BASE_URL": self.stack.emulator_url,
               "REDIS_URL": self.stack.settings.redis_url,
               "DATABASE_URL": self.stack.settings.database_url, "LOG_LEVEL": "ERROR",
               "LOCK_LEASE_SECONDS": "1.5", "SWEEP_INTERVAL_SECONDS": "0.3", **extra}
        self.worker_env = env
        for _ in range(count):
            self.workers.append(subprocess.Popen([sys.executable, "-m", "cli", "worker"], env=env))

    def kill_one_worker(self) -> None:
        """SIGKILL a random worker and start a fresh one in its place."""
        victim = self.rng.choice(self.workers)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        self.workers.remove(victim)
        self.workers.append(subprocess.Popen([sys.executable, "-m", "cli", "worker"],
                                             env=self.worker_env))

    def restart_redis(self, down_for: float = 1.0) -> None:
        """Stop the real Redis server (it saves its AOF), wait, start it again."""
        stop_embedded_redis(self.redis_dir)
        time.sleep(down_for)
        ensure_embedded_redis(self.redis_dir)

    def line_fault(self, **fault: Any) -> None:
        """Make the emulator fail or hang the next LINE API calls."""
        requests.post(f"{self.stack.emulator_url}/_emulator/faults", json=fault,
                      timeout=10).raise_for_status()

    def stop_workers(self) -> None:
        """Stop every worker politely."""
        stop(*self.workers)


def seed(stack: Stack, officers: int) -> dict[int, str]:
    """One agency, one project per officer, an officer invite per project."""
    with stack.services.sessions.begin() as s:
        agency = Agency(code="50470000", name="สำนักงานเขตบางนา")
        s.add(agency)
        s.flush()
        for n in range(officers):
            s.add(Project(code=code(n), agency_id=agency.id, name=NAME, fiscal_year=2570,
                          budget_received=Decimal("100000.00"), source=Source.IMPORT))
        s.flush()
        return {n: create_invite(s, Role.OFFICER, [code(n)], None, "chaos")
                for n in range(officers)}


def say(stack: Stack, user: str, text: str, redeliveries: int = 0,
        rng: random.Random | None = None) -> str:
    """Send one message as LINE does: redelivered until the webhook takes it, maybe repeated."""
    resp = requests.post(f"{stack.emulator_url}/_emulator/send",
                         json={"userId": user, "text": text}, timeout=30).json()
    event_id = resp["event"]["webhookEventId"]
    status = resp.get("status")
    while status != 200:
        time.sleep(0.3)
        status = requests.post(f"{stack.emulator_url}/_emulator/redeliver",
                               json={"webhookEventId": event_id}, timeout=30).json().get("status")
    for _ in range(redeliveries):
        if rng is not None:
            time.sleep(rng.random() * 0.05)
        requests.post(f"{stack.emulator_url}/_emulator/redeliver",
                      json={"webhookEventId": event_id}, timeout=30)
    return str(event_id)


def answers(stack: Stack, user: str, n: int) -> list[str]:
    """What officer n received, with their own code made generic."""
    out = []
    for m in stack.messages(user):
        body = m["message"].get("text") or m["message"].get("altText", "")
        out.append(str(body).replace(code(n), "CODE"))
    return out


def reports_by_project(stack: Stack) -> dict[str, list[Decimal]]:
    """Stored reports' progress, by project code."""
    found: dict[str, list[Decimal]] = {}
    with stack.services.sessions() as s:
        rows = s.execute(select(Project.code, ProgressReport.progress_percent)
                         .join(ProgressReport, ProgressReport.project_id == Project.id))
        for project_code, progress in rows:
            found.setdefault(project_code, []).append(progress)
    return found
