"""Every report has a reporting month (period), and report numbers follow the months.

period is set from each report's date (a printed report's month is its date's month; the bot
dated a report for an earlier month on that month's last day). Where a project's numbers did
not follow its months (a month filed after a later one), the same numbers are handed out again
in month order, each change audited as report.renumber.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 22:10:00
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0007'
down_revision: str | Sequence[str] | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON(none_as_null=True).with_variant(
    postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
_AUDIT = sa.table('audit_log', sa.column('at', sa.DateTime(timezone=True)),
                  sa.column('actor', sa.String), sa.column('action', sa.String),
                  sa.column('entity', sa.String), sa.column('entity_id', sa.String),
                  sa.column('before', _JSON), sa.column('after', _JSON))
_REPORTS = sa.table('progress_reports', sa.column('id', sa.Integer),
                    sa.column('project_id', sa.Integer), sa.column('number', sa.Integer),
                    sa.column('budget_count', sa.Integer), sa.column('report_date', sa.Date),
                    sa.column('period', sa.Date))
_AWAY = 1_000_000  # numbers are moved out of the way first: (project_id, number) is unique


def upgrade() -> None:
    """Add period, fill it, number each project's reports in month order, then require it."""
    with op.batch_alter_table('progress_reports') as batch:
        batch.add_column(sa.Column('period', sa.Date(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(_REPORTS.c.id, _REPORTS.c.project_id,
                                        _REPORTS.c.number, _REPORTS.c.budget_count,
                                        _REPORTS.c.report_date)).all()
    by_project: dict[int, list[tuple[date, date, int, int, int | None]]] = defaultdict(list)
    for report_id, project_id, number, budget_count, printed in rows:
        month = printed.replace(day=1)
        connection.execute(_REPORTS.update().where(_REPORTS.c.id == report_id)
                           .values(period=month))
        by_project[project_id].append((month, printed, number, report_id, budget_count))
    now = datetime.now(UTC)
    for reports in by_project.values():
        in_months = sorted(reports)
        numbers = sorted(number for _, _, number, _, _ in reports)
        moves = [(report_id, old, new, budget_count) for (_, _, old, report_id, budget_count),
                 new in zip(in_months, numbers, strict=True) if old != new]
        for report_id, old, _new, _count in moves:
            connection.execute(_REPORTS.update().where(_REPORTS.c.id == report_id)
                               .values(number=old + _AWAY))
        for report_id, old, new, budget_count in moves:
            count = new if budget_count == old else budget_count
            connection.execute(_REPORTS.update().where(_REPORTS.c.id == report_id)
                               .values(number=new, budget_count=count))
            connection.execute(_AUDIT.insert().values(
                at=now, actor='migration:0007', action='report.renumber',
                entity='progress_reports', entity_id=str(report_id),
                before={'number': old, 'budget_count': budget_count},
                after={'number': new, 'budget_count': count}))
    with op.batch_alter_table('progress_reports') as batch:
        batch.alter_column('period', existing_type=sa.Date(), nullable=False)
        batch.create_index('ix_progress_reports_project_id_period', ['project_id', 'period'],
                           unique=False)


def downgrade() -> None:
    """Drop period (numbers keep their month order)."""
    with op.batch_alter_table('progress_reports') as batch:
        batch.drop_index('ix_progress_reports_project_id_period')
        batch.drop_column('period')
