"""Fixtures for the HTTP layer: a host FastAPI app over a fresh real database, and its client."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI, Header, HTTPException
from fastapi.testclient import TestClient

from socratic_core.api import create_router, install_exception_handlers
from socratic_core.app import Socratic
from socratic_core.db import Database

from ..conftest import FAST_HASHER, PASSWORD


def current_user(x_user_id: Annotated[str | None, Header()] = None) -> str:
    """The test host's authentication: trust the X-User-Id header, refuse without it."""
    if not x_user_id:
        raise HTTPException(401, "no X-User-Id header")
    return x_user_id


def host_app(app: Socratic, admins: set[str] | None = None, **options: Any) -> FastAPI:
    """A host app mounting the router with `options`, and the exception handlers.

    The ids in `admins` (a set the caller may fill later) are the host's administrators.
    """
    admin_ids = admins if admins is not None else set()

    def is_admin(user_id: Annotated[str, Depends(current_user)]) -> bool:
        return user_id in admin_ids

    api = FastAPI()
    handler_options = {"envelope": options["envelope"]} if "envelope" in options else {}
    options.setdefault("is_admin", is_admin)
    api.include_router(create_router(app, current_user=current_user, **options))
    install_exception_handlers(api, **handler_options)
    return api


@dataclass
class Api:
    """A TestClient on the host app, the facade behind it, and helpers to act as users."""

    client: TestClient
    app: Socratic
    admins: set[str]
    _names: itertools.count[int] = field(default_factory=itertools.count)

    def user(self, name: str | None = None) -> str:
        """Register a user over HTTP and return their id."""
        name = name or f"user{next(self._names)}"
        body = {"username": name, "email": f"{name}@example.com", "password": PASSWORD}
        response = self.client.post("/users", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def call(self, method: str, path: str, user: str | None = None, **kwargs: Any) -> Any:
        """Send a request as `user` (no X-User-Id header when None)."""
        headers = dict(kwargs.pop("headers", {}))
        if user is not None:
            headers["X-User-Id"] = user
        return self.client.request(method, path, headers=headers, **kwargs)

    def ok(self, method: str, path: str, user: str | None = None, **kwargs: Any) -> Any:
        """Send a request that must succeed, and return its JSON body (None for no content)."""
        response = self.call(method, path, user, **kwargs)
        assert response.is_success, (response.status_code, response.text)
        return response.json() if response.content else None


@pytest.fixture
def facade(db: Database) -> Iterator[Socratic]:
    """A `Socratic` app on a fresh real database (SQLite file, then PostgreSQL)."""
    app = Socratic(database=db, entry_points=False, password_hasher=FAST_HASHER)
    yield app
    app.close()


@pytest.fixture
def make_api(facade: Socratic) -> Iterator[Callable[..., Api]]:
    """Build an `Api` over the facade with router options (`envelope=True`, `include=`...)."""
    clients: list[TestClient] = []

    def make(**options: Any) -> Api:
        admins: set[str] = set()
        client = TestClient(host_app(facade, admins, **options), raise_server_exceptions=False)
        clients.append(client)
        return Api(client, facade, admins)

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def api(make_api: Callable[..., Api]) -> Api:
    """An `Api` with every route group, answering problem details."""
    return make_api()
