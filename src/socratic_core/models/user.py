"""The user aggregate: people who own projects, write instructions and talk to agents."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from socratic_core.models.base import Base, TimestampMixin, UTCDateTime, enum_column, new_id

__all__ = ["User", "UserStatus"]


class UserStatus(enum.StrEnum):
    """Whether a user may sign in."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    SUSPENDED = "suspended"


class User(TimestampMixin, Base):
    """A person using socratic_core; `username` and `email` are each unique."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(sa.String(50), unique=True)
    email: Mapped[str] = mapped_column(sa.String(255), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    first_name: Mapped[str | None] = mapped_column(sa.String(100), default=None)
    last_name: Mapped[str | None] = mapped_column(sa.String(100), default=None)
    status: Mapped[UserStatus] = mapped_column(enum_column(UserStatus), default=UserStatus.ACTIVE)
    is_email_verified: Mapped[bool] = mapped_column(default=False)
    last_login: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
