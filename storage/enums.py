"""String enums for states, roles and sources, stored as plain strings."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a LINE user may do."""

    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Source(StrEnum):
    """Where a row came from."""

    IMPORT = "import"
    BOT = "bot"
    ADMIN = "admin"


class IndicatorLevel(StrEnum):
    """The level of a KPI indicator: ผลผลิต (output), ผลลัพธ์ (outcome) or both."""

    OUTPUT = "output"
    OUTCOME = "outcome"
    BOTH = "both"


class DeliveryStatus(StrEnum):
    """The state of one outgoing push message."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
