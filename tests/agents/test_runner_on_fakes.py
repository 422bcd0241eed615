"""The runner on the in-memory fakes: a host's tests need no database to run agents."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from socratic_core.agents import AgentRegistry, AgentResponse, AgentRunner, RunStatus
from socratic_core.models import AgentRun, GeneratedCodebase
from socratic_core.plugin_manager import make_plugin_manager
from socratic_core.rules import RuleEngine
from socratic_core.services._base import ServiceContext
from socratic_core.services.instructions import InstructionService
from socratic_core.services.passwords import PasswordHasher
from socratic_core.services.projects import ProjectService
from socratic_core.services.users import UserService
from socratic_core.testing import InMemoryStore, ScriptedAgent

PRINTS = AgentResponse(text="t", files={"a.py": '"""A."""\nprint(1)\n'})
CLEAN = AgentResponse(text="t", files={"a.py": '"""A."""\nVALUE = 1\n'})


@dataclass
class Setting:
    """An in-memory store, a runner on it and its registry, a user and their project."""

    store: InMemoryStore
    runner: AgentRunner
    agents: AgentRegistry
    user_id: str
    project_id: str


@pytest.fixture
def setting() -> Setting:
    """A store with a user, a project under `Do not use print`, and a runner on it."""
    store = InMemoryStore()
    context = ServiceContext(uow_factory=store.unit_of_work)
    user = UserService(context, hasher=PasswordHasher(n=2**8)).register(
        username="alice", email="alice@example.com", password="Corr3ct-horse-battery"
    )
    project = ProjectService(context).create(user.id, name="Fakes")
    pm = make_plugin_manager(entry_points=False)
    engine = RuleEngine(pm)
    InstructionService(context, engine=engine).create(
        user.id, title="Rules", text="- Do not use print\n", project_id=project.id
    )
    agents = AgentRegistry.from_plugins(pm)
    runner = AgentRunner(context, engine=engine, agents=agents)
    return Setting(store, runner, agents, user.id, project.id)


class TestOnFakes:
    """Every store the runner needs exists in memory too."""

    def test_reask_then_store(self, setting: Setting) -> None:
        """A re-asked run is stored once, with its run record, in the in-memory store."""
        agent = ScriptedAgent([PRINTS, CLEAN])
        setting.agents.register(agent)
        result = setting.runner.run(
            setting.user_id, setting.project_id, agent="scripted", action="generate"
        )
        assert result.status is RunStatus.ACCEPTED
        assert [v.rule_id for v in agent.calls[1].feedback.new] == ["quality.no-print"]
        assert [c.id for c in setting.store.rows(GeneratedCodebase)] == [result.codebase_id]
        assert [r.status for r in setting.store.rows(AgentRun)] == [RunStatus.ACCEPTED]

    def test_the_counselor_reads_its_history(self, setting: Setting) -> None:
        """The in-memory store finds the counselor's earlier questions: none is repeated."""
        runner, user_id, project_id = setting.runner, setting.user_id, setting.project_id
        asked = [
            runner.run(user_id, project_id, agent="counselor", action="ask").output.text
            for _ in range(3)
        ]
        assert len(set(asked)) == 3
