"""Benchmark the agent runner: its overhead per run, and many concurrent runs.

Side by side in one run, on a SQLite file and on PostgreSQL (when reachable):

- one accepted run of an agent that answers at once with a fixed codebase (the calculator that
  `codegen` builds from `examples/calculator_spec.md`, under `examples/team_rules.md`) vs the
  bare engine checking the same output. The run writes one unit of work (a session, a message,
  the codebase and its files, the run record, the attempt's and the run's audit rows); before
  the attempt it reads (authorization, instructions) in one short unit of work. The time the
  run spends in the database is measured inside it, and the runner's own overhead is
  (run - database) / engine, the median over runs of each run's own difference: target <= 1.5x,
  for a small output (the calculator, 7 files) and a larger one (10 modules x 10 functions).
  For scale, the same rows written
  through the bare repositories in one unit of work are timed too ("bare writes"). The paths
  are timed in interleaved rounds, so they share the machine's noise;
- 1,000 concurrent runs (`asyncio.gather` over `app.runs.arun`) of a fast scripted agent:
  runs/s, p50/p99 latency, and the process's peak resident memory.

Prints figures and ratios; asserts nothing.

    python bench/bench_runner.py [--runs N] [--concurrent N] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _databases import POSTGRES_ADMIN_URL, databases

from socratic_core import AuditEntry, PasswordHasher, Socratic
from socratic_core.agents import AgentRequest, AgentResponse
from socratic_core.models import AgentRun, GeneratedCodebase, GeneratedFile, Message, Session
from socratic_core.rules import AgentOutput
from socratic_core.services._trail import append_entry

TARGET_OVERHEAD = 1.5
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


class FixedAgent:
    """Answers every request at once with the same response."""

    actions = frozenset({"generate"})

    def __init__(self, name: str, response: AgentResponse) -> None:
        self.name = name
        self.response = response

    async def run(self, request: AgentRequest) -> AgentResponse:  # noqa: ARG002 - the protocol
        """Return the fixed response."""
        return self.response


def _larger_spec(modules: int, functions: int) -> str:
    """A specification of `modules` modules with `functions` functions each."""
    lines = ["# Larger Package", ""]
    for m in range(modules):
        lines.append(f"## Module part{m}")
        for f in range(functions):
            lines.append(f"- f{m}_{f}(a: int, b: int) -> int = a * {f} + b: Combine a and b.")
            lines.append(f"  - example: f{m}_{f}(1, 2) == {f + 2}")
    return "\n".join(lines) + "\n"


SPECS = {
    "small": (EXAMPLES / "calculator_spec.md").read_text(encoding="utf-8"),
    "larger": _larger_spec(10, 10),
}
"""The outputs timed: the calculator (7 files), and 10 modules x 10 functions (23 files)."""


def _setup(app: Socratic, spec: str) -> tuple[str, str, AgentResponse]:
    name = f"bench{uuid.uuid4().hex[:8]}"
    user = app.users.register(
        username=name,
        email=f"{name}@example.com",
        password="Quick-brown-fox-42",  # noqa: S106 - a throwaway account
    )
    project = app.projects.create(user.id, name="Bench")
    rules = (EXAMPLES / "team_rules.md").read_text(encoding="utf-8")
    app.instructions.create(user.id, title="team_rules.md", text=rules, project_id=project.id)
    built = app.runs.run(user.id, project.id, agent="codegen", action="generate", task=spec)
    assert built.output is not None
    # The files and the text only: codegen's `data` would store a new specification per run.
    return user.id, project.id, AgentResponse(text=built.output.text, files=built.output.files)


def _median(work: Callable[[], object], count: int) -> float:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _storage(app: Socratic, user_id: str, project_id: str, output: AgentResponse) -> None:
    """The rows one accepted run writes, through the bare repositories in one unit of work."""
    entry = AuditEntry(action="agent.attempt", user_id=user_id, request={"task": ""})
    with app.database.unit_of_work() as uow:
        uow.audit.lock_chain()
        session = uow.sessions.add(Session(project_id=project_id, title="fixed generate"))
        uow.messages.add_many(
            [Message(session_id=session.id, position=0, role="assistant", content=output.text)]
        )
        codebase = uow.codebases.add(GeneratedCodebase(project_id=project_id, agent_id="fixed"))
        uow.files.add_many(
            [
                GeneratedFile.from_content(codebase_id=codebase.id, path=path, content=text)
                for path, text in sorted(output.files.items())
            ]
        )
        now = datetime.now(UTC)
        uow.runs.add(
            AgentRun(
                project_id=project_id, agent="fixed", action="generate", status="accepted",
                attempt_count=1, rules_hash="0" * 64, started_at=now, finished_at=now,
                duration_ms=0,
            )
        )  # fmt: skip
        for _ in range(2):
            append_entry(uow, entry, clock=lambda: datetime.now(UTC), locked=True)
        uow.commit()


class _DatabaseClock:
    """Adds up the time a runner spends in its store (reads, audit rows, the storing unit)."""

    def __init__(self, app: Socratic) -> None:
        self.spent = 0.0
        self._inside = threading.local()
        store = app.runs._store
        for name in ("prepare", "audit", "store"):
            setattr(store, name, self._timed(getattr(store, name)))

    def _timed(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            if getattr(self._inside, "busy", False):  # audit() called by store(): counted
                return method(*args, **kwargs)
            self._inside.busy = True
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.spent += time.perf_counter() - start
                self._inside.busy = False

        return timed


def bench_overhead(
    app: Socratic, clock: _DatabaseClock, spec: str, runs: int
) -> tuple[float, float, float, float, float, int]:
    """Median seconds of (a run, its database time, the bare engine, the bare writes, a run
    outside the database), and the number of files."""
    user_id, project_id, output = _setup(app, spec)
    app.agents.register(FixedAgent("fixed", output), replace=True)
    rules = app.instructions.active_rules(user_id, project_id)
    checked = AgentOutput(text=output.text, files=dict(output.files))
    paths: dict[str, Callable[[], object]] = {
        "run": lambda: app.runs.run(user_id, project_id, agent="fixed", action="generate"),
        "engine": lambda: app.engine.validate(checked, rules),
        "storage": lambda: _storage(app, user_id, project_id, output),
    }
    for work in paths.values():  # warm up every path
        _median(work, 5)
    rounds, per_round = 5, max(1, runs // 5)
    times: dict[str, list[float]] = {name: [] for name in (*paths, "database")}
    for _ in range(rounds):
        for name, work in paths.items():
            if name == "run":  # each run with its own database time, so both share its noise
                for _ in range(per_round):
                    clock.spent = 0.0
                    start = time.perf_counter()
                    work()
                    times[name].append(time.perf_counter() - start)
                    times["database"].append(clock.spent)
            else:
                times[name].append(_median(work, per_round))
    outside = statistics.median(r - d for r, d in zip(times["run"], times["database"], strict=True))
    run, engine, storage, database = (statistics.median(times[name]) for name in times)
    return run, database, engine, storage, outside, len(output.files)


async def _concurrent(app: Socratic, user_id: str, project_id: str, count: int) -> list[float]:
    async def one() -> float:
        start = time.perf_counter()
        await app.runs.arun(user_id, project_id, agent="quick", action="generate")
        return time.perf_counter() - start

    return await asyncio.gather(*(one() for _ in range(count)))


def bench_concurrent(app: Socratic, count: int) -> tuple[float, float, float, float]:
    """(runs/s, p50 s, p99 s, peak RSS MiB) of `count` concurrent runs of a fast agent."""
    user = app.users.register(
        username="crowd",
        email="crowd@example.com",
        password="Quick-brown-fox-42",  # noqa: S106 - a throwaway account
    )
    project = app.projects.create(user.id, name="Crowd")
    quick = AgentResponse(text="ok", files={"app.py": '"""App."""\n\nVALUE = 1\n'})
    app.agents.register(FixedAgent("quick", quick))
    start = time.perf_counter()
    latencies = sorted(asyncio.run(_concurrent(app, user.id, project.id, count)))
    elapsed = time.perf_counter() - start
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if not app.audit.verify().ok:
        raise SystemExit("audit chain broken after the concurrent runs")
    return count / elapsed, statistics.median(latencies), p99, peak


def run(label: str, url: str, runs: int, concurrent: int) -> None:
    """Run both measurements on one database and print them."""
    app = Socratic.from_url(url, entry_points=False, password_hasher=PasswordHasher(n=2**8))
    try:
        app.database.drop_all()
        app.database.create_all()
        clock = _DatabaseClock(app)
        for size, spec in SPECS.items():
            total, database, engine, storage, outside, files = bench_overhead(
                app, clock, spec, runs
            )
            overhead = outside / engine
            print(
                f"{label:8} {size:6} ({files:2} files) run {total * 1000:6.2f} ms (database "
                f"{database * 1000:6.2f} ms; bare writes {storage * 1000:6.2f} ms)  engine "
                f"{engine * 1000:5.2f} ms  (run - database)/engine {overhead:4.2f}x "
                f"(target <= {TARGET_OVERHEAD}x) {'OK' if overhead <= TARGET_OVERHEAD else 'MISS'}"
            )
        rate, p50, p99, peak = bench_concurrent(app, concurrent)
        print(
            f"{label:8} {concurrent} concurrent runs: {rate:7.1f} runs/s  "
            f"p50 {p50 * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms  peak RSS {peak:6.1f} MiB"
        )
    finally:
        app.database.drop_all()
        app.close()


def main() -> None:
    """Parse the arguments and run the benchmark on SQLite, then PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100, help="runs timed per path")
    parser.add_argument("--concurrent", type=int, default=1000, help="concurrent runs")
    parser.add_argument("--postgres", default=POSTGRES_ADMIN_URL, help="admin URL of a PostgreSQL")
    args = parser.parse_args()
    for label, url in databases(args.postgres):
        run(label, url, args.runs, args.concurrent)


if __name__ == "__main__":
    main()
