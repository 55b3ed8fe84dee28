"""LINE users, their role assignments, and invite codes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.coltypes import UTCDateTime, json_type, str_enum, utcnow
from storage.enums import Role
from storage.models.base import Base

LINE_ID_LENGTH = 64


class LineUser(Base):
    """A LINE user who has talked to the bot.

    `role` mirrors the highest role of the user's assignments (None without any), kept in step
    by storage.bindings; access itself is always read from the assignments (storage.scope).
    """

    __tablename__ = "line_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_user_id: Mapped[str] = mapped_column(String(LINE_ID_LENGTH), unique=True, index=True)
    display_name: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role | None] = mapped_column(str_enum(Role))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Assignment(Base):
    """A role of a user over exactly one project, one agency, or (admins only) all of BMA.

    A user's role and scope are their assignments and nothing else: with none, they are not
    registered, whatever role they once had. Seeing everything is the explicit `everywhere`
    grant, never the absence of a binding.
    """

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint(
            "(project_id IS NOT NULL AND agency_id IS NULL AND NOT everywhere)"
            " OR (project_id IS NULL AND agency_id IS NOT NULL AND NOT everywhere)"
            " OR (project_id IS NULL AND agency_id IS NULL AND everywhere)",
            name="exactly_one_scope",
        ),
        CheckConstraint("NOT everywhere OR role = 'admin'", name="everywhere_only_admin"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_user_id: Mapped[str] = mapped_column(
        ForeignKey("line_users.line_user_id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(str_enum(Role))
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), index=True
    )
    everywhere: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class InviteCode(Base):
    """A one-time code granting a role; scope is a list of project codes or an agency code."""

    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[Role] = mapped_column(str_enum(Role))
    scope: Mapped[Any] = mapped_column(json_type())
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_by: Mapped[str | None] = mapped_column(String(LINE_ID_LENGTH))
