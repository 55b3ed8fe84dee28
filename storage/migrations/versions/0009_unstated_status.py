"""A report's on plan / on target may be unknown (NULL): a printout that left them blank.

Imported printouts sometimes print no status at all; such a report is stored with the status
unknown rather than skipped (issue 20), and yes/no is never guessed. The downgrade refuses
while any report has an unknown status, because the old schema can only say yes or no and
any value put there would be a guess: set those reports' statuses first (the bot's
แก้ไขรายงาน, or `tidtam import --force` of a printout that states them).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | Sequence[str] | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REPORTS = sa.table('progress_reports', sa.column('id', sa.Integer),
                    sa.column('on_plan', sa.Boolean), sa.column('on_target', sa.Boolean))


def upgrade() -> None:
    """Let on_plan and on_target be NULL (not stated)."""
    with op.batch_alter_table('progress_reports') as batch:
        batch.alter_column('on_plan', existing_type=sa.Boolean(), nullable=True)
        batch.alter_column('on_target', existing_type=sa.Boolean(), nullable=True)


def downgrade() -> None:
    """Require on_plan and on_target again; refuse while a report's status is unknown."""
    unknown = op.get_bind().execute(
        sa.select(_REPORTS.c.id)
        .where(sa.or_(_REPORTS.c.on_plan.is_(None), _REPORTS.c.on_target.is_(None)))
        .order_by(_REPORTS.c.id)
    ).scalars().all()
    if unknown:
        shown = ", ".join(str(report_id) for report_id in unknown[:20])
        more = f" and {len(unknown) - 20} more" if len(unknown) > 20 else ""
        raise RuntimeError(
            f"cannot downgrade below 0009: {len(unknown)} progress report(s) have an on plan "
            f"or on target status that was not stated (ids {shown}{more}); the old schema "
            "would need a yes or no, which would be a guess. Set those statuses first."
        )
    with op.batch_alter_table('progress_reports') as batch:
        batch.alter_column('on_plan', existing_type=sa.Boolean(), nullable=False)
        batch.alter_column('on_target', existing_type=sa.Boolean(), nullable=False)
