"""Read, in a few queries, what the planner needs to know about one reporting period."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from core.months import Months, work_span
from core.periods import Period, fiscal_year_of, period_of
from reminders.due import DueDates
from storage.enums import Role
from storage.models import Assignment, LineUser, ProgressReport, Project, ReminderState


@dataclass(frozen=True)
class ProjectFact:
    """A project that may be due in the period, with its reporting months (core.months)."""

    id: int
    code: str
    name: str
    agency_id: int
    start: date
    end: date
    months: Months

    def due(self, period: Period) -> bool:
        """Owes a report for the period: late or open (core.months), or a month still ahead
        of today that it runs in, has not reported and is not done before."""
        m = self.months
        if period in m.owed():
            return True
        ahead = not m.expected or period > m.expected[-1]
        return (ahead and not m.closed and period not in m.reported
                and (m.done is None or period <= m.done)
                and self.start <= period.end and self.end >= period.start)

    @property
    def since(self) -> Period | None:
        """The first month it owes a report for, if any."""
        owed = self.months.owed()
        return owed[0] if owed else None


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
            self._due = {pid for pid, f in self.projects.items() if f.due(self.period)}
        return self._due

    def person(self, line_user_id: str) -> PersonFact:
        """The person's facts (a reachable stranger when unknown)."""
        return self.people.get(line_user_id) or PersonFact(line_user_id, "")


def _projects(session: Session, period: Period, today: date,
              due: DueDates) -> dict[int, ProjectFact]:
    """Projects running during the period, with their reporting months as of today."""
    fy = fiscal_year_of(period.start)
    runs = and_(or_(Project.start_date.is_(None), Project.start_date <= period.end),
                or_(and_(Project.end_date.is_not(None), Project.end_date >= period.start),
                    and_(Project.end_date.is_(None), Project.fiscal_year == fy)))
    rows = session.execute(select(Project.id, Project.code, Project.name, Project.agency_id,
                                  Project.fiscal_year, Project.start_date, Project.end_date)
                           .where(runs)).all()
    reports: dict[int, list[tuple[Period, Decimal]]] = defaultdict(list)
    for pid, month, progress in session.execute(
            select(ProgressReport.project_id, ProgressReport.period,
                   ProgressReport.progress_percent)
            .join(Project, Project.id == ProgressReport.project_id).where(runs)):
        reports[pid].append((period_of(month), Decimal(str(progress))))
    found = {}
    for pid, code, name, agency_id, year, start, end in rows:
        first, last = work_span(start, end, year)
        months = due.months(agency_id, start, end, year, reports.get(pid, []), today)
        found[pid] = ProjectFact(pid, code, name, agency_id, first, last, months)
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


def load_facts(session: Session, period: Period, today: date, due: DueDates) -> Facts:
    """The facts of one period as of today (due: the agencies' due dates, core.months)."""
    projects = _projects(session, period, today, due)
    return Facts(period, today, projects, _bindings(session, Role.OFFICER, projects),
                 _bindings(session, Role.SUPERVISOR, projects), load_people(session),
                 dict(due.agency_days))
