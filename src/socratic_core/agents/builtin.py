"""The built-in agents as a default plugin: `counselor` and `codegen`, through `register_agents`.

`make_plugin_manager()` registers this module as `socratic_core.agents`, using the very hook a
third-party package implements. The agents are imported when the hook is called, so building a
plugin manager for the rule engine alone stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from socratic_core.hookspecs import hookimpl

if TYPE_CHECKING:
    from socratic_core.agents._types import Agent

__all__ = ["register_agents"]


@hookimpl
def register_agents(register: Callable[[Agent], None]) -> None:
    """Register the Socratic counselor and the code generator."""
    from socratic_core.agents.codegen import CodegenAgent  # noqa: PLC0415 - on demand
    from socratic_core.agents.counselor import CounselorAgent  # noqa: PLC0415 - on demand

    register(CounselorAgent())
    register(CodegenAgent())
