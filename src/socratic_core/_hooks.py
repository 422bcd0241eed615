"""`call_each_plugin()`: a hook called plugin by plugin, so one plugin's failure stops no other.

`pm.hook.<name>(...)` stops at the first exception and cannot say which plugin did what. Two
kinds of hooks need each plugin on its own: registration hooks (the host records which plugin
registered each check or agent, and names it when something is wrong) and `on_event` (a listener
that raises is logged and the others still hear of the event). This module is the one place that
does it, through pluggy itself: for each plugin it asks `pm.subset_hook_caller` for the hook
without the other plugins' implementations, and calls that with keyword arguments. pluggy
matches the arguments each implementation names and runs every wrapper (`wrapper=True`) around
each plugin's call; the plugins come in pluggy's call order, or (for registration, where the
first to register a name owns it) in the order they were registered.
`call_registration_hook()` builds on it for the hooks that take a `register` callback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pluggy

from socratic_core.errors import PluginError

__all__ = ["PluginCall", "call_each_plugin", "call_registration_hook"]


@dataclass(frozen=True, slots=True)
class PluginCall:
    """What one plugin's implementation of a hook did.

    Attributes:
        plugin: The plugin's name in its plugin manager.
        result: The hook's results for this plugin (pluggy's list; empty when it failed).
        error: What it raised, or None.
    """

    plugin: str
    result: list[Any]
    error: Exception | None


def call_each_plugin(
    pm: pluggy.PluginManager,
    hook: str,
    arguments: Callable[[str], Mapping[str, object]],
    *,
    first_registered_first: bool = False,
) -> list[PluginCall]:
    """Call `hook` once per plugin that implements it, recording what each returned or raised.

    Args:
        pm: A plugin manager with socratic_core's hookspecs.
        hook: The hook's name (`"on_event"`).
        arguments: The plugin's name -> the keyword arguments of its call (a registration hook
            gives each plugin a `register` callback that knows whose checks it receives).
        first_registered_first: Call the plugins in the order of `get_hookimpls()` (the one
            registered first, first) instead of the order pluggy calls the hook (the one
            registered last, first).

    Returns:
        One `PluginCall` per implementing plugin, in the order they were called.
    """
    implementations = getattr(pm.hook, hook).get_hookimpls()
    if not first_registered_first:
        implementations.reverse()
    plugins = [impl.plugin for impl in implementations if not _wraps(impl)]
    calls = []
    for plugin in plugins:
        name = pm.get_name(plugin)
        if name is None:  # unregistered by an earlier plugin's call
            continue
        alone = pm.subset_hook_caller(hook, [other for other in plugins if other is not plugin])
        try:
            result = alone(**arguments(name))
        except Exception as exc:  # a plugin may raise anything; the caller decides what it means
            calls.append(PluginCall(name, [], exc))
        else:
            calls.append(PluginCall(name, result, None))
    return calls


def call_registration_hook(
    pm: pluggy.PluginManager, hook: str, add: Callable[[str, Any], None]
) -> None:
    """Call a registration hook plugin by plugin, handing `add` what each plugin registers.

    Each plugin's `register` callback calls `add(plugin_name, item)`, so the host knows which
    plugin registered what (and `add` may refuse an item by raising `PluginError`). The plugin
    registered first is called first (the built-ins, then entry points, then explicit plugins),
    so a name belongs to whoever registered it first and a later plugin reusing it is refused.

    Args:
        pm: A plugin manager with socratic_core's hookspecs.
        hook: The hook's name (`"register_checks"`).
        add: Receives the registering plugin's name and the item it registered.

    Raises:
        PluginError: What `add` raised, or a plugin's hook raised (the error names the plugin).
    """

    def arguments(plugin: str) -> dict[str, object]:
        return {"register": functools.partial(add, plugin)}

    for call in call_each_plugin(pm, hook, arguments, first_registered_first=True):
        if isinstance(call.error, PluginError):  # from `add`: it already names the plugin
            raise call.error
        if call.error is not None:
            message = f"{hook} failed: {type(call.error).__name__}: {call.error}"
            raise PluginError(message, plugin=call.plugin) from call.error


def _wraps(impl: pluggy.HookImpl) -> bool:
    return bool(impl.wrapper or impl.hookwrapper)
