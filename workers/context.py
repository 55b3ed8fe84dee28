"""What a worker process needs, built once in its entry point."""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers.router import Router
from outbound.client import LineClient
from runtime.config import Settings, load_settings
from runtime.line import line_client
from runtime.services import Services, build_services
from workers.dependencies import build_router
from workers.photo_intake import PhotoIntake


@dataclass
class WorkerContext:
    """Services, the outbound LINE client and the router of one worker process."""

    services: Services
    gateway: LineClient
    router: Router
    pump_linger_seconds: float = 0.0  # how long an idle pump waits for work (0: not at all)
    _intake: PhotoIntake | None = field(default=None, repr=False)

    @property
    def photo_intake(self) -> PhotoIntake:
        """Fetches, checks and stores photos users send (built on first use)."""
        if self._intake is None:
            self._intake = PhotoIntake.build(self.services)
        return self._intake


_context: WorkerContext | None = None


def build_context(settings: Settings) -> WorkerContext:
    """Build a worker context from settings."""
    services = build_services(settings)
    return WorkerContext(services, line_client(settings), build_router(services))


def install_context(context: WorkerContext) -> None:
    """Set this process's context (the worker entry point calls this once)."""
    global _context
    _context = context


def current_context() -> WorkerContext:
    """This process's context, built from the environment on first use."""
    global _context
    if _context is None:
        _context = build_context(load_settings())
    return _context
