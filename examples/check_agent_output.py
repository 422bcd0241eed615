"""Check an agent's output (its answer and the files it generated) against instruction text.

Run it from the repository root:

    python examples/check_agent_output.py

It prints the text report and exits 1, because the generated code breaks two of the rules.
"""

from __future__ import annotations

from socratic_core import make_plugin_manager
from socratic_core.rules import AgentOutput, RuleEngine, Verdict, render_text

RULES = """\
# Agent rules

## Security
- Never use eval.
- No hardcoded secrets.

## Code quality
- Functions must not exceed 20 lines.
- Responses must be under 400 characters.
"""

GENERATED = {
    "calc/__init__.py": '"""A calculator."""\n',
    "calc/core.py": (
        '"""Evaluate expressions."""\n'
        "\n"
        'API_TOKEN = "tok-3f9a8c1d2e7b6a5f"\n'
        "\n"
        "\n"
        "def evaluate(expression: str) -> float:\n"
        '    """Evaluate an arithmetic expression."""\n'
        "    return float(eval(expression))\n"
    ),
}


def main() -> int:
    """Compile the rules, check the output, print the report; exit 1 unless it passes."""
    engine = RuleEngine(make_plugin_manager(entry_points=False))
    rules = engine.compile(RULES, source="agent-rules.md")
    output = AgentOutput(text="Here is the calculator you asked for.", files=GENERATED)
    report = engine.validate(output, rules)
    sources = {path: str(text) for path, text in GENERATED.items()}
    print(render_text(report, sources=sources), end="")
    return 0 if report.verdict is Verdict.PASS else 1


if __name__ == "__main__":
    raise SystemExit(main())
