"""Fault injection: a failure after any write of the storing unit of work leaves nothing partial."""

from __future__ import annotations

from types import TracebackType
from typing import Any

import pytest

from socratic_core.agents import AgentResponse, AgentRunner
from socratic_core.models import AgentRun
from socratic_core.services._base import ServiceContext
from socratic_core.testing import ScriptedAgent
from socratic_core.uow import SqlAlchemyUnitOfWork

from ..services.test_atomicity import _Repository  # counts the writes of one repository
from .conftest import World, printing

_REPOSITORIES = frozenset(
    {"sessions", "messages", "specifications", "codebases", "files", "runs", "audit"}
)
WITH_SPEC = AgentResponse(
    text="built",
    files={"app/core.py": '"""Core."""\n', "app/util.py": '"""Util."""\n'},
    data={"specification": {"title": "Spec", "content": "# Spec\n"}},
)


class _InjectedError(RuntimeError):
    """The failure the test injects."""


class _Counter:
    """Counts writes (and commits) across units of work; raises at write number `fail_at`."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.fail_at = fail_at
        self.writes = 0
        self.per_unit: list[int] = []

    def wrote(self) -> None:
        self.writes += 1
        self.per_unit[-1] += 1
        if self.writes == self.fail_at:
            raise _InjectedError(f"injected at write {self.writes}")


class _FailingUnitOfWork:
    """A real unit of work whose writes and commit count towards an injected failure."""

    def __init__(self, inner: SqlAlchemyUnitOfWork, counter: _Counter) -> None:
        self._inner, self._counter = inner, counter

    def __enter__(self) -> _FailingUnitOfWork:
        self._inner.__enter__()
        self._counter.per_unit.append(0)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, traceback)

    def commit(self) -> None:
        self._counter.wrote()
        self._inner.commit()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        return _Repository(attribute, self._counter) if name in _REPOSITORIES else attribute


def _runner(world: World, counter: _Counter) -> AgentRunner:
    def factory() -> Any:
        return _FailingUnitOfWork(world.database.unit_of_work(), counter)

    context = ServiceContext(uow_factory=factory)
    return AgentRunner(context, engine=world.app.engine, agents=world.app.agents)


def _go(runner: AgentRunner, world: World) -> Any:
    world.app.agents.register(ScriptedAgent([printing(), WITH_SPEC]), replace=True)
    return runner.run(
        world.owner.id, world.project.id, agent="scripted", action="generate", task="t"
    )


class TestStoringIsAllOrNothing:
    """The outcome of a run is stored whole or not at all."""

    def test_a_failure_after_any_write_leaves_no_records(self, world: World) -> None:
        """Each write of the storing unit (and its commit) failing in turn stores nothing."""
        counting = _Counter()
        result = _go(_runner(world, counting), world)
        assert result.codebase_id is not None
        assert result.specification_id is not None
        stored = world.records()
        store_writes = counting.per_unit[-1]
        before_store = counting.writes - store_writes
        assert store_writes >= 7  # session, messages, spec, codebase, files, run, audit, commit
        for fail_at in range(before_store + 1, counting.writes + 1):
            runner = _runner(world, _Counter(fail_at))
            with pytest.raises(_InjectedError):
                _go(runner, world)
            runner.close()
            assert world.records() == stored, fail_at
            assert len(world.rows(AgentRun)) == 1, fail_at
        assert world.app.audit.verify().ok
        attempts = world.app.audit.entries(action="agent.attempt", limit=1000).items
        assert len(attempts) == 2 * (1 + store_writes)
