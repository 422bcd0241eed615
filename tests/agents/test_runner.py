"""The runner's every branch, with scripted agents, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterator

import pytest

from socratic_core import (
    AgentRejectedError,
    EventName,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from socratic_core.agents import AgentRequest, AgentResponse, RunStatus
from socratic_core.db import Database
from socratic_core.hookspecs import hookimpl
from socratic_core.plugin_manager import make_plugin_manager
from socratic_core.rules import Category, Check, CheckContext, CheckDeclaration, Finding
from socratic_core.testing import ScriptedAgent

from .conftest import CLEAN, World, make_world, printing


def _run(world: World, agent: ScriptedAgent, **options: object) -> object:
    world.app.agents.register(agent, replace=True)
    return world.app.runs.run(
        world.owner.id, world.project.id, agent=agent.name, action="generate", **options
    )


class TestAccepted:
    """A response that passes is stored with everything it made, once, after one attempt."""

    def test_accepted_first_try_stores_the_codebase_and_the_run(self, world: World) -> None:
        """One attempt, a codebase with the files, a run record, two audit rows, one event."""
        agent = ScriptedAgent([CLEAN])
        result = _run(world, agent, task="build it")
        agent.assert_complete()
        assert result.status is RunStatus.ACCEPTED
        assert [a.number for a in result.attempts] == [1]
        detail = world.app.codebases.get(world.owner.id, result.codebase_id)
        assert [f.path for f in detail.files] == ["app/core.py"]
        record = world.app.runs.get(world.owner.id, result.id)
        assert (record.status, record.attempt_count, record.codebase_id) == (
            RunStatus.ACCEPTED,
            1,
            result.codebase_id,
        )
        assert record.rules_hash == result.rules_hash
        assert len(result.rules_hash) == 64
        assert world.actions()[-2:] == ["agent.attempt", "agent.run"]
        finished = [e for e in world.events if e.name is EventName.RUN_FINISHED]
        assert [(e.entity_id, e.data["status"]) for e in finished] == [(result.id, "accepted")]

    def test_the_agent_gets_the_rules_as_constraints(self, world: World) -> None:
        """The request carries the compiled rules and their text, naming where they came from."""
        agent = ScriptedAgent([CLEAN])
        _run(world, agent)
        request = agent.calls[0]
        assert {r.id for r in request.constraints} >= {
            "quality.no-print",
            "quality.max-function-length",
        }
        assert "Do not use print (Team rules, line 3;" in request.constraints_text
        assert request.feedback is None
        assert request.attempt == 1

    def test_the_task_and_answer_are_kept_as_messages_of_a_new_session(self, world: World) -> None:
        """Without a session id, the run starts one for the messages it keeps."""
        result = _run(world, ScriptedAgent([CLEAN]), task="build it")
        history = world.app.sessions.history(world.owner.id, result.session_id).items
        assert [(m.role.value, m.content) for m in history] == [
            ("user", "build it"),
            ("assistant", "done"),
        ]
        assert [m.id for m in history] == list(result.message_ids)


class TestReask:
    """A rejected attempt is re-asked with feedback naming exactly what is still wrong."""

    def test_reasked_once_then_accepted(self, world: World) -> None:
        """The second request's feedback lists the open violation with its rule and line."""
        agent = ScriptedAgent([printing(), CLEAN])
        result = _run(world, agent)
        assert result.status is RunStatus.ACCEPTED
        assert [(a.verdict, a.new, a.fixed) for a in result.attempts] == [
            ("block", 1, 0),
            ("pass", 0, 1),
        ]
        feedback = agent.calls[1].feedback
        assert feedback is not None
        assert agent.calls[1].attempt == 2
        assert [(v.rule_id, v.location.path, v.location.line) for v in feedback.new] == [
            ("quality.no-print", "app/core.py", 6)
        ]
        assert feedback.open == ()
        assert feedback.fixed == ()
        text = feedback.text
        assert "app/core.py:6:5 [quality.no-print/error]" in text
        assert "you asked: 'Do not use print' (rules line 3 of 'Team rules')" in text
        assert ">    6 |     print(a + b)" in text
        assert "fix: " in text
        assert "Do not resubmit unchanged files" in text
        assert feedback.response == printing()

    def test_never_fixed_raises_with_every_attempt_and_stores_no_records(
        self, world: World
    ) -> None:
        """Three different bad answers: rejected, raised, only audit rows and the run record."""
        bad = [printing(f"print({n})") for n in range(3)]
        with pytest.raises(AgentRejectedError) as info:
            _run(world, ScriptedAgent(bad))
        result = info.value.result
        assert result.status is RunStatus.REJECTED
        assert [a.verdict for a in result.attempts] == ["block"] * 3
        assert result.output is None
        assert result.codebase_id is None
        assert world.records() == {"codebases": 0, "messages": 0, "specifications": 0}
        assert world.actions().count("agent.attempt") == 3
        assert [r.status for r in world.runs()] == [RunStatus.REJECTED]

    def test_no_progress_stops_early(self, world: World) -> None:
        """The same open violations twice end the run before the budget is spent."""
        agent = ScriptedAgent([printing(), printing(), CLEAN])
        with pytest.raises(AgentRejectedError, match="no progress") as info:
            _run(world, agent, max_attempts=5)
        assert len(info.value.result.attempts) == 2
        assert len(agent.calls) == 2

    def test_on_exhausted_return_keeps_the_best_attempt_marked(self, world: World) -> None:
        """The attempt with the fewest errors comes back and is stored, marked as the best."""
        worse = printing("print(a); print(b)")
        result = _run(world, ScriptedAgent([worse, printing()]), max_attempts=2,
                      on_exhausted="return", task="t")  # fmt: skip
        assert (result.status, result.best_attempt) == (RunStatus.REJECTED, True)
        assert result.output == printing()
        codebase = world.app.codebases.get(world.owner.id, result.codebase_id)
        assert codebase.summary is not None
        assert codebase.summary.startswith("[best attempt")
        history = world.app.sessions.history(world.owner.id, result.session_id).items
        assert all(m.metadata.get("best_attempt") is True for m in history)
        assert world.app.runs.get(world.owner.id, result.id).best_attempt is True


class TestFailures:
    """An agent that raises or runs out of time fails its attempt, never the whole process."""

    def test_agent_raises_then_recovers(self, world: World) -> None:
        """The failed attempt is recorded with its error and the next one is told about it."""
        agent = ScriptedAgent([RuntimeError("model overloaded"), CLEAN])
        result = _run(world, agent)
        assert result.status is RunStatus.ACCEPTED
        assert result.attempts[0].error == "RuntimeError: model overloaded"
        feedback = agent.calls[1].feedback
        assert feedback is not None
        assert feedback.error == "RuntimeError: model overloaded"
        rows = world.app.audit.entries(action="agent.attempt").items
        assert [(r.success, r.error_code) for r in rows] == [(False, "agent_failed"), (True, None)]

    def test_agent_that_always_raises_fails(self, world: World) -> None:
        """Every attempt raising makes the run `failed`."""
        with pytest.raises(AgentRejectedError) as info:
            _run(world, ScriptedAgent([ValueError, ValueError]), max_attempts=2)
        assert info.value.result.status is RunStatus.FAILED

    def test_attempt_timeout(self, world: World) -> None:
        """A slow attempt times out; the next one is accepted."""

        async def slow(request: AgentRequest) -> AgentResponse:
            await asyncio.sleep(30)
            return CLEAN

        result = _run(world, ScriptedAgent([slow, CLEAN]), attempt_timeout=0.05)
        assert result.status is RunStatus.ACCEPTED
        assert result.attempts[0].timed_out
        assert "timed out" in (result.attempts[0].error or "")

    def test_deadline_hits_mid_run(self, world: World) -> None:
        """The whole-run deadline ends a run whose second attempt is still going."""

        async def slow(request: AgentRequest) -> AgentResponse:
            assert request.remaining is not None
            assert request.remaining < 1
            await asyncio.sleep(30)
            return CLEAN

        agent = ScriptedAgent([printing(), slow, CLEAN])
        with pytest.raises(AgentRejectedError) as info:
            _run(world, agent, deadline=0.5)
        result = info.value.result
        assert result.status is RunStatus.TIMED_OUT
        assert [a.timed_out for a in result.attempts] == [False, True]
        assert len(agent.calls) == 2

    def test_validator_crash_fails_closed_and_is_not_reasked(self, database_url: str) -> None:
        """A check that crashes blocks the run, and the agent is not asked again."""
        declaration = CheckDeclaration(
            id="custom.no-todo", category=Category.CUSTOM, phrases=("todo comments",)
        )

        def explode(context: CheckContext) -> Iterator[Finding]:
            raise ZeroDivisionError("broken check")

        class Crashy:
            @hookimpl
            def register_checks(self, register: Callable[[Check], None]) -> None:
                register(Check(declaration, explode))

        db = Database.from_url(database_url)
        db.drop_all()
        db.create_all()
        world = make_world(db, make_plugin_manager(entry_points=False, plugins=[Crashy()]))
        try:
            world.app.instructions.create(
                world.owner.id, title="More", text="custom.no-todo\n", project_id=world.project.id
            )
            agent = ScriptedAgent([CLEAN, CLEAN])
            with pytest.raises(AgentRejectedError, match="checks could not run") as info:
                _run(world, agent)
            assert len(agent.calls) == 1
            report = info.value.result.report
            assert report is not None
            assert [f.rule_id for f in report.plugin_failures] == ["custom.no-todo"]
        finally:
            world.app.close()
            db.dispose()


class TestAgentsAndConcurrency:
    """Sync and async agents, many runs at once, and the sync API inside an event loop."""

    def test_a_sync_agent_runs_in_a_worker_thread(self, world: World) -> None:
        """A plain `def run` agent works, off the event loop's thread."""
        seen: list[str] = []

        class Plain:
            name, actions = "plain", frozenset({"generate"})

            def run(self, request: AgentRequest) -> AgentResponse:
                seen.append(threading.current_thread().name)
                return CLEAN

        world.app.agents.register(Plain())
        result = world.app.runs.run(world.owner.id, world.project.id, agent="plain",
                                    action="generate")  # fmt: skip
        assert result.status is RunStatus.ACCEPTED
        assert seen[0].startswith("socratic-agent")

    def test_no_connection_is_checked_out_while_the_agent_runs(self, world: World) -> None:
        """The agent runs with every connection back in the pool; on SQLite, a writer gets in."""
        checked_out: list[int] = []
        wrote: list[bool] = []
        url = world.database.engine.url

        def look(request: AgentRequest) -> AgentResponse:
            checked_out.append(world.database.engine.pool.checkedout())
            if url.get_backend_name() == "sqlite":
                # Another process's writer, refusing to wait: it fails if a lock is held.
                other = sqlite3.connect(str(url.database), timeout=0, isolation_level=None)
                try:
                    other.execute("BEGIN IMMEDIATE")
                    other.execute("ROLLBACK")
                    wrote.append(True)
                finally:
                    other.close()
            return printing() if request.attempt == 1 else CLEAN

        _run(world, ScriptedAgent([look, look]))
        assert checked_out == [0, 0]
        assert wrote == ([True, True] if url.get_backend_name() == "sqlite" else [])

    def test_concurrent_runs_on_one_project(self, world: World) -> None:
        """Twenty runs at once: each stored once, the audit chain intact."""

        async def many() -> list[object]:
            runs = []
            for n in range(20):
                agent = ScriptedAgent([printing(), CLEAN], name=f"agent{n}")
                world.app.agents.register(agent)
                runs.append(world.app.runs.arun(world.owner.id, world.project.id,
                                                agent=agent.name, action="generate"))  # fmt: skip
            return await asyncio.gather(*runs)

        results = asyncio.run(many())
        assert {r.status for r in results} == {RunStatus.ACCEPTED}
        assert len({r.codebase_id for r in results}) == 20
        assert len(world.runs()) == 20
        assert world.app.audit.verify().ok

    def test_the_sync_api_works_inside_a_running_event_loop(self, world: World) -> None:
        """`app.runs.run` called from a coroutine (as in Jupyter) returns the result."""
        world.app.agents.register(ScriptedAgent([CLEAN]))

        async def notebook_cell() -> object:
            return world.app.runs.run(world.owner.id, world.project.id, agent="scripted",
                                      action="generate")  # fmt: skip

        assert asyncio.run(notebook_cell()).status is RunStatus.ACCEPTED

    def test_the_audit_chain_verifies_after_every_branch(self, world: World) -> None:
        """Accepted, re-asked, failed and timed-out runs all leave an intact chain."""
        _run(world, ScriptedAgent([printing(), CLEAN]))
        with pytest.raises(AgentRejectedError):
            _run(world, ScriptedAgent([KeyError("x")]), max_attempts=1)
        _run(world, ScriptedAgent([printing(), printing()]), on_exhausted="return")
        verification = world.app.audit.verify()
        assert verification.ok
        assert verification.checked == len(world.actions())


class TestAccess:
    """Who may run what, and bad arguments, are refused with clear errors (and audited)."""

    def test_a_viewer_may_talk_to_the_counselor_but_not_generate(self, world: World) -> None:
        """Generating needs an editor or owner; asking and answering, any member."""
        viewer = world.user()
        world.app.projects.add_collaborator(world.owner.id, world.project.id, viewer.id)
        world.app.agents.register(ScriptedAgent([CLEAN]))
        with pytest.raises(PermissionDeniedError):
            world.app.runs.run(viewer.id, world.project.id, agent="scripted", action="generate")
        asked = world.app.runs.run(viewer.id, world.project.id, agent="counselor", action="ask")
        assert asked.status is RunStatus.ACCEPTED
        answered = world.app.runs.run(
            viewer.id,
            world.project.id,
            agent="counselor",
            action="answer",
            task="Shops.",
            session_id=asked.session_id,
        )
        assert answered.status is RunStatus.ACCEPTED
        refused = world.app.audit.entries(action="agent.run").items[0]
        assert (refused.success, refused.error_code) == (False, "permission_denied")

    def test_a_stranger_cannot_see_the_project_or_its_runs(self, world: World) -> None:
        """A non-member gets NotFoundError for the project and for its runs."""
        result = _run(world, ScriptedAgent([CLEAN]))
        stranger = world.user()
        with pytest.raises(NotFoundError):
            world.app.runs.run(stranger.id, world.project.id, agent="codegen", action="generate")
        with pytest.raises(NotFoundError):
            world.app.runs.get(stranger.id, result.id)

    def test_bad_arguments_are_named(self, world: World) -> None:
        """An unknown agent lists the known ones; a bad action or budget names the field."""
        with pytest.raises(NotFoundError, match="registered: codegen, counselor"):
            world.app.runs.run(world.owner.id, world.project.id, agent="nope", action="x")
        with pytest.raises(InvalidInputError, match="has no action 'fly'") as info:
            world.app.runs.run(world.owner.id, world.project.id, agent="codegen", action="fly")
        assert info.value.field == "action"
        with pytest.raises(InvalidInputError, match="counts the first try"):
            world.app.runs.run(world.owner.id, world.project.id, agent="codegen",
                               action="generate", max_attempts=0)  # fmt: skip

    def test_compiled_rules_are_cached_by_instruction_revision(self, world: World) -> None:
        """Unchanged instructions compile once; an edit compiles again."""
        cache = world.app.runs.constraints
        _run(world, ScriptedAgent([CLEAN]))
        _run(world, ScriptedAgent([CLEAN]))
        assert cache.compiled == 1
        instruction = world.app.instructions.list(world.owner.id)[0]
        world.app.instructions.update(world.owner.id, instruction.id, text="- Do not use eval\n")
        agent = ScriptedAgent([CLEAN])
        _run(world, agent)
        assert cache.compiled == 2
        assert [r.id for r in agent.calls[0].constraints] == ["security.no-eval"]
