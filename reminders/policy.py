"""The reminder policy: due days, nudge offsets, hours and limits (defaults from issue 9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from decimal import Decimal

DEFAULT_OFFSETS: tuple[tuple[str, int], ...] = (
    ("t-5", -5), ("t-2", -2), ("t", 0), ("t+1", 1), ("t+3", 3))


@dataclass(frozen=True)
class Policy:
    """When reports are due and when officers and supervisors are nudged."""

    monthly_due_day: int = 25
    quarter_due_days: int = 15
    offsets: tuple[tuple[str, int], ...] = DEFAULT_OFFSETS
    digest_slot: str = "t+3"
    send_at: time = time(9, 0)
    quiet_start: time = time(20, 0)
    quiet_end: time = time(8, 0)
    snoozes_per_period: int = 2
    quota_share: Decimal = Decimal("0.8")
    nudge_style: str = "auto"  # "cards", "summary", or "auto": cards up to cards_up_to officers
    cards_up_to: int = 5000

    def style_for(self, officers: int) -> str:
        """The nudge style of a slot that reaches this many officers."""
        if self.nudge_style != "auto":
            return self.nudge_style
        return "cards" if officers <= self.cards_up_to else "summary"

    def offset_of(self, slot: str) -> int:
        """The working-day offset of a named slot (KeyError for an unknown name)."""
        return dict(self.offsets)[slot]
