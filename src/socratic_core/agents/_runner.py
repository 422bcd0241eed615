"""`AgentRunner` (`app.runs`): one request, run under the caller's rules, re-asked, recorded.

The flow of one run:

1. authorize and read what the run needs (one short read-only unit of work), then compile the
   active instructions with the app's engine (cached by their revisions);
2. call the agent with no database session open, each attempt within `attempt_timeout` and the
   whole run within `deadline` (a sync agent runs in a worker thread: a thread cannot be
   killed, so a timed-out sync agent is abandoned, not stopped; sync agents have a bounded pool
   of their own, and an attempt finding every thread of it busy fails at once);
3. check the response (the engine's report plus the action's quality gate);
4. re-ask with bounded feedback while attempts remain, stopping early when an attempt makes no
   progress (the same open violations twice) or when the checks themselves failed;
5. store the outcome in one unit of work (records only for an accepted run or a best attempt
   asked for), with an audit row for every attempt whatever happened;
6. announce `run.finished` once committed.
"""

from __future__ import annotations

import asyncio
import builtins
import concurrent.futures
import contextvars
import inspect
import logging
import time
import uuid
import weakref
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from socratic_core._events import Event, EventName
from socratic_core.agents._constraints import ConstraintCache
from socratic_core.agents._entries import attempt_entry, attempt_row, refused_entry, run_entry
from socratic_core.agents._feedback import FEEDBACK_LIMIT
from socratic_core.agents._gates import apply_gate
from socratic_core.agents._loops import ThreadLoops
from socratic_core.agents._record import RunOutcome, RunStore
from socratic_core.agents._registry import AgentRegistry
from socratic_core.agents._state import OnExhausted, RunState
from socratic_core.agents._threads import AgentThreads, reset, running_in
from socratic_core.agents._types import (
    Agent,
    AgentRequest,
    AgentResponse,
    Attempt,
    RunRead,
    RunResult,
    RunStatus,
)
from socratic_core.errors import AgentRejectedError, InvalidInputError, SocraticError
from socratic_core.rules import AgentOutput, Report, RuleEngine
from socratic_core.services._base import ServiceContext

__all__ = ["AgentRunner"]

_log = logging.getLogger("socratic_core.agents")

T = TypeVar("T")
_ALONE: contextvars.ContextVar[bool] = contextvars.ContextVar("socratic_run_alone", default=False)


class AgentRunner:
    """Runs agents for users, under their active instructions, and keeps the record.

    Args:
        context: The unit-of-work factory, event sink and clock.
        engine: The rule engine that checks every response.
        agents: The agents it can run.
        feedback_limit: The most characters a re-ask's feedback text has.
        agent_threads: The most sync agent calls running at once (their own worker threads).
            A timed-out call keeps its thread until it returns; with every thread so taken, a
            sync attempt fails at once with an `AgentError` instead of waiting.
        work_threads: Worker threads for the database work.
    """

    def __init__(
        self,
        context: ServiceContext,
        *,
        engine: RuleEngine,
        agents: AgentRegistry,
        feedback_limit: int = FEEDBACK_LIMIT,
        agent_threads: int = 16,
        work_threads: int = 8,
    ) -> None:
        self._context = context
        self._store = RunStore(context.uow_factory, context.clock)
        self._engine = engine
        self._agents = agents
        self._feedback_limit = feedback_limit
        if (
            isinstance(agent_threads, bool)
            or not isinstance(agent_threads, int)
            or agent_threads < 1
        ):
            raise InvalidInputError(
                f"agent_threads must be an int of at least 1, got {agent_threads!r}",
                field="agent_threads",
            )
        self.agent_threads = AgentThreads(agent_threads)
        """The sync agents' threads (`limit`, and how many are `busy` now)."""
        # Database work runs here, off the event loop: a pool the runner keeps, so that a sync
        # `run` (a new event loop each time) starts no threads.
        self._work = concurrent.futures.ThreadPoolExecutor(
            work_threads, thread_name_prefix="socratic-runner"
        )
        self._loops = ThreadLoops()
        weakref.finalize(self, self._loops.close)  # an app never closed leaves no open loop
        self.constraints = ConstraintCache(engine)
        """The compiled-instructions cache (its `compiled` counter says how often it missed)."""

    def close(self) -> None:
        """Stop the worker threads (a sync agent still running is left to finish)."""
        self.agent_threads.shutdown()
        self._work.shutdown(wait=False, cancel_futures=True)
        self._loops.close()

    def run(
        self,
        actor_id: str,
        project_id: str,
        *,
        agent: str,
        action: str,
        task: str = "",
        session_id: str | None = None,
        specification_id: str | None = None,
        max_attempts: int = 3,
        attempt_timeout: float | None = None,
        deadline: float | None = None,
        on_exhausted: OnExhausted = "raise",
        on_attempt: Callable[[Attempt], object] | None = None,
    ) -> RunResult:
        """Run `agent` on `action` for `actor_id` in `project_id`; see `arun` for the details.

        Works inside a running event loop (a notebook): the run then goes to a thread of its
        own with its own loop, and this call waits for it.
        """
        arguments: dict[str, Any] = {
            "agent": agent,
            "action": action,
            "task": task,
            "session_id": session_id,
            "specification_id": specification_id,
            "max_attempts": max_attempts,
            "attempt_timeout": attempt_timeout,
            "deadline": deadline,
            "on_exhausted": on_exhausted,
            "on_attempt": on_attempt,
        }
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return self._loops.run(self._alone(actor_id, project_id, arguments))
        with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="socratic-run") as pool:
            future = pool.submit(asyncio.run, self._alone(actor_id, project_id, arguments))
            return future.result()

    async def _alone(self, actor_id: str, project_id: str, arguments: dict[str, Any]) -> RunResult:
        """`arun` on a loop of its own: no other coroutine waits, so database work runs inline."""
        token = _ALONE.set(True)
        try:
            return await self.arun(actor_id, project_id, **arguments)
        finally:
            _ALONE.reset(token)

    async def arun(
        self,
        actor_id: str,
        project_id: str,
        *,
        agent: str,
        action: str,
        task: str = "",
        session_id: str | None = None,
        specification_id: str | None = None,
        max_attempts: int = 3,
        attempt_timeout: float | None = None,
        deadline: float | None = None,
        on_exhausted: OnExhausted = "raise",
        on_attempt: Callable[[Attempt], object] | None = None,
    ) -> RunResult:
        """Run `agent` on `action` for `actor_id` in `project_id`, under their active rules.

        Args:
            actor_id: The acting user (an owner or editor; any member for `ask` and `answer`).
            project_id: The project.
            agent: The registered agent's name.
            action: One of the agent's actions.
            task: What to do, in words.
            session_id: The session the run's messages go to (None starts one when needed).
            specification_id: The specification to build from, of the same project.
            max_attempts: How many attempts at most, counting the first (at least 1).
            attempt_timeout: Seconds one attempt may take.
            deadline: Seconds the whole run may take.
            on_exhausted: When no attempt is accepted, `"raise"` an `AgentRejectedError`
                carrying the result, or `"return"` the best attempt (stored, marked).
            on_attempt: Called with each attempt once it is checked (progress display); what
                it raises is logged and ignored.

        Returns:
            The result: status, every attempt, the output and what was stored.

        Raises:
            AgentRejectedError: No attempt was accepted and `on_exhausted="raise"`.
            NotFoundError: No such agent, user, project, session or specification.
            PermissionDeniedError: The actor may not run this action in the project.
            InvalidInputError: A bad argument (the message names it).
        """
        _check_arguments(max_attempts, attempt_timeout, deadline, on_exhausted)
        chosen = self._agents.get(agent)
        if action not in chosen.actions:
            known = ", ".join(sorted(chosen.actions))
            raise InvalidInputError(
                f"agent {agent!r} has no action {action!r} (it has: {known})", field="action"
            )
        deadline_at = None if deadline is None else time.monotonic() + deadline
        started_at, started = self._context.clock(), time.perf_counter()
        run = await self._start(
            chosen, actor_id, project_id, action, task, session_id, specification_id, deadline_at
        )
        for number in range(1, max_attempts + 1):
            go_on = await self._attempt(run, number, attempt_timeout, last=number == max_attempts)
            if len(run.attempts) == number:
                _tell(on_attempt, run.attempts[-1])
            if not go_on:
                break
        result, keep = run.result(on_exhausted)
        duration_ms = round((time.perf_counter() - started) * 1000)
        outcome = RunOutcome(
            result=result,
            actor_id=actor_id,
            project_id=project_id,
            task=task,
            session_id=session_id,
            specification_id=specification_id,
            keep=keep,
            started_at=started_at,
            finished_at=self._context.clock(),
            duration_ms=duration_ms,
            attempt_rows=[attempt_row(a) for a in run.attempts],
        )
        entry = run_entry(outcome)
        ids = await self._offload(self._store.store, outcome, entry, run.unwritten)
        result = _with_ids(
            result, ids.session_id, ids.message_ids, ids.codebase_id, ids.specification_id
        )
        self._announce(actor_id, result)
        if not result.ok and on_exhausted == "raise":
            raise AgentRejectedError(
                f"agent {agent!r} was not accepted ({result.status.value} after "
                f"{len(result.attempts)} attempt(s)): {result.error}",
                result=result,
            )
        return result

    def get(self, actor_id: str, run_id: str) -> RunRead:
        """Return a stored run record (any member of its project may read it).

        Raises:
            NotFoundError: No such run, or one the actor may not see.
        """
        return RunRead.model_validate(self._store.get(actor_id, run_id))

    def list(self, actor_id: str, project_id: str) -> builtins.list[RunRead]:
        """Return a project's run records, newest first.

        Raises:
            NotFoundError: No such project, or one the actor may not see.
        """
        return [RunRead.model_validate(row) for row in self._store.list(actor_id, project_id)]

    async def _offload(self, fn: Callable[..., T], /, *args: Any) -> T:
        if _ALONE.get():  # the loop runs this run only: a thread hop would only add latency
            return fn(*args)
        return await asyncio.get_running_loop().run_in_executor(self._work, fn, *args)

    async def _start(  # noqa: PLR0917 - the run's parameters, passed through
        self,
        agent: Agent,
        actor_id: str,
        project_id: str,
        action: str,
        task: str,
        session_id: str | None,
        specification_id: str | None,
        deadline_at: float | None,
    ) -> RunState:
        history = int(getattr(agent, "history", 0) or 0)
        try:
            prepared = await self._offload(
                self._store.prepare,
                actor_id,
                project_id,
                agent.name,
                action,
                session_id,
                specification_id,
                history,
            )
        except SocraticError as error:
            await self._offload(self._refused, actor_id, project_id, agent.name, action, error)
            raise
        # Inline, like the checks below: a cache hit is cheap, and a thread hop costs more
        # than the work (CPU-bound work gains nothing from a thread under the GIL).
        compiled = self.constraints.get(prepared.instructions)
        return RunState(
            id=str(uuid.uuid4()),
            agent=agent,
            actor_id=actor_id,
            project_id=project_id,
            action=action,
            task=task,
            session_id=session_id,
            prepared=prepared,
            compiled=compiled,
            deadline_at=deadline_at,
            feedback_limit=self._feedback_limit,
        )

    def _refused(
        self, actor_id: str, project_id: str, agent: str, action: str, error: SocraticError
    ) -> None:
        try:
            self._store.audit(refused_entry(actor_id, project_id, agent, action, error))
        except SocraticError as audit_error:
            _log.error("could not audit a refused run of %s: %s", agent, audit_error)

    async def _attempt(
        self, run: RunState, number: int, attempt_timeout: float | None, *, last: bool
    ) -> bool:
        """Make attempt `number`; return whether another attempt should follow.

        Its audit row is written now, or, for the run's last attempt, with the run's outcome.
        """
        remaining = run.remaining()
        if remaining is not None and remaining <= 0:
            run.status, run.error = RunStatus.TIMED_OUT, "the run's deadline passed"
            return False
        request = self._request(run, number, remaining)
        started_at, started = self._context.clock(), time.perf_counter()
        response, error, timed_out = await self._call(
            run.agent, request, attempt_timeout, remaining
        )
        report = None
        if response is not None:
            report = self._check(request, response)
        attempt = Attempt(
            number=number,
            started_at=started_at,
            finished_at=self._context.clock(),
            duration=time.perf_counter() - started,
            report=report,
            error=error,
            timed_out=timed_out,
        )
        go_on = run.judge(attempt, response)
        entry = attempt_entry(run, request, run.attempts[-1], response)
        if go_on and not last:
            await self._offload(self._store.audit, entry)
        else:
            run.unwritten = entry
        return go_on

    def _request(self, run: RunState, number: int, remaining: float | None) -> AgentRequest:
        prepared = run.prepared
        return AgentRequest(
            action=run.action,
            task=run.task,
            project_id=run.project_id,
            session_id=run.session_id,
            constraints=run.compiled.ruleset,
            constraints_text=run.compiled.text,
            feedback=run.reask,
            attempt=number,
            specification=prepared.specification,
            remaining=remaining,
            phase=prepared.phase,
            history=prepared.history,
        )

    async def _call(
        self,
        agent: Agent,
        request: AgentRequest,
        attempt_timeout: float | None,
        remaining: float | None,
    ) -> tuple[AgentResponse | None, str | None, bool]:
        limits = [t for t in (attempt_timeout, remaining) if t is not None]
        timeout = min(limits) if limits else None
        try:
            response = await asyncio.wait_for(self._invoke(agent, request), timeout)
        except TimeoutError:
            return None, f"timed out after {timeout:.3g}s", True
        except Exception as error:  # an agent may raise anything: a failed attempt
            return None, f"{type(error).__name__}: {error}", False
        if not isinstance(response, AgentResponse):
            return None, f"returned {type(response).__name__}, not an AgentResponse", False
        return response, None, False

    async def _invoke(self, agent: Agent, request: AgentRequest) -> Any:
        if inspect.iscoroutinefunction(agent.run):
            token = running_in(self.agent_threads)  # its blocking calls go to those threads
            try:
                return await agent.run(request)
            finally:
                reset(token)
        result = await asyncio.wrap_future(self.agent_threads.submit(agent.run, request))
        return await result if inspect.isawaitable(result) else result

    def _check(self, request: AgentRequest, response: AgentResponse) -> Report:
        output = AgentOutput(text=response.text, files=dict(response.files), data=response.data)
        report = self._engine.validate(output, request.constraints)
        return apply_gate(request, response, report)

    def _announce(self, actor_id: str, result: RunResult) -> None:
        data: Mapping[str, Any] = {
            "agent": result.agent,
            "action": result.action,
            "status": result.status.value,
            "attempts": len(result.attempts),
        }
        now = self._context.clock()
        event = Event(EventName.RUN_FINISHED, actor_id, "agent_run", result.id, dict(data), now)
        try:
            self._context.events.emit(event)
        except Exception:
            _log.exception("event sink failed on %s", EventName.RUN_FINISHED.value)


def _tell(on_attempt: Callable[[Attempt], object] | None, attempt: Attempt) -> None:
    if on_attempt is None:
        return
    try:
        on_attempt(attempt)
    except Exception:  # a progress display must never break the run
        _log.exception("on_attempt callback failed")


def _check_arguments(
    max_attempts: int,
    attempt_timeout: float | None,
    deadline: float | None,
    on_exhausted: str,
) -> None:
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
        raise InvalidInputError(
            f"max_attempts must be an int of at least 1 (it counts the first try), "
            f"got {max_attempts!r}",
            field="max_attempts",
        )
    for name, value in (("attempt_timeout", attempt_timeout), ("deadline", deadline)):
        if value is not None and not value > 0:
            raise InvalidInputError(f"{name} must be positive seconds, got {value!r}", field=name)
    if on_exhausted not in ("raise", "return"):
        raise InvalidInputError(
            f"on_exhausted must be 'raise' or 'return', got {on_exhausted!r}",
            field="on_exhausted",
        )


def _with_ids(
    result: RunResult,
    session_id: str | None,
    message_ids: tuple[str, ...],
    codebase_id: str | None,
    specification_id: str | None,
) -> RunResult:
    return replace(
        result,
        session_id=session_id,
        message_ids=message_ids,
        codebase_id=codebase_id,
        specification_id=specification_id,
    )
