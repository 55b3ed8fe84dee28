"""WSGI entry point for gunicorn: `gunicorn bot.wsgi:app`."""

from __future__ import annotations

from bot.app import create_app
from bot.logs import setup_logging

setup_logging()
app = create_app()
