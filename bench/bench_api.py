"""Benchmark the HTTP layer: the library's routes vs bare FastAPI endpoints over the same service.

One uvicorn server (a subprocess on 127.0.0.1, a free port) serves both, side by side:

- read:  `GET /sessions/{id}/messages?limit=20` (create_router) vs `GET /bare/...`, a plain
  FastAPI endpoint calling the same `app.sessions.history(...)` and returning its items;
- write: `POST /sessions/{id}/messages` vs `POST /bare/...` calling `app.sessions.add_message`.

A single keep-alive httpx client sends bounded loops of requests, alternating rounds between the
two, and the script prints requests/s, p50 and p99 for each, and the ratio of the router's time to
the bare endpoint's (target: at most 1.3x). It asserts nothing.

    python bench/bench_api.py [--requests N] [--database-url URL]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Header

from socratic_core import Socratic
from socratic_core.api import create_router, install_exception_handlers

TARGET_RATIO = 1.3
ROUNDS = 10
_STARTED = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


# No `from __future__ import annotations` here: FastAPI reads the closures' annotations.


def build_bench_app(url: str) -> FastAPI:
    """The server: the library's router and bare endpoints calling the same services."""
    app = Socratic.from_url(url, entry_points=False)

    def current_user(x_user_id: Annotated[str, Header()]) -> str:
        return x_user_id

    api = FastAPI()
    api.include_router(create_router(app, current_user=current_user))
    install_exception_handlers(api)

    @api.get("/bare/sessions/{session_id}/messages")
    def bare_read(session_id: str, x_user_id: Annotated[str, Header()]) -> dict[str, Any]:
        page = app.sessions.history(x_user_id, session_id, limit=20)
        return {"items": [m.model_dump(mode="json") for m in page.items]}

    @api.post("/bare/sessions/{session_id}/messages", status_code=201)
    def bare_write(
        session_id: str, body: dict[str, Any], x_user_id: Annotated[str, Header()]
    ) -> dict[str, Any]:
        return app.sessions.add_message(x_user_id, session_id, body["content"]).model_dump(
            mode="json"
        )

    return api


def _serve(url: str) -> None:
    import uvicorn  # noqa: PLC0415

    uvicorn.run(build_bench_app(url), host="127.0.0.1", port=0, access_log=False)


def _start(url: str) -> tuple[subprocess.Popen[str], int]:
    command = [sys.executable, __file__, "--serve", "--database-url", url]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert server.stderr is not None
    for line in server.stderr:
        found = _STARTED.search(line)
        if found:
            return server, int(found.group(1))
    raise SystemExit("the server did not start")


def _seed(client: Any) -> tuple[dict[str, str], str]:
    body = {"username": "bench", "email": "bench@example.com", "password": "Quick-brown-fox-42"}
    user = client.post("/users", json=body).json()
    headers = {"X-User-Id": user["id"]}
    project = client.post("/projects", headers=headers, json={"name": "Bench"}).json()
    session = client.post(
        f"/projects/{project['id']}/sessions", headers=headers, json={"title": "Bench"}
    ).json()
    for number in range(20):
        client.post(
            f"/sessions/{session['id']}/messages", headers=headers, json={"content": f"m{number}"}
        )
    return headers, session["id"]


def _timed(send: Callable[[], Any], count: int, into: list[float]) -> None:
    for _ in range(count):
        start = time.perf_counter()
        response = send()
        into.append(time.perf_counter() - start)
        if response.status_code >= 300:
            raise SystemExit(f"unexpected {response.status_code}: {response.text}")


def _compare(name: str, routed: Callable[[], Any], bare: Callable[[], Any], count: int) -> None:
    timings: dict[str, list[float]] = {"router": [], "bare": []}
    _timed(routed, 50, [])  # warm up both paths
    _timed(bare, 50, [])
    per_round = max(1, count // ROUNDS)
    for _ in range(ROUNDS):
        _timed(routed, per_round, timings["router"])
        _timed(bare, per_round, timings["bare"])
    figures = {}
    for label, values in timings.items():
        values.sort()
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
        figures[label] = (len(values) / sum(values), statistics.median(values), p99)
        rps, p50, p99 = figures[label]
        print(f"  {name:5} {label:6} {rps:8.0f} req/s", end="")
        print(f"   p50 {p50 * 1e3:6.2f} ms   p99 {p99 * 1e3:6.2f} ms")
    ratio = figures["bare"][0] / figures["router"][0]
    p99_ratio = figures["router"][2] / figures["bare"][2]
    verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(
        f"  {name:5} router/bare time {ratio:.2f}x (target <= {TARGET_RATIO}x: {verdict}),"
        f" p99 {p99_ratio:.2f}x"
    )


def main() -> None:
    """Parse the arguments, then serve (subprocess) or measure (parent)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per endpoint")
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(args.database_url)
        return
    import httpx  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        server, port = _start(url)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                headers, session_id = _seed(client)
                path = f"/sessions/{session_id}/messages"
                print(
                    f"{url.split(':')[0]}, {args.requests} requests per endpoint, pid {os.getpid()}"
                )
                _compare(
                    "read",
                    lambda: client.get(path, headers=headers, params={"limit": 20}),
                    lambda: client.get("/bare" + path, headers=headers),
                    args.requests,
                )
                body = {"content": "a benchmark message"}
                _compare(
                    "write",
                    lambda: client.post(path, headers=headers, json=body),
                    lambda: client.post("/bare" + path, headers=headers, json=body),
                    args.requests,
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
