"""Build the one outbound LINE client of a process from its settings."""

from __future__ import annotations

from outbound.client import LineClient
from runtime.config import Settings


def line_client(settings: Settings) -> LineClient:
    """A client pointed at LINE_API_BASE_URL with the channel access token, its time-out,
    LINE_CONNECTIONS calls in flight at most and LINE_PUSH_RATE calls a second."""
    return LineClient.connect(settings.line_api_base_url, settings.line_channel_access_token,
                              settings.line_api_timeout_seconds, settings.line_connections,
                              settings.line_push_rate)
