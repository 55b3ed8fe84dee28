"""A deadline for reading a request body: a client sending it slowly cannot hold a thread."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class BodyReadTimeout:
    """WSGI middleware: under gunicorn, reads from the client socket time out after `seconds`.

    The webhook answers 408 when its body does not arrive in time (bot/webhook.py). Outside
    gunicorn (tests' threaded servers) there is no socket in the environ and nothing changes.
    """

    def __init__(self, app: WSGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        """Set the socket's timeout, then hand over to the app."""
        sock = environ.get("gunicorn.socket")
        if sock is not None and self.seconds > 0:
            sock.settimeout(self.seconds)
        return self.app(environ, start_response)
