"""Audit rows: by user, agent, action and time range, in chain order, and each chain's tip."""

from __future__ import annotations

import functools
import json
import weakref
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from socratic_core.db.errors import translate_errors
from socratic_core.models import GLOBAL_CHAIN, AuditLog
from socratic_core.models.audit import CHAIN_LOCK_KEY
from socratic_core.repositories.base import SqlAlchemyRepository
from socratic_core.repositories.queries import AuditLogQueries

__all__ = ["SqlAlchemyAuditLogRepository"]

_JSON_COLUMNS = ("request", "response", "violations")
_CHAIN_COLUMNS = [
    attr.class_attribute for attr in sa.inspect(AuditLog).column_attrs if attr.key != "updated_at"
]

_CHAIN_PLAIN = [c for c in _CHAIN_COLUMNS if c.key not in (*_JSON_COLUMNS, "chain")]
_CHAIN_KEYS = [c.key for c in _CHAIN_PLAIN]
_CHAIN_JSON_AS_TEXT = [sa.cast(getattr(AuditLog, key), sa.Text).label(key) for key in _JSON_COLUMNS]

# Whether an engine's database has socratic_lock_chain_tip() (asked once per engine).
_HAS_LOCK_TIP: weakref.WeakKeyDictionary[sa.Engine, bool] = weakref.WeakKeyDictionary()


class SqlAlchemyAuditLogRepository(AuditLogQueries, SqlAlchemyRepository[AuditLog]):
    """Audit rows in a SQLAlchemy session, ordered by their chain `sequence`."""

    model_type = AuditLog

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        # Tips read together with their chain's lock, each handed out once by `tip()`.
        self._locked_tips: dict[str, tuple[int, str] | None] = {}

    def tip(self, chain: str = GLOBAL_CHAIN) -> tuple[int, str] | None:
        """Return the `(sequence, hash)` of `chain`'s tip, or None for an empty chain.

        What an appender needs, read through Core: no ORM object is built. Right after
        `lock_chain(chain)` on PostgreSQL, the tip read with the lock is returned without a query
        (once: a later call reads the table again, seeing this transaction's own appends).
        """
        if chain in self._locked_tips:
            return self._locked_tips.pop(chain)
        with translate_errors(self.entity):
            row = self.session.connection().execute(_tip_statement(), {"chain": chain}).first()
        return None if row is None else (row[0], row[1])

    def tips(self) -> dict[str, tuple[int, str]]:
        """Return every chain's name -> `(sequence, hash)` of its tip."""
        highest = (
            sa.select(AuditLog.chain, sa.func.max(AuditLog.sequence).label("sequence"))
            .group_by(AuditLog.chain)
            .subquery()
        )
        statement = sa.select(AuditLog.chain, AuditLog.sequence, AuditLog.hash).join(
            highest,
            sa.and_(AuditLog.chain == highest.c.chain, AuditLog.sequence == highest.c.sequence),
        )
        with translate_errors(self.entity):
            rows = self.session.connection().execute(statement).all()
        return {row[0]: (row[1], row[2]) for row in rows}

    def chains(self) -> list[str]:
        """Return the name of every chain that has rows, sorted."""
        statement = sa.select(AuditLog.chain).distinct().order_by(AuditLog.chain)
        with translate_errors(self.entity):
            return list(self.session.connection().execute(statement).scalars())

    def next_sequence(self, chain: str = GLOBAL_CHAIN) -> int:
        """Return the `sequence` the next row of `chain` takes (1 for the first)."""
        tip = self.tip(chain)
        return 1 if tip is None else tip[0] + 1

    def lock_chain(self, chain: str = GLOBAL_CHAIN) -> None:
        """Hold `chain` for this transaction, so its appenders take turns.

        On PostgreSQL this takes a transaction-scoped advisory lock keyed by the chain (other
        chains' writers do not wait), released at commit or rollback. On SQLite, which has one
        writer at a time anyway, it takes the database's write lock at once (a write that
        matches no row starts the write transaction), waiting up to the busy timeout for another
        writer: call it before the unit of work writes, so every later read sees the data as of
        the lock.
        """
        connection = self.session.connection()  # Core statements: no ORM handling needed
        dialect = connection.dialect.name
        with translate_errors(self.entity):
            if dialect == "postgresql" and _has_lock_tip(connection):
                # One round trip: the lock, then the tip read with a snapshot taken after it.
                row = connection.execute(_lock_tip_statement(), {"chain": chain}).one()
                self._locked_tips[chain] = None if row[0] is None else (row[0], row[1])
            elif dialect == "postgresql":
                connection.execute(_postgresql_lock_statement(), {"chain": chain})
            elif dialect == "sqlite":
                connection.execute(_sqlite_lock_statement())

    def chain_rows(
        self, *, after_sequence: int, limit: int, chain: str = GLOBAL_CHAIN
    ) -> list[dict[str, Any]]:
        """Return the next `limit` rows after `after_sequence` in chain order, as plain dicts.

        The list form of `iter_chain_rows` (see there).

        Args:
            after_sequence: Rows with a higher sequence are returned (0 for the start).
            limit: At most this many rows.
            chain: The chain to read.

        Returns:
            Column name -> value, every column but `updated_at`, aware datetimes.
        """
        return list(self.iter_chain_rows(after_sequence=after_sequence, limit=limit, chain=chain))

    def iter_chain_rows(
        self, *, after_sequence: int, limit: int, chain: str = GLOBAL_CHAIN
    ) -> Iterator[dict[str, Any]]:
        """Yield the next `limit` rows of `chain` after `after_sequence`, as plain dicts.

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
            chain: The chain to read.

        Yields:
            Column name -> value, every column but `updated_at`, aware datetimes.
        """
        rows = self._chain_query(chain, after_sequence, limit, bounded=True)
        if len(rows) < limit:
            rows = self._chain_query(chain, after_sequence, limit, bounded=False)
        keys = _CHAIN_KEYS
        for row in rows:
            # The plain columns come first: zip stops where the keys end.
            values = dict(zip(keys, row))  # noqa: B905 - the row is longer on purpose
            values["chain"] = chain
            request, response, violations = row[-3], row[-2], row[-1]
            # One decode per row for the three JSON columns: far cheaper than three.
            values["request"], values["response"], values["violations"] = json.loads(
                f"[{request or 'null'},{response or 'null'},{violations or 'null'}]"
            )
            yield values

    def _chain_query(
        self, chain: str, after: int, limit: int, *, bounded: bool
    ) -> Sequence[Sequence[Any]]:
        statement = sa.select(*_CHAIN_PLAIN, *_CHAIN_JSON_AS_TEXT).where(
            AuditLog.chain == chain, AuditLog.sequence > after
        )
        if bounded:
            statement = statement.where(AuditLog.sequence <= after + limit)
        statement = statement.order_by(AuditLog.sequence).limit(limit)
        with translate_errors(self.entity):
            # Straight to the connection: a Core select needs none of the ORM's result handling.
            return self.session.connection().execute(statement).all()


# Built once: composing a statement costs more than running it on the write path.
@functools.cache
def _tip_statement() -> sa.Select[int, str]:
    return (
        sa.select(AuditLog.sequence, AuditLog.hash)
        .where(AuditLog.chain == sa.bindparam("chain"))
        .order_by(AuditLog.sequence.desc())
        .limit(1)
    )


@functools.cache
def _postgresql_lock_statement() -> sa.Select[Any]:
    # pg_advisory_xact_lock(int4, int4): our key, and the chain name hashed to an int4. Two
    # chains whose names hash alike only share a lock: they wait on each other, nothing breaks.
    key = sa.func.hashtext(sa.bindparam("chain", type_=sa.String))
    return sa.select(sa.func.pg_advisory_xact_lock(sa.literal(CHAIN_LOCK_KEY, sa.Integer), key))


@functools.cache
def _lock_tip_statement() -> sa.TextClause:
    return sa.text("SELECT tip_sequence, tip_hash FROM socratic_lock_chain_tip(:chain)")


def _has_lock_tip(connection: sa.Connection) -> bool:
    engine = connection.engine
    known = _HAS_LOCK_TIP.get(engine)
    if known is None:
        query = sa.text("SELECT to_regprocedure('socratic_lock_chain_tip(text)') IS NOT NULL")
        known = _HAS_LOCK_TIP[engine] = bool(connection.execute(query).scalar())
    return known


@functools.cache
def _sqlite_lock_statement() -> sa.Delete:
    return sa.delete(sa.table(AuditLog.__tablename__)).where(sa.false())
