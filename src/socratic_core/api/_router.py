"""`create_router`: the library's routes over a `Socratic` app, for a host to mount."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from fastapi import APIRouter

from socratic_core.api._accounts import collaborators, projects, users
from socratic_core.api._audit import audit
from socratic_core.api._content import codebases, messages, sessions, specifications
from socratic_core.api._routing import Mount, RouteGroup
from socratic_core.api._rules import instructions, rules
from socratic_core.api._runs import runs
from socratic_core.app import Socratic
from socratic_core.errors import ConfigurationError

__all__ = ["ROUTE_GROUPS", "create_router"]

_GROUPS: Mapping[str, RouteGroup] = {
    group.name: group
    for group in (
        users,
        projects,
        collaborators,
        sessions,
        messages,
        instructions,
        rules,
        specifications,
        codebases,
        runs,
        audit,
    )
}

ROUTE_GROUPS: tuple[str, ...] = tuple(_GROUPS)
"""The names `include=` and `exclude=` take, in the order the routes are added."""


async def _nobody_is_admin() -> bool:  # async: no threadpool hop for a constant
    return False


def create_router(
    app: Socratic,
    *,
    current_user: Callable[..., Any],
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    prefix: str = "",
    tags: Sequence[str] | None = None,
    envelope: bool = False,
    is_admin: Callable[..., Any] | None = None,
) -> APIRouter:
    """Build a FastAPI router over the services of `app`.

    Mount it with `fastapi_app.include_router(router)` and call `install_exception_handlers`
    on the same app, so malformed requests and unexpected errors answer as problem details too.
    Routes are plain `def` functions (FastAPI runs them in its threadpool); each makes one
    service call, that is one unit of work.

    Args:
        app: The facade whose services the routes call.
        current_user: The host's FastAPI dependency returning the acting user's id; how users
            authenticate is the host's business (raise `HTTPException(401)` there to refuse).
        include: Route groups to add (all of `ROUTE_GROUPS` when None).
        exclude: Route groups to leave out.
        prefix: A path prefix for every route (`"/api"`).
        tags: OpenAPI tags for every route; by default each route is tagged with its group.
        envelope: Answer `{success, error_code, message, data, timestamp}` (the original
            design's envelope) instead of plain bodies and problem details.
        is_admin: A dependency returning whether the acting user is an administrator (may
            read any project's audit trail and verify the whole chain); None means nobody is.

    Returns:
        The router.

    Raises:
        ConfigurationError: An unknown group name in `include` or `exclude`.
    """
    router = APIRouter(prefix=prefix)
    mount = Mount(
        router,
        app,
        dependencies={"current_user": current_user, "is_admin": is_admin or _nobody_is_admin},
        envelope=envelope,
        tags=tags,
    )
    for group in _selected(include, exclude):
        _GROUPS[group].mount(mount)
    return router


def _selected(include: Iterable[str] | None, exclude: Iterable[str] | None) -> list[str]:
    wanted = list(ROUTE_GROUPS if include is None else include)
    unwanted = set(exclude or ())
    unknown = sorted((set(wanted) | unwanted) - set(ROUTE_GROUPS))
    if unknown:
        raise ConfigurationError(
            f"unknown route group(s) {', '.join(unknown)}: choose from {', '.join(ROUTE_GROUPS)}"
        )
    return [group for group in ROUTE_GROUPS if group in wanted and group not in unwanted]
