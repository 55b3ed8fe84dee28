"""How LINE answered one call, and what that means: sent, try again, pause, or refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from urllib3.exceptions import HTTPError

MONTHLY_LIMIT = "monthly limit"


@dataclass(frozen=True)
class Answer:
    """LINE's status (None for a time-out or lost connection), its ids and Retry-After."""

    status: int | None
    request_id: str | None = None
    accepted_id: str | None = None
    retry_after: int | None = None
    error: str | None = None

    @property
    def accepted(self) -> bool:
        """2xx, or 409: a request with this retry key was accepted before (sent once)."""
        return self.status is not None and (200 <= self.status < 300 or self.status == 409)

    @property
    def rate_limited(self) -> bool:
        """429: nothing was done; every sender should pause."""
        return self.status == 429

    @property
    def monthly_limit(self) -> bool:
        """A 429 for the channel's monthly quota (pushes stop, replies still work)."""
        return self.rate_limited and MONTHLY_LIMIT in (self.error or "")

    @property
    def retriable(self) -> bool:
        """5xx or a time-out: the same request, with the same retry key, may go again."""
        return self.status is None or self.status >= 500

    @property
    def refused(self) -> bool:
        """Any other 4xx (a bad message, an unknown user): never worth another try."""
        return not (self.accepted or self.rate_limited or self.retriable)

    @property
    def label(self) -> str:
        """The status as a short word for logs and counts."""
        return str(self.status) if self.status is not None else "timeout"


class LineError(Exception):
    """LINE did not take a call: `answer` says how (status None: time-out, lost connection)."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(f"LINE answered {answer.label}")
        self.answer = answer

    @property
    def status(self) -> int | None:
        """LINE's HTTP status, or None when no answer came."""
        return self.answer.status


def answer_from(status: int, headers: Any, body: bytes) -> Answer:
    """The Answer of an HTTP response: status, LINE's ids, Retry-After, and an error's body."""
    return Answer(status, headers.get("x-line-request-id"),
                  headers.get("x-line-accepted-request-id"), _retry_after(headers),
                  None if status < 300 else body[:500].decode(errors="replace"))


def _retry_after(headers: Any) -> int | None:
    """Retry-After in whole seconds, when LINE sent it."""
    value = str(headers.get("Retry-After") or "")
    return int(value) if value.isdigit() else None


def answer_of(exc: BaseException) -> Answer:
    """The Answer an exception from this client, the SDK or the network stands for."""
    from linebot.v3.messaging import ApiException  # the SDK loads in a second: when it is used

    if isinstance(exc, LineError):
        return exc.answer
    if isinstance(exc, ApiException):
        headers: Any = exc.headers or {}
        return Answer(exc.status, headers.get("x-line-request-id"),
                      headers.get("x-line-accepted-request-id"), _retry_after(headers),
                      str(exc.body or exc.reason or "")[:500])
    return Answer(None, error=type(exc).__name__)


def is_line_failure(exc: BaseException) -> bool:
    """True for what a call to LINE raises when LINE or the network fails it."""
    from linebot.v3.messaging import ApiException

    return isinstance(exc, LineError | ApiException | HTTPError | OSError)


def retriable(exc: BaseException) -> bool:
    """True for failures worth another try later: 5xx, 429, time-outs and lost connections."""
    if not is_line_failure(exc):
        return False
    answer = answer_of(exc)
    return answer.retriable or answer.rate_limited
