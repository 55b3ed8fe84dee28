"""`tidtam invite`, `tidtam users`, `tidtam revoke`: who may use the bot, for admins."""

from __future__ import annotations

import getpass

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from runtime.config import load_settings
from storage.audit import audit
from storage.db import make_engine, make_session_factory, session_scope
from storage.enums import Role
from storage.invites import InviteError, create_invite
from storage.models import Agency, Assignment, LineUser, Project

console = Console()


def _sessions() -> sessionmaker[Session]:
    """A session factory for the configured database."""
    return make_session_factory(make_engine(load_settings().effective_database_url))


def invite(
    project: list[str] = typer.Option([], "--project", help="Project code(s), AAAAAAAA-NNNN."),
    agency: str = typer.Option("", "--agency", help="Agency code, 8 digits."),
    role: Role = typer.Option(Role.OFFICER, "--role", help="officer, supervisor or admin."),
) -> None:
    """Print a one-time invite code (valid 7 days) for projects or an agency."""
    actor = f"cli:{getpass.getuser()}"
    try:
        with session_scope(_sessions()) as session:
            code = create_invite(session, role, list(project), agency or None, actor)
    except InviteError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    console.print(f"invite code: [bold]{code}[/bold]  (role {role.value}, valid 7 days)")
    console.print(f"the person sends in LINE:  ลงทะเบียน {code}")


def users() -> None:
    """List LINE users and their bindings."""
    table = Table("id", "LINE user", "role", "scope")
    with session_scope(_sessions()) as session:
        rows = session.execute(
            select(Assignment.id, LineUser.line_user_id, Assignment.role, Project.code,
                   Agency.code)
            .join(LineUser, LineUser.line_user_id == Assignment.line_user_id)
            .outerjoin(Project, Project.id == Assignment.project_id)
            .outerjoin(Agency, Agency.id == Assignment.agency_id)
            .order_by(LineUser.line_user_id, Assignment.id))
        for aid, uid, role, pcode, acode in rows:
            table.add_row(str(aid), uid, role.value, pcode or f"agency {acode}")
    console.print(table)


def revoke(
    binding: int = typer.Argument(..., help="Binding id from `tidtam users`."),
) -> None:
    """Remove one binding (the user keeps other bindings)."""
    actor = f"cli:{getpass.getuser()}"
    with session_scope(_sessions()) as session:
        row = session.get(Assignment, binding)
        if row is None:
            console.print(f"[red]error:[/red] no binding {binding}")
            raise typer.Exit(2)
        before = {"line_user_id": row.line_user_id, "role": row.role.value,
                  "project_id": row.project_id, "agency_id": row.agency_id}
        session.execute(delete(Assignment).where(Assignment.id == binding))
        audit(session, actor, "assignment.revoke", "assignments", binding, before, None)
    console.print(f"binding {binding} removed")


def register(app: typer.Typer) -> None:
    """Add the user-administration commands to the CLI."""
    app.command()(invite)
    app.command()(users)
    app.command()(revoke)
