"""`tidtam invite`, `tidtam users`, `tidtam revoke`: who may use the bot, for admins."""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cli.console import Table, show
from cli.devstack import DEV_TOKEN
from core.periods import thai_moment
from handlers.menus import role_key
from runtime.config import load_settings
from storage.bindings import revoke_binding
from storage.coltypes import utcnow
from storage.db import make_engine, make_session_factory, session_scope
from storage.enums import Role
from storage.invites import InviteError, cancel, create_invite, invite_status
from storage.models import Agency, Assignment, InviteCode, LineUser, Project

if TYPE_CHECKING:
    from outbound.client import LineClient


def _sessions() -> sessionmaker[Session]:
    """A session factory for the configured database."""
    return make_session_factory(make_engine(load_settings().effective_database_url))


def invite(
    project: list[str] = typer.Option([], "--project", help="Project code(s), AAAAAAAA-NNNN."),
    agency: str = typer.Option("", "--agency", help="Agency code, 8 digits."),
    role: Role = typer.Option(Role.OFFICER, "--role", help="officer, supervisor or admin."),
    everywhere: bool = typer.Option(False, "--everywhere",
                                    help="Admins only: every agency of BMA (a global admin)."),
) -> None:
    """Print a one-time invite code (valid 7 days) for projects, an agency or all of BMA."""
    actor = f"cli:{getpass.getuser()}"
    try:
        with session_scope(_sessions()) as session:
            code = create_invite(session, role, list(project), agency or None, actor,
                                 everywhere=everywhere)
    except InviteError as exc:
        show(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    show(f"invite code: [bold]{code}[/bold]  (role {role.value}, valid 7 days)")
    show(f"the person sends in LINE:  ลงทะเบียน {code}")


def local_gateway() -> LineClient:
    """A gateway to LINE (or, with no credentials configured, to the local emulator)."""
    from runtime.line import line_client  # LINE's SDK loads in a second: only when it is used

    settings = load_settings()
    if settings.uses_emulator:
        settings = settings.model_copy(update={
            "line_channel_access_token": DEV_TOKEN,
            "line_api_base_url": f"http://127.0.0.1:{settings.emulator_port}"})
    return line_client(settings)


def _display_name(gateway: list[LineClient], row: LineUser) -> str:
    """The LINE display name (refreshed from the profile API), else the stored one."""
    if gateway:
        try:
            name = gateway[0].display_name(row.line_user_id)
        except Exception:  # LINE unreachable: show what is stored, ask no more
            show("[yellow]LINE's profile API is unreachable: stored names shown[/yellow]")
            gateway.clear()
            name = None
        if name:
            row.display_name = name
    return row.display_name or "-"


users_app = typer.Typer(help="LINE users: list them, or lift a registration lockout.",
                        invoke_without_command=True)


@users_app.callback()
def users(
    ctx: typer.Context,
    profiles: bool = typer.Option(True, "--profiles/--no-profiles",
                                  help="Ask LINE's profile API for display names."),
) -> None:
    """List LINE users with their display names, roles and bindings (projects, agencies)."""
    if ctx.invoked_subcommand is not None:
        return
    table = Table("id", "LINE user", "display name", "role", "scope")
    gateway = [local_gateway()] if profiles else []
    names: dict[str, str] = {}
    with session_scope(_sessions()) as session:
        rows = session.execute(
            select(Assignment.id, LineUser, Assignment.role, Project.code, Project.name,
                   Agency.code, Agency.name, Assignment.everywhere)
            .join(LineUser, LineUser.line_user_id == Assignment.line_user_id)
            .outerjoin(Project, Project.id == Assignment.project_id)
            .outerjoin(Agency, Agency.id == Assignment.agency_id)
            .order_by(LineUser.line_user_id, Assignment.id)).all()
        for aid, user, role, pcode, pname, acode, aname, everywhere in rows:
            if user.line_user_id not in names:
                names[user.line_user_id] = _display_name(gateway, user)
            scope = (f"{pcode} {pname[:40]}" if pcode else f"หน่วยงาน {acode} {aname or ''}"
                     if acode else "ทุกหน่วยงาน (everywhere)" if everywhere else "-")
            table.add_row(str(aid), user.line_user_id, names[user.line_user_id], role.value,
                          scope.strip())
    show(table)


@users_app.command("unlock")
def unlock(user: str = typer.Argument(..., help="The LINE user id (U…) from `tidtam users`, "
                                                "or as the person reads it from their profile."),
           ) -> None:
    """Let a person try invite codes again now (after five wrong codes they wait an hour)."""
    from handlers.register import failures_key
    from runtime.services import connect_redis

    conn = connect_redis(load_settings())
    if not conn.delete(failures_key(user.strip())):
        show(f"no lockout for {escape(user)}: they may register now")
        return
    show(f"lockout lifted: {escape(user[:6])}… may try invite codes again")


invites_app = typer.Typer(help="List or cancel invite codes.", invoke_without_command=True)


@invites_app.callback()
def invites(ctx: typer.Context,
            every: bool = typer.Option(False, "--all",
                                       help="Also used, expired and cancelled ones.")) -> None:
    """List invite codes: open ones (or --all), with role, scope and expiry."""
    if ctx.invoked_subcommand is not None:
        return
    zone = ZoneInfo(load_settings().timezone)
    table = Table("id", "role", "scope", "created by", "expires", "status")
    now = utcnow()
    with session_scope(_sessions()) as session:
        for row in session.scalars(select(InviteCode).order_by(InviteCode.id)):
            status = invite_status(row, now)
            if status != "open" and not every:
                continue
            scope = row.scope or {}
            where = (", ".join(scope.get("projects", [])) or (
                f"หน่วยงาน {scope['agency']}" if scope.get("agency") else "ทุกหน่วยงาน"))
            table.add_row(str(row.id), row.role.value, where, row.created_by or "-",
                          thai_moment(row.expires_at.astimezone(zone)), status)
    show(table)


@invites_app.command("cancel")
def cancel_invite(
    invite: str = typer.Argument(..., help="Invite id from `tidtam invites`, or the code."),
) -> None:
    """Cancel an open invite so nobody can register with it."""
    actor = f"cli:{getpass.getuser()}"
    with session_scope(_sessions()) as session:
        row = cancel(session, invite, actor)
        if row is None:
            show(f"[red]error:[/red] no open invite {escape(invite)}")
            raise typer.Exit(2)
    show(f"invite {row.id} cancelled")


def revoke(
    binding: int = typer.Argument(..., help="Binding id from `tidtam users`."),
) -> None:
    """Remove one binding; a user left with none is no longer registered."""
    actor = f"cli:{getpass.getuser()}"
    with session_scope(_sessions()) as session:
        done = revoke_binding(session, binding, actor)
        if done is None:
            show(f"[red]error:[/red] no binding {binding}")
            raise typer.Exit(2)
    show(f"binding {binding} removed")
    key = role_key(done.role_after)
    if done.role_after is None:
        show("the user has no binding left and is no longer registered")
    from runtime.richmenus import link_by_name  # Pillow and LINE's SDK: only when used

    if link_by_name(local_gateway(), done.line_user_id, key):
        show(f"menu of {done.line_user_id[:6]}… is now: {key}")


def register(app: typer.Typer) -> None:
    """Add the user-administration commands to the CLI."""
    app.command()(invite)
    app.add_typer(users_app, name="users")
    app.command()(revoke)
    app.add_typer(invites_app, name="invites")
