"""Behind plan (ล่าช้ากว่าแผน): the one rule and the words สรุป and the dashboard both use.

A running project is behind plan when its latest progress is below the straight-line plan of
its own dates (0 % on its first day, 100 % after its last: the only plan tidtam can measure
against, since the form carries no monthly plan), or when its latest report says it is not on
plan (the officer's word on the project's real plan, which the line does not know). A closed
project is behind nothing. Every view names which of the two applies, so "ล่าช้ากว่าแผน" never
stands beside a figure that seems to deny it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

BEHIND = "ล่าช้ากว่าแผน"
RULE = "ความก้าวหน้าต่ำกว่าแผนแบบเส้นตรง หรือรายงานล่าสุดว่าไม่เป็นไปตามแผน"
_ZERO = Decimal(0)


@dataclass(frozen=True)
class Behind:
    """Why a project is behind plan, with its figures."""

    progress: Decimal  # latest cumulative progress (0 before any report)
    plan: Decimal  # the straight-line plan today
    below_line: bool  # progress below the straight-line plan
    reported_off: bool  # the latest report says ไม่เป็นไปตามแผน

    @property
    def gap(self) -> Decimal:
        """How far below the straight-line plan (0 when not below it)."""
        return max(self.plan - self.progress, _ZERO)

    @property
    def reasons(self) -> str:
        """"ต่ำกว่าแผนแบบเส้นตรง 9.52 จุด · รายงานว่าไม่เป็นไปตามแผน", whichever apply (a gap
        between two percentages is in points, not a percent)."""
        said = [f"ต่ำกว่าแผนแบบเส้นตรง {self.gap:.2f} จุด"] if self.below_line else []
        if self.reported_off:
            said.append("รายงานว่าไม่เป็นไปตามแผน")
        return " · ".join(said)


def behind_plan(progress: Decimal | None, plan: Decimal, on_plan: bool | None,
                closed: bool = False) -> Behind | None:
    """The project's Behind when it is behind plan (module docstring), else None."""
    if closed:
        return None
    done = progress if progress is not None else _ZERO
    below, off = done < plan, on_plan is False
    return Behind(done, plan, below, off) if below or off else None
