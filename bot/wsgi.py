"""WSGI entry point for gunicorn: `gunicorn bot.wsgi:app`."""

from __future__ import annotations

from bot.app import create_app
from runtime.config import load_settings
from runtime.logs import setup_logging

_settings = load_settings()
setup_logging(_settings.log_level)
app = create_app(_settings)
