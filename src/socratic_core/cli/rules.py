"""`socratic rules parse FILE`: show how instruction text is understood.

Prints each rule beside its sentence: `path:line:col: enforced|unenforced CANONICAL`, the text
as written, why (which frame of which check matched, or what was missing) and, for a rule that
names a check but is not read exactly, the canonical line that would enforce it. Then every
diagnostic and the contradiction warnings `socratic check` prints, all as `path:line:col:
message`. `--format json` prints the rule set instead. Exit codes: 0 parsed, 1 strict mode
found a statement it cannot read exactly, 2 the file cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from socratic_core.errors import RuleSyntaxError

if TYPE_CHECKING:
    from socratic_core.rules import RuleSet

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
    from socratic_core.rules import RuleEngine  # noqa: PLC0415

    text = _read(args.file)
    if text is None:
        return 2
    source = None if args.file == "-" else args.file
    # The vocabulary of every installed check, so this shows what `socratic check` enforces.
    engine = RuleEngine(make_plugin_manager(entry_points=not args.no_plugins))
    try:
        ruleset = engine.compile(text, strict=args.strict, source=source)
    except RuleSyntaxError as exc:
        where = f"{args.file}:{exc.line}:{exc.column}"
        hint = f" ({exc.hint})" if exc.hint else ""
        print(f"{where}: error: {exc.message}{hint}", file=sys.stderr)
        if exc.context:
            print(exc.context, end="", file=sys.stderr)
        if exc.expected:
            print(f"expected {', '.join(exc.expected)}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(ruleset.to_json(indent=2))
        return 0
    _print_rules(args.file, ruleset)
    return 0


def _print_rules(path: str, ruleset: RuleSet) -> None:
    """Each rule beside its sentence, then the diagnostics and contradictions, then a count."""
    from socratic_core.rules import render_canonical  # noqa: PLC0415

    for rule in ruleset:
        where = f"{path}:{rule.span.line}:{rule.span.column}" if rule.span else path
        print(f"{where}: {rule.kind.value} {render_canonical(rule)}")
        print(f"    text: {rule.text}")
        if rule.reading:
            print(f"    why: {rule.reading}")
        if rule.suggestion:
            print(f"    did you mean `{rule.suggestion}`?")
    merged = ruleset.merge()
    contradictions = merged.diagnostics[len(ruleset.diagnostics) :]
    for diagnostic in [*ruleset.diagnostics, *contradictions]:
        print(f"{path}:{diagnostic}", file=sys.stderr)
    print(
        f"{len(ruleset)} rules ({len(ruleset.enforced)} enforced, "
        f"{len(ruleset.unenforced)} unenforced), {len(ruleset.diagnostics)} diagnostics, "
        f"{len(contradictions)} contradictions"
    )
