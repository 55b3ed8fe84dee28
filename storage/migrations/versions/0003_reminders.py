"""Reminders: delivery ledger and requests, working-day overrides, reminder states.

Replaces the unused delivery_log table. The lead rechains this onto 0002 on merge.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 12:10:27.417791
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('delivery_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('retry_key', sa.String(length=36), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('recipients', sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('messages', sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('first_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('accepted_request_id', sa.String(length=64), nullable=True),
    sa.Column('billed', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_requests')),
    sa.UniqueConstraint('retry_key', name=op.f('uq_delivery_requests_retry_key'))
    )
    with op.batch_alter_table('delivery_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_requests_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_requests_sent_at'), ['sent_at'], unique=False)
        batch_op.create_index('ix_delivery_requests_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)

    op.create_table('nudge_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('requested_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nudge_requests')),
    sa.UniqueConstraint('scope', 'day', name=op.f('uq_nudge_requests_scope_day'))
    )
    op.create_table('reminder_states',
    sa.Column('line_user_id', sa.String(length=64), nullable=False),
    sa.Column('unreachable_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('leave_start', sa.Date(), nullable=True),
    sa.Column('leave_end', sa.Date(), nullable=True),
    sa.Column('snooze_period', sa.String(length=16), nullable=True),
    sa.Column('snooze_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('snooze_count', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('line_user_id', name=op.f('pk_reminder_states'))
    )
    op.create_table('working_day_overrides',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('working', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=True),
    sa.Column('created_by', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_working_day_overrides'))
    )
    op.create_table('agency_due_days',
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('due_day', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_agency_due_days_agency_id_agencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agency_id', name=op.f('pk_agency_due_days'))
    )
    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('slot', sa.String(length=32), nullable=False),
    sa.Column('retry_key', sa.String(length=36), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('projects', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['delivery_requests.id'], name=op.f('fk_deliveries_request_id_delivery_requests'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
    sa.UniqueConstraint('recipient', 'kind', 'period', 'slot', name=op.f('uq_deliveries_recipient_kind_period_slot'))
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deliveries_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_request_id'), ['request_id'], unique=False)

    with op.batch_alter_table('delivery_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_log_line_user_id'))
        batch_op.drop_index(batch_op.f('ix_delivery_log_status_created_at'))

    op.drop_table('delivery_log')


def downgrade() -> None:
    """Revert this revision."""
    op.create_table('delivery_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('line_user_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('retry_key', sa.String(length=36), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_log')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_delivery_log_idempotency_key'))
    )
    with op.batch_alter_table('delivery_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_log_status_created_at'), ['status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_log_line_user_id'), ['line_user_id'], unique=False)

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_request_id'))
        batch_op.drop_index(batch_op.f('ix_deliveries_created_at'))

    op.drop_table('deliveries')
    op.drop_table('agency_due_days')
    op.drop_table('working_day_overrides')
    op.drop_table('reminder_states')
    op.drop_table('nudge_requests')
    with op.batch_alter_table('delivery_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_delivery_requests_status_next_attempt_at')
        batch_op.drop_index(batch_op.f('ix_delivery_requests_sent_at'))
        batch_op.drop_index(batch_op.f('ix_delivery_requests_created_at'))

    op.drop_table('delivery_requests')
