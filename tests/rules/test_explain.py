"""explain(rule): how a statement was understood, in words."""

from __future__ import annotations

from socratic_core.rules import explain, parse_instructions


class TestExplain:
    """The explanation names the check (or says none), the force, limits, scope and why."""

    def test_an_enforced_rule(self) -> None:
        """An enforced rule is explained line by line, ending with its canonical form."""
        [rule] = parse_instructions(
            "## Quality\n- Functions must not exceed 40 lines in src/** because reviews\n",
            source="AGENTS.md",
        ).rules
        assert explain(rule).splitlines() == [
            "Statement: 'Functions must not exceed 40 lines in src/** because reviews'"
            " (line 2, column 3 in AGENTS.md)",
            "Understood as: quality rule; what quality.max-function-length checks is required"
            " (must), severity error.",
            "Checked by: quality.max-function-length. Functions longer than the limit.",
            "Read as: frame 'function + a limit in lines' of quality.max-function-length matched.",
            "Parameters: max = 40.",
            "Applies to: src/**.",
            "Because: reviews.",
            'Canonical form: quality.max-function-length(max=40) in "src/**" because "reviews"',
        ]

    def test_an_unenforced_rule_says_nothing_checks_it(self) -> None:
        """An unclaimed statement is explained as kept, reported, and never counted as passed."""
        [rule] = parse_instructions("- Prefer composition over inheritance\n").rules
        text = explain(rule)
        assert "Checked by: nothing." in text
        assert "never counted as passed" in text
        assert "it is preferred (prefer), severity info" in text
        assert "Applies to: everywhere." in text

    def test_a_statement_read_in_part_says_what_would_enforce_it(self) -> None:
        """A hedged limit is explained with what was missing and the canonical suggestion."""
        [rule] = parse_instructions("- Reduce complexity where you can\n").rules
        lines = explain(rule).splitlines()
        assert "a hedge 'where you can'" in lines[3]
        assert lines[4] == "Did you mean: `quality.max-complexity(max=10)`?"

    def test_a_statement_asking_for_the_opposite_of_a_check(self) -> None:
        """`Use print for debugging` is explained as the opposite of what no-print enforces."""
        [rule] = parse_instructions("- Use print for debugging\n").rules
        lines = explain(rule).splitlines()
        assert lines[1:3] == [
            "Understood as: quality rule; it asks for the opposite of what quality.no-print"
            " enforces (must-not), severity error.",
            "Checked by: nothing. quality.no-print enforces the other side (it finds: print()"
            " and console.log() calls where logging belongs), so this rule is kept unenforced:"
            " reported, never counted as passed.",
        ]
        assert lines[-1] == "Canonical form: quality.no-print modality=must-not unenforced"
