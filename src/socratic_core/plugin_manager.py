"""`make_plugin_manager()`: the only code that loads plugins.

It adds the hookspecs, registers the built-in checks and the built-in agents (default plugins
that use the same hooks a third party does), loads plugins from the `socratic_core` entry-point
group (all, none, or only the named ones), registers explicit plugin objects, checks that every
hook implementation matches a spec, and collects the checks once so an id collision fails here,
naming both plugins. There is no module-global manager: each caller builds its own and hands it
to the `RuleEngine`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass

import pluggy

from socratic_core import hookspecs
from socratic_core.__about__ import __version__
from socratic_core.errors import PluginError
from socratic_core.hookspecs import PROJECT_NAME
from socratic_core.rules._checks import Check
from socratic_core.rules._script import Language

__all__ = [
    "BUILTIN_AGENTS_NAME",
    "BUILTIN_PLUGIN_NAME",
    "RegisteredCheck",
    "collect_checks",
    "make_plugin_manager",
]

BUILTIN_PLUGIN_NAME = "socratic_core.builtin"
"""The name the built-in checks are registered under."""

BUILTIN_AGENTS_NAME = "socratic_core.agents"
"""The name the built-in agents (`counselor`, `codegen`) are registered under."""


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


def make_plugin_manager(
    *, entry_points: bool | Iterable[str] = True, plugins: Iterable[object] = ()
) -> pluggy.PluginManager:
    """Build a plugin manager with the built-in checks and the plugins asked for.

    Args:
        entry_points: True loads every plugin in the `socratic_core` entry-point group, False
            none, an iterable of names only those (a name that is not installed is an error).
        plugins: Plugin objects (modules, classes, instances) to register explicitly.

    Returns:
        A ready plugin manager.

    Raises:
        PluginError: A plugin fails to load, implements a hook that does not exist or with the
            wrong arguments, or registers a check id another plugin already registered.
    """
    from socratic_core.agents import builtin as builtin_agents  # noqa: PLC0415 - lazy
    from socratic_core.rules.builtin import plugin as builtin_plugin  # noqa: PLC0415 - lazy

    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    _register(pm, builtin_plugin, BUILTIN_PLUGIN_NAME)
    _register(pm, builtin_agents, BUILTIN_AGENTS_NAME)
    if entry_points is not False:
        _load_entry_points(pm, None if entry_points is True else tuple(entry_points))
    for plugin in plugins:
        _register(pm, plugin, None)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(str(exc), plugin=pm.get_name(exc.plugin)) from exc
    collect_checks(pm)
    return pm


def _register(pm: pluggy.PluginManager, plugin: object, name: str | None) -> None:
    try:
        pm.register(plugin, name=name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        label = name or getattr(plugin, "__name__", type(plugin).__name__)
        raise PluginError(f"cannot register plugin: {exc}", plugin=label) from exc


def _load_entry_points(pm: pluggy.PluginManager, names: tuple[str, ...] | None) -> None:
    import importlib.metadata  # noqa: PLC0415 (start-up: only when entry points are loaded)

    available = {ep.name for ep in importlib.metadata.entry_points(group=PROJECT_NAME)}
    for name in sorted(available) if names is None else names:
        if name not in available:
            known = ", ".join(sorted(available)) or "none"
            raise PluginError(f"no installed plugin by that name (installed: {known})", plugin=name)
        try:
            pm.load_setuptools_entrypoints(PROJECT_NAME, name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(f"invalid plugin: {exc}", plugin=name) from exc
        except Exception as exc:  # a plugin's import may raise anything
            raise PluginError(f"failed to load: {type(exc).__name__}: {exc}", plugin=name) from exc


def collect_checks(pm: pluggy.PluginManager) -> dict[str, RegisteredCheck]:
    """Call every plugin's `register_checks` and return the checks by id.

    Each implementation is called on its own, so every check is attributed to its plugin.

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
    for impl in pm.hook.register_checks.get_hookimpls():  # in registration order
        name = impl.plugin_name
        version = _plugin_version(pm, impl.plugin, name)

        def register(check: Check, *, _name: str = name, _version: str | None = version) -> None:
            _add(checks, check, _name, _version)

        try:
            impl.function(**({"register": register} if "register" in impl.argnames else {}))
        except PluginError:
            raise
        except Exception as exc:  # a broken plugin may raise anything
            message = f"register_checks failed: {type(exc).__name__}: {exc}"
            raise PluginError(message, plugin=name) from exc
    return checks


def _add(
    checks: dict[str, RegisteredCheck], check: Check, plugin: str, version: str | None
) -> None:
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


def _plugin_version(pm: pluggy.PluginManager, plugin: object, name: str) -> str | None:
    if name == BUILTIN_PLUGIN_NAME:
        return __version__
    for loaded, dist in pm.list_plugin_distinfo():
        if loaded is plugin:
            return str(dist.version)
    version = getattr(plugin, "__version__", None)
    if version is None:
        module_name = getattr(plugin, "__module__", None) or getattr(plugin, "__name__", "")
        package = sys.modules.get(str(module_name).partition(".")[0])
        version = getattr(package, "__version__", None)
    return None if version is None else str(version)
