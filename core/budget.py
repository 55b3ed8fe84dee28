"""The one rule for a project's used budget ("งบประมาณที่ใช้ไป"), shared by status and forms."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal


def budget_used(header: Decimal | None, disbursed: Iterable[Decimal]) -> Decimal:
    """The larger of the imported header and the sum of every report's disbursement.

    A printed form's header may count spending its report lines do not (it stands), and bot
    reports add to the lines (the sum then passes the header): so the header never says less
    than its own lines, and an export imported back gives the same header.
    """
    return max(sum(disbursed, Decimal(0)), header or Decimal(0))
