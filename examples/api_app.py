"""A complete host application serving socratic_core over HTTP (extra `api`).

Serve it from the repository's root with

    uvicorn examples.api_app:app

It keeps its records in `socratic-api.db` in the current folder (set `SOCRATIC_DATABASE_URL`
for another database). Authentication is the host's business; this demo trusts an `X-User-Id`
header (the id `POST /users` returned), which no real host should do. Users whose ids are listed
in `SOCRATIC_API_ADMINS` (comma-separated) are administrators. Open http://127.0.0.1:8000/docs
for the interactive OpenAPI page.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException

from socratic_core import Socratic
from socratic_core.api import create_router, install_exception_handlers


# --8<-- [start:host]
def current_user(x_user_id: Annotated[str | None, Header()] = None) -> str:
    """The acting user's id, from the `X-User-Id` header (a demo: real hosts verify a token)."""
    if not x_user_id:
        raise HTTPException(401, "send the X-User-Id header", {"WWW-Authenticate": "X-User-Id"})
    return x_user_id


def build_app(url: str, *, admins: frozenset[str] = frozenset()) -> FastAPI:
    """Build the host app on the database at `url`; the facade closes when the app stops."""
    socratic = Socratic.from_url(url)

    def is_admin(user_id: Annotated[str, Depends(current_user)]) -> bool:
        return user_id in admins

    @asynccontextmanager
    async def lifespan(_api: FastAPI) -> AsyncIterator[None]:
        yield
        socratic.close()

    api = FastAPI(title="socratic_core demo", lifespan=lifespan)
    api.include_router(create_router(socratic, current_user=current_user, is_admin=is_admin))
    install_exception_handlers(api)
    return api


# --8<-- [end:host]


app = build_app(
    os.environ.get("SOCRATIC_DATABASE_URL", "sqlite:///socratic-api.db"),
    admins=frozenset(filter(None, os.environ.get("SOCRATIC_API_ADMINS", "").split(","))),
)
