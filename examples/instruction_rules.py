"""Parse an AGENTS.md into rules, show how each statement was understood, merge rule layers.

Run: `python examples/instruction_rules.py` (from the repository root). The docs page
docs/concepts/rules.md includes the sections below; tests/rules/test_docs_examples.py runs it.
"""

from pathlib import Path

# --8<-- [start:usage]
from socratic_core.rules import explain, parse_instructions, render_canonical

text = Path("tests/rules/cases/agents_python.md").read_text(encoding="utf-8")
rules = parse_instructions(text, source="AGENTS.md")
for rule in rules:
    print(render_canonical(rule))  # how each statement was understood
print(explain(rules.rules[1]))  # the same, in words
# --8<-- [end:usage]

# --8<-- [start:merge]
global_rules = parse_instructions("- Functions must not exceed 50 lines\n", source="global")
project_rules = parse_instructions("- Never use eval\n", source="project")
session_rules = parse_instructions("- Functions must not exceed 30 lines\n", source="session")
merged = global_rules.merge(project_rules, session_rules)
for rule in merged:
    print(rule.source, render_canonical(rule))
for diagnostic in merged.diagnostics:
    print(diagnostic)
# --8<-- [end:merge]
