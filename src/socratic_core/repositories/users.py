"""Users: look-ups by username and email, the active ones, and a literal username search."""

from __future__ import annotations

from socratic_core.models import User
from socratic_core.repositories.base import SqlAlchemyRepository
from socratic_core.repositories.queries import UserQueries

__all__ = ["SqlAlchemyUserRepository"]


class SqlAlchemyUserRepository(UserQueries, SqlAlchemyRepository[User]):
    """Users in a SQLAlchemy session (the queries come from `UserQueries`)."""

    model_type = User
