"""Everything the runner reads and writes, in short units of work that never span an agent call.

- `prepare`: one read-only unit of work before the first attempt (authorize, instructions,
  specification, session, the agent's history); it is closed before the agent runs.
- `audit`: the one place the runner appends to the audit trail (each attempt's row in a
  transaction of its own, the run's row inside the storing unit of work).
- `store`: one unit of work for the run's outcome: messages, a specification version, the
  codebase and its files, the run record and its audit row, all or nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from socratic_core.agents._types import AgentResponse, HistoryMessage, RunResult
from socratic_core.errors import InvalidInputError, NotFoundError
from socratic_core.models import (
    AgentRun,
    Message,
    MessageRole,
    Session,
    SessionMode,
    SessionStatus,
    TechnicalSpecification,
)
from socratic_core.services._base import authorize, load_actor
from socratic_core.services._trail import AuditEntry, append_entry, entry_chain
from socratic_core.services.authorization import ProjectAction
from socratic_core.services.codebases import add_codebase, specification_in
from socratic_core.services.redaction import redact_text
from socratic_core.services.schemas import SpecificationRead
from socratic_core.uow import UnitOfWork

__all__ = ["MEMBER_ACTIONS", "Prepared", "RunStore", "StoredIds", "clip"]

_log = logging.getLogger("socratic_core.agents")

MEMBER_ACTIONS = frozenset({"ask", "answer"})
"""Actions any project member may run (a counselor conversation); the others need an owner or
an editor (they generate the project's records)."""

_TEXT_LIMIT = 2000  # characters of a text field kept in an audit row
_LIST_LIMIT = 50  # items of a list kept in an audit row


def clip(text: str | None, limit: int = _TEXT_LIMIT) -> str | None:
    """Redact secrets in `text`, then cut it to `limit` characters (saying how much was cut).

    Args:
        text: Any text, or None.
        limit: The most characters kept.

    Returns:
        The redacted, bounded text (None stays None).
    """
    if text is None:
        return None
    text = redact_text(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit} more characters]"


def clip_list(items: Sequence[Any], limit: int = _LIST_LIMIT) -> list[Any]:
    """Keep at most `limit` items, and say how many were left out."""
    kept = list(items[:limit])
    if len(items) > limit:
        kept.append(f"… {len(items) - limit} more")
    return kept


def required_action(action: str) -> ProjectAction:
    """The project permission an agent action needs."""
    return ProjectAction.READ if action in MEMBER_ACTIONS else ProjectAction.STORE_CODEBASE


@dataclass(frozen=True, slots=True)
class InstructionSource:
    """One active instruction, as the compile cache keys it."""

    id: str
    revision: int
    title: str
    text: str
    is_global: bool


@dataclass(frozen=True, slots=True)
class Prepared:
    """What a run needs from the database before the agent is called."""

    phase: str
    instructions: tuple[InstructionSource, ...]
    specification: SpecificationRead | None
    history: tuple[HistoryMessage, ...]


@dataclass(frozen=True, slots=True)
class StoredIds:
    """The ids of what a run stored."""

    session_id: str | None = None
    message_ids: tuple[str, ...] = ()
    codebase_id: str | None = None
    specification_id: str | None = None


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """Everything `store` writes, gathered by the runner once the attempts are over."""

    result: RunResult
    actor_id: str
    project_id: str
    task: str
    session_id: str | None
    specification_id: str | None
    keep: bool
    started_at: datetime
    finished_at: datetime
    duration_ms: int
    attempt_rows: list[dict[str, Any]] = field(default_factory=list)


class RunStore:
    """The runner's reads and writes.

    Args:
        uow_factory: Makes a new unit of work.
        clock: The current time, aware UTC.
    """

    def __init__(self, uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime]):
        self._uow_factory = uow_factory
        self._clock = clock

    def prepare(  # noqa: PLR0917 - the run's parameters, passed through
        self,
        actor_id: str,
        project_id: str,
        agent: str,
        action: str,
        session_id: str | None,
        specification_id: str | None,
        history: int,
    ) -> Prepared:
        """Authorize the actor and read what the run needs, in one read-only unit of work.

        Raises:
            NotFoundError: No such user, project, session or specification (or a hidden one).
            PermissionDeniedError: The actor may not run this action in the project.
            InvalidInputError: The session is not active.
        """
        with self._uow_factory() as uow:
            # authorize() checks the actor too (exists, active) in its one access query.
            project, _ = authorize(uow, actor_id, project_id, required_action(action))
            if session_id is not None:
                _session_in(uow, project_id, session_id)
            spec = None
            if specification_id is not None:
                found = specification_in(uow, project_id, specification_id)
                spec = SpecificationRead.model_validate(found)
            rows = uow.instructions.list_active_for(actor_id, project_id)
            messages = uow.runs.agent_messages(project_id, agent, history) if history else []
            return Prepared(
                phase=project.phase.value,
                instructions=tuple(
                    InstructionSource(r.id, r.revision, r.title, r.rules_text, r.project_id is None)
                    for r in rows
                ),
                specification=spec,
                history=tuple(
                    HistoryMessage(m.role.value, m.content, dict(m.meta)) for m in messages
                ),
            )

    def audit(self, entry: AuditEntry, uow: UnitOfWork | None = None) -> None:
        """Append `entry` to the audit trail: in `uow` (locked already), or in a unit of its own.

        This is the one place the runner writes audit rows.
        """
        if uow is not None:
            append_entry(uow, entry, clock=self._clock, locked=True)
            return
        with self._uow_factory() as own:
            append_entry(own, entry, clock=self._clock)
            own.commit()

    def store(
        self, outcome: RunOutcome, run_entry: AuditEntry, last_attempt: AuditEntry | None
    ) -> StoredIds:
        """Write the run's outcome in one unit of work: all of it, or (on any error) none.

        The last attempt's audit row, when given, goes in the same unit of work (one commit
        fewer per run); should that unit fail, it is written on its own before the error goes
        on, so every attempt keeps its row whatever happens.

        Args:
            outcome: The run, and whether its output is to be kept as the project's records.
            run_entry: The run's audit row.
            last_attempt: The last attempt's audit row, not yet written.

        Returns:
            The ids of what was stored.
        """
        result = outcome.result
        try:
            with self._uow_factory() as uow:
                # The project's chain: its run rows join it (other projects' runs do not wait).
                uow.audit.lock_chain(entry_chain(outcome.project_id))
                action = required_action(result.action)
                authorize(uow, outcome.actor_id, outcome.project_id, action)
                ids = StoredIds(session_id=outcome.session_id)
                if outcome.keep and result.output is not None:
                    ids = _keep(uow, outcome, result.output)
                uow.runs.add(_run_row(outcome, ids))
                if last_attempt is not None:
                    self.audit(last_attempt, uow)
                self.audit(run_entry, uow)
                uow.commit()
        except BaseException:
            if last_attempt is not None:
                self._audit_alone(last_attempt)
            raise
        return ids

    def _audit_alone(self, entry: AuditEntry) -> None:
        try:
            self.audit(entry)
        except Exception:  # the store's own error is the one to raise
            _log.exception("could not audit the last attempt of a run that failed to store")

    def get(self, actor_id: str, run_id: str) -> AgentRun:
        """Return a run record the actor may read.

        Raises:
            NotFoundError: No such run, or one in a project the actor may not see.
        """
        with self._uow_factory() as uow:
            load_actor(uow, actor_id)
            row = uow.runs.get(run_id)
            if row is None:
                raise NotFoundError(f"run {run_id!r} not found", entity="run", entity_id=run_id)
            try:
                authorize(uow, actor_id, row.project_id, ProjectAction.READ)
            except NotFoundError:
                raise NotFoundError(
                    f"run {run_id!r} not found", entity="run", entity_id=run_id
                ) from None
            return row

    def list(self, actor_id: str, project_id: str) -> list[AgentRun]:
        """Return the runs of a project, newest first.

        Raises:
            NotFoundError: No such project, or one the actor may not see.
        """
        with self._uow_factory() as uow:
            load_actor(uow, actor_id)
            authorize(uow, actor_id, project_id, ProjectAction.READ)
            return uow.runs.list_for_project(project_id)


def _session_in(uow: UnitOfWork, project_id: str, session_id: str) -> Session:
    session = uow.sessions.get(session_id)
    if session is None or session.project_id != project_id:
        raise NotFoundError(
            f"session {session_id!r} not found in this project",
            entity="session",
            entity_id=session_id,
        )
    if session.status is not SessionStatus.ACTIVE:
        raise InvalidInputError(
            f"session {session_id!r} is {session.status.value}", field="session_id"
        )
    return session


def _keep(uow: UnitOfWork, outcome: RunOutcome, output: AgentResponse) -> StoredIds:
    result = outcome.result
    spec_id = outcome.specification_id
    spec = output.data.get("specification")
    if isinstance(spec, Mapping):
        spec_id = _add_specification(uow, outcome, spec)
    codebase_id = _add_codebase(uow, outcome, output, spec_id) if output.files else None
    messages = _messages(outcome, output)
    session_id = outcome.session_id
    if messages and session_id is None:
        mode = SessionMode.SOCRATIC if result.action in ("ask", "answer") else SessionMode.CHAT
        title = f"{result.agent} {result.action}"[:200]
        session = uow.sessions.add(
            Session(
                project_id=outcome.project_id,
                created_by_id=outcome.actor_id,
                title=title,
                mode=mode,
            )
        )
        session_id = session.id
    message_ids: tuple[str, ...] = ()
    if messages and session_id is not None:
        position = 0
        if outcome.session_id is not None:  # an existing session: check it, append to it
            _session_in(uow, outcome.project_id, session_id)
            position = uow.messages.next_position(session_id)
        for offset, message in enumerate(messages):
            message.session_id, message.position = session_id, position + offset
        message_ids = tuple(m.id for m in uow.messages.add_many(messages))
    return StoredIds(session_id, message_ids, codebase_id, spec_id)


def _add_specification(uow: UnitOfWork, outcome: RunOutcome, spec: Mapping[str, Any]) -> str:
    row = uow.specifications.add(
        TechnicalSpecification(
            project_id=outcome.project_id,
            version=uow.specifications.next_version(outcome.project_id),
            title=str(spec.get("title") or "Specification")[:200],
            content=str(spec.get("content") or ""),
            agent_id=outcome.result.agent,
        )
    )
    return row.id


def _add_codebase(
    uow: UnitOfWork, outcome: RunOutcome, output: AgentResponse, spec_id: str | None
) -> str:
    result = outcome.result
    summary = output.text or None
    if result.best_attempt:
        summary = f"[best attempt, not accepted: {result.status.value}] {summary or ''}".strip()
    codebase, _ = add_codebase(
        uow,
        project_id=outcome.project_id,
        agent_id=result.agent,
        files=output.files,
        specification_id=spec_id,
        summary=summary,
    )
    return codebase.id


def _messages(outcome: RunOutcome, output: AgentResponse) -> list[Message]:
    result = outcome.result
    base: dict[str, Any] = {"run_id": result.id, "action": result.action}
    if result.best_attempt:
        base["best_attempt"] = True
    messages = []
    if outcome.task:
        meta = {**base, **_mapping(output.data.get("task_meta"))}
        messages.append(
            Message(
                role=MessageRole.USER,
                content=outcome.task,
                user_id=outcome.actor_id,
                agent_id=result.agent,
                meta=meta,
            )
        )
    if output.text:
        meta = {**base, **_mapping(output.data.get("meta"))}
        messages.append(
            Message(
                role=MessageRole.ASSISTANT, content=output.text, agent_id=result.agent, meta=meta
            )
        )
    return messages


def _mapping(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}


def _run_row(outcome: RunOutcome, ids: StoredIds) -> AgentRun:
    result = outcome.result
    return AgentRun(
        id=result.id,
        project_id=outcome.project_id,
        user_id=outcome.actor_id,
        session_id=ids.session_id,
        codebase_id=ids.codebase_id,
        specification_id=ids.specification_id,
        agent=result.agent,
        action=result.action,
        status=result.status,
        verdict=None if result.report is None else result.report.verdict.value,
        best_attempt=result.best_attempt and outcome.keep,
        attempt_count=len(result.attempts),
        attempts=outcome.attempt_rows,
        instruction_revisions=list(result.instruction_revisions),
        rules_hash=result.rules_hash,
        message_ids=list(ids.message_ids),
        error=clip(result.error),
        started_at=outcome.started_at,
        finished_at=outcome.finished_at,
        duration_ms=outcome.duration_ms,
    )
