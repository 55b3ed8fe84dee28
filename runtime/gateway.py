"""Outgoing calls to LINE's Messaging API through the official SDK."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
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

from core.messages import Message
from runtime.config import Settings

log = logging.getLogger(__name__)
MAX_PER_REQUEST = 5
RETRY_NAMESPACE = uuid.UUID("6f1d2c4e-8b7a-4c1e-9f3a-2d5b7e9c1a3f")


def retry_key_for(idempotency_key: str) -> str:
    """A stable X-Line-Retry-Key for one logical push, so retries never send twice."""
    return str(uuid.uuid5(RETRY_NAMESPACE, idempotency_key))


def chunks(messages: Sequence[Message]) -> list[list[Message]]:
    """Split messages into requests of at most five (quick replies stay on the last one)."""
    return [list(messages[i : i + MAX_PER_REQUEST]) for i in range(0, len(messages), 5)]


@dataclass
class LineGateway:
    """Send replies and pushes; a reply that can no longer be made falls back to a push."""

    api: MessagingApi
    timeout: tuple[float, float] = (3.0, 10.0)  # connect, read: a hung call never holds a worker

    @classmethod
    def from_settings(cls, settings: Settings) -> LineGateway:
        """A gateway pointed at LINE_API_BASE_URL with the channel access token."""
        config = Configuration(
            host=settings.line_api_base_url.rstrip("/"),
            access_token=settings.line_channel_access_token,
        )
        return cls(MessagingApi(ApiClient(config)),
                   (min(3.0, settings.line_api_timeout_seconds), settings.line_api_timeout_seconds))

    def reply(
        self, reply_token: str | None, messages: Sequence[Message], to: str | None, key: str,
        token_maybe_used: bool = False,
    ) -> None:
        """Answer an event: reply while the token is good, push (idempotently) otherwise.

        token_maybe_used says an earlier attempt with this token may have reached LINE (it
        timed out, or the worker died after sending): a refused token then means that attempt
        was delivered, and pushing would say it twice.
        """
        batches = chunks(messages)
        if not batches:
            return
        first, rest = batches[0], batches[1:]
        if reply_token:
            try:
                self._post("/v2/bot/message/reply", {"replyToken": reply_token, "messages": first})
                first = []
            except ApiException as exc:
                if exc.status != 400 or not to:
                    raise
                if token_maybe_used:
                    log.info("reply token already used by an earlier attempt; not pushing")
                    first = []
                else:
                    log.warning("reply failed (status=400, request=%s); pushing instead",
                                (exc.headers or {}).get("x-line-request-id"))
        for n, batch in enumerate([first, *rest] if first else rest):
            if to:
                self.push(to, batch, f"{key}:{n}")

    def push(self, to: str, messages: Sequence[Message], key: str) -> None:
        """Push messages (counts against the monthly quota) with a stable retry key."""
        try:
            self._post("/v2/bot/message/push", {"to": to, "messages": list(messages)},
                       {"X-Line-Retry-Key": retry_key_for(key)})
        except ApiException as exc:
            if exc.status == 409:  # LINE already accepted this very push
                log.info("push already accepted (retry key seen)")
                return
            raise

    def _post(self, path: str, body: dict[str, object],
              headers: dict[str, str] | None = None) -> None:
        """POST a Messaging API call through the SDK's client (its auth, connection pool and
        errors), with our messages as the plain JSON they already are.

        MessagingApi.reply_message would first turn them into the SDK's pydantic models and
        back into dicts: for a Flex bubble that round trip was a third of a worker's CPU per
        event (py-spy, docs/BENCHMARKS.md). A non-2xx answer raises ApiException as before.
        """
        self.api.api_client.call_api(
            path, "POST", header_params={"Accept": "application/json",
                                         "Content-Type": "application/json", **(headers or {})},
            body=body, response_types_map={}, auth_settings=["Bearer"],
            _return_http_data_only=True, _preload_content=True,
            _request_timeout=self.timeout,
        )

    def show_loading(self, chat_id: str, seconds: int = 5) -> None:
        """Show the typing animation in a one-to-one chat; failures are harmless."""
        try:
            self.api.show_loading_animation(
                ShowLoadingAnimationRequest(chatId=chat_id, loadingSeconds=seconds)
            )
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
