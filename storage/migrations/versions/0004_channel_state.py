"""Reminders: what is remembered about the LINE channel (quota read, 429 pause); ledger index.

The lead rechains this after the last migration on main when merging.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 12:48:44.831362
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0004'
down_revision: str | Sequence[str] | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('channel_state',
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('value', sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_channel_state'))
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_deliveries_period_slot', ['period', 'slot'], unique=False)



def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_deliveries_period_slot')

    op.drop_table('channel_state')
