"""Users: look-ups by username and email, the active ones, and a literal username search."""

from __future__ import annotations

import sqlalchemy as sa

from socratic_core.models import User, UserStatus
from socratic_core.repositories.base import SqlAlchemyRepository
from socratic_core.repositories.errors import translate_errors
from socratic_core.repositories.filters import Equals, LimitOffset, OrderBy, Search

__all__ = ["SqlAlchemyUserRepository"]


class SqlAlchemyUserRepository(SqlAlchemyRepository[User]):
    """Users in a SQLAlchemy session."""

    model_type = User

    def get_by_username(self, username: str) -> User | None:
        """Return the user with exactly this username, or None."""
        return self._first(User.username == username)

    def get_by_email(self, email: str) -> User | None:
        """Return the user with exactly this email address, or None."""
        return self._first(User.email == email)

    def list_active(self) -> list[User]:
        """Return the active users, by username."""
        return self.list(Equals("status", UserStatus.ACTIVE), OrderBy("username"))

    def search_by_username(self, text: str, *, limit: int = 50) -> list[User]:
        r"""Return users whose username contains `text`, ignoring case, by username.

        `%`, `_` and `\` in `text` match themselves: they are not wildcards.
        """
        return self.list(Search("username", text), OrderBy("username"), LimitOffset(limit))

    def _first(self, condition: sa.ColumnElement[bool]) -> User | None:
        with translate_errors(self.entity):
            return self.session.scalars(sa.select(User).where(condition).limit(1)).first()
