"""Read, in a few queries, what the planner needs to know about one reporting period."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from core.periods import Period, fiscal_year_end, fiscal_year_of, fiscal_year_start
from storage.enums import Role
from storage.models import (
    AgencyDueDay,
    Assignment,
    LineUser,
    ProgressReport,
    Project,
    ReminderState,
    WorkingDayOverride,
)

FULL = Decimal("100")


@dataclass(frozen=True)
class ProjectFact:
    """A project that may be due in the period, with its latest report."""

    id: int
    code: str
    name: str
    agency_id: int
    start: date
    end: date
    latest_date: date | None
    latest_progress: Decimal | None
    reported: bool

    def finished(self, today: date) -> bool:
        """Finished: a report at 100 % and the end date passed."""
        return self.latest_progress is not None and self.latest_progress >= FULL and (
            self.end < today)

    def due(self, period: Period, today: date) -> bool:
        """Due for the period: it runs during the period, is not finished, has not reported."""
        return (self.start <= period.end and self.end >= period.start
                and not self.finished(today) and not self.reported)


@dataclass(frozen=True)
class PersonFact:
    """A LINE user's name and reminder state."""

    line_user_id: str
    name: str
    unreachable: bool = False
    leave_start: date | None = None
    leave_end: date | None = None
    snooze_period: str | None = None
    snooze_until: datetime | None = None
    snooze_count: int = 0

    def on_leave(self, today: date) -> bool:
        """True while on leave."""
        if self.leave_end is None:
            return False
        return (self.leave_start or today) <= today <= self.leave_end


@dataclass
class Facts:
    """Everything about one period the planner reads: projects, people, who covers what."""

    period: Period
    today: date
    projects: dict[int, ProjectFact] = field(default_factory=dict)
    officers: dict[str, set[int]] = field(default_factory=dict)
    supervisors: dict[str, set[int]] = field(default_factory=dict)
    people: dict[str, PersonFact] = field(default_factory=dict)
    due_days: dict[int, int] = field(default_factory=dict)

    _due: set[int] | None = field(default=None, repr=False)

    def due_ids(self) -> set[int]:
        """Ids of the projects due for the period (computed once)."""
        if self._due is None:
            start, end, today = self.period.start, self.period.end, self.today
            self._due = {pid for pid, f in self.projects.items()
                         if f.start <= end and f.end >= start and not f.reported
                         and not f.finished(today)}
        return self._due

    def person(self, line_user_id: str) -> PersonFact:
        """The person's facts (a reachable stranger when unknown)."""
        return self.people.get(line_user_id) or PersonFact(line_user_id, "")


def _projects(session: Session, period: Period, today: date) -> dict[int, ProjectFact]:
    """Projects running during the period, with their latest report and coverage."""
    fy = fiscal_year_of(period.start)
    latest = (select(ProgressReport.project_id, func.max(ProgressReport.number).label("n"))
              .group_by(ProgressReport.project_id).subquery())
    last = (select(ProgressReport.project_id, ProgressReport.report_date,
                   ProgressReport.progress_percent)
            .join(latest, and_(latest.c.project_id == ProgressReport.project_id,
                               latest.c.n == ProgressReport.number)).subquery())
    window_end = max(period.end, today)
    covered = set(session.scalars(
        select(ProgressReport.project_id).distinct()
        .where(ProgressReport.report_date >= period.start,
               ProgressReport.report_date <= window_end)))
    stmt = (select(Project.id, Project.code, Project.name, Project.agency_id,
                   Project.fiscal_year, Project.start_date, Project.end_date,
                   last.c.report_date, last.c.progress_percent)
            .outerjoin(last, last.c.project_id == Project.id)
            .where(or_(Project.start_date.is_(None), Project.start_date <= period.end))
            .where(or_(and_(Project.end_date.is_not(None), Project.end_date >= period.start),
                       and_(Project.end_date.is_(None), Project.fiscal_year == fy))))
    found = {}
    for pid, code, name, agency_id, year, start, end, ldate, lprog in session.execute(stmt):
        found[pid] = ProjectFact(
            pid, code, name, agency_id, start or fiscal_year_start(year),
            end or fiscal_year_end(year), ldate,
            Decimal(str(lprog)) if lprog is not None else None, pid in covered)
    return found


def _bindings(session: Session, role: Role, projects: dict[int, ProjectFact]
              ) -> dict[str, set[int]]:
    """Users of a role and the period's projects they cover (directly or by agency)."""
    by_agency: dict[int, set[int]] = defaultdict(set)
    for fact in projects.values():
        by_agency[fact.agency_id].add(fact.id)
    out: dict[str, set[int]] = defaultdict(set)
    rows = session.execute(select(Assignment.line_user_id, Assignment.project_id,
                                  Assignment.agency_id).where(Assignment.role == role))
    for uid, pid, aid in rows:
        if pid is not None and pid in projects:
            out[uid].add(pid)
        elif aid is not None:
            out[uid] |= by_agency.get(aid, set())
    return dict(out)


def load_people(session: Session) -> dict[str, PersonFact]:
    """Every LINE user's display name and reminder state."""
    stmt = (select(LineUser.line_user_id, LineUser.display_name, ReminderState)
            .outerjoin(ReminderState, ReminderState.line_user_id == LineUser.line_user_id))
    out = {}
    for uid, name, state in session.execute(stmt):
        if state is None:
            out[uid] = PersonFact(uid, name or "")
            continue
        out[uid] = PersonFact(uid, name or "", state.unreachable_since is not None,
                              state.leave_start, state.leave_end, state.snooze_period,
                              state.snooze_until, state.snooze_count)
    return out


def load_facts(session: Session, period: Period, today: date) -> Facts:
    """The facts of one period as of today."""
    projects = _projects(session, period, today)
    due_days = {aid: day for aid, day in
                session.execute(select(AgencyDueDay.agency_id, AgencyDueDay.due_day))}
    return Facts(period, today, projects, _bindings(session, Role.OFFICER, projects),
                 _bindings(session, Role.SUPERVISOR, projects), load_people(session), due_days)


def load_overrides(session: Session) -> tuple[dict[date, str], list[date]]:
    """The admin's added days off (with names) and days turned into working days."""
    added: dict[date, str] = {}
    removed: list[date] = []
    for row in session.scalars(select(WorkingDayOverride)):
        if row.working:
            removed.append(row.day)
        else:
            added[row.day] = row.name or "วันหยุด"
    return added, removed
