"""The error for a broken constraint, worded once for every store.

`socratic_core.db.translate_errors` classifies a driver's error and the in-memory fakes check
the models' constraints themselves; both then ask `violation()` for the error to raise, so the
class, the message and the context are the same whichever store found it.
"""

from __future__ import annotations

import re
from typing import Literal

from socratic_core.errors import ConflictError, IntegrityError, RepositoryError

__all__ = ["Kind", "entity_name", "violation"]

Kind = Literal["unique", "foreign_key", "not_null", "stale", "other"]


def violation(
    kind: Kind, entity: str | None, entity_id: str | None, field: str | None = None
) -> RepositoryError:
    """Return the error for a broken constraint of `kind` on `entity`.

    Args:
        kind: A taken unique value, a missing or still-referenced row, an empty required
            value, a stale optimistic-lock version, or another constraint.
        entity: The kind of row (`"user"`), when known.
        entity_id: Its id, when known.
        field: The column at fault, when known.

    Returns:
        A `ConflictError` for a unique value or a stale version, else an `IntegrityError`.
    """
    name = entity or "row"
    taken = f"{field!r}" if field else "a unique value"
    error, message = {
        "unique": (ConflictError, f"{name}: {taken} is already taken"),
        "foreign_key": (
            IntegrityError,
            f"{name}: a referenced row does not exist or is still referenced",
        ),
        "not_null": (IntegrityError, f"{name}: {field!r} must not be empty"),
        "stale": (ConflictError, f"{name} was changed by someone else since it was read"),
        "other": (IntegrityError, f"{name}: a database constraint failed"),
    }[kind]
    keeps_field = kind in ("unique", "foreign_key", "not_null")
    return error(message, entity=entity, entity_id=entity_id, field=field if keeps_field else None)


def entity_name(model: type) -> str:
    """The name errors give a model's rows: its class name in snake case (`user_instruction`)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()
