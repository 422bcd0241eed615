"""The values an agent and the runner exchange, and what a run returns.

Everything here is a frozen value: an agent gets an `AgentRequest`, answers with an
`AgentResponse`, and the runner sums the run up in a `RunResult` made of `Attempt`s.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from socratic_core.models import RunStatus
from socratic_core.rules import Report, RuleSet, Violation
from socratic_core.services.schemas import SpecificationRead

__all__ = [
    "Agent",
    "AgentRequest",
    "AgentResponse",
    "Attempt",
    "HistoryMessage",
    "Reask",
    "RunRead",
    "RunResult",
    "RunStatus",
]


@dataclass(frozen=True, slots=True)
class AgentResponse:
    """What an agent answers.

    Attributes:
        text: The text answer (a question, an explanation, a summary).
        files: Generated files, relative path -> content.
        data: Structured data. The runner reads a few keys: `specification` (a mapping with
            `title` and `content`: stored as a new specification version), `meta` (kept on the
            agent's message) and `task_meta` (kept on the user's message of the task).
    """

    text: str = ""
    files: Mapping[str, str] = field(default_factory=dict)
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reask:
    """Why the runner asks again: the violations of the last attempt against the one before.

    Attributes:
        open: Violations the last two attempts both had.
        new: Violations the last attempt introduced.
        fixed: Violations of the attempt before that the last one fixed.
        text: The feedback as the agent should read it (bounded in size).
        response: The last attempt's response (None when it failed).
        error: The last attempt's error, when it raised or timed out.
    """

    open: tuple[Violation, ...]
    new: tuple[Violation, ...]
    fixed: tuple[Violation, ...]
    text: str
    response: AgentResponse | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class HistoryMessage:
    """A message this agent took part in earlier in the project (for agents that ask for one).

    Attributes:
        role: `user`, `assistant`, `agent` or `system`.
        content: The message text.
        meta: The message's metadata.
    """

    role: str
    content: str
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AgentRequest:
    """One attempt's request to an agent.

    Attributes:
        action: What to do (`generate`, `ask`, `answer`, ...): one of the agent's `actions`.
        task: The caller's task text.
        project_id: The project.
        session_id: The session the run belongs to, when there is one.
        constraints: The caller's active rules, compiled.
        constraints_text: The same rules as text, to put in front of a model.
        feedback: Why this is a re-ask (None on the first attempt).
        attempt: The attempt number, 1 first.
        specification: The technical specification, when the run has one.
        remaining: Seconds left before the run's deadline (None: no deadline).
        phase: The project's phase (`planning`, `design`, ...).
        history: The messages this agent took part in earlier in the project, oldest first
            (only for agents whose `history` attribute asks for some).
    """

    action: str
    task: str
    project_id: str
    session_id: str | None
    constraints: RuleSet
    constraints_text: str
    feedback: Reask | None = None
    attempt: int = 1
    specification: SpecificationRead | None = None
    remaining: float | None = None
    phase: str | None = None
    history: tuple[HistoryMessage, ...] = ()


@runtime_checkable
class Agent(Protocol):
    """Anything with a name, the actions it supports and a `run` (a plain or an `async def`).

    An agent may also have a `history: int` attribute: how many of its earlier messages in the
    project it wants in `AgentRequest.history` (0, the default, loads none).
    """

    name: str
    actions: frozenset[str]

    def run(self, request: AgentRequest) -> AgentResponse | Awaitable[AgentResponse]:
        """Answer one request (or return an awaitable that does)."""
        ...


@dataclass(frozen=True, slots=True)
class Attempt:
    """How one attempt went.

    Attributes:
        number: 1 for the first try.
        started_at: When the agent was called (aware UTC).
        finished_at: When the attempt was checked.
        duration: Seconds from call to verdict.
        report: The engine's report with the quality gate's findings (None when it failed).
        open: How many violations it shares with the attempt before.
        new: How many it introduced.
        fixed: How many of the attempt before it fixed.
        error: The agent's error when it raised or timed out.
        timed_out: Whether it ran out of time.
    """

    number: int
    started_at: datetime
    finished_at: datetime
    duration: float
    report: Report | None
    open: int = 0
    new: int = 0
    fixed: int = 0
    error: str | None = None
    timed_out: bool = False

    @property
    def verdict(self) -> str | None:
        """The report's verdict (`pass`, `warn`, `block`), None when the attempt failed."""
        return None if self.report is None else self.report.verdict.value


@dataclass(frozen=True, slots=True)
class RunResult:
    """What a run did.

    Attributes:
        id: The run record's id.
        status: `accepted`, `warned`, `rejected`, `failed` or `timed_out`.
        agent: The agent's name.
        action: The action.
        attempts: Every attempt, in order.
        output: The accepted response, or the best attempt's when the caller asked for it back.
        report: The report of `output` (or of the last checked attempt).
        best_attempt: `output` is the best of a run that was not accepted, not an accepted one.
        message_ids: The messages stored.
        codebase_id: The codebase stored, if any.
        specification_id: The specification version stored, if any.
        session_id: The session the messages went to.
        rules_hash: The SHA-256 of the compiled rules the run applied.
        instruction_revisions: `instruction-id@revision` of every instruction that applied.
        error: Why the run was not accepted, in one line.
    """

    id: str
    status: RunStatus
    agent: str
    action: str
    attempts: tuple[Attempt, ...]
    output: AgentResponse | None
    report: Report | None
    best_attempt: bool = False
    message_ids: tuple[str, ...] = ()
    codebase_id: str | None = None
    specification_id: str | None = None
    session_id: str | None = None
    rules_hash: str = ""
    instruction_revisions: tuple[str, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the run was accepted (with or without warnings)."""
        return self.status in (RunStatus.ACCEPTED, RunStatus.WARNED)


class RunRead(BaseModel):
    """A stored run record, as `app.runs.get` and `app.runs.list` return it.

    Attributes:
        id: The run's id (`RunResult.id`).
        project_id: The project.
        user_id: Who ran it.
        session_id: The session its messages went to.
        codebase_id: The codebase it stored.
        specification_id: The specification it built from or stored.
        agent: The agent's name.
        action: The action.
        status: How it ended.
        verdict: The final report's verdict (None when no attempt was checked).
        best_attempt: What it stored is the best attempt of a run that was not accepted.
        attempt_count: How many attempts it made.
        attempts: Each attempt: number, start, duration, verdict, counts, error.
        instruction_revisions: `instruction-id@revision` of every instruction that applied.
        rules_hash: The SHA-256 of the compiled rules.
        message_ids: The messages it stored.
        error: Why it was not accepted.
        started_at: When it started (aware UTC).
        finished_at: When its attempts were over.
        duration_ms: How long it took, in milliseconds.
    """

    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: str
    project_id: str
    user_id: str | None
    session_id: str | None
    codebase_id: str | None
    specification_id: str | None
    agent: str
    action: str
    status: RunStatus
    verdict: str | None
    best_attempt: bool
    attempt_count: int
    attempts: list[dict[str, Any]]
    instruction_revisions: list[str]
    rules_hash: str
    message_ids: list[str]
    error: str | None
    started_at: datetime
    finished_at: datetime
    duration_ms: int
