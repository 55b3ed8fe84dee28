"""A stack with the sample world, the dashboard command and the status commands, for web tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import redis
import requests

from handlers.catalog import make_router
from tests.sample import seed
from tests.stack import TODAY, Stack, make_stack, pin_today, running
from workers.dependencies import handler_deps

LINK = re.compile(r"https?://\S+/dash/signin/\S+")


def dash_stack(tmp_path: Path, redis_url: str, db_url: str, **overrides: Any) -> Stack:
    """The stack on TODAY with the sample world, every command, links to its own web port."""
    st = make_stack(tmp_path, redis_url, db_url, **overrides)
    seed(st.services.sessions)
    st.settings = st.settings.model_copy(update={"public_base_url": st.bot_url})
    st.services.settings = st.settings
    noon = datetime.combine(TODAY, time(12), ZoneInfo(st.settings.timezone))
    st.servers[0].server.app.config["TIDTAM_CLOCK"] = lambda: noon  # type: ignore[attr-defined]
    return rewire(st)


def rewire(st: Stack) -> Stack:
    """Build the stack's router again from its current settings (every command, on TODAY)."""
    noon = datetime.combine(TODAY, time(12), ZoneInfo(st.settings.timezone))
    st.services.settings = st.settings
    st.router = pin_today(make_router(handler_deps(st.services), lambda: noon), TODAY)
    return st


@pytest.fixture
def dash(tmp_path: Path, redis_url: str, redis_conn: redis.Redis,
         stack_db_url: str) -> Iterator[Stack]:
    """The dashboard's stack on SQLite."""
    yield from running(dash_stack(tmp_path, redis_url, stack_db_url))


def link_for(st: Stack, user: str) -> str:
    """Ask the bot "แดชบอร์ด" as user through a signed webhook; the link it sent in chat."""
    said = st.say("แดชบอร์ด", user=user)
    found = [m.group(0) for s in said if (m := LINK.search(s))]
    assert found, said
    return found[-1]


def signed_in(st: Stack, user: str) -> requests.Session:
    """A browser-like session signed in through the chat's link."""
    web = requests.Session()
    resp = web.get(link_for(st, user), timeout=10)
    assert resp.status_code == 200, resp.text
    assert resp.url.endswith("/dash/")
    return web


@pytest.fixture
def dash_both(tmp_path: Path, redis_url: str, redis_conn: redis.Redis,
              db_url: str) -> Iterator[Stack]:
    """The dashboard's stack on each database in turn (SQLite, then PostgreSQL)."""
    yield from running(dash_stack(tmp_path, redis_url, db_url))
