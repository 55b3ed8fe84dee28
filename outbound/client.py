"""The one LINE client: replies, pushes and multicasts through one sending path, and the
few other calls (loading animation, profiles, rich menus, quota) through line-bot-sdk."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    MessagingApiBlob,
    RichMenuRequest,
    ShowLoadingAnimationRequest,
)
from urllib3 import Timeout
from urllib3.exceptions import HTTPError

from core.messages import Message
from outbound import calls
from outbound.answer import Answer, LineError, answer_from
from outbound.bulk import Bulk
from outbound.calls import Call
from outbound.pause import Pause
from outbound.policy import retry_key_for

log = logging.getLogger(__name__)


@dataclass
class LineClient:
    """Every call tidtam makes to LINE's Messaging API, with one time-out and one 429 pause."""

    api: MessagingApi
    bulk: Bulk
    timeout: tuple[float, float] = (3.0, 10.0)  # connect, read: a hung call never holds a worker
    pause: Pause = field(default_factory=Pause)

    @classmethod
    def connect(cls, base_url: str, token: str, timeout: float = 10.0,
                connections: int = 128, rate: float = 1800.0) -> LineClient:
        """A client for the Messaging API at base_url (LINE, or the emulator) with a token."""
        host = base_url.rstrip("/")
        api = MessagingApi(ApiClient(Configuration(host=host, access_token=token)))
        pause = Pause()
        return cls(api, Bulk(host, token, pause, timeout, max(connections, 1), rate),
                   (min(3.0, timeout), timeout), pause)

    def close(self) -> None:
        """Let go of the connections."""
        self.bulk.close()

    def send(self, call: Call) -> Answer:
        """Make one call now, in this thread, and report LINE's answer (never raises).

        A worker's reply goes through the SDK's urllib3 pool rather than the loop thread: one
        call gains nothing from the loop and a thread hop costs the worker CPU per event.
        """
        if self.pause.left(call.kind) > 0:
            return Answer(429, error="paused: LINE asked to wait")
        headers = {"Authorization": f"Bearer {self.bulk.token}",
                   "Content-Type": "application/json", "Accept": "application/json"}
        if call.retry_key:
            headers["X-Line-Retry-Key"] = call.retry_key
        try:
            resp = self.api.api_client.rest_client.pool_manager.request(
                "POST", self.bulk.host + call.path, body=call.body, headers=headers,
                timeout=Timeout(connect=self.timeout[0], read=self.timeout[1]))
        except (HTTPError, OSError) as exc:
            return Answer(None, error=type(exc).__name__)
        answer = answer_from(resp.status, resp.headers, resp.data)
        self.pause.note(answer)
        return answer

    def send_all(self, batch: Sequence[Call], stop_on_429: bool = True) -> list[Answer | None]:
        """Make many calls at once; after a 429 the ones not yet made are None (not sent)."""
        return self.bulk.send_all(batch, stop_on_429)

    def call(self, call: Call) -> Answer:
        """Make one call; raise LineError unless LINE accepted it (409 counts as accepted)."""
        answer = self.send(call)
        if answer.status == 409:
            log.info("request already accepted (retry key seen)")
        if not answer.accepted:
            raise LineError(answer)
        return answer

    def reply(
        self, reply_token: str | None, messages: Sequence[Message], to: str | None, key: str,
        token_maybe_used: bool = False,
    ) -> None:
        """Answer an event: reply while the token is good, push (idempotently) otherwise.

        token_maybe_used says an earlier attempt with this token may have reached LINE (it
        timed out, or the worker died after sending): a refused token then means that attempt
        was delivered, and pushing would say it twice.
        """
        batches = calls.chunks(messages)
        if not batches:
            return
        first, rest = batches[0], batches[1:]
        if reply_token:
            try:
                self.call(calls.reply(reply_token, first))
                first = []
            except LineError as exc:
                if exc.status != 400 or not to:
                    raise
                if token_maybe_used:
                    log.info("reply token already used by an earlier attempt; not pushing")
                    first = []
                else:
                    log.warning("reply failed (status=400, request=%s); pushing instead",
                                exc.answer.request_id)
        for n, batch in enumerate([first, *rest] if first else rest):
            if to:
                self.push(to, batch, f"{key}:{n}")

    def push(self, to: str, messages: Sequence[Message], key: str) -> None:
        """Push messages (counts against the monthly quota) with a stable retry key."""
        self.call(calls.push(to, messages, retry_key_for(key)))

    def show_loading(self, chat_id: str, seconds: int = 5) -> None:
        """Show the typing animation in a one-to-one chat; failures are harmless."""
        try:
            self.api.show_loading_animation(
                ShowLoadingAnimationRequest(chatId=chat_id, loadingSeconds=seconds),
                _request_timeout=self.timeout)
        except ApiException:
            log.info("loading animation refused")

    def display_name(self, user_id: str) -> str | None:
        """The user's LINE display name from the profile API (None when LINE will not say)."""
        try:
            return str(self.api.get_profile(user_id, _request_timeout=self.timeout).display_name)
        except ApiException:
            return None

    def rich_menus(self) -> dict[str, str]:
        """The channel's rich menus, name → richMenuId."""
        found = self.api.get_rich_menu_list(_request_timeout=self.timeout).richmenus
        return {m.name: m.rich_menu_id for m in found}

    def create_rich_menu(self, menu: dict[str, Any], png: bytes) -> str:
        """Create a rich menu and upload its picture; returns its richMenuId."""
        created = self.api.create_rich_menu(RichMenuRequest.from_dict(menu),
                                            _request_timeout=self.timeout)
        MessagingApiBlob(self.api.api_client).set_rich_menu_image(
            created.rich_menu_id, png, _headers={"Content-Type": "image/png"},
            _request_timeout=self.timeout)
        return str(created.rich_menu_id)

    def set_default_rich_menu(self, rich_menu_id: str) -> None:
        """The menu people see until one is linked to them."""
        self.api.set_default_rich_menu(rich_menu_id, _request_timeout=self.timeout)

    def link_rich_menu(self, user_id: str, rich_menu_id: str) -> None:
        """Show one user a particular menu."""
        self.api.link_rich_menu_id_to_user(user_id, rich_menu_id, _request_timeout=self.timeout)
