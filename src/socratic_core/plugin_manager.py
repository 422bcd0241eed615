"""`make_plugin_manager()`: the only code that loads plugins.

It adds the hookspecs, registers the built-in checks and the built-in agents (default plugins
that use the same hooks a third party does), loads plugins from the `socratic_core` entry-point
group (all, none, or only the named ones), registers explicit plugin objects, checks that every
hook implementation matches a spec, and collects the checks once (`rules.collect_checks`) so an
id collision fails here, naming both plugins. There is no module-global manager: each caller
builds its own and hands it to the `RuleEngine`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pluggy

from socratic_core import hookspecs
from socratic_core._entry_points import installed
from socratic_core.errors import PluginError
from socratic_core.hookspecs import PROJECT_NAME
from socratic_core.rules._registry import collect_checks

__all__ = ["BUILTIN_AGENTS_NAME", "BUILTIN_PLUGIN_NAME", "make_plugin_manager"]

BUILTIN_PLUGIN_NAME = "socratic_core.builtin"
"""The name the built-in checks are registered under."""

BUILTIN_AGENTS_NAME = "socratic_core.agents"
"""The name the built-in agents (`counselor`, `codegen`) are registered under."""


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

    pm = _PluginManager()
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


class _PluginManager(pluggy.PluginManager):
    """pluggy's manager, with the version of each plugin loaded from an entry point.

    `versions` (plugin name -> its distribution's version) is what `collect_checks` reports
    for a plugin that pluggy's own entry-point loader would have recorded.
    """

    def __init__(self) -> None:
        super().__init__(PROJECT_NAME)
        self.versions: dict[str, str] = {}


def _load_entry_points(pm: _PluginManager, names: tuple[str, ...] | None) -> None:
    """Load the group's entry points (all, or the named ones) in name order."""
    available = installed(PROJECT_NAME)
    for name in sorted(available) if names is None else names:
        if name not in available:
            known = ", ".join(sorted(available)) or "none"
            raise PluginError(f"no installed plugin by that name (installed: {known})", plugin=name)
        if pm.has_plugin(name) or pm.is_blocked(name):
            continue
        try:
            pm.register(available[name].load(), name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(f"invalid plugin: {exc}", plugin=name) from exc
        except Exception as exc:  # a plugin's import may raise anything
            raise PluginError(f"failed to load: {type(exc).__name__}: {exc}", plugin=name) from exc
        version = available[name].version
        if version is not None:
            pm.versions[name] = version
