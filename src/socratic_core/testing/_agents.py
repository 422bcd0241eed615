"""`ScriptedAgent`: an agent that answers from a script, for tests of code that runs agents."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeAlias

from socratic_core.agents._types import AgentRequest, AgentResponse

__all__ = ["ScriptStep", "ScriptedAgent"]

ScriptStep: TypeAlias = (
    AgentResponse
    | BaseException
    | type[BaseException]
    | Callable[[AgentRequest], AgentResponse | Awaitable[AgentResponse]]
)
"""One scripted answer: a response to return, an exception to raise, or a callable to call."""


class ScriptedAgent:
    """An agent that answers each request with the next item of its script.

    - an `AgentResponse` is returned;
    - an exception (instance or class) is raised;
    - a callable `(request) -> AgentResponse` (plain or `async`) is called, so a step can
      sleep, look at the feedback, or check what the runner holds while the agent runs.

    Every request is recorded in `.calls`. A request past the end of the script raises
    `AssertionError`.

    Args:
        responses: The script.
        name: The agent's name.
        actions: The actions it claims.
    """

    def __init__(
        self,
        responses: Iterable[ScriptStep],
        *,
        name: str = "scripted",
        actions: frozenset[str] = frozenset({"generate"}),
    ) -> None:
        self.name = name
        self.actions = actions
        self.script = list(responses)
        self.calls: list[AgentRequest] = []

    async def run(self, request: AgentRequest) -> AgentResponse:
        """Play the next step of the script for `request`.

        Raises:
            AssertionError: The script is used up.
        """
        self.calls.append(request)
        if len(self.calls) > len(self.script):
            raise AssertionError(
                f"{self.name}: request {len(self.calls)} but the script has "
                f"{len(self.script)} step(s)"
            )
        step = self.script[len(self.calls) - 1]
        if isinstance(step, AgentResponse):
            return step
        if isinstance(step, BaseException):
            raise step
        if isinstance(step, type):
            raise step()
        result = step(request)
        if inspect.isawaitable(result):
            return await result
        return result

    def assert_complete(self) -> None:
        """Check that every step of the script was used.

        Raises:
            AssertionError: Some steps were never reached.
        """
        if len(self.calls) != len(self.script):
            raise AssertionError(
                f"{self.name}: {len(self.calls)} of {len(self.script)} scripted step(s) used"
            )
