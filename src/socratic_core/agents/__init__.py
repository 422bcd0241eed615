"""Agents and the agent runner: agents that work under their users' rules, on the record.

An agent is anything with a `name`, the `actions` it supports and a `run(request)` (a plain
function or an `async def`) that answers an `AgentRequest` with an `AgentResponse`. Register one
with the `register_agents` hook or `app.agents.register(agent)`, and run it with
`app.runs.run(actor_id, project_id, agent=..., action=...)`. `CallableAgent` puts any chat model
behind `fn(messages) -> str`; `counselor` and `codegen` ship built in and need no network.

Names load on first use, so registering the built-in agents' plugin (which every plugin manager
does) imports neither the database stack nor the runner.
"""

import typing as _typing

from socratic_core._lazy import lazy_names as _lazy_names

if _typing.TYPE_CHECKING:
    from socratic_core.agents._callable import (
        CallableAgent,
        build_messages,
        parse_files,
    )
    from socratic_core.agents._constraints import (
        render_constraints,
    )
    from socratic_core.agents._registry import (
        AgentRegistry,
    )
    from socratic_core.agents._runner import (
        AgentRunner,
    )
    from socratic_core.agents._types import (
        Agent,
        AgentRequest,
        AgentResponse,
        Attempt,
        HistoryMessage,
        Reask,
        RunRead,
        RunResult,
        RunStatus,
    )
    from socratic_core.agents.codegen import (
        CodegenAgent,
    )
    from socratic_core.agents.counselor import (
        CounselorAgent,
    )

_LAZY: dict[str, str] = {
    "Agent": "socratic_core.agents._types",
    "AgentRegistry": "socratic_core.agents._registry",
    "AgentRequest": "socratic_core.agents._types",
    "AgentResponse": "socratic_core.agents._types",
    "AgentRunner": "socratic_core.agents._runner",
    "Attempt": "socratic_core.agents._types",
    "CallableAgent": "socratic_core.agents._callable",
    "CodegenAgent": "socratic_core.agents.codegen",
    "CounselorAgent": "socratic_core.agents.counselor",
    "HistoryMessage": "socratic_core.agents._types",
    "Reask": "socratic_core.agents._types",
    "RunRead": "socratic_core.agents._types",
    "RunResult": "socratic_core.agents._types",
    "RunStatus": "socratic_core.agents._types",
    "build_messages": "socratic_core.agents._callable",
    "parse_files": "socratic_core.agents._callable",
    "render_constraints": "socratic_core.agents._constraints",
}

__all__ = [
    "Agent",
    "AgentRegistry",
    "AgentRequest",
    "AgentResponse",
    "AgentRunner",
    "Attempt",
    "CallableAgent",
    "CodegenAgent",
    "CounselorAgent",
    "HistoryMessage",
    "Reask",
    "RunRead",
    "RunResult",
    "RunStatus",
    "build_messages",
    "parse_files",
    "render_constraints",
]


__getattr__, __dir__ = _lazy_names(__name__, _LAZY, __all__)
