"""`uvicorn examples.api_app:app`, for real: a server process on 127.0.0.1 driven over HTTP.

The README's one command starts the example host app in a subprocess on a free port; httpx then
walks a user's story through it (register, project, instruction, check, session, messages,
paginate, audit verify), on a SQLite file and on PostgreSQL, and the server is stopped.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from socratic_core.db import Database

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Corr3ct-horse-battery"
_STARTED = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


def _blank(url: str) -> None:
    """Empty the database, so the example's own migrations build the schema from scratch."""
    database = Database.from_url(url)
    database.drop_all()
    with database.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    database.dispose()


def _wait_for_port(server: subprocess.Popen[str], log: list[str]) -> int:
    """Read the server's log until it says where it listens (it chose a free port itself)."""
    assert server.stderr is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = server.stderr.readline()
        if not line:
            break
        log.append(line)
        found = _STARTED.search(line)
        if found:
            return int(found.group(1))
    server.kill()
    pytest.fail("the server did not start:\n" + "".join(log))


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[httpx.Client]:
    """The example app served by uvicorn in a subprocess, and an httpx client for it."""
    _blank(database_url)
    env = os.environ | {"SOCRATIC_DATABASE_URL": database_url}
    command = [sys.executable, "-m", "uvicorn", "examples.api_app:app"]
    command += ["--host", "127.0.0.1", "--port", "0"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    log: list[str] = []
    try:
        port = _wait_for_port(server, log)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client
    finally:
        server.send_signal(signal.SIGINT)
        _out, rest = server.communicate(timeout=30)
    assert server.returncode == 0, "".join(log) + rest
    assert "Application shutdown complete" in rest


def _ok(response: httpx.Response) -> dict[str, object]:
    assert response.is_success, (response.status_code, response.text)
    return response.json()  # type: ignore[no-any-return]


class TestRealServer:
    """A user's story over a real socket, on SQLite and on PostgreSQL."""

    def test_user_story(self, server: httpx.Client) -> None:
        """Everything a first-time user does works end to end, and the audit chain holds."""
        body = {"username": "ada", "email": "ada@example.com", "password": PASSWORD}
        assert server.post("/users", json=body).status_code == 201
        ada = _ok(server.post("/users/sign-in", json={"login": "ada", "password": PASSWORD}))
        me = {"X-User-Id": str(ada["id"])}
        assert server.get("/projects").status_code == 401

        project = _ok(server.post("/projects", headers=me, json={"name": "Engine"}))
        rules = {"title": "Rules", "text": "- No eval", "project_id": project["id"]}
        assert server.post("/instructions", headers=me, json=rules).status_code == 201
        files = {"app.py": "result = eval(input())\n"}
        check = {"project_id": project["id"], "files": files}
        report = _ok(server.post("/rules/check", headers=me, json=check))
        assert report["verdict"] == "block"

        session = _ok(
            server.post(f"/projects/{project['id']}/sessions", headers=me, json={"title": "Talk"})
        )
        path = f"/sessions/{session['id']}/messages"
        for number in range(7):
            server.post(path, headers=me, json={"content": f"message {number}"})
        contents: list[str] = []
        page = server.get(path, headers=me, params={"limit": 3})
        while True:
            contents += [m["content"] for m in _ok(page)["items"]]  # type: ignore[attr-defined]
            if "link" not in page.headers:
                break
            next_url = page.headers["link"].split(">")[0].lstrip("<")
            page = server.get(next_url, headers=me)
        assert contents == [f"message {n}" for n in range(7)]

        verified = _ok(server.get(f"/projects/{project['id']}/audit/verify", headers=me))
        assert verified["ok"] is True
        assert server.get("/openapi.json").json()["paths"]
