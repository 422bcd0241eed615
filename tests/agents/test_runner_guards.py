"""What a misbehaving agent cannot do to a run: store bad paths, or starve other runs of threads.

On a SQLite file and on PostgreSQL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from socratic_core import AgentRejectedError
from socratic_core.agents import AgentRequest, AgentResponse, CallableAgent, RunStatus
from socratic_core.testing import ScriptedAgent

from .conftest import CLEAN, World

_BODY = '"""Core."""\n'


def _files(*paths: str) -> AgentResponse:
    return AgentResponse(text="done", files=dict.fromkeys(paths, _BODY))


def _generate(world: World, agent: object, **options: object) -> object:
    world.app.agents.register(agent, replace=True)  # type: ignore[arg-type]
    return world.app.runs.run(
        world.owner.id,
        world.project.id,
        agent=agent.name,  # type: ignore[attr-defined]
        action="generate",
        **options,
    )


class TestBadPaths:
    """A model's bad file path fails its attempt with feedback; it never reaches the store."""

    @pytest.mark.parametrize(
        ("paths", "said"),
        [
            (("../x.py",), "invalid file path '../x.py'"),
            (("/etc/x.py",), "invalid file path '/etc/x.py'"),
            (("app/x.py", "./app/x.py"), "both name 'app/x.py'"),
        ],
    )
    def test_a_bad_path_is_fed_back_and_the_next_attempt_is_stored(
        self, world: World, paths: tuple[str, ...], said: str
    ) -> None:
        """The first attempt is blocked by `gate.paths`; the agent is re-asked and recovers."""
        agent = ScriptedAgent([_files(*paths), CLEAN])
        result = _generate(world, agent)
        assert result.status is RunStatus.ACCEPTED  # type: ignore[attr-defined]
        first = result.attempts[0]  # type: ignore[attr-defined]
        assert first.verdict == "block"
        [violation] = [v for v in first.report.violations if v.rule_id == "gate.paths"]
        assert said in violation.message
        feedback = agent.calls[1].feedback
        assert feedback is not None
        assert "gate.paths" in feedback.text
        assert said in feedback.text
        [codebase] = world.app.codebases.list(world.owner.id, world.project.id)
        files = world.app.codebases.get(world.owner.id, codebase.id).files
        assert [f.path for f in files] == ["app/core.py"]

    def test_only_bad_paths_is_rejected_and_stores_nothing_even_as_best(self, world: World) -> None:
        """No attempt with a bad path is kept, even when the best attempt is asked for."""
        agent = ScriptedAgent([_files("../a.py"), _files("/b.py")])
        result = _generate(world, agent, max_attempts=2, on_exhausted="return")
        assert result.status is RunStatus.REJECTED  # type: ignore[attr-defined]
        assert (result.output, result.codebase_id) == (None, None)  # type: ignore[attr-defined]
        assert world.records()["codebases"] == 0
        assert [r.status for r in world.runs()] == [RunStatus.REJECTED]
        with pytest.raises(AgentRejectedError, match="error"):
            _generate(world, ScriptedAgent([_files("../a.py")], name="again"), max_attempts=1)


class _Plain:
    """A sync agent that answers at once."""

    name, actions = "plain", frozenset({"generate"})

    def run(self, request: AgentRequest) -> AgentResponse:
        return CLEAN


class _Stuck:
    """A sync agent whose call blocks until `release` is set (a client with no timeout)."""

    actions = frozenset({"generate"})

    def __init__(self, release: threading.Event) -> None:
        self.name = "stuck"
        self.release = release
        self.entered = threading.Semaphore(0)

    def run(self, request: AgentRequest) -> AgentResponse:
        self.entered.release()
        self.release.wait(60)  # generous: the test sets it when it ends
        return CLEAN


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """An event the stuck agents wait on, set when the test ends (so their threads end)."""
    event = threading.Event()
    yield event
    event.set()


def _hold_every_thread(world: World, agent: str, entered: threading.Semaphore) -> int:
    """Run `agent` (which hangs) until each of the runner's agent threads holds a timed-out call."""
    threads = world.app.runs.agent_threads
    for _ in range(threads.limit):  # each run times out; its call keeps a thread
        timed_out = world.app.runs.run(world.owner.id, world.project.id, agent=agent,
                                       action="generate", max_attempts=1, attempt_timeout=0.2,
                                       on_exhausted="return")  # fmt: skip
        assert timed_out.status is RunStatus.TIMED_OUT
    for _ in range(threads.limit):
        assert entered.acquire(timeout=30)
    assert threads.busy == threads.limit
    return threads.limit


class TestStuckSyncAgents:
    """Sync agents that time out and never return cannot starve the other runs."""

    def test_with_every_thread_stuck_a_sync_attempt_fails_at_once(
        self, world: World, release: threading.Event
    ) -> None:
        """Timed-out calls keep their threads; the next sync attempt fails with an AgentError."""
        stuck = _Stuck(release)
        world.app.agents.register(stuck)
        limit = _hold_every_thread(world, "stuck", stuck.entered)
        with pytest.raises(AgentRejectedError) as info:
            _generate(world, _Plain(), max_attempts=2)
        attempts = info.value.result.attempts
        assert [a.timed_out for a in attempts] == [False, False]
        for attempt in attempts:
            assert f"AgentError: all {limit} sync-agent threads" in (attempt.error or "")
            assert "a thread cannot be killed" in (attempt.error or "")
        # An async agent does not need those threads: it still runs.
        accepted = _generate(world, ScriptedAgent([CLEAN]))
        assert accepted.status is RunStatus.ACCEPTED  # type: ignore[attr-defined]

    def test_threads_come_back_when_the_stuck_calls_return(
        self, world: World, release: threading.Event
    ) -> None:
        """Once the stuck calls return, their threads serve sync agents again."""
        runner = world.app.runs
        stuck = _Stuck(release)
        world.app.agents.register(stuck)
        _hold_every_thread(world, "stuck", stuck.entered)
        release.set()
        for _ in range(600):  # up to a generous 30 s for the threads to finish their calls
            if runner.agent_threads.busy == 0:
                break
            time.sleep(0.05)
        assert runner.agent_threads.busy == 0
        result = _generate(world, _Plain())
        assert result.status is RunStatus.ACCEPTED  # type: ignore[attr-defined]

    def test_a_callable_agents_blocking_model_call_uses_the_same_threads(
        self, world: World, release: threading.Event
    ) -> None:
        """A `CallableAgent` whose plain `fn` hangs holds one of the runner's agent threads."""
        entered = threading.Semaphore(0)

        def hanging(messages: list[dict[str, str]]) -> str:
            entered.release()
            release.wait(60)
            return "no files"

        world.app.agents.register(CallableAgent("hanging", hanging))
        _hold_every_thread(world, "hanging", entered)
        with pytest.raises(AgentRejectedError) as info:
            world.app.runs.run(world.owner.id, world.project.id, agent="hanging",
                               action="generate", max_attempts=1)  # fmt: skip
        [attempt] = info.value.result.attempts
        assert "AgentError: all" in (attempt.error or "")
        assert "sync-agent threads of this runner are busy" in (attempt.error or "")
