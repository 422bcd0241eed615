"""Route groups: endpoints declared once at module level, mounted on any app's router.

An endpoint is a plain `def` (FastAPI runs it in its threadpool, since the services are
synchronous) that makes one service call, one unit of work. It names what it needs with
annotations that stand for things known only when a host mounts the group:

    projects = RouteGroup("projects")

    @projects.route("GET", "/projects/{project_id}", model=ProjectRead)
    def get_project(app: App, actor: Actor, project_id: str) -> ProjectRead:
        \"\"\"Return a project.\"\"\"
        return app.projects.get(actor, project_id)

`App` (the facade) and `Engine` (its rule engine, `app.engine`) are handed to the function
directly; `Actor` and `Admin` become the host's `current_user` and `is_admin` dependencies.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, TypeVar, get_args, get_origin

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from socratic_core.api._envelope import envelope
from socratic_core.api._problems import error_response, error_responses
from socratic_core.app import Socratic
from socratic_core.errors import SocraticError
from socratic_core.rules import RuleEngine

__all__ = [
    "Actor",
    "Admin",
    "App",
    "CursorPage",
    "Engine",
    "Enveloped",
    "Mount",
    "RouteGroup",
    "page",
]

T = TypeVar("T")
Endpoint = Callable[..., Any]

# Every route that needs the acting user can fail the way any service call with an actor can.
_ACTOR_CODES = ("authentication_failed", "not_found", "permission_denied")


@dataclass(frozen=True, slots=True)
class _Given:
    """A parameter the mount hands to the endpoint itself (never seen by FastAPI)."""

    name: str


@dataclass(frozen=True, slots=True)
class _HostDependency:
    """A parameter FastAPI resolves with one of the host's dependencies."""

    name: str


App = Annotated[Socratic, _Given("app")]
Engine = Annotated[RuleEngine, _Given("engine")]
Actor = Annotated[str, _HostDependency("current_user")]
Admin = Annotated[bool, _HostDependency("is_admin")]


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


@dataclass(frozen=True)
class _Route:
    fn: Endpoint
    method: str
    path: str
    model: Any
    status: int
    codes: tuple[str, ...]
    alternatives: Mapping[str, Any] | None


@dataclass
class RouteGroup:
    """A named set of endpoints, declared once and mounted on each host's router.

    Attributes:
        name: The group's name (for `include=`/`exclude=`, and its OpenAPI tag).
    """

    name: str
    _routes: list[_Route] = field(default_factory=list)

    def route(
        self,
        method: str,
        path: str,
        *,
        model: Any = None,
        status: int = 200,
        errors: Iterable[str] = (),
        actor: bool = True,
        alternatives: Mapping[str, Any] | None = None,
    ) -> Callable[[Endpoint], Endpoint]:
        """Declare an endpoint; its docstring's first line is its OpenAPI summary.

        Args:
            method: The HTTP method.
            path: The path, relative to the router's prefix.
            model: The response body's type; None for 204 No Content.
            status: The status of a success with a body.
            errors: The stable codes the service call can raise (documented in OpenAPI).
            actor: Whether the route needs the acting user (it adds their failure codes).
            alternatives: Other media types a success may come in (OpenAPI `content`).

        Returns:
            A decorator that records the endpoint and returns it unchanged.
        """
        codes = (*errors, *(_ACTOR_CODES if actor else ()))

        def decorate(fn: Endpoint) -> Endpoint:
            self._routes.append(_Route(fn, method, path, model, status, codes, alternatives))
            return fn

        return decorate

    def mount(self, mount: Mount) -> None:
        """Add every endpoint of the group to `mount.router`."""
        for route in self._routes:
            mount.add(self.name, route)


class Mount:
    """One host's mounting: its router, app, dependencies and choices.

    Args:
        router: Where the routes go.
        app: The facade the endpoints call.
        dependencies: The host's dependencies by name (`current_user`, `is_admin`).
        envelope: Answer in the original design's envelope instead of plain bodies.
        tags: OpenAPI tags for every route, instead of each group's name.
    """

    def __init__(
        self,
        router: APIRouter,
        app: Socratic,
        *,
        dependencies: Mapping[str, Callable[..., Any]],
        envelope: bool,
        tags: Sequence[str] | None,
    ) -> None:
        self.router = router
        self.envelope = envelope
        self._tags = tags
        self._depends = {name: Depends(dependency) for name, dependency in dependencies.items()}
        self._given: dict[str, Callable[[], Any]] = {
            "app": lambda: app,
            "engine": lambda: app.engine,
        }

    def add(self, group: str, route: _Route) -> None:
        """Add one endpoint of `group` to the router."""
        status = route.status
        if route.model is None:
            status = 200 if self.envelope else 204  # an envelope has a body, and 204 may not
        responses = error_responses(route.codes, as_envelope=self.envelope)
        if route.alternatives:
            responses[status] = {"content": dict(route.alternatives)}
        doc = inspect.cleandoc(route.fn.__doc__ or "")
        self.router.add_api_route(
            route.path,
            self._endpoint(route.fn, no_content=status == 204),
            methods=[route.method],
            response_model=self._response_model(route.model),
            status_code=status,
            responses=responses,
            tags=list(self._tags) if self._tags is not None else [group],
            summary=doc.splitlines()[0] if doc else None,
            description=doc,
            operation_id=f"{group}_{route.fn.__name__}",
        )

    def _response_model(self, model: Any) -> Any:
        return Enveloped[model] if self.envelope else model

    def _endpoint(self, fn: Endpoint, *, no_content: bool) -> Endpoint:
        """Wrap `fn`: hand over what the mount gives, answer errors, shape the result.

        A coroutine function (a long agent run) stays one, so FastAPI awaits it on the event
        loop; a plain function runs in FastAPI's threadpool.
        """
        signature, given = self._signature(fn)

        def call(kwargs: dict[str, Any]) -> Any:
            return fn(**kwargs, **{name: provide() for name, provide in given.items()})

        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def endpoint(**kwargs: Any) -> Any:
                try:
                    result = await call(kwargs)
                except SocraticError as error:
                    return error_response(error, as_envelope=self.envelope)
                return self._shaped(result, no_content=no_content)

        else:

            @functools.wraps(fn)
            def endpoint(**kwargs: Any) -> Any:
                try:
                    result = call(kwargs)
                except SocraticError as error:
                    return error_response(error, as_envelope=self.envelope)
                return self._shaped(result, no_content=no_content)

        endpoint.__signature__ = signature  # type: ignore[attr-defined]
        return endpoint

    def _shaped(self, result: Any, *, no_content: bool) -> Any:
        if isinstance(result, Response):
            return result
        if no_content:
            return Response(status_code=204)
        if self.envelope:
            # The result itself, not its JSON: FastAPI serialises it by the response model.
            return {**envelope(None), "data": result}
        return result

    def _signature(self, fn: Endpoint) -> tuple[inspect.Signature, dict[str, Callable[[], Any]]]:
        """What FastAPI sees of `fn`, and the parameters the mount hands over itself."""
        signature = inspect.signature(fn, eval_str=True)
        parameters, given = [], {}
        for parameter in signature.parameters.values():
            marker = _marker(parameter.annotation)
            if isinstance(marker, _Given):
                given[parameter.name] = self._given[marker.name]
                continue
            if isinstance(marker, _HostDependency):
                base = get_args(parameter.annotation)[0]
                annotation = Annotated[base, self._depends[marker.name]]  # type: ignore[valid-type]
                parameters.append(parameter.replace(annotation=annotation))
            else:
                parameters.append(parameter)
        return signature.replace(parameters=parameters), given


def _marker(annotation: Any) -> _Given | _HostDependency | None:
    if get_origin(annotation) is not Annotated:
        return None
    found = [m for m in get_args(annotation)[1:] if isinstance(m, _Given | _HostDependency)]
    return found[0] if found else None


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
