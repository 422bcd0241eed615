"""`socratic rules parse FILE`: show how instruction text is understood.

Prints each rule in the canonical form (or the whole rule set as JSON) with the diagnostics.
Exit codes: 0 parsed, 1 strict mode found a malformed statement, 2 the file cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from socratic_core.errors import RuleSyntaxError

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `rules` command and its `parse` subcommand.

    Args:
        subparsers: The `socratic` command's subparsers.
    """
    rules = subparsers.add_parser("rules", help="work with instruction text and its rules")
    actions = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    parse = actions.add_parser("parse", help="parse an instruction file and print its rules")
    parse.add_argument("file", metavar="FILE", help="instruction file to parse ('-': stdin)")
    parse.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (text)"
    )
    parse.add_argument(
        "--strict", action="store_true", help="fail on the first malformed statement"
    )
    parse.add_argument(
        "--no-plugins",
        action="store_true",
        help="use the built-in vocabulary only (no installed plugins' checks)",
    )
    parse.set_defaults(handler=_parse)


def _read(name: str) -> str | None:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"socratic: error: cannot read {name}: {exc}", file=sys.stderr)
        return None


def _parse(args: argparse.Namespace) -> int:
    from socratic_core.plugin_manager import make_plugin_manager  # noqa: PLC0415
    from socratic_core.rules import RuleEngine, render_canonical  # noqa: PLC0415

    text = _read(args.file)
    if text is None:
        return 2
    source = None if args.file == "-" else args.file
    # The vocabulary of every installed check, so this shows what `socratic check` enforces.
    engine = RuleEngine(make_plugin_manager(entry_points=not args.no_plugins))
    try:
        ruleset = engine.compile(text, strict=args.strict, source=source)
    except RuleSyntaxError as exc:
        print(f"{args.file}:{exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(ruleset.to_json(indent=2))
        return 0
    for rule in ruleset:
        where = f"{rule.span.line}:{rule.span.column}" if rule.span else "-"
        print(f"{where:>7}  {render_canonical(rule)}")
    for diagnostic in ruleset.diagnostics:
        print(f"{args.file}:{diagnostic}", file=sys.stderr)
    print(
        f"{len(ruleset)} rules ({len(ruleset.enforced)} enforced, "
        f"{len(ruleset.unenforced)} unenforced), {len(ruleset.diagnostics)} diagnostics"
    )
    return 0
