"""A report's number of beneficiaries (จำนวนผู้รับประโยชน์, persons): optional, a whole number ≥ 0.

Declared in core/report_schema.py (issue 22); reports stored before it have none (NULL).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-09 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | Sequence[str] | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add progress_reports.beneficiaries, never negative."""
    with op.batch_alter_table('progress_reports') as batch:
        batch.add_column(sa.Column('beneficiaries', sa.Integer(), nullable=True))
        batch.create_check_constraint(op.f('ck_progress_reports_beneficiaries_not_negative'),
                                     'beneficiaries >= 0')


def downgrade() -> None:
    """Drop progress_reports.beneficiaries (its values are lost)."""
    with op.batch_alter_table('progress_reports') as batch:
        batch.drop_constraint(op.f('ck_progress_reports_beneficiaries_not_negative'),
                              type_='check')
        batch.drop_column('beneficiaries')
