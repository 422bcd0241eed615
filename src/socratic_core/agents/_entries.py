"""What the runner's audit rows say: one per attempt, one per run, one per refused run.

Every text field is redacted and bounded (`clip`), lists are cut (`clip_list`), and a
violation is recorded by rule, severity and fingerprint only.
"""

from __future__ import annotations

from typing import Any

from socratic_core.agents._feedback import fingerprints
from socratic_core.agents._record import RunOutcome, clip, clip_list
from socratic_core.agents._state import RunState
from socratic_core.agents._types import AgentRequest, AgentResponse, Attempt
from socratic_core.errors import AgentRejectedError, SocraticError
from socratic_core.rules import Report
from socratic_core.services._trail import AuditEntry

__all__ = ["attempt_entry", "attempt_row", "refused_entry", "run_entry"]


def refused_entry(
    actor_id: str, project_id: str, agent: str, action: str, error: SocraticError
) -> AuditEntry:
    """The row of a run refused before its first attempt (no user id: it may not exist)."""
    return AuditEntry(
        action="agent.run",
        agent_id=agent,
        entity_type="project",
        entity_id=project_id,
        request={"actor_id": actor_id, "project_id": project_id, "action": action},
        response={"error": clip(error.message)},
        success=False,
        error_code=error.code,
        project_id=project_id,
    )


def attempt_row(attempt: Attempt) -> dict[str, Any]:
    """An attempt as the run record and its audit row keep it."""
    return {
        "number": attempt.number,
        "started_at": attempt.started_at.isoformat(),
        "duration_ms": round(attempt.duration * 1000),
        "verdict": attempt.verdict,
        "open": attempt.open,
        "new": attempt.new,
        "fixed": attempt.fixed,
        "error": clip(attempt.error, 500),
        "timed_out": attempt.timed_out,
    }


def _violation_rows(report: Report | None, response: AgentResponse | None) -> list[Any]:
    if report is None or response is None:
        return []
    rows = [
        {"rule": v.rule_id, "severity": v.severity.value, "fingerprint": key}
        for key, v in fingerprints(report, response).items()
    ]
    return clip_list(rows)


def attempt_entry(
    run: RunState, request: AgentRequest, attempt: Attempt, response: AgentResponse | None
) -> AuditEntry:
    """The audit row of one attempt."""
    files = [] if response is None else [[p, len(c)] for p, c in sorted(response.files.items())]
    return AuditEntry(
        action="agent.attempt",
        user_id=run.actor_id,
        agent_id=run.agent.name,
        entity_type="agent_run",
        entity_id=run.id,
        request={
            "project_id": run.project_id,
            "action": run.action,
            "attempt": attempt.number,
            "task": clip(run.task),
            "constraints_hash": run.compiled.rules_hash,
            "feedback": clip(None if request.feedback is None else request.feedback.text),
        },
        response={
            **attempt_row(attempt),
            "text": clip(None if response is None else response.text),
            "files": clip_list(files),
        },
        success=attempt.error is None and attempt.verdict != "block",
        error_code=_attempt_code(attempt),
        instruction_version=run.compiled.rules_hash,
        violations=_violation_rows(attempt.report, response),
        project_id=run.project_id,
    )


def _attempt_code(attempt: Attempt) -> str | None:
    if attempt.timed_out:
        return "timed_out"
    if attempt.error is not None:
        return "agent_failed"
    return "rejected" if attempt.verdict == "block" else None


def run_entry(outcome: RunOutcome) -> AuditEntry:
    """The audit row of a finished run."""
    result = outcome.result
    return AuditEntry(
        action="agent.run",
        user_id=outcome.actor_id,
        agent_id=result.agent,
        entity_type="agent_run",
        entity_id=result.id,
        request={
            "project_id": outcome.project_id,
            "action": result.action,
            "task": clip(outcome.task),
            "instruction_revisions": clip_list(list(result.instruction_revisions)),
        },
        response={
            "status": result.status.value,
            "attempts": len(result.attempts),
            "kept": outcome.keep,
            "best_attempt": result.best_attempt,
            "error": clip(result.error),
        },
        success=result.ok,
        error_code=None if result.ok else AgentRejectedError.code,
        instruction_version=result.rules_hash,
        violations=_violation_rows(result.report, result.output),
        project_id=outcome.project_id,
    )
