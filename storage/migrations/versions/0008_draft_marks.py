"""draft_marks: which users have a report draft open, so a draft lost from Redis is told.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | Sequence[str] | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create draft_marks."""
    op.create_table(
        'draft_marks',
        sa.Column('line_user_id', sa.String(length=64), nullable=False),
        sa.Column('target', sa.String(length=100), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('line_user_id', name=op.f('pk_draft_marks')),
    )


def downgrade() -> None:
    """Drop draft_marks."""
    op.drop_table('draft_marks')
