"""Agents and the agent runner: agents that work under their users' rules, on the record.

An agent is anything with a `name`, the `actions` it supports and a `run(request)` (a plain
function or an `async def`) that answers an `AgentRequest` with an `AgentResponse`. Register one
with the `register_agents` hook or `app.agents.register(agent)`, and run it with
`app.runs.run(actor_id, project_id, agent=..., action=...)`. `CallableAgent` puts any chat model
behind `fn(messages) -> str`; `counselor` and `codegen` ship built in and need no network.

Names load on first use, so registering the built-in agents' plugin (which every plugin manager
does) imports neither the database stack nor the runner. Each public name is written once, in
`_PUBLIC`; the `TYPE_CHECKING` imports repeat it for type checkers (a test keeps them equal).
"""

import typing as _typing

from socratic_core import _lazy

_PUBLIC: dict[str, tuple[str, ...]] = {
    "socratic_core.agents._types": (
        "Agent",
        "AgentRequest",
        "AgentResponse",
        "Attempt",
        "HistoryMessage",
        "Reask",
        "RunRead",
        "RunResult",
        "RunStatus",
    ),
    "socratic_core.agents._registry": ("AgentRegistry",),
    "socratic_core.agents._runner": ("AgentRunner",),
    "socratic_core.agents._callable": (
        "CallableAgent",
        "build_messages",
        "parse_files",
    ),
    "socratic_core.agents._constraints": ("render_constraints",),
    "socratic_core.agents.codegen": ("CodegenAgent",),
    "socratic_core.agents.counselor": ("CounselorAgent",),
}

if _typing.TYPE_CHECKING:
    from socratic_core.agents._callable import CallableAgent as CallableAgent
    from socratic_core.agents._callable import build_messages as build_messages
    from socratic_core.agents._callable import parse_files as parse_files
    from socratic_core.agents._constraints import render_constraints as render_constraints
    from socratic_core.agents._registry import AgentRegistry as AgentRegistry
    from socratic_core.agents._runner import AgentRunner as AgentRunner
    from socratic_core.agents._types import Agent as Agent
    from socratic_core.agents._types import AgentRequest as AgentRequest
    from socratic_core.agents._types import AgentResponse as AgentResponse
    from socratic_core.agents._types import Attempt as Attempt
    from socratic_core.agents._types import HistoryMessage as HistoryMessage
    from socratic_core.agents._types import Reask as Reask
    from socratic_core.agents._types import RunRead as RunRead
    from socratic_core.agents._types import RunResult as RunResult
    from socratic_core.agents._types import RunStatus as RunStatus
    from socratic_core.agents.codegen import CodegenAgent as CodegenAgent
    from socratic_core.agents.counselor import CounselorAgent as CounselorAgent

if not _typing.TYPE_CHECKING:  # type checkers read the imports above, not the table
    __getattr__, __dir__, __all__ = _lazy.public_api(__name__, _PUBLIC)
