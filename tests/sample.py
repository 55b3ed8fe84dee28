"""A small world for status and scope tests: two districts, five projects, every role."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session, sessionmaker

from handlers.router import Router
from handlers.status import status_commands
from storage.enums import Role, Source
from storage.models import Agency, Assignment, LineUser, ProgressReport, Project, Unit
from tests.stack import TODAY, Stack
from workers.dependencies import handler_deps

ADMIN, SUP_BN, SUP_TK, OFFICER, NO_ROLE = (f"U{c * 32}" for c in "bcdef")
OFFICER_BN, ADMIN_TK = "U" + "1" * 32, "U" + "2" * 32  # an agency's officer, an agency's admin
CODE = "50470000-3430"


def report_row(project: Project, n: int, day: date, pct: str, on_plan: bool = True,
               paid: str = "0") -> ProgressReport:
    """An imported progress report of a project."""
    return ProgressReport(project_id=project.id, number=n, report_date=day,
                          detail=f"ดำเนินการครั้งที่ {n}\n1. ประชุมชุมชน", on_plan=on_plan,
                          progress_percent=Decimal(pct), budget_disbursed=Decimal(paid),
                          on_target=True, source=Source.IMPORT)


def seed(sessions: sessionmaker[Session]) -> None:
    """Two districts, five projects (one old), reports, and users of every role."""
    with sessions.begin() as s:
        bn = Agency(code="50470000", name="สำนักงานเขตบางนา")
        tk = Agency(code="50490000", name="สำนักงานเขตทุ่งครุ")
        s.add_all([bn, tk])
        s.flush()
        unit = Unit(agency_id=bn.id, path="สำนักงานเขตบางนา / ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม")
        s.add(unit)
        s.flush()
        specs = [
            (CODE, bn, "บางนาพารู้ ห้องสมุดเคลื่อนที่สู่ชุมชน", 2570, "500000"),
            ("50470000-3431", bn, "คลองสวยน้ำใส บางนา", 2570, "0"),
            ("50470000-0001", bn, "ปรับปรุงทางเท้า (โครงการเก่า)", 2566, "0"),
            ("50490000-3572", tk, "เพิ่มฟังก์ชันให้ห้องสมุดเป็น Co-working Space", 2570, "0"),
            ("50490000-3573", tk, "พื้นที่ co-working สำหรับเยาวชน", 2570, "0"),
        ]
        p: dict[str, Project] = {}
        for code, agency, name, fy, budget in specs:
            p[code] = Project(code=code, agency_id=agency.id, name=name, fiscal_year=fy,
                              unit_id=unit.id if agency is bn else None,
                              budget_received=Decimal(budget), source=Source.IMPORT,
                              responsible_name="นางสาวสมศรี พรหมรัตน์",
                              responsible_phone="0 2246 5752",
                              end_date=date(fy - 543, 9, 30))
        s.add_all(p.values())
        s.flush()
        s.add_all([
            report_row(p[CODE], 1, date(2026, 10, 25), "10", paid="20000"),
            report_row(p[CODE], 2, date(2026, 11, 18), "25.50", paid="30000"),
            report_row(p["50470000-0001"], 1, date(2023, 1, 31), "100"),
            report_row(p["50490000-3572"], 1, date(2026, 10, 20), "5", on_plan=False),
            report_row(p["50490000-3573"], 1, date(2026, 11, 10), "30"),
        ])
        s.add_all([LineUser(line_user_id=ADMIN, role=Role.ADMIN),
                   LineUser(line_user_id=SUP_BN, role=Role.SUPERVISOR),
                   LineUser(line_user_id=SUP_TK, role=Role.SUPERVISOR),
                   LineUser(line_user_id=OFFICER, role=Role.OFFICER),
                   LineUser(line_user_id=NO_ROLE, role=None),
                   LineUser(line_user_id=OFFICER_BN, role=Role.OFFICER),
                   LineUser(line_user_id=ADMIN_TK, role=Role.ADMIN)])
        s.flush()
        s.add_all([
            Assignment(line_user_id=SUP_BN, role=Role.SUPERVISOR, agency_id=bn.id),
            Assignment(line_user_id=SUP_TK, role=Role.SUPERVISOR, agency_id=tk.id),
            Assignment(line_user_id=OFFICER, role=Role.OFFICER, project_id=p[CODE].id),
            Assignment(line_user_id=OFFICER_BN, role=Role.OFFICER, agency_id=bn.id),
            Assignment(line_user_id=ADMIN_TK, role=Role.ADMIN, agency_id=tk.id),
            Assignment(line_user_id=ADMIN, role=Role.ADMIN, everywhere=True),
        ])


@pytest.fixture
def bot(stack: Stack) -> Stack:
    """The stack with this world, the status commands on TODAY, media served."""
    seed(stack.services.sessions)
    stack.services.settings = stack.settings.model_copy(
        update={"public_base_url": stack.bot_url})
    stack.router = Router(commands=status_commands(handler_deps(stack.services), lambda: TODAY))
    return stack
