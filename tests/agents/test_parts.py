"""The runner's parts on plain objects: spec reading, gates, CallableAgent, registry, scripts."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from socratic_core import ConfigurationError, NotFoundError, PluginError, hookimpl
from socratic_core.agents import (
    AgentRegistry,
    AgentRequest,
    AgentResponse,
    CallableAgent,
    Reask,
    parse_files,
)
from socratic_core.agents._gates import apply_gate
from socratic_core.agents._spec import parse_spec
from socratic_core.plugin_manager import make_plugin_manager
from socratic_core.rules import AgentOutput, Report, RuleEngine, RuleSet
from socratic_core.services.schemas import SpecificationRead
from socratic_core.testing import ScriptedAgent


def _request(action: str = "generate", **fields: object) -> AgentRequest:
    values: dict[str, object] = {
        "action": action,
        "task": "do it",
        "project_id": "p",
        "session_id": None,
        "constraints": RuleSet(),
        "constraints_text": "",
    }
    values.update(fields)
    return AgentRequest(**values)  # type: ignore[arg-type]


class TestSpec:
    """The Markdown specification format."""

    def test_reads_modules_functions_examples_and_required_files(self) -> None:
        """Headings make modules, items make functions, indented examples attach to them."""
        spec = parse_spec(
            "# My Tool\n## Module maths\n- add(a: int, b: int) -> int = a + b: Sum.\n"
            "  - example: add(1, 2) == 3\n- noop()\n## Required files\n- docs/README.md\n"
        )
        assert spec.package == "my_tool"
        [module] = spec.modules
        assert module.name == "maths"
        add, noop = module.functions
        assert (add.params, add.returns, add.expr, add.doc) == ("a: int, b: int", "int",
                                                                 "a + b", "Sum.")  # fmt: skip
        assert add.examples == [("add(1, 2)", "3")]
        assert (noop.returns, noop.expr) == ("None", None)
        assert spec.required_files == ["docs/README.md"]


class TestGates:
    """Each action's quality gate."""

    def test_code_gate(self) -> None:
        """Empty, unparsable and missing required files are each a gate violation."""
        empty = apply_gate(_request(), AgentResponse(), Report())
        assert [v.rule_id for v in empty.violations] == ["gate.not-empty"]
        spec = SpecificationRead(
            id="s", project_id="p", version=1, title="T", agent_id=None,
            content="# T\n## Required files\n- README.md\n", created_at=datetime.now(UTC),
        )  # fmt: skip
        missing = apply_gate(_request(specification=spec), AgentResponse(files={"a.py": ""}),
                             Report())  # fmt: skip
        assert [v.message for v in missing.violations] == [
            "the specification requires README.md, which is missing"
        ]
        broken = AgentResponse(files={"a.py": "def f(:\n"})
        engine = RuleEngine(make_plugin_manager(entry_points=False))
        checked = engine.validate(AgentOutput(files=dict(broken.files)), [])
        [violation] = list(apply_gate(_request(), broken, checked).violations)
        assert (violation.rule_id, violation.location.path, violation.location.line) == (
            "gate.parses", "a.py", 1,
        )  # fmt: skip

    @pytest.mark.parametrize(
        ("text", "rule"),
        [
            ("We will use PostgreSQL.", "gate.question"),
            ("Should we use Django?", "gate.unbiased"),
            ("Obviously tests matter, which ones first?", "gate.unbiased"),
            ("Is React the only way to build this?", "gate.unbiased"),
        ],
    )
    def test_question_gate_refuses(self, text: str, rule: str) -> None:
        """Statements and leading or biased questions are refused."""
        report = apply_gate(_request("ask"), AgentResponse(text=text), Report())
        assert [v.rule_id for v in report.violations] == [rule]

    def test_question_gate_accepts_an_open_question(self) -> None:
        """An open question followed by why it matters passes."""
        response = AgentResponse(text="Who will use this?\n\nWhy this matters: scope.")
        assert apply_gate(_request("ask"), response, Report()).violations == ()


class TestCallableAgent:
    """The LLM adapter builds chat messages and reads files from fenced blocks."""

    def test_messages_and_files(self) -> None:
        """Constraints go in the system message, task and feedback in the user message."""
        seen: list[list[dict[str, str]]] = []

        def model(messages: list[dict[str, str]]) -> str:
            seen.append(messages)
            return "Here.\n\n```src/a.py\nx = 1\n```\n\n```python\n# filepath: b.py\ny = 2\n```\n"

        agent = CallableAgent("llm", model)
        feedback = Reask((), (), (), "a.py:1:1 [quality.no-print/error] fix it",
                         AgentResponse(files={"a.py": "print()\n"}))  # fmt: skip
        request = _request(constraints_text="Follow these rules: no print", feedback=feedback)
        response = asyncio.run(agent.run(request))
        assert response.files == {"src/a.py": "x = 1\n", "b.py": "y = 2\n"}
        assert response.text == "Here."
        system, user = seen[0]
        assert system["role"] == "system"
        assert "no print" in system["content"]
        assert user["content"].startswith("do it")
        assert "```a.py\nprint()\n```" in user["content"]
        assert user["content"].endswith("fix it")

    def test_an_async_model_and_a_block_without_a_path(self) -> None:
        """An `async def` model works; a fence without a path stays in the text."""

        async def model(messages: list[dict[str, str]]) -> str:
            return "```\nplain\n```"

        response = asyncio.run(CallableAgent("llm", model).run(_request()))
        assert (response.text, dict(response.files)) == ("```\nplain\n```", {})
        assert parse_files("no fences") == ("no fences", {})


class TestRegistry:
    """Agents by name, from plugins or registered directly."""

    def test_builtins_come_from_the_default_plugin(self) -> None:
        """A fresh plugin manager gives the counselor and codegen."""
        registry = AgentRegistry.from_plugins(make_plugin_manager(entry_points=False))
        assert registry.names() == ["codegen", "counselor"]

    def test_a_plugin_clash_names_the_agent(self) -> None:
        """Two plugins registering one name is a PluginError."""

        class Clash:
            @hookimpl
            def register_agents(self, register: Callable[[object], None]) -> None:
                register(ScriptedAgent([], name="codegen"))

        pm = make_plugin_manager(entry_points=False, plugins=[Clash()])
        with pytest.raises(PluginError, match="'codegen' is already registered"):
            AgentRegistry.from_plugins(pm)

    def test_register_checks_what_it_is_given(self) -> None:
        """Not an agent, a duplicate, and an unknown name are clear errors."""
        registry = AgentRegistry()
        with pytest.raises(ConfigurationError, match="non-empty str `name`"):
            registry.register(object())  # type: ignore[arg-type]
        registry.register(ScriptedAgent([]))
        with pytest.raises(ConfigurationError, match="replace=True"):
            registry.register(ScriptedAgent([]))
        registry.register(ScriptedAgent([], actions=frozenset({"ask"})), replace=True)
        assert registry.get("scripted").actions == frozenset({"ask"})
        with pytest.raises(NotFoundError, match="registered: scripted"):
            registry.get("missing")


class TestScriptedAgent:
    """The test kit plays its script and says when it was not used up."""

    def test_plays_responses_exceptions_and_callables(self) -> None:
        """Each step is returned, raised or called, and every request is recorded."""
        ok = AgentResponse(text="ok")

        async def later(request: AgentRequest) -> AgentResponse:
            return AgentResponse(text=f"attempt {request.attempt}")

        agent = ScriptedAgent([ok, KeyError("k"), later, ValueError])
        assert asyncio.run(agent.run(_request())) == ok
        with pytest.raises(KeyError):
            asyncio.run(agent.run(_request()))
        assert asyncio.run(agent.run(_request(attempt=3))).text == "attempt 3"
        with pytest.raises(AssertionError, match="3 of 4"):
            agent.assert_complete()
        with pytest.raises(ValueError):  # noqa: PT011 - the scripted class, no message
            asyncio.run(agent.run(_request()))
        agent.assert_complete()
        with pytest.raises(AssertionError, match="request 5"):
            asyncio.run(agent.run(_request()))
        assert len(agent.calls) == 5
