"""Route group `runs`: start an agent run, read run records and their attempts."""

from __future__ import annotations

from typing import Any, Literal

from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from socratic_core.agents import RunRead
from socratic_core.api._routing import Actor, App, RouteGroup

__all__ = ["RunBody", "runs"]

runs = RouteGroup("runs")

_LONGEST_RUN = 3600.0  # seconds a caller may allow one attempt, or the whole run


class RunBody(BaseModel):
    """What to run: an agent's action on a task, within bounded attempts and time.

    Attributes:
        agent: The registered agent's name (`counselor`, `codegen`, ...).
        action: One of the agent's actions.
        task: What to do, in words.
        session_id: The session the run's messages go to (one is started when needed).
        specification_id: The specification to build from, of the same project.
        max_attempts: How many attempts at most, counting the first.
        attempt_timeout: Seconds one attempt may take.
        deadline: Seconds the whole run may take.
        on_exhausted: When no attempt is accepted: `raise` answers 422 `agent_rejected` with
            the recorded run's id; `return` answers with the run of the best attempt, marked.
    """

    model_config = ConfigDict(extra="forbid")

    agent: str
    action: str
    task: str = Field(default="", max_length=100_000)
    session_id: str | None = None
    specification_id: str | None = None
    max_attempts: int = Field(default=3, ge=1, le=10)
    attempt_timeout: float | None = Field(default=None, gt=0, le=_LONGEST_RUN)
    deadline: float | None = Field(default=None, gt=0, le=_LONGEST_RUN)
    on_exhausted: Literal["raise", "return"] = "raise"


@runs.route(
    "POST",
    "/projects/{project_id}/runs",
    model=RunRead,
    status=201,
    errors=("invalid_input", "agent_rejected"),
)
async def start_run(app: App, actor: Actor, project_id: str, body: RunBody) -> RunRead:
    """Run an agent in a project under the acting user's active rules; return its record.

    The agent is re-asked with the violations of its output, up to `max_attempts`; every
    attempt leaves an audit row. The run goes through `app.runs.arun` on the event loop, so a
    slow agent holds no worker thread (and no database session) while it thinks.
    """
    result = await app.runs.arun(actor, project_id, **body.model_dump())
    return await run_in_threadpool(app.runs.get, actor, result.id)


@runs.route("GET", "/projects/{project_id}/runs", model=list[RunRead])
def list_runs(app: App, actor: Actor, project_id: str) -> list[RunRead]:
    """List a project's run records, newest first."""
    return app.runs.list(actor, project_id)


@runs.route("GET", "/runs/{run_id}", model=RunRead)
def get_run(app: App, actor: Actor, run_id: str) -> RunRead:
    """Return a run record (any member of its project may read it)."""
    return app.runs.get(actor, run_id)


@runs.route("GET", "/runs/{run_id}/attempts", model=list[dict[str, Any]])
def list_attempts(app: App, actor: Actor, run_id: str) -> list[dict[str, Any]]:
    """Return a run's attempts in order: each one's verdict, counts, timing and error."""
    return app.runs.get(actor, run_id).attempts
