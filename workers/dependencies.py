"""Build the handlers' dependencies and router from a process's services (the edge's job)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from handlers.catalog import make_router
from handlers.deps import HandlerDeps
from handlers.router import Router
from runtime.media_store import MediaStore
from runtime.reminders import policy_from
from runtime.services import Services


def handler_deps(services: Services) -> HandlerDeps:
    """What the commands need: Redis, the media store and the calendar settings."""
    settings = services.settings
    return HandlerDeps(
        redis=services.redis,
        media=MediaStore(services),
        timezone=settings.timezone,
        draft_ttl_seconds=settings.draft_ttl_hours * 3600,
        policy=policy_from(settings),
        admin_contact=settings.admin_contact,
        web_base_url=settings.effective_public_base_url,
        link_key=settings.link_key,
        link_ttl_seconds=settings.dashboard_link_seconds,
        liff_id=settings.liff_id if settings.uses_liff else "",
        photos_per_report=settings.photos_per_report,
        photo_max_bytes=settings.photo_max_bytes,
        photos=services.photos,
    )


def build_router(services: Services, clock: Callable[[], datetime] | None = None) -> Router:
    """The router with every command, wired to this process's services (clock: time travel)."""
    return make_router(handler_deps(services), clock)
