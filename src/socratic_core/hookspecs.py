"""The hook markers and every hook a socratic_core plugin can implement.

One project name, `socratic_core`, is used for the markers, the plugin manager and the entry-point
group. Plugins import `hookimpl` from `socratic_core` and never import pluggy themselves:

```python
from socratic_core import hookimpl

@hookimpl
def register_checks(register):
    register(my_check)
```

Hooks are called with keyword arguments only. A hookspec may gain arguments in later versions
(an implementation takes only the ones it names), never lose them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from socratic_core._events import Event
    from socratic_core.agents import Agent
    from socratic_core.rules._checks import Check

__all__ = [
    "PROJECT_NAME",
    "hookimpl",
    "hookspec",
    "on_event",
    "register_agents",
    "register_checks",
]

PROJECT_NAME = "socratic_core"
"""The pluggy project name and the entry-point group plugins are found under."""

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
"""Marks the hook specifications below."""

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Marks a plugin's hook implementations: `@hookimpl def register_checks(register): ...`."""


@hookspec
def register_checks(register: Callable[[Check], None]) -> None:
    """Register the checks this plugin provides.

    Call `register(check)` once per `Check` (a declaration with its id, category, parameters and
    phrases, plus the function that checks). The host records which plugin (name and version)
    registered each check, and refuses a check id that another plugin already registered with a
    `PluginError` naming both plugins. The declarations extend the instruction vocabulary: their
    phrases let instruction text name the check.

    Args:
        register: Call it with each `Check` to add.

    Returns:
        Nothing; results are ignored. Called once per plugin when a `RuleEngine` collects its
        checks (all implementations are called).

    versionadded: 0.1
    """


@hookspec
def on_event(event: Event) -> None:
    """React to something a service did, once it has been committed.

    Services announce what happened (user registered, project created, phase changed,
    instruction changed, session started, message added, codebase stored, ...) after their unit
    of work commits. `event.name` says what happened, `event.entity_type`/`event.entity_id`
    to what, `event.actor_id` by whom, and `event.data` gives redacted details.

    A listener that raises is logged and the other listeners still run: the work is committed
    and stays so. Listeners run synchronously in the thread of the service call, so keep them
    quick (hand slow work to a queue).

    Args:
        event: The committed event.

    Returns:
        Nothing; results are ignored. All implementations are called, each on its own.

    versionadded: 0.1
    """


@hookspec
def register_agents(register: Callable[[Agent], None]) -> None:
    """Register the agents this plugin provides.

    Call `register(agent)` once per agent: anything with a `name`, the `actions` it supports
    (a frozenset) and a `run(request)` that is a plain or an `async def`. The built-in
    `counselor` and `codegen` agents come from a default plugin that uses this same hook. Two
    plugins that register the same name make `AgentRegistry.from_plugins` raise `PluginError`.

    Args:
        register: Call it with each agent to add.

    Returns:
        Nothing; results are ignored. Called once per plugin when an app builds its agent
        registry (all implementations are called).

    versionadded: 0.2
    """
