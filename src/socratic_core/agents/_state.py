"""One run in progress: its attempts so far, the verdict on each, and the result they add up to."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Literal

from socratic_core.agents._constraints import Compiled
from socratic_core.agents._feedback import build_reask, failure_reask, fingerprints
from socratic_core.agents._gates import storable
from socratic_core.agents._record import Prepared
from socratic_core.agents._types import (
    Agent,
    AgentResponse,
    Attempt,
    Reask,
    RunResult,
    RunStatus,
)
from socratic_core.rules import Report, Severity, Violation
from socratic_core.services._trail import AuditEntry

__all__ = ["OnExhausted", "RunState"]

OnExhausted = Literal["raise", "return"]


@dataclass
class RunState:
    """The state of one run in progress."""

    id: str
    agent: Agent
    actor_id: str
    project_id: str
    action: str
    task: str
    session_id: str | None
    prepared: Prepared
    compiled: Compiled
    deadline_at: float | None
    feedback_limit: int
    attempts: list[Attempt] = field(default_factory=list)
    responses: dict[int, AgentResponse] = field(default_factory=dict)
    previous: dict[str, Violation] | None = None
    reask: Reask | None = None
    status: RunStatus | None = None
    error: str | None = None
    unwritten: AuditEntry | None = None  # the last attempt's row, written with the outcome

    def remaining(self) -> float | None:
        """Seconds left before the deadline (None: no deadline)."""
        return None if self.deadline_at is None else self.deadline_at - time.monotonic()

    def judge(self, attempt: Attempt, response: AgentResponse | None) -> bool:
        """Record the attempt and decide: stop (accepted, stuck, out of time) or re-ask."""
        if response is None or attempt.report is None:
            self.attempts.append(attempt)
            self.status = RunStatus.TIMED_OUT if attempt.timed_out else RunStatus.FAILED
            if self.previous is not None and not attempt.timed_out:
                self.status = RunStatus.REJECTED  # an earlier attempt was checked and rejected
            self.error = f"attempt {attempt.number}: {attempt.error}"
            self.reask = failure_reask(attempt.number, attempt.error or "failed", self.reask)
            return True
        report = attempt.report
        current = fingerprints(report, response)
        reask = build_reask(
            attempt.number, current, self.previous or {}, response, limit=self.feedback_limit
        )
        counted = replace(attempt, open=len(reask.open), new=len(reask.new), fixed=len(reask.fixed))
        self.attempts.append(counted)
        self.responses[attempt.number] = response
        stuck = self.previous is not None and current.keys() == self.previous.keys()
        self.previous, self.reask = current, reask
        return self._verdict(report, stuck=stuck)

    def _verdict(self, report: Report, *, stuck: bool) -> bool:
        if not report.fails(Severity.ERROR):
            self.status = RunStatus.WARNED if report.max_severity else RunStatus.ACCEPTED
            self.error = None
            return False
        self.status = RunStatus.REJECTED
        if report.plugin_failures:
            failed = ", ".join(sorted({f.plugin for f in report.plugin_failures}))
            self.error = f"the checks could not run (plugin {failed} failed): not re-asked"
            return False
        errors = sum(1 for v in report.active_violations if v.severity is Severity.ERROR)
        self.error = f"{errors} error(s) still open"
        if stuck:
            self.error += ": the last attempt made no progress"
            return False
        return True

    def result(self, on_exhausted: OnExhausted) -> tuple[RunResult, bool]:
        """The run's result, and whether its output is to be stored as the project's records."""
        status = self.status or RunStatus.FAILED
        accepted = status in (RunStatus.ACCEPTED, RunStatus.WARNED)
        number = self.attempts[-1].number if accepted else self._best()
        best = not accepted and number is not None
        keep = accepted or (best and on_exhausted == "return")
        output = self.responses.get(number) if number is not None else None
        checked = [a for a in self.attempts if a.report is not None]
        report = next((a.report for a in checked if a.number == number), None)
        if report is None and checked:
            report = checked[-1].report
        result = RunResult(
            id=self.id,
            status=status,
            agent=self.agent.name,
            action=self.action,
            attempts=tuple(self.attempts),
            output=output if keep else None,
            report=report,
            best_attempt=best,
            session_id=self.session_id,
            rules_hash=self.compiled.rules_hash,
            instruction_revisions=self.compiled.revisions,
            error=None if accepted else self.error,
        )
        return result, keep

    def _best(self) -> int | None:
        """The storable checked attempt with the fewest errors, then violations, then earliest."""
        scored = [
            (
                sum(1 for v in a.report.active_violations if v.severity is Severity.ERROR),
                len(a.report.active_violations),
                a.number,
            )
            for a in self.attempts
            if a.report is not None and storable(a.report)  # a bad path is never stored
        ]
        return min(scored)[2] if scored else None
