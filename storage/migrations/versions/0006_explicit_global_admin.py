"""Seeing all of BMA is an explicit grant: assignments.everywhere (admins only).

Before, an admin with no binding saw everything, so revoking an agency admin's binding made
them a global admin. Existing users are brought to the new rule, each change audited:
- an admin with no binding whose binding was revoked (the audit trail says so) is no longer
  registered;
- an admin with no binding and no revocation (made by hand: no command could make one) keeps
  seeing everything, now through an explicit `everywhere` binding;
- any other user with a role and no binding is no longer registered.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 21:40:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0006'
down_revision: str | Sequence[str] | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_CHECK = ('(project_id IS NOT NULL AND agency_id IS NULL) '
              'OR (project_id IS NULL AND agency_id IS NOT NULL)')
_NEW_CHECK = ('(project_id IS NOT NULL AND agency_id IS NULL AND NOT everywhere)'
              ' OR (project_id IS NULL AND agency_id IS NOT NULL AND NOT everywhere)'
              ' OR (project_id IS NULL AND agency_id IS NULL AND everywhere)')
_JSON = sa.JSON(none_as_null=True).with_variant(
    postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
_AUDIT = sa.table('audit_log', sa.column('at', sa.DateTime(timezone=True)),
                  sa.column('actor', sa.String), sa.column('action', sa.String),
                  sa.column('entity', sa.String), sa.column('entity_id', sa.String),
                  sa.column('before', _JSON), sa.column('after', _JSON))
_ACTOR = 'migration:0006'


def upgrade() -> None:
    """Add the explicit grant, then bring unbound users to the new rule."""
    with op.batch_alter_table('assignments') as batch:
        batch.add_column(sa.Column('everywhere', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.drop_constraint(op.f('ck_assignments_exactly_one_scope'), type_='check')
        batch.create_check_constraint('exactly_one_scope', _NEW_CHECK)
        batch.create_check_constraint('everywhere_only_admin',
                                      "NOT everywhere OR role = 'admin'")
    connection = op.get_bind()
    unbound = connection.execute(sa.text(
        "SELECT id, line_user_id, role FROM line_users WHERE role IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM assignments a WHERE a.line_user_id = line_users.line_user_id)")).all()
    revoked = {str(before.get('line_user_id')) for (before,) in connection.execute(
        sa.select(_AUDIT.c.before).where(_AUDIT.c.action == 'assignment.revoke')) if before}
    now = datetime.now(UTC)
    for user_id, line_user_id, role in unbound:
        if role == 'admin' and line_user_id not in revoked:
            connection.execute(sa.text(
                "INSERT INTO assignments (line_user_id, role, everywhere, created_at) "
                "VALUES (:u, 'admin', :t, :now)"), {'u': line_user_id, 't': True, 'now': now})
            after = {'role': 'admin', 'everywhere': True}
        else:
            connection.execute(sa.text("UPDATE line_users SET role = NULL WHERE id = :i"),
                               {'i': user_id})
            after = {'role': None}
        connection.execute(_AUDIT.insert().values(
            at=now, actor=_ACTOR, action='line_user.role', entity='line_users',
            entity_id=str(user_id), before={'role': role}, after=after))


def downgrade() -> None:
    """Back to "an admin with no binding sees all": everywhere bindings become that."""
    op.execute("DELETE FROM assignments WHERE everywhere")
    with op.batch_alter_table('assignments') as batch:
        batch.drop_constraint(op.f('ck_assignments_everywhere_only_admin'), type_='check')
        batch.drop_constraint(op.f('ck_assignments_exactly_one_scope'), type_='check')
        batch.create_check_constraint('exactly_one_scope', _OLD_CHECK)
        batch.drop_column('everywhere')
