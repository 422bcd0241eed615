"""The one place where database driver errors become socratic_core errors.

`translate_errors()` wraps every repository call that touches the database (and the unit of
work's commit). Constraint names come from the models' naming convention, so a unique violation
on either database names the column at fault:

- a duplicate unique value (or primary key) -> `ConflictError(field=<column>)`;
- a stale optimistic-lock version -> `ConflictError`;
- a broken foreign key, a missing NOT NULL value, a failed CHECK -> `IntegrityError`;
- any other driver error -> `RepositoryError`.

For a constraint over several columns, `field` names the last one (`path` for a file's
`(codebase_id, path)`): the columns before it only scope the uniqueness. The driver's exception
is always kept as `__cause__`; messages never include statement parameters.
"""

from __future__ import annotations

import functools
import re
from types import TracebackType

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.schema import ColumnCollectionConstraint

from socratic_core.errors import RepositoryError
from socratic_core.models import Base
from socratic_core.repositories._violations import Kind, violation

__all__ = ["translate_errors"]

_SQLITE_COLUMNS = re.compile(r"constraint failed: (.+)$")
_PG_UNIQUE, _PG_FOREIGN_KEY, _PG_NOT_NULL = "23505", "23503", "23502"


class translate_errors:  # noqa: N801 - used like a function: `with translate_errors("user"):`
    """Context manager that re-raises driver errors as the library's own, cause kept.

    Args:
        entity: The kind of entity being worked on (`"user"`), for the error's context.
        entity_id: Its id, when there is one.
    """

    __slots__ = ("entity", "entity_id")

    def __init__(self, entity: str | None = None, entity_id: str | None = None) -> None:
        self.entity = entity
        self.entity_id = entity_id

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is None:
            return
        if isinstance(exc, StaleDataError):
            raise violation("stale", self.entity, self.entity_id) from exc
        if isinstance(exc, sa.exc.IntegrityError):
            raise _integrity_error(exc, self.entity, self.entity_id) from exc
        if isinstance(exc, sa.exc.DBAPIError):
            raise RepositoryError(
                f"the database refused the operation ({type(exc.orig).__name__})",
                entity=self.entity,
                entity_id=self.entity_id,
            ) from exc


def _integrity_error(
    exc: sa.exc.IntegrityError, entity: str | None, entity_id: str | None
) -> RepositoryError:
    kind, table, field = _classify(exc.orig) if exc.orig is not None else ("other", None, None)
    return violation(kind, entity or table, entity_id, field)


def _classify(orig: BaseException) -> tuple[Kind, str | None, str | None]:
    """Return (kind, table, column) for a driver's integrity error, from SQLite or psycopg."""
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate is not None:
        return _classify_postgres(orig, sqlstate)
    name = getattr(orig, "sqlite_errorname", "")
    match = _SQLITE_COLUMNS.search(str(orig))
    columns = [c.strip().rpartition(".") for c in match.group(1).split(",")] if match else []
    table = columns[-1][0] if columns else None
    column = columns[-1][2] if columns else None
    if name in ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"):
        return "unique", table, column
    if name == "SQLITE_CONSTRAINT_FOREIGNKEY":
        return "foreign_key", None, None
    if name == "SQLITE_CONSTRAINT_NOTNULL":
        return "not_null", table, column
    return "other", None, None


def _classify_postgres(orig: BaseException, sqlstate: str) -> tuple[Kind, str | None, str | None]:
    diag = getattr(orig, "diag", None)
    table = getattr(diag, "table_name", None)
    if sqlstate == _PG_NOT_NULL:
        return "not_null", table, getattr(diag, "column_name", None)
    known = _constraints().get(getattr(diag, "constraint_name", None) or "")
    column = known[1][-1] if known else None
    if sqlstate == _PG_UNIQUE:
        return "unique", table, column
    if sqlstate == _PG_FOREIGN_KEY:
        return "foreign_key", table, column
    return "other", table, None


@functools.cache
def _constraints() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every named constraint and unique index of the models: name -> (table, column names)."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, ColumnCollectionConstraint):
                columns = tuple(c.name for c in constraint.columns)
                found[str(constraint.name)] = (table.name, columns)
        for index in table.indexes:
            found[str(index.name)] = (table.name, tuple(c.name for c in index.columns))
    return found
