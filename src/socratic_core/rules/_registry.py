"""`collect_checks()`: the checks every plugin registers, by id, each with the plugin that sent it.

The engine (and `make_plugin_manager()`, so that a collision fails at start-up) calls it on a
plugin manager. Each plugin's `register_checks` is called on its own (`call_registration_hook`),
with a `register` callback that knows which plugin it belongs to; a failure names that plugin.
`_add` holds the one rule about collisions: an id is registered once, or once per language
(a Python check and its TypeScript side share an id and a declaration).
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass

import pluggy

from socratic_core._hooks import call_registration_hook
from socratic_core.errors import PluginError
from socratic_core.rules._checks import Check
from socratic_core.rules._script import Language

__all__ = ["RegisteredCheck", "collect_checks"]


@dataclass(frozen=True, slots=True)
class RegisteredCheck:
    """A check and the plugin that registered it.

    Attributes:
        check: The check (the first registered under its id: its declaration is the rule's).
        plugin: The plugin's name (its entry-point name, or the name it was registered under).
        version: The plugin's version, when it is known.
        others: The same rule's checks for other languages (a TypeScript side of a Python
            check), each with the plugin that registered it.
    """

    check: Check
    plugin: str
    version: str | None
    others: tuple[RegisteredCheck, ...] = ()

    @property
    def implementations(self) -> tuple[RegisteredCheck, ...]:
        """Every check of the rule, this one first, each on its own (no `others`)."""
        return (RegisteredCheck(self.check, self.plugin, self.version), *self.others)

    @property
    def languages(self) -> frozenset[Language]:
        """Every language the rule's checks read."""
        return frozenset().union(*(c.check.languages for c in self.implementations))


def collect_checks(pm: pluggy.PluginManager) -> dict[str, RegisteredCheck]:
    """Call every plugin's `register_checks` and return the checks by id.

    Args:
        pm: A plugin manager from `make_plugin_manager()` (or with the same specs).

    Returns:
        Check id -> the registered check, in registration order.

    Raises:
        PluginError: A plugin registers an id already taken (two checks share an id only when
            they read different languages and share the declaration), registers something that
            is not a `Check`, or raises inside `register_checks`.
    """
    checks: dict[str, RegisteredCheck] = {}
    version = functools.cache(lambda plugin: _plugin_version(pm, plugin))

    def add(plugin: str, check: object) -> None:
        _add(checks, check, plugin, version(plugin))

    call_registration_hook(pm, "register_checks", add)
    return checks


def _add(
    checks: dict[str, RegisteredCheck], check: object, plugin: str, version: str | None
) -> None:
    """Add one registration: the one place that decides when an id may be registered again."""
    if not isinstance(check, Check):
        raise PluginError(f"register() needs a Check, got {type(check).__name__}", plugin=plugin)
    taken = checks.get(check.id)
    if taken is None:
        checks[check.id] = RegisteredCheck(check, plugin, version)
        return
    if not check.languages or not taken.languages or check.languages & taken.languages:
        message = f"check id {check.id!r} is registered by both {taken.plugin!r} and {plugin!r}"
        raise PluginError(message, plugin=plugin)
    if check.declaration != taken.check.declaration:
        message = f"check {check.id!r} for {_names(check.languages)} declares the rule"
        message += f" differently from {taken.plugin!r}'s (share its declaration)"
        raise PluginError(message, plugin=plugin)
    others = (*taken.others, RegisteredCheck(check, plugin, version))
    checks[check.id] = RegisteredCheck(taken.check, taken.plugin, taken.version, others)


def _names(languages: frozenset[Language]) -> str:
    return ", ".join(sorted(language.value for language in languages))


def _plugin_version(pm: pluggy.PluginManager, name: str) -> str | None:
    """The plugin's distribution version, or its package's `__version__`, when either is known.

    `make_plugin_manager()` keeps the versions of the entry points it loaded in `pm.versions`.
    """
    known: dict[str, str] = getattr(pm, "versions", {})
    if name in known:
        return known[name]
    plugin = pm.get_plugin(name)
    for loaded, dist in pm.list_plugin_distinfo():
        if loaded is plugin:
            return str(dist.version)
    version = getattr(plugin, "__version__", None)
    if version is None:
        module_name = getattr(plugin, "__module__", None) or getattr(plugin, "__name__", "")
        package = sys.modules.get(str(module_name).partition(".")[0])
        version = getattr(package, "__version__", None)
    return None if version is None else str(version)
