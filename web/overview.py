"""The agency overview: every project in scope with its months, read in three set-based queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from core.months import Months, work_span
from core.periods import Period, period_of, span_percent
from reminders.due import DueDates
from storage.models import Agency, ProgressReport, Project
from storage.scope import Scope
from web.cache import LinesCache, MonthsMemo, data_version

R = ProgressReport
PAGE_SIZE = 50
STATES = ("", "late", "behind", "finished")
SORTS = ("code", "missing", "progress", "latest")
_ZERO = Decimal(0)


@dataclass(frozen=True)
class Filters:
    """What the viewer asked to see: a state, a fiscal year, an agency, a text, an order."""

    state: str = ""
    fiscal_year: int | None = None
    agency: str = ""  # an agency code, or "" for every agency in scope
    text: str = ""  # part of a code or a name
    sort: str = "code"
    page: int = 1


@dataclass(frozen=True)
class Line:
    """One project of the overview: its latest report and its months (core.months)."""

    code: str
    name: str
    agency_code: str
    agency_name: str | None
    fiscal_year: int
    plan: Decimal  # the straight-line plan today (as สรุป and the status card say)
    progress: Decimal | None
    latest_period: date | None
    latest_date: date | None
    on_plan: bool | None
    on_target: bool | None
    obstacles: str | None
    months: Months

    @property
    def late(self) -> bool:
        """A month is past its due day with no report."""
        return self.months.late

    @property
    def finished(self) -> bool:
        """Reached 100 % and past its end date (ปิดโครงการแล้ว)."""
        return self.months.closed

    @property
    def behind(self) -> bool:
        """Running, and behind the straight-line plan or reported as not on plan (สรุป's rule)."""
        if self.finished:
            return False
        done = self.progress if self.progress is not None else _ZERO
        return done < self.plan or self.on_plan is False


@dataclass(frozen=True)
class Counts:
    """The numbers at the top of the overview."""

    total: int = 0
    late: int = 0
    behind: int = 0
    finished: int = 0
    on_plan: int = 0
    never: int = 0


@dataclass(frozen=True)
class Overview:
    """One page of the overview, the counts over every matching project, and filter choices."""

    lines: list[Line]
    counts: Counts
    matching: int  # projects of the chosen state (all pages)
    page: int
    pages: int
    years: list[int] = field(default_factory=list)
    agencies: list[tuple[str, str | None]] = field(default_factory=list)


def _escape_like(text: str) -> str:
    """A text for LIKE, its wildcards taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def chosen(scope: Scope, f: Filters) -> Select[Any]:
    """The ids of the projects in scope that match the year, agency and text."""
    stmt: Select[Any] = select(Project.id)
    if f.fiscal_year is not None:
        stmt = stmt.where(Project.fiscal_year == f.fiscal_year)
    if f.agency:
        stmt = stmt.where(Project.agency_id.in_(select(Agency.id).where(Agency.code == f.agency)))
    if f.text:
        like = f"%{_escape_like(f.text.strip().lower())}%"
        stmt = stmt.where(or_(func.lower(Project.code).like(like, escape="\\"),
                              func.lower(Project.name).like(like, escape="\\")))
    return scope.filter(stmt)


def choices(session: Session, scope: Scope) -> tuple[list[int], list[tuple[str, str | None]]]:
    """The fiscal years and agencies (code, name) of the projects in scope, in one query."""
    rows = session.execute(scope.filter(
        select(Project.fiscal_year, Agency.code, Agency.name)
        .join(Agency, Agency.id == Project.agency_id).distinct())).all()
    years = sorted({r[0] for r in rows}, reverse=True)
    agencies = sorted({(r[1], r[2]) for r in rows})
    return years, agencies


def load_lines(session: Session, scope: Scope, f: Filters, today: date,
               due: DueDates, memo: MonthsMemo | None = None) -> list[Line]:
    """Every project matching the filters (any state), with its months: three queries."""
    ids = chosen(scope, f).subquery()
    ranked = (
        select(R.project_id, R.period, R.report_date, R.progress_percent, R.on_plan,
               R.on_target, R.obstacles,
               func.row_number().over(partition_by=R.project_id,
                                      order_by=[R.period.desc(), R.number.desc()]).label("rn"))
        .join(ids, ids.c.id == R.project_id)
        .subquery()
    )
    core = session.connection()  # plain rows: the ORM's row handling costs at 10,000
    rows = core.execute(
        select(Project.id, Project.code, Project.name, Project.agency_id, Project.fiscal_year,
               Project.start_date, Project.end_date, Agency.code, Agency.name,
               ranked.c.period, ranked.c.report_date, ranked.c.progress_percent,
               ranked.c.on_plan, ranked.c.on_target, ranked.c.obstacles)
        .join(ids, ids.c.id == Project.id)
        .join(Agency, Agency.id == Project.agency_id)
        .outerjoin(ranked, and_(ranked.c.project_id == Project.id, ranked.c.rn == 1))
        .order_by(Project.code)).all()
    raw: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for pid, month, progress in core.execute(
            select(R.project_id, R.period, R.progress_percent)
            .join(ids, ids.c.id == R.project_id)).all():  # all(): one fetch, not one a row
        raw[pid].append((month, progress))
    months_of: dict[date, Period] = {}  # a few dozen distinct months among 100,000 reports

    def compute(agency_id: int, start: date | None, end: date | None, fy: int,
                own: tuple[tuple[date, Decimal], ...]) -> Months:
        reported = []
        for month, progress in own:
            period = months_of.get(month)
            if period is None:
                period = months_of[month] = period_of(month)
            reported.append((period, progress))
        return due.months(agency_id, start, end, fy, reported, today)

    calendar = hash((frozenset(due.cal.holidays), due.cal.extra_working))
    lines = []
    plans: dict[tuple[date, date], Decimal] = {}  # most projects share their span
    for (pid, code, name, agency_id, fy, start, end, agency_code, agency_name, period, day,
         progress, on_plan, on_target, obstacles) in rows:
        own = tuple(sorted(raw.get(pid, ())))
        if memo is None:
            months = compute(agency_id, start, end, fy, own)
        else:  # the same inputs give the same months: computed again only when they change
            key = (pid, hash((due.due_day(agency_id), start, end, fy, today, calendar, own)))
            months = memo.get(key, partial(compute, agency_id, start, end, fy, own))
        span = work_span(start, end, fy)
        plan = plans.get(span)
        if plan is None:
            plan = plans[span] = span_percent(*span, today)
        lines.append(Line(code, name, agency_code, agency_name, fy, plan,
                          None if progress is None else Decimal(progress), period, day,
                          on_plan, on_target, obstacles, months))
    return lines


def count(lines: list[Line]) -> Counts:
    """The numbers at the top, over every project matching the filters."""
    return Counts(
        total=len(lines), late=sum(1 for x in lines if x.late),
        behind=sum(1 for x in lines if x.behind),
        finished=sum(1 for x in lines if x.finished),
        on_plan=sum(1 for x in lines if x.on_plan is True and not x.finished),
        never=sum(1 for x in lines if x.latest_period is None))


_KEEP: dict[str, Callable[[Line], bool]] = {
    "": lambda x: True, "late": lambda x: x.late, "behind": lambda x: x.behind,
    "finished": lambda x: x.finished}
_ORDER: dict[str, Callable[[Line], tuple[Any, ...]]] = {
    "code": lambda x: (x.code,),
    "missing": lambda x: (-len(x.months.missing), x.code),
    "progress": lambda x: (x.progress if x.progress is not None else Decimal(-1), x.code),
    "latest": lambda x: (x.latest_date or date.min, x.code),
}


def overview(session: Session, scope: Scope, f: Filters, today: date,
             due: Callable[[], DueDates], cache: LinesCache | None = None,
             memo: MonthsMemo | None = None,
             known: tuple[list[int], list[tuple[str, str | None]]] | None = None) -> Overview:
    """The page of the overview the filters ask for; the projects' months are computed once
    per scope, year, agency, text, day and data version (cache), then filtered and sorted."""
    def build() -> list[Line]:
        return load_lines(session, scope, f, today, due(), memo)

    if cache is None:
        lines = build()
    else:
        key = (scope.is_admin, scope.project_ids, scope.agency_ids, f.fiscal_year, f.agency,
               f.text, today, data_version(session))
        lines = cache.get(key, build)
    kept = sorted((x for x in lines if _KEEP.get(f.state, _KEEP[""])(x)),
                  key=_ORDER.get(f.sort, _ORDER["code"]))
    pages = max((len(kept) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(f.page, 1), pages)
    years, agencies = known if known is not None else choices(session, scope)
    return Overview(kept[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], count(lines), len(kept),
                    page, pages, years, agencies)
