"""What a misbehaving agent cannot do to a run: store bad paths, or starve other runs of threads.

On a SQLite file and on PostgreSQL.
"""

from __future__ import annotations

import pytest

from socratic_core import AgentRejectedError
from socratic_core.agents import AgentResponse, RunStatus
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
