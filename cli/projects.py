"""`tidtam projects`: the projects in the database, their codes and where their reports stand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import typer

from core.display import short
from core.months import Months
from core.periods import period_of, thai_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from runtime.config import Settings


class State(StrEnum):
    """Which projects to list by where they stand today."""

    ALL = "all"
    RUNNING = "running"  # takes reports: not closed
    FINISHED = "finished"  # closed (100 % and past its end), or past its end date
    LATE = "late"  # at least one month missing


@dataclass(frozen=True)
class Row:
    """One project as the table shows it."""

    code: str
    name: str
    fiscal_year: int
    span: str
    reports: int
    months: Months
    ended: bool

    @property
    def state(self) -> str:
        """"closed", "ended", "late" or "running"."""
        if self.months.closed:
            return "closed"
        if self.months.missing:
            return "late"
        return "ended" if self.ended else "running"

    def matches(self, state: State) -> bool:
        """True when the row belongs to the listing asked for."""
        if state is State.RUNNING:
            return not self.months.closed and not self.ended
        if state is State.FINISHED:
            return self.months.closed or self.ended
        if state is State.LATE:
            return bool(self.months.missing)
        return True


def _rows(session: Session, settings: Settings, today: date, agency: str | None,
          year: int | None) -> list[Row]:
    """Every project (of the agency and fiscal year, when given), with its months today."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from reminders.due import load_due_dates
    from runtime.reminders import policy_from
    from storage.models import Agency, Project

    query = select(Project).options(selectinload(Project.reports)).order_by(Project.code)
    if agency:
        query = query.join(Agency).where(Agency.code == agency)
    if year:
        query = query.where(Project.fiscal_year == year)
    due = load_due_dates(session, policy_from(settings), today)
    rows = []
    for project in session.scalars(query):
        reports = [(period_of(r.period), r.progress_percent) for r in project.reports]
        months = due.months(project.agency_id, project.start_date, project.end_date,
                            project.fiscal_year, reports, today)
        span = " – ".join(thai_date(d) for d in (project.start_date, project.end_date) if d)
        ended = project.end_date is not None and project.end_date < today
        rows.append(Row(project.code, project.name, project.fiscal_year, span,
                        len(project.reports), months, ended))
    return rows


def projects_command(
    agency: str | None = typer.Option(None, "--agency", help="Only agency AAAAAAAA."),
    fiscal_year: int | None = typer.Option(None, "--fiscal-year", help="Only fiscal year (BE)."),
    state: State = typer.Option(State.ALL, "--state",
                                help="running, finished, late (a month missing) or all."),
    on: str | None = typer.Option(None, "--on", help="As on this day (YYYY-MM-DD; default today)."),
) -> None:
    """List projects: code, name, fiscal year, dates, reports and missing months."""
    from cli.console import Table, show, styled
    from cli.forms import open_database
    from runtime.config import load_settings

    settings = load_settings()
    today = date.fromisoformat(on) if on else datetime.now(ZoneInfo(settings.timezone)).date()
    with open_database(None) as factory, factory() as session:
        rows = [row for row in _rows(session, settings, today, agency, fiscal_year)
                if row.matches(state)]
    if not rows:
        show("No project matches." + ("" if agency or fiscal_year or state is not State.ALL
                                       else " Load printouts with `tidtam import <folder>`."))
        return
    table = Table(title=f"Projects on {thai_date(today)}", show_header=True)
    for column in ("code", "name", "FY", "dates", "reports", "state", "missing months"):
        table.add_column(column, justify="right" if column in ("FY", "reports") else "left",
                         overflow="fold", no_wrap=column == "code")  # a code copies whole
    colours = {"late": "red", "closed": "dim", "ended": "dim", "running": "green"}
    for row in rows:
        missing = ", ".join(p.label for p in row.months.missing)
        table.add_row(row.code, short(row.name, 60), str(row.fiscal_year), row.span,
                      str(row.reports), styled(row.state, colours[row.state]), missing)
    show(table)
    late = sum(1 for row in rows if row.months.missing)
    noun = "project" if len(rows) == 1 else "projects"
    show(f"{len(rows)} {noun}, {late} late. `tidtam invite --project CODE --role officer` "
         "gives an officer access to one.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `tidtam projects` to the CLI."""
    app.command("projects")(projects_command)
