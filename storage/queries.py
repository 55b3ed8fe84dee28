"""Read-only queries behind status, history, overdue and digest, returning plain dataclasses."""

from __future__ import annotations

import difflib
import heapq
import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from core.periods import Period, period_of
from core.report_schema import REPORT_FIELDS
from storage.enums import Source
from storage.models import Agency, ProgressReport, Project, Unit
from storage.scope import Scope

R = ProgressReport


@dataclass(frozen=True)
class ProjectInfo:
    """Everything the status answer shows about a project."""

    id: int
    code: str
    name: str
    agency_id: int
    agency_code: str
    agency_name: str | None
    unit_path: str | None
    fiscal_year: int
    start_date: date | None
    end_date: date | None
    budget_received: Decimal | None
    budget_used: Decimal | None
    responsible_name: str | None
    responsible_phone: str | None
    coordinator_name: str | None
    coordinator_phone: str | None


@dataclass(frozen=True)
class ReportInfo:
    """One progress report ("รายงานครั้งที่ N") of its reporting month (period)."""

    number: int
    period: date
    report_date: date
    progress: Decimal
    disbursed: Decimal
    on_plan: bool | None  # None: not stated (a printout that left it blank)
    on_target: bool | None
    detail: str = ""
    revision: int = 1
    obstacles: str | None = None
    # the values of the report fields declared without an attribute here (core.report_schema)
    more: tuple[tuple[str, Any], ...] = ()
    received: date | None = None  # the day it reached us (received_on); None: report_date

    @property
    def sent(self) -> date:
        """The day it was sent (or last corrected), not the form's date (received_on)."""
        return self.received or self.report_date

    def answer(self, name: str) -> Any:
        """The value of the report field called name (None when it was not given)."""
        return dict(self.more).get(name) if name in _MORE_NAMES else getattr(self, name)


# Report fields ReportInfo has no attribute for: their values travel in ReportInfo.more.
_MORE_NAMES = tuple(f.name for f in REPORT_FIELDS
                    if f.name not in {"detail", "progress", "disbursed", "on_plan", "on_target",
                                      "obstacles"})


@dataclass(frozen=True)
class ProjectBrief:
    """A project in a list of choices."""

    id: int
    code: str
    name: str
    agency_id: int


@dataclass(frozen=True)
class Standing:
    """An active project with its latest report (None when it never reported) and the months
    it has reports for, with each one's progress (for core.months)."""

    code: str
    name: str
    fiscal_year: int
    latest_date: date | None
    latest_progress: Decimal | None
    on_plan: bool | None
    agency_id: int = 0
    start_date: date | None = None
    end_date: date | None = None
    latest_period: date | None = None
    reports: tuple[tuple[Period, Decimal], ...] = ()


_INFO_COLUMNS = (
    Project.id, Project.code, Project.name, Project.agency_id, Agency.code, Agency.name,
    Unit.path, Project.fiscal_year, Project.start_date, Project.end_date,
    Project.budget_received, Project.budget_used, Project.responsible_name,
    Project.responsible_phone, Project.coordinator_name, Project.coordinator_phone,
)
_BRIEF_COLUMNS = (Project.id, Project.code, Project.name, Project.agency_id)


def find_project(session: Session, code: str) -> ProjectInfo | None:
    """The project with this exact code, with its agency and unit, in one query."""
    stmt = (
        select(*_INFO_COLUMNS)
        .join(Agency, Agency.id == Project.agency_id)
        .outerjoin(Unit, Unit.id == Project.unit_id)
        .where(Project.code == code)
    )
    row = session.execute(stmt).first()
    return ProjectInfo(*tuple(row)) if row else None


def received_on(source: Source | str, submitted_at: datetime | None, report_date: date,
                zone: tzinfo) -> date:
    """The day (in the reporting calendar's zone) a report reached us, or was last corrected:
    when it was submitted in chat; for a printout (imported, loaded by an admin) the date
    printed on it, since the import's own moment says nothing about when it was sent. A late
    month's form carries its month's last day (printed_date), so the form's date alone would
    say a report filed today is a week old."""
    if source == Source.BOT and submitted_at is not None:
        return submitted_at.astimezone(zone).date()
    return report_date


def project_reports(session: Session, project_id: int, zone: tzinfo,
                    detail: bool = False) -> list[ReportInfo]:
    """A project's reports, latest month first, each with the day it was received (in zone);
    the long detail text only when asked for."""
    columns = [R.number, R.period, R.report_date, R.revision, R.source, R.submitted_at,
               *(getattr(R, f.column).label(f.name) for f in REPORT_FIELDS if f.name != "detail"),
               (R.detail if detail else literal("")).label("detail")]
    stmt = (select(*columns).where(R.project_id == project_id)
            .order_by(R.period.desc(), R.number.desc()))
    found = []
    for row in session.execute(stmt):
        named = dict(row._mapping)
        more = tuple((name, named.pop(name)) for name in _MORE_NAMES)
        received = received_on(named.pop("source"), named.pop("submitted_at"),
                               named["report_date"], zone)
        found.append(ReportInfo(**named, more=more, received=received))
    return found


def squeeze(text: str) -> str:
    """Text case-folded with all whitespace removed, for forgiving name matching."""
    return "".join(text.casefold().split())


def _grams(text: str, n: int = 3) -> list[str]:
    """The distinct character n-grams of text, in order."""
    if len(text) <= n:
        return [text] if text else []
    return list(dict.fromkeys(text[i : i + n] for i in range(len(text) - n + 1)))


def _window_ratio(needle: str, hay: str) -> float:
    """difflib's ratio between needle and the same-size part of hay where it best lines up."""
    block = difflib.SequenceMatcher(None, needle, hay, autojunk=False).find_longest_match(
        0, len(needle), 0, len(hay))
    start = max(block.b - block.a, 0)
    return difflib.SequenceMatcher(None, needle, hay[start : start + len(needle)]).ratio()


# A project as the name index holds it: (id, code, name, agency_id, squeezed name, code
# digits). Plain tuples of atoms are untracked by the garbage collector, so a resident index of
# 10,000 projects adds nothing to collection pauses.
_Named = tuple[int, str, str, int, str, str]


def _brief(row: _Named) -> ProjectBrief:
    """The ProjectBrief of an index row."""
    return ProjectBrief(row[0], row[1], row[2], row[3])


class NameIndex:
    """Project names held in memory for substring and look-alike search.

    A LIKE '%…%' over lower-cased Thai names cannot use a B-tree index (≈15–30 ms over 10,000
    projects in PostgreSQL); holding the names costs ~2 MB per worker and makes a search a
    few milliseconds. It reloads when the projects table changes (row count, newest id or
    newest updated_at) and at least every max_age seconds.
    """

    def __init__(self, max_age: float = 600.0, clock: Callable[[], float] = time.monotonic):
        self.max_age, self.clock = max_age, clock
        self._rows: list[_Named] = []
        self._stamp: tuple[Any, ...] | None = None
        self._loaded_at = -math.inf

    def rows(self, session: Session) -> list[_Named]:
        """Every project, newest fiscal year first, reloaded if the table changed."""
        stamp = tuple(session.execute(
            select(func.count(), func.max(Project.id), func.max(Project.updated_at))).one())
        if stamp != self._stamp or self.clock() - self._loaded_at > self.max_age:
            stmt = select(*_BRIEF_COLUMNS).order_by(Project.fiscal_year.desc(), Project.code)
            self._rows = [(i, code, name, agency, squeeze(name), code.replace("-", ""))
                          for i, code, name, agency in session.execute(stmt)]
            self._stamp, self._loaded_at = stamp, self.clock()
        return self._rows

    def _scoped(self, session: Session, scope: Scope) -> list[_Named]:
        """The rows this user may see."""
        rows = self.rows(session)
        if scope.is_admin:
            return rows
        ids, agencies = scope.project_ids, scope.agency_ids
        return [r for r in rows if r[0] in ids or r[3] in agencies]

    def search(self, session: Session, scope: Scope, fragment: str, limit: int,
               offset: int = 0) -> tuple[list[ProjectBrief], int]:
        """Projects in scope whose name (or code) contains fragment: one page and the total."""
        needle = squeeze(fragment)
        if not needle:
            return [], 0
        digits = needle.replace("-", "")
        if not (digits.isdigit() and len(digits) >= 4):
            digits = "-"  # never inside a code's digits: match names only
        hits = [r for r in self._scoped(session, scope) if needle in r[4] or digits in r[5]]
        return [_brief(r) for r in hits[offset : offset + limit]], len(hits)

    def similar(self, session: Session, scope: Scope, fragment: str,
                limit: int = 5) -> list[ProjectBrief]:
        """Projects in scope whose names look most like fragment (trigrams, then difflib)."""
        needle = squeeze(fragment)
        grams = _grams(needle)
        if not grams:
            return []
        probes = grams[:: max(len(grams) // 12, 1)][:12]
        shared = ((sum(map(r[4].__contains__, probes)), r) for r in self._scoped(session, scope))
        pool = heapq.nlargest(30, (x for x in shared if x[0]), key=lambda x: x[0])
        scored = sorted(((hits / len(probes) + 0.5 * _window_ratio(needle, r[4]), r[1], r)
                         for hits, r in pool), key=lambda x: (-x[0], x[1]))
        return [_brief(r) for score, _, r in scored if score >= 0.5][:limit]


def similar_codes(session: Session, scope: Scope, code: str, limit: int = 5) -> list[ProjectBrief]:
    """Projects in scope with a code close to code (same agency or same number)."""
    match = or_(Project.code.like(f"{code[:8]}-%"), Project.code.like(f"%-{code[-4:]}"))
    stmt = scope.filter(select(*_BRIEF_COLUMNS).where(match)).limit(500)
    found = [ProjectBrief(*row) for row in session.execute(stmt)]
    ratio = {p.code: difflib.SequenceMatcher(None, code, p.code).ratio() for p in found}
    ranked = sorted(found, key=lambda p: (-ratio[p.code], p.code))
    return [p for p in ranked if ratio[p.code] >= 0.75][:limit]


def scope_projects(session: Session, scope: Scope, limit: int) -> list[ProjectBrief]:
    """The first projects in scope (newest fiscal year first), to offer as choices."""
    stmt = scope.filter(select(*_BRIEF_COLUMNS))
    stmt = stmt.order_by(Project.fiscal_year.desc(), Project.code).limit(limit)
    return [ProjectBrief(*row) for row in session.execute(stmt)]


def first_code(session: Session, scope: Scope) -> str | None:
    """The code of the asker's first visible project (an example they can really type)."""
    first = scope_projects(session, scope, 1)
    return first[0].code if first else None


def _active(current_fy: int, today: date) -> ColumnElement[bool]:
    """Projects of the current fiscal year, or that have not ended yet."""
    return or_(Project.fiscal_year == current_fy, Project.end_date >= today)


def standings(session: Session, scope: Scope, current_fy: int, today: date) -> list[Standing]:
    """Every active project in scope with its latest report and reported months (two queries)."""
    scoped = scope.filter(select(Project.id).where(_active(current_fy, today))).subquery()
    order: list[Any] = [R.period.desc(), R.number.desc()]
    ranked = (
        select(R.project_id, R.report_date, R.progress_percent, R.on_plan, R.period,
               func.row_number().over(partition_by=R.project_id, order_by=order).label("rn"))
        .join(scoped, scoped.c.id == R.project_id)
        .subquery()
    )
    stmt = (
        select(Project.id, Project.code, Project.name, Project.fiscal_year,
               ranked.c.report_date, ranked.c.progress_percent, ranked.c.on_plan,
               Project.agency_id, Project.start_date, Project.end_date, ranked.c.period)
        .join(scoped, scoped.c.id == Project.id)
        .outerjoin(ranked, and_(ranked.c.project_id == Project.id, ranked.c.rn == 1))
        .order_by(Project.code)
    )
    rows = session.execute(stmt).all()
    months: dict[int, list[tuple[Period, Decimal]]] = defaultdict(list)
    for pid, month, progress in session.execute(
            select(R.project_id, R.period, R.progress_percent)
            .join(scoped, scoped.c.id == R.project_id)):
        months[pid].append((period_of(month), Decimal(str(progress))))
    return [Standing(code, name, fy, day, progress, on_plan, agency_id, start, end, period,
                     tuple(months.get(pid, ())))
            for pid, code, name, fy, day, progress, on_plan, agency_id, start, end, period
            in rows]
