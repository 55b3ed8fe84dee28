"""Many calls at once: one event loop thread, one aiohttp session, paced under LINE's limit.

line-bot-sdk's synchronous client sends one call per thread and its async client turns every
body into dicts again (`sanitize_for_serialization`) before `json.dumps`; either way one
process stopped near 1,100-1,600 pushes a second (docs/DECISIONS.md). Here each body is
encoded once, and up to `connections` calls are in flight on keep-alive connections.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import threading
import time
import weakref
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

import aiohttp

from outbound.answer import Answer, answer_from
from outbound.calls import Call
from outbound.pause import Pause

CATCH_UP = 0.05  # seconds of missed pacing slots that may still be used


@dataclass
class Bulk:
    """Sends lists of calls concurrently and reports each answer (None: not sent)."""

    host: str
    token: str
    pause: Pause
    timeout: float = 10.0
    connections: int = 128
    rate: float = 1800.0  # calls per second at most (LINE: 2,000 for reply and push)
    _loop: asyncio.AbstractEventLoop | None = field(default=None, repr=False)
    _session: aiohttp.ClientSession | None = field(default=None, repr=False)
    _pid: int = field(default=0, repr=False)
    _next: float = field(default=0.0, repr=False)
    _start: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def send_all(self, calls: Sequence[Call], stop_on_429: bool = True) -> list[Answer | None]:
        """Send every call; after a 429 (when told to stop) the calls not yet made are None."""
        if not calls:
            return []
        loop = self._running_loop()
        done: Future[list[Answer | None]] = asyncio.run_coroutine_threadsafe(
            self._send_all(list(calls), stop_on_429), loop)
        return done.result()

    def close(self) -> None:
        """Close the session and stop the loop thread."""
        loop, self._loop = self._loop, None
        if loop is None or self._pid != os.getpid():
            return
        if self._session is not None:
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(self._session.close(), loop).result(timeout=5)
        loop.call_soon_threadsafe(loop.stop)

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        """This process's loop thread, started on first use (and again after a fork)."""
        with self._start:
            if self._loop is None or self._pid != os.getpid():
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="outbound", daemon=True).start()
                self._loop, self._pid, self._session = loop, os.getpid(), None
                atexit.register(_close_at_exit, weakref.ref(self))
            return self._loop

    def _client(self) -> aiohttp.ClientSession:
        """The session (made inside the loop, as aiohttp wants)."""
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.connections, ttl_dns_cache=300),
                timeout=aiohttp.ClientTimeout(total=self.timeout,
                                              sock_connect=min(3.0, self.timeout)),
                headers={"Authorization": f"Bearer {self.token}",
                         "Content-Type": "application/json", "Accept": "application/json"})
        return self._session

    async def _send_all(self, calls: list[Call], stop_on_429: bool) -> list[Answer | None]:
        """Send through at most `connections` at once, paced; stop early after a 429."""
        session, stop = self._client(), asyncio.Event()
        answers: list[Answer | None] = [None] * len(calls)
        queue = iter(range(len(calls)))

        async def lane() -> None:
            for i in queue:
                if stop.is_set() or self.pause.left(calls[i].kind) > 0:
                    if stop_on_429:
                        return
                    continue
                await self._pace()
                answers[i] = answer = await self._post(session, calls[i])
                if answer.rate_limited and stop_on_429:
                    stop.set()

        await asyncio.gather(*(lane() for _ in range(min(self.connections, len(calls)))))
        return answers

    async def _pace(self) -> None:
        """Wait for this call's slot, so that at most `rate` calls start each second.

        Slots missed while the loop was busy may be caught up within CATCH_UP seconds, so a
        hiccup does not lower the rate for good (at most rate × (1 + CATCH_UP) in a second).
        """
        if self.rate <= 0:
            return
        now = time.monotonic()
        slot = self._next = max(self._next + 1.0 / self.rate, now - CATCH_UP)
        if slot > now:
            await asyncio.sleep(slot - now)

    async def _post(self, session: aiohttp.ClientSession, call: Call) -> Answer:
        """One POST and how LINE answered it (a time-out or a lost connection: status None)."""
        headers = {"X-Line-Retry-Key": call.retry_key} if call.retry_key else None
        try:
            async with session.post(self.host.rstrip("/") + call.path, data=call.body,
                                    headers=headers) as resp:
                answer = answer_from(resp.status, resp.headers, await resp.read())
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            return Answer(None, error=type(exc).__name__)
        self.pause.note(answer)
        return answer


def _close_at_exit(ref: weakref.ReferenceType[Bulk]) -> None:
    """Close a client still open when the process ends (its connections, quietly)."""
    bulk = ref()
    if bulk is not None:
        bulk.close()
