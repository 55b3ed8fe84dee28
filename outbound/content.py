"""Fetch what a user sent (a photo) from LINE's content endpoint, on the api-data host."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from linebot.v3.messaging import ApiClient, ApiException, Configuration, MessagingApiBlob
from urllib3.exceptions import HTTPError

log = logging.getLogger(__name__)


class ContentProblem(StrEnum):
    """Why the content could not be had."""

    GONE = "gone"  # LINE no longer keeps it (404/410): the user must send it again
    TOO_BIG = "too_big"  # more bytes than we take
    UNAVAILABLE = "unavailable"  # LINE failed (5xx, time-out) every time we asked


class ContentError(Exception):
    """The content of a message could not be fetched; problem says why."""

    def __init__(self, problem: ContentProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass
class ContentClient:
    """GET /v2/bot/message/{id}/content through line-bot-sdk's MessagingApiBlob, retried."""

    blob: MessagingApiBlob
    timeout: tuple[float, float] = (3.0, 20.0)
    attempts: int = 3
    backoff_seconds: float = 0.5
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def connect(cls, base_url: str, token: str, timeout: float = 20.0) -> ContentClient:
        """A client for the content endpoint at base_url (LINE's api-data host, or the emulator)."""
        config = Configuration(host=base_url.rstrip("/"), access_token=token)
        return cls(MessagingApiBlob(ApiClient(config)), (min(3.0, timeout), timeout))

    def fetch(self, message_id: str, max_bytes: int) -> bytes:
        """The message's bytes; ContentError when gone, too big, or LINE keeps failing."""
        for attempt in range(1, self.attempts + 1):
            try:
                data = bytes(self.blob.get_message_content(message_id,
                                                           _request_timeout=self.timeout))
            except ApiException as exc:
                status = int(exc.status or 0)
                if status in (404, 410):
                    raise ContentError(ContentProblem.GONE) from None
                if status < 500 and status != 429:
                    log.warning("content %s refused by LINE status=%s", message_id, status)
                    raise ContentError(ContentProblem.UNAVAILABLE) from None
                log.info("content %s: LINE answered %s (attempt %d)", message_id, status, attempt)
            except (HTTPError, OSError) as exc:
                log.info("content %s: %s (attempt %d)", message_id, type(exc).__name__, attempt)
            else:
                if len(data) > max_bytes:
                    raise ContentError(ContentProblem.TOO_BIG)
                return data
            if attempt < self.attempts:
                self.sleep(self.backoff_seconds * 2 ** (attempt - 1))
        raise ContentError(ContentProblem.UNAVAILABLE)
