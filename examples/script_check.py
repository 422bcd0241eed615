"""A check of your own for TypeScript and JavaScript: "No `debugger` statements."

Run it from the repository root:

    python examples/script_check.py

It registers one `ScriptFile` check through a plugin, compiles an instruction that names it, and
checks a TypeScript file and a Vue component: the report shows the `debugger` statement in each,
the one that a `// socratic: allow` comment suppresses, and which files the rule checked. The
exit code is 1, because an error-severity rule found something.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

from socratic_core import hookimpl, make_plugin_manager
from socratic_core.rules import (
    AgentOutput,
    Check,
    Finding,
    Frame,
    RuleEngine,
    ScriptFile,
    render_text,
)
from socratic_core.rules import check as declare


# --8<-- [start:check]
@declare(
    id="demo.no-debugger",
    category="quality",
    frames=(Frame(concepts=(("debugger", "debugger statement"),)),),
    forbids=True,
    fix_hint="Remove the `debugger` statement before the code ships.",
)
def no_debugger(file: ScriptFile) -> Iterator[Finding]:
    """`debugger` statements left in TypeScript or JavaScript."""
    for node in file.nodes("debugger_statement"):
        yield Finding.at_script_node(file, node, "`debugger` statement left in")


# --8<-- [end:check]


class DebuggerPlugin:
    """A plugin object that registers the check (a package would use an entry point)."""

    @staticmethod
    @hookimpl
    def register_checks(register: Callable[[Check], None]) -> None:
        """Register the check."""
        register(no_debugger)


FILES = {
    "web/api.ts": (
        "export function load(id: string): Promise<Response> {\n"
        "  debugger;\n"
        "  // socratic: allow demo.no-debugger -- stepping through the retry path\n"
        "  debugger;\n"
        "  return fetch(`/api/${id}`);\n"
        "}\n"
    ),
    "web/Counter.vue": (
        "<template><button @click='add'>{{ n }}</button></template>\n"
        '<script setup lang="ts">\n'
        "let n: number = 0\n"
        "function add(): void { debugger; n += 1 }\n"
        "</script>\n"
    ),
}


def main() -> int:
    """Check the files against the instruction and print the report."""
    engine = RuleEngine(make_plugin_manager(entry_points=False, plugins=[DebuggerPlugin()]))
    rules = engine.compile("- Never leave debugger statements in the code.\n")
    report = engine.validate(AgentOutput(files=FILES), rules)
    print(render_text(report, sources=FILES), end="")
    return 1 if report.fails() else 0


if __name__ == "__main__":
    sys.exit(main())
