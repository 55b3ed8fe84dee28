"""`tidtam media gc`: remove stored photo files no report or draft refers to."""

from __future__ import annotations

from datetime import timedelta

import typer

from runtime.config import load_settings

media_app = typer.Typer(help="Stored photos (evidence attached to reports).",
                        no_args_is_help=True)


@media_app.command("gc")
def gc(dry_run: bool = typer.Option(False, "--dry-run", help="List, remove nothing.")) -> None:
    """Remove photo files that no report and no draft refers to; a removed photo's files are
    kept PHOTO_RETENTION_DAYS after its removal, and files younger than DRAFT_TTL_HOURS are
    kept (their photo may still be on its way into a draft)."""
    from conversations.drafts import draft_photo_keys
    from photos.gc import collect
    from runtime.services import build_services
    from storage.coltypes import utcnow
    from storage.photos import referenced_keys

    settings = load_settings()
    services = build_services(settings)
    now = utcnow()
    try:
        with services.sessions() as session:
            keep = referenced_keys(session, now - timedelta(days=settings.photo_retention_days))
        keep |= draft_photo_keys(services.redis)
        removed = collect(services.photos, keep, now - timedelta(hours=settings.draft_ttl_hours),
                          dry_run=dry_run)
    finally:
        services.engine.dispose()
    verb = "would remove" if dry_run else "removed"
    typer.echo(f"media gc: {verb} {len(removed)} file(s), {len(keep)} referenced")
    for key in removed:
        typer.echo(f"  {key}")


def register(app: typer.Typer) -> None:
    """Add `tidtam media` to the CLI."""
    app.add_typer(media_app, name="media")
