"""The `tidtam` command line."""

from __future__ import annotations

import typer

from cli.demo import register as register_demo
from cli.forms import register as register_forms
from cli.indicators import register as register_indicators
from cli.media import register as register_media
from cli.ops import register as register_ops
from cli.projects import register as register_projects
from cli.reminders import register as register_reminders
from cli.users import register as register_users
from runtime.config import load_settings
from runtime.logs import setup_logging

app = typer.Typer(help="ติดตาม (tidtam): LINE bot for BMA project progress reports.",
                  no_args_is_help=True)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@app.command()
def run(access_log: bool = typer.Option(
        False, "--access-log", help="Log every web request (off: the console stays readable)."),
        ) -> None:
    """Run the whole stack locally (web, worker, and the LINE emulator if LINE is not set up)."""
    import os

    from cli.devstack import run_stack

    settings = load_settings()
    setup_logging(settings.log_level if "LOG_LEVEL" in os.environ else "WARNING")
    raise typer.Exit(run_stack(settings, access_log=access_log or settings.access_log))


@app.command()
def web(port: int = typer.Option(0, help="Port (default WEB_PORT)."),
        workers: int = typer.Option(2, help="gunicorn worker processes."),
        access_log: bool = typer.Option(True, help="Log each request (gunicorn's access log).")
        ) -> None:
    """Serve the webhook with gunicorn (threads; WEB_HOST, 127.0.0.1 unless set)."""
    import os
    import sys

    settings = load_settings()
    bind = f"{settings.web_host}:{port or settings.web_port}"
    args = ["-m", "gunicorn", "--bind", bind, "--workers", str(workers), "--timeout", "30",
            "--worker-class", "gthread", "--threads", str(settings.web_threads),
            "--logger-class", "bot.gunicorn_logger.RedactingLogger",
            "--log-level", settings.log_level.lower(),
            *(["--access-logfile", "-"] if access_log else []), "bot.wsgi:app"]
    os.execv(sys.executable, [sys.executable, *args])  # noqa: S606 - fixed argv, no shell


@app.command()
def worker(burst: bool = typer.Option(False, help="Stop when the queue is empty."),
           processes: int = typer.Option(
               -1, help="Worker processes; 0: one per CPU (default: WORKER_PROCESSES).")
           ) -> None:
    """Run RQ worker processes, each with the housekeeping timer; dead ones are started again."""
    import os

    from workers.runner import run_worker

    settings = load_settings()
    setup_logging(settings.log_level)
    count = processes if processes >= 0 else settings.worker_processes
    count = count or os.cpu_count() or 1
    if count == 1 or burst:
        run_worker(settings, burst=burst)
        return
    from cli.devstack import Stack

    pool = Stack()
    for n in range(count):
        pool.start(f"worker {n + 1}/{count}", ["cli", "worker", "--processes", "1"],
                   dict(os.environ))
    raise typer.Exit(pool.wait())


@app.command()
def emulator(port: int = typer.Option(0, help="Port (default EMULATOR_PORT).")) -> None:
    """Run the local LINE emulator (a stand-in for LINE's Messaging API)."""
    from werkzeug.serving import run_simple

    from emulator.server import create_emulator_app

    settings = load_settings()
    setup_logging(settings.log_level)
    emu = create_emulator_app(
        channel_secret=settings.line_channel_secret,
        webhook_url=f"http://127.0.0.1:{settings.web_port}/callback",
        access_token=settings.line_channel_access_token,
    )
    run_simple("127.0.0.1", port or settings.emulator_port, emu, threaded=True)


@app.command()
def chat(as_: str = typer.Option("officer", "--as",
                                 help="The demo's officer or supervisor (or: guest, a stranger)."),
         user: str = typer.Option("", help="LINE user id to chat as (instead of --as)."),
         name: str = typer.Option("", help="Display name (with --user).")) -> None:
    """Chat with the running bot in the terminal, as a LINE user, through the emulator."""
    from cli.demo import link_menu
    from emulator.console import run_chat
    from storage.demo import CONSOLE_USERS, GUEST

    people = {**CONSOLE_USERS, GUEST.key: GUEST}
    if not user and as_ not in people:
        typer.echo(f"error: --as is one of {', '.join(people)}", err=True)
        raise typer.Exit(2)
    who = people.get(as_, GUEST)
    settings = load_settings()
    link_menu(settings, user or who.line_user_id)
    run_chat(f"http://127.0.0.1:{settings.emulator_port}", user or who.line_user_id,
             name or (who.name if not user else "ผู้ใช้ทดสอบ"), watch=True)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION."""
    from storage.migrate import current, upgrade

    url = load_settings().effective_database_url
    upgrade(url, revision)
    typer.echo(f"database at revision {current(url)}")


@db_app.command("current")
def db_current() -> None:
    """Show the database's migration revision."""
    from storage.migrate import current

    typer.echo(current(load_settings().effective_database_url) or "(empty)")


register_users(app)
register_ops(app)
register_indicators(app)
register_forms(app)
register_reminders(app)
register_projects(app)
register_demo(app)
register_media(app)


# What SQLite and PostgreSQL say when a table or column the code uses is not there yet.
_SCHEMA_BEHIND = ("no such table", "no such column", "UndefinedTable", "UndefinedColumn")


def main() -> None:
    """Entry point of the console script: a database older than the code is told plainly."""
    from sqlalchemy.exc import DBAPIError

    try:
        app()
    except DBAPIError as error:
        said = f"{type(error.orig).__name__} {error.orig}"
        if not any(sign in said for sign in _SCHEMA_BEHIND):
            raise
        typer.echo("The database is older than this version of tidtam (a table or column it "
                   "needs is missing). Run `tidtam db upgrade` first; `make run` upgrades it too.",
                   err=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
