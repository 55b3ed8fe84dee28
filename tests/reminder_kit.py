"""Helpers for reminder tests: a seeded agency, a movable clock, a Reminders on the stack."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from reminders.tick import Reminders
from runtime.reminders import build_reminders
from storage.enums import Role, Source
from storage.models import Agency, Assignment, LineUser, ProgressReport, Project
from tests.stack import Stack
from workers.dependencies import build_router

BKK = ZoneInfo("Asia/Bangkok")
AGENCY = "50470000"
P1, P2, P3 = "50470000-3430", "50470000-3431", "50470000-3432"
ANN, BEN, CAT, SUP = ("U" + c * 32 for c in "1234")


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    """A Bangkok time."""
    return datetime(y, m, d, hh, mm, tzinfo=BKK)


@dataclass
class Clock:
    """A settable clock the bot's commands read."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


def seed(stack: Stack) -> None:
    """One agency, three projects for FY 2570; Ann has P1+P2, Ben and Cat P3, Sup the agency."""
    with stack.services.sessions.begin() as s:
        agency = Agency(code=AGENCY, name="สำนักงานเขตบางนา")
        s.add(agency)
        s.flush()
        ids = {}
        for code, name in ((P1, "ห้องสมุดเคลื่อนที่"), (P2, "คลองสวยน้ำใส"), (P3, "ลานกีฬา")):
            project = Project(code=code, agency_id=agency.id, name=name, fiscal_year=2570,
                              start_date=date(2026, 10, 1), end_date=date(2027, 9, 30),
                              budget_received=Decimal("100000.00"), source=Source.IMPORT)
            s.add(project)
            s.flush()
            ids[code] = project.id
        for uid, name, role in ((ANN, "แอน", Role.OFFICER), (BEN, "เบน", Role.OFFICER),
                                (CAT, "แคท", Role.OFFICER), (SUP, "หัวหน้าสมศรี", Role.SUPERVISOR)):
            s.add(LineUser(line_user_id=uid, display_name=name, role=role))
        s.flush()
        for uid, code in ((ANN, P1), (ANN, P2), (BEN, P3), (CAT, P3)):
            s.add(Assignment(line_user_id=uid, role=Role.OFFICER, project_id=ids[code]))
        s.add(Assignment(line_user_id=SUP, role=Role.SUPERVISOR, agency_id=agency.id))


def report(stack: Stack, code: str, day: date, progress: str = "50",
           source: Source = Source.IMPORT) -> None:
    """File a report for a project on a day (as an import would)."""
    with stack.services.sessions.begin() as s:
        project = s.scalar(select(Project).where(Project.code == code))
        assert project is not None
        number = len(project.reports) + 1
        s.add(ProgressReport(project_id=project.id, number=number, report_date=day,
                             detail="ดำเนินการแล้ว", progress_percent=Decimal(progress),
                             budget_disbursed=Decimal("0"), on_plan=True, on_target=True,
                             source=source))


def reminders(stack: Stack) -> Reminders:
    """The reminder machinery pointed at the stack's database and emulator."""
    return build_reminders(stack.settings, stack.services.sessions)


def timed_stack(stack: Stack, clock: Clock) -> None:
    """Make the stack's router read the given clock."""
    stack.router = build_router(stack.services, clock)


def pushes(stack: Stack) -> list[dict[str, Any]]:
    """Messages delivered by push or multicast (not replies)."""
    out = []
    for user in (ANN, BEN, CAT, SUP):
        out += [m for m in stack.messages(user) if m["via"] != "reply"]
    return out


def pushed_to(stack: Stack, user: str) -> list[dict[str, Any]]:
    """Pushed messages of one user."""
    return [m["message"] for m in stack.messages(user) if m["via"] != "reply"]


def codes_in(message: dict[str, Any]) -> list[str]:
    """Project codes on a reminder's buttons (each button also names its month: CODE@YYYY-MM)."""
    return [b["footer"]["contents"][0]["action"]["data"].split(":", 1)[1].split("@")[0]
            for b in message["contents"]["contents"]
            if b["footer"]["contents"][0]["action"]["type"] == "postback"]
