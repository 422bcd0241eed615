"""The built-in agents through the real runner: codegen's re-ask loop, the counselor's coverage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from socratic_core import AgentRejectedError
from socratic_core.agents import AgentResponse, RunStatus
from socratic_core.agents.counselor import QUESTIONS
from socratic_core.testing import ScriptedAgent

from .conftest import World

SPEC = (Path(__file__).parents[2] / "examples" / "calculator_spec.md").read_text(encoding="utf-8")


def _write(files: dict[str, str], root: Path) -> None:
    for path, content in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


class TestCodegen:
    """codegen builds a codebase that follows the rules, fixing on re-ask what it broke."""

    def test_reasked_for_print_then_accepted_and_the_code_runs(
        self, world: World, tmp_path: Path
    ) -> None:
        """Attempt 1 prints (the rule is fed back), attempt 2 logs; its own tests pass."""
        spec = world.app.specifications.create(
            world.owner.id, world.project.id, title="Tiny Calculator", content=SPEC
        )
        result = world.app.runs.run(
            world.owner.id,
            world.project.id,
            agent="codegen",
            action="generate",
            specification_id=spec.id,
        )
        assert result.status is RunStatus.ACCEPTED
        assert [(a.verdict, a.fixed) for a in result.attempts] == [("block", 0), ("pass", 4)]
        assert result.output is not None
        files = dict(result.output.files)
        assert "README.md" in files
        assert "print(" not in files["src/tiny_calculator/__main__.py"]
        codebase = world.app.codebases.get(world.owner.id, result.codebase_id)
        assert codebase.specification_id == spec.id
        _write(files, tmp_path)
        env = {"PYTHONPATH": str(tmp_path / "src"), "PATH": ""}
        tests = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
            cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert tests.returncode == 0, tests.stdout + tests.stderr
        assert "4 passed" in tests.stdout
        shown = subprocess.run(
            [sys.executable, "-m", "tiny_calculator"],
            cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert "add(2, 3) = 5" in shown.stderr

    def test_follows_a_function_length_limit_up_front(self, world: World) -> None:
        """With `at most 3 lines` the generated functions and tests all fit on the first try."""
        world.app.instructions.create(
            world.owner.id, title="Short", text="- Functions must not exceed 3 lines\n"
        )
        result = world.app.runs.run(
            world.owner.id, world.project.id, agent="codegen", action="generate", task=SPEC,
            on_exhausted="return",
        )  # fmt: skip
        length = [
            v for a in result.attempts if a.report for v in a.report.active_violations
            if v.rule_id == "quality.max-function-length"
        ]  # fmt: skip
        assert length == []

    def test_follows_a_forbidden_import_up_front(self, world: World) -> None:
        """`Module tests must not import ...`: the tests leave that module out, first try."""
        world.app.instructions.create(
            world.owner.id,
            title="Layers",
            text="- Module tests must not import tiny_calculator.text\n",
            project_id=world.project.id,
        )
        result = world.app.runs.run(
            world.owner.id, world.project.id, agent="codegen", action="generate", task=SPEC,
            on_exhausted="return",
        )  # fmt: skip
        assert result.output is not None
        files = result.output.files
        assert "tiny_calculator.text" not in files["tests/test_text.py"].split('"""', 2)[2]
        assert "from tiny_calculator.text import shout" in files["src/tiny_calculator/__main__.py"]
        forbidden = [
            v for a in result.attempts if a.report for v in a.report.active_violations
            if v.rule_id == "architecture.forbidden-import"
        ]  # fmt: skip
        assert forbidden == []

    def test_a_task_written_as_a_spec_is_stored_as_a_specification(self, world: World) -> None:
        """Without a specification id, a spec-shaped task becomes specification version 1."""
        result = world.app.runs.run(
            world.owner.id, world.project.id, agent="codegen", action="generate", task=SPEC
        )
        stored = world.app.specifications.get(world.owner.id, result.specification_id)
        assert (stored.version, stored.title, stored.agent_id) == (1, "Tiny Calculator", "codegen")

    def test_no_specification_is_rejected_by_the_gate(self, world: World) -> None:
        """Free text is not code: the quality gate rejects the empty codebase, nothing stored."""
        with pytest.raises(AgentRejectedError, match="no progress") as info:
            world.app.runs.run(
                world.owner.id, world.project.id, agent="codegen", action="generate",
                task="make me an app",
            )  # fmt: skip
        report = info.value.result.report
        assert report is not None
        assert [v.rule_id for v in report.active_violations] == ["gate.not-empty"]


class TestCounselor:
    """The counselor asks the least covered category's next question, never one twice."""

    def _ask(self, world: World, session_id: str | None = None) -> AgentResponse:
        result = world.app.runs.run(
            world.owner.id, world.project.id, agent="counselor", action="ask",
            session_id=session_id,
        )  # fmt: skip
        assert result.output is not None
        return result.output

    def test_questions_are_never_repeated_and_answers_credit_a_category(self, world: World) -> None:
        """Planning starts with goals; answering moves on; nothing is asked twice."""
        first = self._ask(world)
        assert first.data["meta"]["category"] == "goals"
        assert "Why this matters:" in first.text
        run = world.app.runs.list(world.owner.id, world.project.id)[0]
        answered = world.app.runs.run(
            world.owner.id, world.project.id, agent="counselor", action="answer",
            task="Shop owners who lose track of stock.", session_id=run.session_id,
        )  # fmt: skip
        history = world.app.sessions.history(world.owner.id, run.session_id).items
        assert history[-2].metadata["kind"] == "answer"
        assert history[-2].metadata["category"] == "goals"
        assert answered.status is RunStatus.ACCEPTED
        asked = [first.data["meta"]["question"]]
        for _ in range(6):
            asked.append(self._ask(world, run.session_id).data["meta"]["question"])
        assert len(set(asked)) == len(asked)
        assert asked[1].startswith("users.")

    def test_every_template_is_an_unbiased_question(self, world: World) -> None:
        """All template questions pass the runner's bias gate."""
        texts = [q.text for questions in QUESTIONS.values() for q in questions]
        agent = ScriptedAgent([AgentResponse(text=t) for t in texts], name="templates",
                              actions=frozenset({"ask"}))  # fmt: skip
        world.app.agents.register(agent)
        for _ in texts:
            result = world.app.runs.run(
                world.owner.id, world.project.id, agent="templates", action="ask", max_attempts=1
            )
            assert result.status is RunStatus.ACCEPTED

    def test_a_leading_question_is_rejected(self, world: World) -> None:
        """\"Should we use Django?\" is refused as leading and re-asked."""
        agent = ScriptedAgent(
            [AgentResponse(text="Should we use Django?"),
             AgentResponse(text="Which web frameworks does your team know?")],
            name="asker", actions=frozenset({"ask"}),
        )  # fmt: skip
        world.app.agents.register(agent)
        result = world.app.runs.run(world.owner.id, world.project.id, agent="asker", action="ask")
        assert result.status is RunStatus.ACCEPTED
        feedback = agent.calls[1].feedback
        assert feedback is not None
        assert [v.rule_id for v in feedback.new] == ["gate.unbiased"]
