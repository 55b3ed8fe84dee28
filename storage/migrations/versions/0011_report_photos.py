"""Photos as evidence (issue 24): report_photos references stored photos by content hash.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | Sequence[str] | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create report_photos."""
    op.create_table(
        'report_photos',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report_id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('photo_key', sa.String(length=64), nullable=False),
        sa.Column('thumb_key', sa.String(length=64), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('line_user_id', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['report_id'], ['progress_reports.id'],
                                name=op.f('fk_report_photos_report_id_progress_reports'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                                name=op.f('fk_report_photos_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_photos')),
    )
    op.create_index('ix_report_photos_report_id', 'report_photos', ['report_id'])
    op.create_index('ix_report_photos_project_id_period', 'report_photos',
                    ['project_id', 'period'])
    op.create_index('ix_report_photos_photo_key', 'report_photos', ['photo_key'])


def downgrade() -> None:
    """Drop report_photos (the references are lost; the files stay until `tidtam media gc`)."""
    op.drop_index('ix_report_photos_photo_key', table_name='report_photos')
    op.drop_index('ix_report_photos_project_id_period', table_name='report_photos')
    op.drop_index('ix_report_photos_report_id', table_name='report_photos')
    op.drop_table('report_photos')
