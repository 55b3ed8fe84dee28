"""`tidtam demo`: the seeds and a made-up agency, so a fresh `make run` shows the product at work.

`tidtam run` loads them into an empty database when LINE is not configured (the emulator
stands in); `tidtam demo reset` puts the demo back as it was; `tidtam demo load` loads it by
hand. Nothing of it is loaded when a real LINE channel is configured.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import typer

from runtime.config import Settings, load_settings

demo_app = typer.Typer(help="The demo agency for trying tidtam locally (emulator only).",
                       no_args_is_help=True)


@dataclass(frozen=True)
class Seeded:
    """What a first start loaded: the printouts' projects and the demo's."""

    projects: list[str]  # codes created from the printouts
    indicators: list[str]
    demo: list[str]
    problems: int  # printouts that failed or were read with warnings


def _today(settings: Settings) -> datetime:
    """Now, in the configured time zone."""
    return datetime.now(ZoneInfo(settings.timezone))


def seed_if_empty(settings: Settings) -> Seeded | None:
    """On an empty database with the emulator: import SEEDS_DIR's printouts and load the demo."""
    from forms.extract import ExtractError, read_documents
    from forms.importer import import_texts
    from reminders.demo import this_month_due
    from runtime.reminders import policy_from
    from storage.db import make_engine, make_session_factory, session_scope
    from storage.demo import is_empty, load_demo

    if not settings.uses_emulator:
        return None
    engine = make_engine(settings.effective_database_url)
    try:
        factory = make_session_factory(engine)
        with factory() as session:
            if not is_empty(session):
                return None
        projects: list[str] = []
        indicators: list[str] = []
        problems = 0
        if settings.seeds_dir.is_dir():
            documents = []
            for item in read_documents([settings.seeds_dir]):
                if isinstance(item, ExtractError):
                    problems += 1
                else:
                    documents.append(item)
            summary = import_texts(factory, documents, actor="seed")
            projects, indicators = summary.projects.created_keys, summary.indicators.created_keys
            problems += len(summary.failed)
        with session_scope(factory) as session:
            today = _today(settings).date()
            demo = load_demo(session, today, this_month_due(session, policy_from(settings), today))
        return Seeded(projects, indicators, demo, problems)
    finally:
        engine.dispose()


def _require_emulator(settings: Settings) -> None:
    """Refuse to touch the demo when a real LINE channel is configured."""
    if not settings.uses_emulator:
        typer.echo("error: LINE credentials are set: the demo is for the local emulator only",
                   err=True)
        raise typer.Exit(2)


def _drop_console_drafts(settings: Settings) -> None:
    """Drop the console users' drafts when the stack's Redis is up (else there are none)."""
    import redis

    from conversations.drafts import draft_key
    from runtime.redis_embed import embedded_redis_url
    from storage.demo import CONSOLE_USERS

    url = settings.redis_url or embedded_redis_url(settings.var_dir)
    try:
        conn = redis.Redis.from_url(url, socket_connect_timeout=1)
        conn.delete(*(draft_key(u.line_user_id) for u in CONSOLE_USERS.values()))
    except (redis.RedisError, OSError):
        return


def link_menu(settings: Settings, line_user_id: str) -> None:
    """Show a user the rich menu of their role at the emulator (a demo user was bound in the
    database, not by registering, so nothing linked it); quietly nothing when it cannot."""
    from sqlalchemy.exc import SQLAlchemyError

    from cli.users import local_gateway
    from handlers.menus import role_key
    from runtime.richmenus import link_by_name
    from storage.db import make_engine, make_session_factory
    from storage.scope import scope_of

    if not settings.uses_emulator:
        return
    engine = make_engine(settings.effective_database_url)
    try:
        with make_session_factory(engine)() as session:
            role = scope_of(session, line_user_id).role
    except SQLAlchemyError:
        return
    finally:
        engine.dispose()
    link_by_name(local_gateway(), line_user_id, role_key(role))


@demo_app.command("reset")
def reset() -> None:
    """Put the demo back as it was: its projects, reports, indicator and the console users."""
    from reminders.demo import this_month_due
    from runtime.reminders import policy_from
    from storage.db import make_engine, make_session_factory, session_scope
    from storage.demo import CONSOLE_USERS, reset_demo
    from storage.migrate import upgrade

    settings = load_settings()
    _require_emulator(settings)
    upgrade(settings.effective_database_url)
    engine = make_engine(settings.effective_database_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            today = _today(settings).date()
            codes = reset_demo(session, today,
                               this_month_due(session, policy_from(settings), today))
    finally:
        engine.dispose()
    _drop_console_drafts(settings)
    for user in CONSOLE_USERS.values():
        link_menu(settings, user.line_user_id)
    typer.echo(f"demo reset: {', '.join(codes)}")
    typer.echo("Try: tidtam chat --as officer   (or --as supervisor)")


def register(app: typer.Typer) -> None:
    """Add `tidtam demo` to the CLI."""
    app.add_typer(demo_app, name="demo")
