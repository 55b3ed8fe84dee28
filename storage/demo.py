"""A small made-up agency of the current fiscal year, so a newcomer sees the product at work.

Four projects (one on time with this month still to file, one late, one behind plan, one
finished), an indicator, and the chat console's two users bound to them: `tidtam chat --as
officer` files a report at once, `tidtam chat --as supervisor` sees status, ค้างส่ง, charts and
PDFs. Everything of it lives under agency DEMO_AGENCY, so `tidtam demo reset` can put it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.months import months_between
from core.periods import Period, fiscal_year_of, period_of
from storage.audit import audit
from storage.bindings import sync_role
from storage.enums import Role, Source
from storage.models import (
    Agency,
    Assignment,
    DraftMark,
    Indicator,
    IndicatorQuarterReport,
    LineUser,
    ProgressReport,
    Project,
    ReminderState,
    Unit,
)

DEMO_AGENCY = "10000000"
DEMO_AGENCY_NAME = "หน่วยงานสาธิต (ข้อมูลสมมติ)"


@dataclass(frozen=True)
class ConsoleUser:
    """A user the chat console can be: `tidtam chat --as <key>`."""

    key: str
    line_user_id: str
    name: str


OFFICER = ConsoleUser("officer", "U" + "0" * 31 + "1", "สมศรี (เจ้าหน้าที่สาธิต)")
SUPERVISOR = ConsoleUser("supervisor", "U" + "0" * 31 + "2", "สมชาย (หัวหน้าสาธิต)")
CONSOLE_USERS = {u.key: u for u in (OFFICER, SUPERVISOR)}
GUEST = ConsoleUser("guest", "U" + "0" * 31 + "9", "ผู้ใช้ใหม่ (ยังไม่ลงทะเบียน)")


@dataclass(frozen=True)
class _Plan:
    """One demo project: its code, name, how many months back it started, how it reported."""

    code: str
    name: str
    months_back: int
    progress: tuple[str, ...]  # per past month, oldest first; "" = no report that month
    then: str = ""  # this month's, filed once its due day has passed ("": none)
    on_plan: bool = True
    obstacles: str | None = None
    ends_last_month: bool = False
    officer: bool = True  # the console's officer is bound to it (and named responsible)
    responsible: str = ""  # who is named responsible when not the console's officer


PLANS = (
    _Plan("10000000-0001", "ปรับปรุงทางเท้าและทางลาดคนพิการ ถนนสาธิต", 3, ("15", "30", "45"), "55"),
    _Plan("10000000-0002", "ห้องสมุดเคลื่อนที่สู่ชุมชน (สาธิต)", 3, ("10", "25", "")),
    _Plan("10000000-0003", "ขุดลอกคลองสาธิตและปลูกต้นไม้ริมคลอง", 3, ("5", "8", "10"), "12",
          on_plan=False, obstacles="ฝนตกหนักต่อเนื่อง เครื่องจักรเข้าพื้นที่ไม่ได้", officer=False,
          responsible="สมหมาย (เจ้าหน้าที่สาธิต)"),
    _Plan("10000000-0004", "อบรมอาสาสมัครป้องกันภัยฝ่ายพลเรือน (สาธิต)", 4,
          ("30", "60", "85", "100"), ends_last_month=True, officer=False,
          responsible="สมใจ (เจ้าหน้าที่สาธิต)"),
)
DETAILS = ("ประชุมคณะทำงานและสำรวจพื้นที่แล้ว", "จัดซื้อจัดจ้างแล้วเสร็จ ผู้รับจ้างเข้าพื้นที่",
           "ดำเนินงานตามแผน ตรวจรับงานงวดแรกแล้ว", "ดำเนินการแล้วเสร็จ ส่งมอบงาน")


def _report_day(period: Period, today: date) -> date:
    """The 20th of a month (reports are filed in its second half), never after today."""
    return min(date(period.year, period.month, 20), today)


def _project(session: Session, agency: Agency, unit: Unit, plan: _Plan, today: date,
             due: date) -> Project:
    """One demo project with its reports up to last month (this month's too once due)."""
    this_month = period_of(today)
    start = this_month.start
    for _ in range(plan.months_back):
        start = (start - timedelta(days=1)).replace(day=1)
    end = (this_month.start - timedelta(days=1)) if plan.ends_last_month else date(
        this_month.year + 1, 9, 30) if this_month.month >= 10 else date(this_month.year, 9, 30)
    project = Project(code=plan.code, agency_id=agency.id, unit_id=unit.id, name=plan.name,
                      fiscal_year=fiscal_year_of(today), start_date=start, end_date=end,
                      budget_received=Decimal("500000.00"),
                      responsible_name=OFFICER.name if plan.officer else plan.responsible,
                      responsible_phone="02 000 0000", source=Source.ADMIN)
    session.add(project)
    session.flush()
    past = months_between(start, this_month.start - timedelta(days=1))
    progresses = list(plan.progress)
    if today > due and not plan.ends_last_month:  # on time: this month's is in too
        past.append(this_month)
        progresses.append(plan.then)
    last = max(m for m, p in zip(past, progresses, strict=False) if p)
    number = 0
    for month, progress in zip(past, progresses, strict=False):
        if not progress:
            continue
        number += 1
        late = month == last and not plan.on_plan
        session.add(ProgressReport(
            project_id=project.id, number=number, budget_count=number, period=month.start,
            report_date=_report_day(month, today),
            detail=DETAILS[min(number - 1, len(DETAILS) - 1)],
            progress_percent=Decimal(progress), budget_disbursed=Decimal(20000 * number),
            on_plan=not late, on_target=True, obstacles=plan.obstacles if late else None,
            source=Source.ADMIN))
    return project


def load_demo(session: Session, today: date, due: date) -> list[str]:
    """Create the demo agency, projects, indicator and console users; their codes (due: this
    month's due date, after which the on-time projects have filed this month too)."""
    agency = demo_agency(session)
    if agency is None:
        agency = Agency(code=DEMO_AGENCY, name=DEMO_AGENCY_NAME)
        session.add(agency)
        session.flush()
    unit = session.scalar(select(Unit).where(Unit.agency_id == agency.id))
    if unit is None:
        unit = Unit(agency_id=agency.id, path=f"{DEMO_AGENCY_NAME} / ฝ่ายแผนงาน")
        session.add(unit)
        session.flush()
    projects = [_project(session, agency, unit, plan, today, due) for plan in PLANS]
    year = fiscal_year_of(today)
    indicator = Indicator(agency_id=agency.id, fiscal_year=year, number="99",
                          name="ร้อยละความพึงพอใจของประชาชนต่อบริการของหน่วยงานสาธิต",
                          target_value=Decimal(80), target_unit="ร้อยละ", source=Source.ADMIN)
    session.add(indicator)
    session.flush()
    for quarter in range(1, (today.month - 10) % 12 // 3 + 1):  # the quarters that ended
        session.add(IndicatorQuarterReport(
            indicator_id=indicator.id, fiscal_year=year, quarter=quarter,
            narrative=f"สำรวจความพึงพอใจรอบที่ {quarter} แล้ว ได้ร้อยละ {76 + quarter}"))
    for plan, project in zip(PLANS, projects, strict=True):
        if plan.officer:
            _bind(session, OFFICER.line_user_id, OFFICER.name, Role.OFFICER, project_id=project.id)
    _bind(session, SUPERVISOR.line_user_id, SUPERVISOR.name, Role.SUPERVISOR,
          agency_id=agency.id)
    audit(session, "demo", "demo.load", "agencies", agency.id, None,
          {"projects": [p.code for p in projects]})
    return [p.code for p in projects]


def _bind(session: Session, line_user_id: str, name: str, role: Role, *,
          project_id: int | None = None, agency_id: int | None = None) -> None:
    """Bind a console user (created if missing) to a demo project or agency."""
    user = session.scalar(select(LineUser).where(LineUser.line_user_id == line_user_id))
    if user is None:
        session.add(LineUser(line_user_id=line_user_id, display_name=name or None))
        session.flush()
    bound = session.scalar(select(Assignment.id).where(
        Assignment.line_user_id == line_user_id, Assignment.role == role,
        Assignment.project_id == project_id, Assignment.agency_id == agency_id))
    if bound is None:
        session.add(Assignment(line_user_id=line_user_id, role=role, project_id=project_id,
                               agency_id=agency_id))
        session.flush()
    sync_role(session, line_user_id, "demo")


def bind_officer(session: Session, line_user_id: str, today: date, due: date) -> list[int]:
    """Make someone an officer of the demo's officer projects (loading the demo if needed)."""
    if demo_agency(session) is None:
        load_demo(session, today, due)
    codes = [plan.code for plan in PLANS if plan.officer]
    projects = list(session.scalars(select(Project).where(Project.code.in_(codes))))
    for project in projects:
        _bind(session, line_user_id, "", Role.OFFICER, project_id=project.id)
    return [project.id for project in projects]


def demo_agency(session: Session) -> Agency | None:
    """The demo's agency, None when the demo was never loaded."""
    return session.scalar(select(Agency).where(Agency.code == DEMO_AGENCY))


def reset_demo(session: Session, today: date, due: date) -> list[str]:
    """Remove everything of the demo (its agency's projects, reports and indicators, whoever
    was bound to them, the console users' reminder state) and load it afresh."""
    agency = demo_agency(session)
    users = {u.line_user_id for u in CONSOLE_USERS.values()}
    if agency is not None:
        projects = select(Project.id).where(Project.agency_id == agency.id)
        users |= set(session.scalars(select(Assignment.line_user_id).where(
            (Assignment.agency_id == agency.id) | Assignment.project_id.in_(projects))))
        session.execute(delete(Assignment).where(
            (Assignment.agency_id == agency.id) | Assignment.project_id.in_(projects)))
        session.execute(delete(Project).where(Project.agency_id == agency.id))
        session.execute(delete(Indicator).where(Indicator.agency_id == agency.id))
    console = [u.line_user_id for u in CONSOLE_USERS.values()]
    session.execute(delete(Assignment).where(Assignment.line_user_id.in_(console)))
    session.execute(delete(ReminderState).where(ReminderState.line_user_id.in_(console)))
    session.execute(delete(DraftMark).where(DraftMark.line_user_id.in_(console)))
    session.flush()
    for user in users:
        sync_role(session, user, "demo")
    return load_demo(session, today, due)


def is_empty(session: Session) -> bool:
    """True when the database holds no project yet (a fresh `make run`)."""
    return session.scalar(select(Project.id).limit(1)) is None
