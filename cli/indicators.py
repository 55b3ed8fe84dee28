"""`tidtam assign-indicator`: attach an imported indicator to its agency and fiscal year."""

from __future__ import annotations

import getpass

import typer
from rich.markup import escape
from sqlalchemy import select

from cli.console import show
from cli.users import _sessions
from storage.audit import audit, snapshot
from storage.db import session_scope
from storage.models import Agency, Indicator


def assign_indicator(
    number: str = typer.Argument(..., help="Indicator number as printed, e.g. 08."),
    agency: str = typer.Option(..., "--agency", help="Agency code, 8 digits."),
    fiscal_year: int | None = typer.Option(None, "--fiscal-year", help="Fiscal year (BE)."),
) -> None:
    """Give an indicator (the printed form carries no agency) its agency, so officers can report."""
    actor = f"cli:{getpass.getuser()}"
    with session_scope(_sessions()) as session:
        agency_id = session.scalar(select(Agency.id).where(Agency.code == agency))
        if agency_id is None:
            show(f"[red]error:[/red] unknown agency {escape(agency)} (import one of its "
                          "projects first)")
            raise typer.Exit(2)
        wanted = number.rstrip(".")
        rows = [i for i in session.scalars(select(Indicator))
                if (i.number or "").rstrip(".") == wanted]
        if len(rows) != 1:
            show(f"[red]error:[/red] {len(rows)} indicators numbered {escape(number)}; "
                          "expected exactly one")
            raise typer.Exit(2)
        indicator = rows[0]
        before = snapshot(indicator)
        indicator.agency_id = agency_id
        if fiscal_year is not None:
            indicator.fiscal_year = fiscal_year
            for row in indicator.quarters:  # quarters stored before the year was known
                if row.fiscal_year is None:
                    row.fiscal_year = fiscal_year
        session.flush()  # natural_key is recomputed on flush
        audit(session, actor, "indicator.assign", "indicators", indicator.id, before,
              snapshot(indicator))
    show(f"indicator {escape(number)} now belongs to agency {escape(agency)}")


def register(app: typer.Typer) -> None:
    """Add the indicator administration command to the CLI."""
    app.command("assign-indicator")(assign_indicator)
