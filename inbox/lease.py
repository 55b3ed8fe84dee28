"""One thread per process renewing the chat locks its drains hold."""

from __future__ import annotations

import logging
import threading
import time

import redis

from inbox import scripts
from inbox.scripts import lock_key, scheduled_key

log = logging.getLogger(__name__)


class LeaseRenewer:
    """Renews held chat leases each third of a lease, so a dead holder frees its chats within
    a lease while a live one keeps them however long LINE takes."""

    def __init__(self) -> None:
        self.held: dict[str, tuple[redis.Redis, str, int]] = {}
        self.mutex = threading.Lock()
        self.thread: threading.Thread | None = None

    def hold(self, conn: redis.Redis, chat: str, token: str, lease_ms: int) -> None:
        """Keep renewing chat's lease while it holds token."""
        with self.mutex:
            self.held[chat] = (conn, token, lease_ms)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, daemon=True,
                                               name="lease-renewer")
                self.thread.start()

    def drop(self, chat: str, token: str) -> None:
        """Stop renewing chat for the holder of token (another drain's hold is left alone)."""
        with self.mutex:
            if self.held.get(chat, (None, ""))[1] == token:
                self.held.pop(chat)

    def _run(self) -> None:
        """Extend every held lease each third of the shortest one (a lost one is let go)."""
        while True:
            with self.mutex:
                every = min((ms for _, _, ms in self.held.values()), default=3000) / 3000
            time.sleep(every)
            with self.mutex:
                held = dict(self.held)
            for chat, (conn, token, lease_ms) in held.items():
                try:
                    extend = scripts.script(conn, scripts.EXTEND)
                    if not extend(keys=[lock_key(chat), scheduled_key(chat)],
                                  args=[token, lease_ms]):
                        self._lost(chat, token)
                except redis.RedisError:
                    log.warning("could not renew a chat lease")

    def _lost(self, chat: str, token: str) -> None:
        """Forget a lease that is no longer ours, unless its claim let it go meanwhile (a
        claim's last step releases the lock in Redis a moment before it stops the renewal,
        so a renewal between the two is no loss: give the claim that moment)."""
        time.sleep(0.05)
        with self.mutex:
            if self.held.get(chat, (None, ""))[1] != token:
                return
            self.held.pop(chat)
        log.warning("a chat lease was lost before it could be renewed")


RENEWER = LeaseRenewer()
"""The process's renewer."""
