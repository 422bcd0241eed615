"""How a route group declares its routes: one decorator that wires errors, envelope and OpenAPI.

A group module is a function `build(routes: Routes) -> None` that declares plain `def` endpoints
(FastAPI runs them in its threadpool, since the services are synchronous) with
`@routes.route(...)`. Each endpoint makes one service call, one unit of work.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from socratic_core.api._problems import error_response, error_responses
from socratic_core.app import Socratic
from socratic_core.errors import SocraticError
from socratic_core.services.envelope import envelope

__all__ = ["CursorPage", "Enveloped", "Routes"]

T = TypeVar("T")
Endpoint = Callable[..., Any]

# Every route that needs the acting user can fail the way any service call with an actor can.
_ACTOR_CODES = ("authentication_failed", "not_found", "permission_denied")


class CursorPage(BaseModel, Generic[T]):
    """One page of a keyset-paginated list.

    Attributes:
        items: The rows of this page, in order.
        limit: The page size asked for.
        next_cursor: Pass it as `cursor` to get the next page; null on the last page.
    """

    items: list[T]
    limit: int
    next_cursor: str | None


class Enveloped(BaseModel, Generic[T]):
    """The body of a success with `envelope=True`: the `Envelope` of the original design.

    Attributes:
        success: Always true here (failures answer with their HTTP error status).
        error_code: Always null here.
        message: `ok`.
        data: The result.
        timestamp: When the response was made (ISO 8601, UTC).
    """

    success: bool
    error_code: str | None
    message: str
    data: T
    timestamp: str


class Routes:
    """What a route group needs: the app, the acting-user dependency, the router to add to.

    Args:
        app: The facade whose services the routes call.
        router: Where routes go.
        user: `Depends(current_user)`: the host's dependency returning the acting user's id,
            for `Annotated[str, routes.user]` parameters.
        admin: `Depends(...)` of a dependency telling whether the acting user is an
            administrator, for `Annotated[bool, routes.admin]` parameters.
        envelope: Answer in the original design's envelope instead of plain bodies.
        group: The name of the group being built (its OpenAPI tag by default).
        tags: Tags for every route, replacing the group's name.
    """

    def __init__(
        self,
        app: Socratic,
        router: APIRouter,
        *,
        user: Any,
        admin: Any,
        envelope: bool,
        group: str = "",
        tags: Sequence[str] | None = None,
    ) -> None:
        self.app = app
        self.router = router
        self.user = user
        self.admin = admin
        self.envelope = envelope
        self.group = group
        self._tags = tags

    def route(
        self,
        method: str,
        path: str,
        *,
        model: Any = None,
        status: int = 200,
        errors: Iterable[str] = (),
        actor: bool = True,
        alternatives: dict[str, Any] | None = None,
    ) -> Callable[[Endpoint], Endpoint]:
        """Declare an endpoint; its docstring's first line is its OpenAPI summary.

        Args:
            method: The HTTP method.
            path: The path, relative to the router's prefix.
            model: The response body's type; None for 204 No Content.
            status: The status of a success (with a body).
            errors: The stable codes the service call can raise (documented in OpenAPI).
            actor: Whether the route needs the acting user (it adds its failure codes).
            alternatives: Other media types a success may come in (OpenAPI `content`).

        Returns:
            A decorator that registers the endpoint and returns it unchanged.
        """
        codes = [*errors, *(_ACTOR_CODES if actor else ())]
        if model is None:
            status = 200 if self.envelope else 204  # an envelope has a body, and 204 may not
        response_model = Enveloped[model] if self.envelope else model
        responses = error_responses(codes, as_envelope=self.envelope)
        if alternatives:
            responses[status] = {"content": alternatives}

        def decorate(fn: Endpoint) -> Endpoint:
            endpoint = self._endpoint(fn, no_content=model is None and not self.envelope)
            self.router.add_api_route(
                path,
                endpoint,
                methods=[method],
                response_model=response_model,
                status_code=status,
                responses=responses,
                tags=list(self._tags) if self._tags is not None else [self.group],
                summary=(fn.__doc__ or "").strip().splitlines()[0] or None,
                description=inspect.cleandoc(fn.__doc__ or ""),
                operation_id=f"{self.group}_{fn.__name__}",
            )
            return fn

        return decorate

    def _endpoint(self, fn: Endpoint, *, no_content: bool) -> Endpoint:
        as_envelope = self.envelope

        @functools.wraps(fn)
        def endpoint(*args: Any, **kwargs: Any) -> Any:
            try:
                result = fn(*args, **kwargs)
            except SocraticError as error:
                return error_response(error, as_envelope=as_envelope)
            if isinstance(result, Response):
                return result
            if no_content:
                return Response(status_code=204)
            return envelope(result) if as_envelope else result

        # Resolved annotations, so FastAPI reads the parameters of `fn`, not of this wrapper.
        endpoint.__signature__ = inspect.signature(fn, eval_str=True)  # type: ignore[attr-defined]
        return endpoint

    @staticmethod
    def page(
        request: Request, response: Response, items: list[T], limit: int, next_cursor: str | None
    ) -> dict[str, Any]:
        """Build a page body, and point the `Link` header's `rel="next"` at the next page.

        Args:
            request: The request (its URL, with `cursor` replaced, is the next page's).
            response: The response whose headers get the link.
            items: The page's rows.
            limit: The page size asked for.
            next_cursor: The cursor of the next page, or None on the last page.

        Returns:
            The page's body (a `CursorPage` of the route's item type).
        """
        if next_cursor is not None:
            url = request.url.include_query_params(cursor=next_cursor, limit=limit)
            response.headers["Link"] = f'<{url}>; rel="next"'
        return {"items": items, "limit": limit, "next_cursor": next_cursor}
