"""The agency overview: every project in scope with its months, read in three set-based queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, tzinfo
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy import Select, func, literal, or_, select, tuple_
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from core.behind import Behind, behind_plan
from core.months import Months, work_span
from core.periods import Period, period_of, span_percent
from reminders.due import DueDates
from storage.models import Agency, ProgressReport, Project
from storage.queries import received_on
from storage.scope import Scope
from web.cache import LinesCache, MonthsMemo, data_version

R = ProgressReport
PAGE_SIZE = 50
STATES = ("", "late", "behind", "finished")
SORTS = ("code", "missing", "progress", "latest")


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

    project_id: int
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
    obstacles: str | None  # filled for the lines shown (with_obstacles)
    months: Months
    latest_number: int | None = None
    received: date | None = None  # the day the latest report reached us (with_obstacles)

    @property
    def late(self) -> bool:
        """A month is past its due day with no report."""
        return self.months.late

    @property
    def finished(self) -> bool:
        """Reached 100 % and past its end date (ปิดโครงการแล้ว)."""
        return self.months.closed

    @property
    def behind(self) -> Behind | None:
        """Why it is behind plan, if it is (core.behind: the rule and words สรุป uses too)."""
        return behind_plan(self.progress, self.plan, self.on_plan, self.finished)


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


def _fetch(core: Connection, stmt: Executable) -> Sequence[Any]:
    """Every row at once. On PostgreSQL straight from psycopg, which already gives dates and
    Decimals: SQLAlchemy's row objects cost ~0.15 s per 100,000 rows; elsewhere its rows."""
    result = core.execute(stmt)
    if core.dialect.name == "postgresql":
        rows = result.cursor.fetchall()
        result.close()
        return rows
    return result.all()


def load_lines(session: Session, scope: Scope, f: Filters, today: date,
               due: DueDates, memo: MonthsMemo | None = None,
               only: Sequence[int] | None = None) -> list[Line]:
    """Every project matching the filters (any state; with only, those of them), with its
    latest report and its months: two queries (the obstacles of the lines shown come with
    `with_obstacles`)."""
    picked = chosen(scope, f)
    ids = (picked if only is None else picked.where(Project.id.in_(only))).subquery()
    core = session.connection()  # plain rows: the ORM's row handling costs at 10,000
    rows = _fetch(core, select(Project.id, Project.code, Project.name, Project.agency_id,
                               Project.fiscal_year, Project.start_date, Project.end_date,
                               Agency.code, Agency.name)
                  .join(ids, ids.c.id == Project.id)
                  .join(Agency, Agency.id == Project.agency_id)
                  .order_by(Project.code))
    if core.dialect.name == "postgresql":
        signature, latest = _reports_aggregated(core, ids)
    else:
        signature, latest = _reports_rows(core, ids)
    months_of: dict[date, Period] = {}  # a few dozen distinct months among 100,000 reports

    def compute(agency_id: int, start: date | None, end: date | None, fy: int,
                own: Hashable) -> Months:
        reported = []
        for month, progress in _pairs(own):
            period = months_of.get(month)
            if period is None:
                period = months_of[month] = period_of(month)
            reported.append((period, progress))
        return due.months(agency_id, start, end, fy, reported, today)

    calendar = hash((frozenset(due.cal.holidays), due.cal.extra_working))
    lines = []
    plans: dict[tuple[date, date], Decimal] = {}  # most projects share their span
    for pid, code, name, agency_id, fy, start, end, agency_code, agency_name in rows:
        own = signature.get(pid, ())
        if memo is None:
            months = compute(agency_id, start, end, fy, own)
        else:  # the same inputs give the same months: computed again only when they change
            key = (pid, hash((due.due_day(agency_id), start, end, fy, today, calendar, own)))
            months = memo.get(key, partial(compute, agency_id, start, end, fy, own))
        span = work_span(start, end, fy)
        plan = plans.get(span)
        if plan is None:
            plan = plans[span] = span_percent(*span, today)
        last = latest.get(pid)
        if last is None:
            lines.append(Line(pid, code, name, agency_code, agency_name, fy, plan, None, None,
                              None, None, None, None, months))
        else:
            month, progress, number, day, on_plan, on_target = last
            lines.append(Line(pid, code, name, agency_code, agency_name, fy, plan,
                              Decimal(progress), month, day, on_plan, on_target, None, months,
                              number))
    return lines


Latest = tuple[date, Decimal, int, date, bool | None, bool | None]  # month, progress, number…


def _reports_rows(core: Connection, ids: Any) -> tuple[dict[int, Hashable], dict[int, Latest]]:
    """Each project's reported (month, progress) pairs in order, and its latest report (the
    latest month's, highest number), from one row a report."""
    raw: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    latest: dict[int, Latest] = {}
    for pid, month, progress, number, day, on_plan, on_target in _fetch(core, select(
            R.project_id, R.period, R.progress_percent, R.number, R.report_date, R.on_plan,
            R.on_target).join(ids, ids.c.id == R.project_id)):
        raw[pid].append((month, progress))
        seen = latest.get(pid)
        if seen is None or (month, number) > (seen[0], seen[2]):
            latest[pid] = (month, progress, number, day, on_plan, on_target)
    return {pid: tuple(sorted(pairs)) for pid, pairs in raw.items()}, latest


def _reports_aggregated(core: Connection,
                        ids: Any) -> tuple[dict[int, Hashable], dict[int, Latest]]:
    """The same from one row a project, aggregated by PostgreSQL into one string of its
    reports in month order ("9770=10.00=1=9794=t=t,…", month and date as days since 2000): the
    last entry is the latest report, and the string is the memo's signature (read whole only
    when the project's months are computed)."""
    epoch = literal(_EPOCH)  # dates as days since it: no to_char, no DateStyle to depend on
    entry = func.concat(R.period - epoch, "=", R.progress_percent, "=", R.number, "=",
                        R.report_date - epoch, "=", R.on_plan, "=", R.on_target)  # NULL: ""
    stmt = (select(R.project_id,
                   func.string_agg(entry, aggregate_order_by(literal(","), R.period, R.number)))
            .join(ids, ids.c.id == R.project_id).group_by(R.project_id))
    signature: dict[int, Hashable] = {}
    latest: dict[int, Latest] = {}
    for pid, reports in _fetch(core, stmt):
        signature[pid] = reports
        month, progress, number, day, on_plan, on_target = reports.rpartition(",")[2].split("=")
        latest[pid] = (_day(month), Decimal(progress), int(number), _day(day),
                       _BOOLS[on_plan], _BOOLS[on_target])
    return signature, latest


_EPOCH = date(2000, 1, 1)
_BASE = _EPOCH.toordinal()


def _day(days: str) -> date:
    """A date sent as days since _EPOCH."""
    return date.fromordinal(_BASE + int(days))


_BOOLS: dict[str, bool | None] = {"t": True, "f": False, "true": True, "false": False, "": None}


def _pairs(own: Hashable) -> tuple[tuple[date, Decimal], ...]:
    """A signature's (month, progress) pairs: a tuple already, or PostgreSQL's string."""
    if isinstance(own, str):
        return tuple((_day(fields[0]), Decimal(fields[1]))
                     for fields in (entry.split("=") for entry in own.split(",") if entry))
    return own  # type: ignore[return-value]


def with_obstacles(session: Session, lines: list[Line], zone: tzinfo) -> list[Line]:
    """The lines with their latest report's obstacles and the day it was received (in zone,
    storage.queries.received_on): one query for the lines shown."""
    wanted = [(x.project_id, x.latest_number) for x in lines if x.latest_number is not None]
    if not wanted:
        return lines
    found: dict[tuple[int, int | None], tuple[str | None, date | None]] = {
        (pid, n): (text, received_on(source, at, day, zone))
        for pid, n, text, source, at, day in session.execute(
            select(R.project_id, R.number, R.obstacles, R.source, R.submitted_at, R.report_date)
            .where(tuple_(R.project_id, R.number).in_(wanted)))}
    out = []
    for x in lines:
        obstacles, received = found.get((x.project_id, x.latest_number), (None, None))
        out.append(replace(x, obstacles=obstacles, received=received))
    return out


def count(lines: list[Line]) -> Counts:
    """The numbers at the top, over every project matching the filters."""
    return Counts(
        total=len(lines), late=sum(1 for x in lines if x.late),
        behind=sum(1 for x in lines if x.behind),
        finished=sum(1 for x in lines if x.finished),
        on_plan=sum(1 for x in lines if x.on_plan is True and not x.finished),
        never=sum(1 for x in lines if x.latest_period is None))


_KEEP: dict[str, Callable[[Line], bool]] = {
    "": lambda x: True, "late": lambda x: x.late, "behind": lambda x: x.behind is not None,
    "finished": lambda x: x.finished}
_ORDER: dict[str, Callable[[Line], tuple[Any, ...]]] = {
    "code": lambda x: (x.code,),
    "missing": lambda x: (-len(x.months.missing), x.code),
    "progress": lambda x: (x.progress if x.progress is not None else Decimal(-1), x.code),
    "latest": lambda x: (x.latest_date or date.min, x.code),
}


Stamp = tuple[int, int, int]  # a project's reports: how many, the last id, the revisions' sum
PATCH_LIMIT = 500  # more projects changed than this: the overview is built again


@dataclass(frozen=True)
class Book:
    """The computed lines of an overview, and the reports' stamps they were computed from."""

    lines: list[Line]
    stamps: dict[int, Stamp]


def report_stamps(session: Session, scope: Scope, f: Filters) -> dict[int, Stamp]:
    """Each matching project's stamp (one grouped query): a report filed, corrected or removed
    changes its project's, and only that project's."""
    ids = chosen(scope, f).subquery()
    return {pid: (n, last, revisions) for pid, n, last, revisions in _fetch(
        session.connection(),
        select(R.project_id, func.count(), func.max(R.id), func.sum(R.revision))
        .join(ids, ids.c.id == R.project_id).group_by(R.project_id))}


def refresh(session: Session, scope: Scope, f: Filters, today: date, due: DueDates,
            memo: MonthsMemo | None, seen: tuple[Any, ...], now: tuple[Any, ...],
            kept: Book) -> Book | None:
    """The kept overview brought up to date by computing again only the projects whose
    reports changed; None when projects, due days or working days changed (built again)."""
    if seen[3:] != now[3:]:
        return None
    stamps = report_stamps(session, scope, f)  # before the lines: a report filed meanwhile
    changed = [pid for pid in stamps.keys() | kept.stamps.keys()  # is caught next time
               if stamps.get(pid) != kept.stamps.get(pid)]
    if len(changed) > PATCH_LIMIT:
        return None
    if not changed:
        return Book(kept.lines, stamps)
    fresh = {x.project_id: x for x in load_lines(session, scope, f, today, due, memo, changed)}
    return Book([fresh.get(x.project_id, x) for x in kept.lines], stamps)


def overview(session: Session, scope: Scope, f: Filters, today: date,
             due: Callable[[], DueDates], cache: LinesCache | None = None,
             memo: MonthsMemo | None = None,
             known: tuple[list[int], list[tuple[str, str | None]]] | None = None,
             zone: tzinfo | None = None) -> Overview:
    """The page of the overview the filters ask for; the projects' months are computed once
    per scope, year, agency, text, day and data version (cache), then filtered and sorted;
    zone: the reporting calendar's, for the day a latest report was received (default UTC)."""
    def build() -> Book:
        stamps = report_stamps(session, scope, f)  # first: a report filed meanwhile is seen
        return Book(load_lines(session, scope, f, today, due(), memo), stamps)

    if cache is None:
        lines = load_lines(session, scope, f, today, due(), memo)
    else:
        key = (scope.is_admin, scope.project_ids, scope.agency_ids, f.fiscal_year, f.agency,
               f.text, today)
        version = data_version(session)
        lines = cache.get(key, build, version, lambda seen, kept: refresh(
            session, scope, f, today, due(), memo, seen, version, kept)).lines
    kept = sorted((x for x in lines if _KEEP.get(f.state, _KEEP[""])(x)),
                  key=_ORDER.get(f.sort, _ORDER["code"]))
    pages = max((len(kept) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(f.page, 1), pages)
    years, agencies = known if known is not None else choices(session, scope)
    shown = with_obstacles(session, kept[(page - 1) * PAGE_SIZE: page * PAGE_SIZE],
                           zone or UTC)
    return Overview(shown, count(lines), len(kept),
                    page, pages, years, agencies)
