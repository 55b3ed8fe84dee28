"""`tidtam doctor` and `tidtam dead list|replay`: what an operator needs to see and recover."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape

from cli.console import Table, show, styled
from inbox.contract import Pumping
from inbox.deadletters import dead_letters, replay
from inbox.sweep import make_ready
from runtime.config import load_settings
from runtime.doctor import diagnose
from runtime.services import build_services

dead_app = typer.Typer(help="Events that failed every retry: see them, replay them.",
                       no_args_is_help=True)


def doctor() -> None:
    """Check Redis, the database, the workers and LINE (the local emulator when no LINE
    credentials are set, as `tidtam run` uses it), and say what to fix."""
    from cli.devstack import local_settings

    checks = diagnose(build_services(local_settings()))
    table = Table(title="tidtam doctor")
    for column in ("", "check", "found", "what to do"):
        table.add_column(column, overflow="fold")
    for check in checks:
        table.add_row(styled("ok", "green") if check.ok else styled("FIX", "red"), check.name,
                      check.found, "" if check.ok else check.fix)
    show(table)
    failed = [c.name for c in checks if not c.ok]
    show(f"{len(checks) - len(failed)} of {len(checks)} checks passed"
                  + (f"; fix: {', '.join(failed)}" if failed else ""))
    raise typer.Exit(1 if failed else 0)


@dead_app.command("list")
def dead_list() -> None:
    """Show the dead-letter list (event ids and types; never message text or LINE ids)."""
    settings = load_settings()
    services = build_services(settings)
    zone = ZoneInfo(settings.timezone)
    letters = dead_letters(services.redis)
    table = Table(title=f"dead letters: {len(letters)}")
    for column in ("event id", "type", "conversation", "given up at", "why"):
        table.add_column(column, overflow="fold")
    for letter in letters:
        when = (datetime.fromtimestamp(letter.buried_at, zone).strftime("%Y-%m-%d %H:%M:%S")
                if letter.buried_at else "?")
        table.add_row(letter.event_id, letter.event_type, letter.who, when, letter.error)
    show(table)


@dead_app.command("replay")
def dead_replay(event_id: str = typer.Argument(..., help="The event id from `dead list`.")) -> None:
    """Put a dead event back at the end of its chat and have a worker handle it again."""
    settings = load_settings()
    services = build_services(settings)
    chat = replay(services.redis, event_id)
    if chat is None:
        show(f"[red]error:[/red] no dead event with id {escape(event_id)}")
        raise typer.Exit(2)
    pumping = Pumping(settings.drain_pumps, int(settings.lock_lease_seconds * 1000))
    make_ready(services.redis, [chat], pumping.cap, pumping.lease_ms, services.enqueue_pump)
    show(f"event {escape(event_id)} queued again")


def register(app: typer.Typer) -> None:
    """Add the operator commands to the CLI."""
    app.command()(doctor)
    app.add_typer(dead_app, name="dead")
