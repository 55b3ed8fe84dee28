"""The Flask application factory."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from rq import Worker
from sqlalchemy import text

from bot.body_timeout import BodyReadTimeout
from bot.media import blueprint as media_blueprint
from bot.metrics import blueprint as metrics_blueprint
from bot.webhook import blueprint as webhook_blueprint
from runtime.config import Settings, load_settings
from runtime.durability import require_durable_redis
from runtime.services import Services, build_services
from web.views import blueprint as dashboard_blueprint

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, services: Services | None = None) -> Flask:
    """Build the web app: the LINE webhook, health check and served media."""
    settings = settings or load_settings()
    if not settings.line_channel_secret:
        raise RuntimeError("LINE_CHANNEL_SECRET is not set (make run sets one for the emulator)")
    services = services or build_services(settings)
    require_durable_redis(services.redis, settings, "the web process")
    app = Flask("tidtam")
    app.wsgi_app = BodyReadTimeout(app.wsgi_app, settings.body_read_timeout_seconds)  # type: ignore[method-assign]
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.extensions["tidtam"] = services
    app.register_blueprint(webhook_blueprint)
    app.register_blueprint(media_blueprint)
    app.register_blueprint(metrics_blueprint)
    app.register_blueprint(dashboard_blueprint)

    @app.get("/healthz")
    def healthz() -> tuple[Response, int]:
        """Whether the database and Redis answer (503 if not), and how many workers are alive."""
        checks = {"database": _db_ok(services), "redis": _redis_ok(services)}
        ok = all(checks.values())
        workers = _workers(services) if checks["redis"] else 0
        return jsonify({"ok": ok, **checks, "workers": workers}), 200 if ok else 503

    return app


def _db_ok(services: Services) -> bool:
    """True when the database answers a trivial query."""
    try:
        with services.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        log.warning("health: database unreachable")
        return False


def _workers(services: Services) -> int:
    """Worker processes registered in Redis (a worker that lost Redis drops out)."""
    try:
        return int(Worker.count(connection=services.redis))
    except Exception:
        return 0


def _redis_ok(services: Services) -> bool:
    """True when Redis answers PING."""
    try:
        return bool(services.redis.ping())
    except Exception:
        log.warning("health: redis unreachable")
        return False
