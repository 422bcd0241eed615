"""`SqlAlchemyUnitOfWork`: one ORM session, one transaction, every repository on it.

    with db.unit_of_work() as uow:
        uow.users.add(user)
        uow.commit()

Repositories flush, never commit. Leaving the block without `commit()` rolls back, and so does
an exception. After a `RepositoryError` from a write, the transaction is spoiled: call
`rollback()` (or leave the block) before writing again. The session is closed on the way out;
objects read in it stay readable afterwards (closing detaches them without expiring them, and
the unit of work's session never expires them on commit, whatever its sessionmaker says).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Self

from sqlalchemy import orm

from socratic_core.db.errors import translate_errors
from socratic_core.errors import RepositoryError
from socratic_core.uow._port import UnitOfWork
from socratic_core.uow._registry import AGGREGATES, Aggregate

__all__ = ["SqlAlchemyUnitOfWork"]


class SqlAlchemyUnitOfWork(UnitOfWork):
    """A unit of work over one SQLAlchemy session, taken from `session_factory` on entry.

    On entry it builds the SQLAlchemy repository of every aggregate of the registry on that
    session (`uow.users`, `uow.projects`, ...).

    Args:
        session_factory: Makes the ORM session this unit of work owns.
        turns: A lock held from entry to exit, so units of work that share one connection (an
            in-memory SQLite database) take turns; None when they need not.
        aggregates: The aggregates it holds: `AGGREGATES`, or more (a host's own).
    """

    def __init__(
        self,
        session_factory: orm.sessionmaker[orm.Session],
        *,
        turns: AbstractContextManager[Any] | None = None,
        aggregates: Sequence[Aggregate[Any]] = AGGREGATES,
    ) -> None:
        self._session_factory = session_factory
        self._turns = turns
        self._aggregates = aggregates
        self._session: orm.Session | None = None

    @property
    def session(self) -> orm.Session:
        """The ORM session, for queries no repository offers (only inside the `with` block).

        Raises:
            RepositoryError: The unit of work is not active.
        """
        if self._session is None:
            raise RepositoryError("the unit of work is not active: use it in a `with` block")
        return self._session

    def __enter__(self) -> Self:
        if self._session is not None:
            raise RepositoryError("this unit of work is already active")
        if self._turns is not None:
            self._turns.__enter__()
        session = self._session = self._session_factory()
        # Objects read here stay readable after the block, even with a host's sessionmaker
        # that expires them on commit: services build their results after committing.
        session.expire_on_commit = False
        for aggregate in self._aggregates:
            setattr(self, aggregate.name, aggregate.sqlalchemy(session))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        try:
            if session is not None:
                # close() rolls back whatever was not committed and detaches the objects
                # without expiring them, so what was read in the block stays readable after it.
                session.close()
        finally:
            if self._turns is not None:
                self._turns.__exit__(None, None, None)

    def commit(self) -> None:
        """Keep every write made in this unit of work so far.

        Raises:
            ConflictError: A unique value is taken or a row changed since it was read.
            IntegrityError: A reference or another constraint is broken.
        """
        with translate_errors():
            self.session.commit()

    def rollback(self) -> None:
        """Discard every write made since the last commit."""
        self.session.rollback()

    def flush(self) -> None:
        """Send pending writes to the database now, without committing them."""
        with translate_errors():
            self.session.flush()
