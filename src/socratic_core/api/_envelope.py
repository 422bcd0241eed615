"""The response envelope of the original design: `success, error_code, message, data, timestamp`.

The HTTP layer answers in it when a host opts in (`create_router(..., envelope=True)`); a host
that answers RPC calls in that shape can call `envelope()` itself. The services return schemas
and raise errors, and never build envelopes. Nothing here needs FastAPI.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypedDict

from pydantic import BaseModel

from socratic_core.errors import (
    InvalidInputError,
    PermissionDeniedError,
    PluginError,
    RepositoryError,
    SocraticError,
)

__all__ = ["Envelope", "envelope"]

_INTERNAL = "internal_error"


class Envelope(TypedDict):
    """A JSON-ready response: the result or the error, and when it was made."""

    success: bool
    error_code: str | None
    message: str
    data: Any
    timestamp: str


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return _jsonable(to_dict())
    return value


def _error_data(error: SocraticError) -> dict[str, Any]:
    if isinstance(error, InvalidInputError):
        return {"field": error.field, "reason": error.reason}
    if isinstance(error, PermissionDeniedError):
        return {"action": error.action, "entity": error.entity, "entity_id": error.entity_id}
    if isinstance(error, RepositoryError):
        return {"entity": error.entity, "entity_id": error.entity_id, "field": error.field}
    if isinstance(error, PluginError):
        return {"plugin": error.plugin}
    return {}


def envelope(
    result: Any = None,
    *,
    message: str = "ok",
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Envelope:
    """Wrap a service result, or an exception, in the response envelope.

    A library error gives its `code`, message and context (field, entity...). Any other exception
    gives `internal_error` and a generic message: its text may hold details a client must not see.

    Args:
        result: A schema, a list of them, a page, plain data, or an exception.
        message: The message of a successful envelope.
        clock: Where the timestamp comes from.

    Returns:
        The envelope, ready for `json.dumps`.
    """
    timestamp = clock().astimezone(UTC).isoformat()
    if isinstance(result, SocraticError):
        return Envelope(
            success=False,
            error_code=result.code,
            message=result.message,
            data=_error_data(result),
            timestamp=timestamp,
        )
    if isinstance(result, BaseException):
        return Envelope(
            success=False,
            error_code=_INTERNAL,
            message="internal error",
            data=None,
            timestamp=timestamp,
        )
    return Envelope(
        success=True, error_code=None, message=message, data=_jsonable(result), timestamp=timestamp
    )
