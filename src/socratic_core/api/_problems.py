"""Errors as RFC 9457 problem details (`application/problem+json`), with a stable `code` each.

The error tree maps by class, so a subclass added later answers like its parent:

| error                   | status | code                    | extra members          |
|-------------------------|--------|-------------------------|------------------------|
| `NotFoundError`         | 404    | `not_found`             | `entity`, `entity_id`  |
| `ConflictError`         | 409    | `conflict`              | `field`, `entity`      |
| `PermissionDeniedError` | 403    | `permission_denied`     | `action`, `entity`     |
| `AuthenticationError`   | 401    | `authentication_failed` |                        |
| `RuleSyntaxError`       | 422    | `rule_syntax`           | `line`, `column`, ...  |
| `InvalidInputError`     | 422    | `invalid_input`         | `field`                |
| `AgentRejectedError`    | 422    | `agent_rejected`        | `run_id`, `status`     |
| a malformed request     | 422    | `invalid_input`         | `field`, `errors`      |
| anything else           | 500    | `internal_error`        | (no internals)         |
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException

from socratic_core.api._envelope import Envelope, envelope
from socratic_core.errors import (
    AgentRejectedError,
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RuleSyntaxError,
    SocraticError,
)

__all__ = ["PROBLEM_MEDIA_TYPE", "Problem", "install_exception_handlers"]

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_PREFIX = "urn:socratic-core:problem:"
_log = logging.getLogger("socratic_core.api")


class Problem(BaseModel):
    """An RFC 9457 problem detail, with the library's stable `code` and the error's context.

    Attributes:
        type: A URI naming the kind of problem (`urn:socratic-core:problem:<code>`).
        title: The HTTP status phrase.
        status: The HTTP status code.
        detail: What went wrong in this occurrence, for a person.
        code: The stable, machine-readable code (`not_found`, `conflict`, ...).
        field: The offending input field, when there is one.
        line: For `rule_syntax`, the 1-based line of the offending instruction text.
        column: For `rule_syntax`, its 1-based column.
        errors: For a malformed request, every problem found (location and message).
        run_id: For `agent_rejected`, the recorded run (its attempts say why).
    """

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    code: str
    field: str | None = None
    line: int | None = None
    column: int | None = None
    errors: list[dict[str, Any]] | None = None
    run_id: str | None = None


@dataclass(frozen=True, slots=True)
class _Kind:
    status: int
    code: str


# Most specific first: the first class an error is an instance of decides.
_KINDS: tuple[tuple[type[SocraticError], _Kind], ...] = (
    (NotFoundError, _Kind(404, "not_found")),
    (ConflictError, _Kind(409, "conflict")),
    (PermissionDeniedError, _Kind(403, "permission_denied")),
    (AuthenticationError, _Kind(401, "authentication_failed")),
    (RuleSyntaxError, _Kind(422, "rule_syntax")),
    (InvalidInputError, _Kind(422, "invalid_input")),
    (AgentRejectedError, _Kind(422, "agent_rejected")),
)
_INTERNAL = _Kind(500, "internal_error")
# What an HTTPException (the host's `current_user` refusing, an unknown path) answers with.
_HTTP_CODES = {401: "authentication_failed", 403: "permission_denied", 404: "not_found"}
STATUS_CODES: Mapping[str, int] = {kind.code: kind.status for _cls, kind in _KINDS} | {
    _INTERNAL.code: _INTERNAL.status
}
"""Every stable code and its HTTP status."""


def kind_of(error: BaseException) -> tuple[int, str]:
    """Return the HTTP status and stable code an exception answers with."""
    for cls, kind in _KINDS:
        if isinstance(error, cls):
            return kind.status, kind.code
    return _INTERNAL.status, _INTERNAL.code


def _context(error: SocraticError) -> dict[str, Any]:
    if isinstance(error, RuleSyntaxError):
        return {
            "line": error.line,
            "column": error.column,
            "context": error.context,
            "hint": error.hint,
        }
    if isinstance(error, AgentRejectedError):
        result = error.result
        return {"run_id": result.id, "status": result.status.value, "agent": result.agent}
    data: dict[str, Any] = envelope(error)["data"]  # field, entity... as the envelope has them
    return data


def problem_body(error: BaseException) -> dict[str, Any]:
    """Return the problem detail of an exception; an unknown one says nothing of its insides."""
    status, code = kind_of(error)
    detail = error.message if isinstance(error, SocraticError) and status < 500 else None
    body = _body(status, code, detail or "internal error")
    if isinstance(error, SocraticError) and status < 500:
        body |= {k: v for k, v in _context(error).items() if v is not None}
    return body


def _body(status: int, code: str, detail: str) -> dict[str, Any]:
    return {
        "type": _TYPE_PREFIX + code,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
    }


def error_response(error: BaseException, *, as_envelope: bool = False) -> JSONResponse:
    """Answer an exception: a problem detail, or the original design's envelope when asked.

    Args:
        error: What was raised.
        as_envelope: Answer `{success: false, error_code, message, data}` instead.

    Returns:
        The response, with the error's HTTP status.
    """
    status, _code = kind_of(error)
    if status >= 500:
        _log.error("unexpected error in a socratic_core route", exc_info=error)
    if as_envelope:
        body: Mapping[str, Any] = envelope(error if status < 500 else RuntimeError())
        return JSONResponse(dict(body), status_code=status)
    return JSONResponse(problem_body(error), status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def _validation_response(error: RequestValidationError, *, as_envelope: bool) -> JSONResponse:
    issues = [
        {"loc": [str(part) for part in issue.get("loc", ())], "msg": str(issue.get("msg", ""))}
        for issue in error.errors()
    ]
    first = issues[0] if issues else {"loc": [], "msg": "malformed request"}
    field = ".".join(first["loc"][1:]) or None
    detail = f"{field or 'request'}: {first['msg']}"
    if as_envelope:
        wrapped = envelope(InvalidInputError(detail, field=field))
        return JSONResponse(dict(wrapped), status_code=422)
    body = _body(422, "invalid_input", detail) | {"field": field, "errors": issues}
    return JSONResponse(body, status_code=422, media_type=PROBLEM_MEDIA_TYPE)


def _http_response(error: HTTPException, *, as_envelope: bool) -> JSONResponse:
    status = error.status_code
    code = _HTTP_CODES.get(status) or HTTPStatus(status).phrase.lower().replace(" ", "_")
    detail = str(error.detail)
    if as_envelope:
        body: dict[str, Any] = dict(_failed_envelope(code, detail))
    else:
        body = _body(status, code, detail)
    media = None if as_envelope else PROBLEM_MEDIA_TYPE
    return JSONResponse(body, status_code=status, headers=error.headers, media_type=media)


def _failed_envelope(code: str, detail: str) -> Envelope:
    shell = envelope(RuntimeError())
    return Envelope(
        success=False, error_code=code, message=detail, data=None, timestamp=shell["timestamp"]
    )


def install_exception_handlers(fastapi_app: FastAPI, *, envelope: bool = False) -> None:
    """Answer every error of `fastapi_app` as problem+json (or as the envelope).

    The routers of `create_router` answer the library's errors themselves; these handlers cover
    the rest: a malformed request (422 `invalid_input`), an unknown path or method, a
    `SocraticError` raised by the host's own code, and any other exception (500
    `internal_error`, logged, with no internals in the response).

    Args:
        fastapi_app: The host's application.
        envelope: Answer in the `{success, error_code, message, data}` envelope instead.
    """

    async def on_library_error(_request: Request, exc: Exception) -> JSONResponse:
        return error_response(exc, as_envelope=envelope)

    async def on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)  # noqa: S101 - registered for it
        return _validation_response(exc, as_envelope=envelope)

    async def on_http_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)  # noqa: S101 - registered for it
        return _http_response(exc, as_envelope=envelope)

    fastapi_app.add_exception_handler(SocraticError, on_library_error)
    fastapi_app.add_exception_handler(RequestValidationError, on_validation_error)
    fastapi_app.add_exception_handler(HTTPException, on_http_error)
    fastapi_app.add_exception_handler(Exception, on_library_error)


def _problem_schema() -> dict[str, Any]:
    schema = Problem.model_json_schema()
    schema.pop("title", None)
    return schema


def error_responses(
    codes: Iterable[str], *, as_envelope: bool = False
) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` entries of a route that can fail with `codes`.

    Every route also documents 422 (a malformed request) and 500.

    Args:
        codes: Stable codes the route's service call can raise.
        as_envelope: Document the envelope instead of problem details.

    Returns:
        Status -> response object, for the route's `responses=`.
    """
    if as_envelope:
        content: dict[str, Any] = {"application/json": {"schema": _envelope_schema()}}
    else:
        content = {PROBLEM_MEDIA_TYPE: {"schema": _problem_schema()}}
    by_status: dict[int, list[str]] = {}
    for code in {*codes, "invalid_input", "internal_error"}:
        by_status.setdefault(STATUS_CODES[code], []).append(code)
    return {
        status: {"description": " or ".join(sorted(names)), "content": content}
        for status, names in sorted(by_status.items())
    }


def _envelope_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["success", "error_code", "message", "data", "timestamp"],
        "properties": {
            "success": {"type": "boolean"},
            "error_code": {"type": ["string", "null"]},
            "message": {"type": "string"},
            "data": {},
            "timestamp": {"type": "string"},
        },
    }
