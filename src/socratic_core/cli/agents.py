"""`socratic agents list`: the agents an app can run, with their actions.

    socratic agents list [--no-plugins]

Lists the built-in agents and those of installed plugins (the `register_agents` hook).
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add the `agents` command and its subcommands to the `socratic` parser."""
    parser = subparsers.add_parser("agents", help="list the agents that can be run")
    commands = parser.add_subparsers(dest="agents_command", metavar="AGENTS_COMMAND", required=True)
    listing = commands.add_parser("list", help="list the registered agents and their actions")
    listing.add_argument(
        "--no-plugins", action="store_true", help="leave installed plugins out (built-ins only)"
    )
    listing.set_defaults(handler=_list)


def _list(args: argparse.Namespace) -> int:
    from socratic_core.agents import AgentRegistry  # noqa: PLC0415 - imported when run
    from socratic_core.plugin_manager import make_plugin_manager  # noqa: PLC0415

    registry = AgentRegistry.from_plugins(make_plugin_manager(entry_points=not args.no_plugins))
    for name in registry.names():
        agent = registry.get(name)
        doc = (type(agent).__doc__ or "").strip().splitlines()
        summary = doc[0] if doc else ""
        print(f"{name:16} {', '.join(sorted(agent.actions)):20} {summary}")
    return 0
