"""Indicator quarter reports keyed by fiscal year: (indicator, fiscal year, quarter).

Existing rows keep their text and take their indicator's fiscal year (NULL when the printout
named none).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 13:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | Sequence[str] | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD = 'uq_indicator_quarter_reports_indicator_id_quarter'
_NEW = 'uq_indicator_quarter_reports_indicator_id_fiscal_year_quarter'


def upgrade() -> None:
    """Add fiscal_year, fill it from the indicator, key quarters by it."""
    with op.batch_alter_table('indicator_quarter_reports') as batch:
        batch.add_column(sa.Column('fiscal_year', sa.Integer(), nullable=True))
    op.execute(
        "UPDATE indicator_quarter_reports SET fiscal_year = (SELECT indicators.fiscal_year "
        "FROM indicators WHERE indicators.id = indicator_quarter_reports.indicator_id)"
    )
    with op.batch_alter_table('indicator_quarter_reports') as batch:
        batch.drop_constraint(_OLD, type_='unique')
        batch.create_unique_constraint(_NEW, ['indicator_id', 'fiscal_year', 'quarter'])


def downgrade() -> None:
    """Back to one report per quarter: the latest fiscal year's report of each quarter stays."""
    op.execute(
        "DELETE FROM indicator_quarter_reports WHERE EXISTS (SELECT 1 FROM "
        "indicator_quarter_reports AS later WHERE later.indicator_id = "
        "indicator_quarter_reports.indicator_id AND later.quarter = "
        "indicator_quarter_reports.quarter AND (later.fiscal_year > "
        "COALESCE(indicator_quarter_reports.fiscal_year, -1) OR (COALESCE(later.fiscal_year, -1) "
        "= COALESCE(indicator_quarter_reports.fiscal_year, -1) AND later.id > "
        "indicator_quarter_reports.id)))"
    )
    with op.batch_alter_table('indicator_quarter_reports') as batch:
        batch.drop_constraint(_NEW, type_='unique')
        batch.create_unique_constraint(_OLD, ['indicator_id', 'quarter'])
        batch.drop_column('fiscal_year')
