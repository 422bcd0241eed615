"""The `socratic` command.

Each subcommand lives in its own module under `socratic_core.cli` with a `register(subparsers)`
function that adds its parser and sets `handler` to a function taking the parsed arguments and
returning the exit code. Exit codes: 0 success, 1 the work found a problem, 2 usage or input error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from socratic_core.__about__ import __version__
from socratic_core._gc import start_up
from socratic_core.errors import SocraticError

__all__ = ["main"]

# Modules are imported when the command runs, never when socratic_core is imported.
_COMMAND_MODULES: tuple[str, ...] = ("agents", "audit", "check", "db", "rules", "run")


def _build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The command's parser: with only the subcommand `argv` names, or all of them.

    Importing a subcommand's module and building its parser costs start-up time, so
    `socratic check ...` builds the `check` parser alone; `socratic --help` (or anything that
    names no known subcommand first) builds them all.
    """
    parser = argparse.ArgumentParser(
        prog="socratic",
        description="Keep AI-assisted project records; check agent output against rules.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    named = argv[0] if argv and argv[0] in _COMMAND_MODULES else None
    for name in (named,) if named else _COMMAND_MODULES:
        importlib.import_module(f"socratic_core.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `socratic` command with `argv` (default: `sys.argv[1:]`) and return its exit code.

    Args:
        argv: The arguments, without the program name. `None` (the `socratic` program) also
            lets the command treat the process as its own: what its start-up loads is frozen
            out of the garbage collector's passes (`socratic_core._gc.start_up`).

    Returns:
        0 on success, 1 when the work found a problem, 2 on a usage or input error.
    """
    program = argv is None  # this process runs the command and nothing else
    arguments = list(sys.argv[1:] if argv is None else argv)
    with start_up(freeze=program):  # the command's modules load
        parser = _build_parser(arguments)
        args = parser.parse_args(arguments, argparse.Namespace(program=program))
    try:
        code: int = args.handler(args)
        sys.stdout.flush()
    except SocraticError as exc:
        print(f"socratic: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader left (`socratic rules parse FILE | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code
