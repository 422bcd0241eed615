"""docs/concepts/checks.md describes every built-in check and its ruff codes."""

from __future__ import annotations

from pathlib import Path

from socratic_core import make_plugin_manager
from socratic_core.rules import RuleEngine
from socratic_core.rules.builtin.ruff_rules import RUFF_RULES

CHECKS_DOC = (Path(__file__).parents[1] / "docs" / "concepts" / "checks.md").read_text("utf-8")


class TestChecksDoc:
    """The checks page is the list of what is installed, not a second list that drifts."""

    def test_every_builtin_check_has_a_row(self) -> None:
        """Every built-in check id has a table row saying what enforces it."""
        engine = RuleEngine(make_plugin_manager(entry_points=False))
        rows = {line.split("|")[1].strip(" `") for line in CHECKS_DOC.splitlines() if "| `" in line}
        assert set(engine.checks) <= rows

    def test_ruff_codes_are_documented(self) -> None:
        """Each ruff-backed check's row names its ruff codes."""
        for check_id, ruff_rule in RUFF_RULES.items():
            [row] = [line for line in CHECKS_DOC.splitlines() if line.startswith(f"| `{check_id}`")]
            assert all(f"`{code}`" in row for code in ruff_rule.select), check_id
