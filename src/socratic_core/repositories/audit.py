"""Audit rows: by user, agent, action and time range, in chain order, and the chain's tip."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from socratic_core.models import AuditLog
from socratic_core.repositories.base import SqlAlchemyRepository
from socratic_core.repositories.errors import translate_errors
from socratic_core.repositories.queries import AuditLogQueries

__all__ = ["SqlAlchemyAuditLogRepository"]

_JSON_COLUMNS = ("request", "response", "violations")
_CHAIN_COLUMNS = [
    attr.class_attribute for attr in sa.inspect(AuditLog).column_attrs if attr.key != "updated_at"
]

_CHAIN_PLAIN = [c for c in _CHAIN_COLUMNS if c.key not in _JSON_COLUMNS]
_CHAIN_KEYS = [c.key for c in _CHAIN_PLAIN]
_CHAIN_JSON_AS_TEXT = [sa.cast(getattr(AuditLog, key), sa.Text).label(key) for key in _JSON_COLUMNS]

# Any constant works: it only has to be the same for every writer of the audit chain.
_CHAIN_LOCK_KEY = 0x50C2A7


class SqlAlchemyAuditLogRepository(AuditLogQueries, SqlAlchemyRepository[AuditLog]):
    """Audit rows in a SQLAlchemy session, ordered by their chain `sequence`."""

    model_type = AuditLog

    def tip(self) -> tuple[int, str] | None:
        """Return the `(sequence, hash)` of the chain's tip, or None for an empty chain.

        What an appender needs, read through Core: no ORM object is built.
        """
        with translate_errors(self.entity):
            row = self.session.connection().execute(_tip_statement()).first()
        return None if row is None else (row[0], row[1])

    def next_sequence(self) -> int:
        """Return the `sequence` the next row takes (1 for the first)."""
        with translate_errors(self.entity):
            highest = self.session.scalar(sa.select(sa.func.max(AuditLog.sequence)))
        return 1 if highest is None else int(highest) + 1

    def lock_chain(self) -> None:
        """Hold the audit chain for this transaction, so appenders take turns.

        On PostgreSQL this takes a transaction-scoped advisory lock, released at commit or
        rollback. On SQLite it takes the database's write lock at once (a write that matches no
        row starts the write transaction), waiting up to the busy timeout for another writer:
        call it first in a unit of work, so every later read sees the data as of the lock.
        """
        connection = self.session.connection()  # Core statements: no ORM handling needed
        dialect = connection.dialect.name
        with translate_errors(self.entity):
            if dialect == "postgresql":
                connection.execute(_postgresql_lock_statement())
            elif dialect == "sqlite":
                connection.execute(_sqlite_lock_statement())

    def chain_rows(self, *, after_sequence: int, limit: int) -> list[dict[str, Any]]:
        """Return the next `limit` rows after `after_sequence` in chain order, as plain dicts.

        The list form of `iter_chain_rows` (see there).

        Args:
            after_sequence: Rows with a higher sequence are returned (0 for the start).
            limit: At most this many rows.

        Returns:
            Column name -> value, every column but `updated_at`, aware datetimes.
        """
        return list(self.iter_chain_rows(after_sequence=after_sequence, limit=limit))

    def iter_chain_rows(self, *, after_sequence: int, limit: int) -> Iterator[dict[str, Any]]:
        """Yield the next `limit` rows after `after_sequence` in chain order, as plain dicts.

        For walking the whole chain quickly (hash verification): one query fetches the batch,
        then each row is decoded only when it is asked for, so a caller that checks a row and
        drops it keeps few objects alive (thousands of decoded rows held at once make Python's
        garbage collector walk them again and again). No ORM objects are built, and the three
        JSON columns are read as text and decoded in one go per row. Consume it inside the unit
        of work.

        The query first asks for the sequences `after_sequence + 1 ... after_sequence + limit`
        only. Sequences are unique integers, so when that range holds `limit` rows they are
        exactly the next `limit` rows; a bounded range also lets the planner use the sequence
        index even when the table's statistics are stale (a freshly bulk-loaded chain), where an
        open `sequence > n ... LIMIT` makes PostgreSQL scan and sort the rest of the table for
        every batch. A short range (the end of the chain, or missing rows) is read again
        without the upper bound.

        Args:
            after_sequence: Rows with a higher sequence are returned (0 for the start).
            limit: At most this many rows.

        Yields:
            Column name -> value, every column but `updated_at`, aware datetimes.
        """
        rows = self._chain_query(after_sequence, limit, bounded=True)
        if len(rows) < limit:
            rows = self._chain_query(after_sequence, limit, bounded=False)
        keys = _CHAIN_KEYS
        for row in rows:
            # The plain columns come first: zip stops where the keys end.
            values = dict(zip(keys, row))  # noqa: B905 - the row is longer on purpose
            request, response, violations = row[-3], row[-2], row[-1]
            # One decode per row for the three JSON columns: far cheaper than three.
            values["request"], values["response"], values["violations"] = json.loads(
                f"[{request or 'null'},{response or 'null'},{violations or 'null'}]"
            )
            yield values

    def _chain_query(self, after: int, limit: int, *, bounded: bool) -> Sequence[Sequence[Any]]:
        statement = sa.select(*_CHAIN_PLAIN, *_CHAIN_JSON_AS_TEXT).where(AuditLog.sequence > after)
        if bounded:
            statement = statement.where(AuditLog.sequence <= after + limit)
        statement = statement.order_by(AuditLog.sequence).limit(limit)
        with translate_errors(self.entity):
            # Straight to the connection: a Core select needs none of the ORM's result handling.
            return self.session.connection().execute(statement).all()


# Built once: composing a statement costs more than running it on the write path.
@functools.cache
def _tip_statement() -> sa.Select[int, str]:
    return sa.select(AuditLog.sequence, AuditLog.hash).order_by(AuditLog.sequence.desc()).limit(1)


@functools.cache
def _postgresql_lock_statement() -> sa.Select[Any]:
    return sa.select(sa.func.pg_advisory_xact_lock(_CHAIN_LOCK_KEY))


@functools.cache
def _sqlite_lock_statement() -> sa.Delete:
    return sa.delete(sa.table(AuditLog.__tablename__)).where(sa.false())
