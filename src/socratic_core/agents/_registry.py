"""`AgentRegistry`: the agents an app can run, by name, from plugins or registered directly."""

from __future__ import annotations

import builtins
import threading
from typing import TYPE_CHECKING

from socratic_core._hooks import call_registration_hook
from socratic_core.agents._types import Agent
from socratic_core.errors import ConfigurationError, NotFoundError, PluginError

if TYPE_CHECKING:
    import pluggy

__all__ = ["AgentRegistry"]


class AgentRegistry:
    """The agents an app knows, by name.

    Build it from a plugin manager (`AgentRegistry.from_plugins(pm)` calls every plugin's
    `register_agents` hook; the built-in `counselor` and `codegen` come from a default plugin)
    or empty, and add agents with `register`.
    """

    def __init__(self) -> None:
        self._agents: dict[str, Agent] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_plugins(cls, pm: pluggy.PluginManager) -> AgentRegistry:
        """Collect the agents every plugin registers through `register_agents`.

        Args:
            pm: The plugin manager.

        Returns:
            The registry.

        Raises:
            PluginError: Two plugins register the same name, a plugin registers something
                that is not an agent, or raises inside `register_agents` (the error names it).
        """
        registry = cls()

        def add(plugin: str, agent: Agent) -> None:
            try:
                registry.register(agent)
            except ConfigurationError as exc:
                raise PluginError(str(exc), plugin=plugin) from exc

        call_registration_hook(pm, "register_agents", add)
        return registry

    def register(self, agent: Agent, *, replace: bool = False) -> None:
        """Add an agent under its `name`.

        Args:
            agent: Anything with `name`, `actions` and `run`.
            replace: Replace an agent already registered under that name.

        Raises:
            ConfigurationError: Not an agent, or the name is taken (and `replace` is False).
        """
        _check(agent)
        with self._lock:
            if agent.name in self._agents and not replace:
                raise ConfigurationError(
                    f"an agent named {agent.name!r} is already registered "
                    "(pass replace=True to replace it)"
                )
            self._agents[agent.name] = agent

    def get(self, name: str) -> Agent:
        """Return the agent registered under `name`.

        Raises:
            NotFoundError: No agent has that name (the message lists those that do).
        """
        agent = self._agents.get(name)
        if agent is None:
            known = ", ".join(self.names()) or "none"
            raise NotFoundError(f"no agent named {name!r} (registered: {known})", entity="agent")
        return agent

    def names(self) -> builtins.list[str]:
        """Return the registered names, sorted."""
        return sorted(self._agents)

    def __contains__(self, name: object) -> bool:
        return name in self._agents

    def __len__(self) -> int:
        return len(self._agents)


def _check(agent: object) -> None:
    name = getattr(agent, "name", None)
    actions = getattr(agent, "actions", None)
    if not isinstance(name, str) or not name:
        raise ConfigurationError(f"an agent needs a non-empty str `name`, got {name!r}")
    if not isinstance(actions, frozenset) or not actions:
        raise ConfigurationError(f"agent {name!r}: `actions` must be a non-empty frozenset")
    if not callable(getattr(agent, "run", None)):
        raise ConfigurationError(f"agent {name!r} has no callable `run`")
