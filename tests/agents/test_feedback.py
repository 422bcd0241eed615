"""Re-ask feedback: open, new and fixed violations by fingerprint, bounded in size."""

from __future__ import annotations

from socratic_core.agents import AgentResponse
from socratic_core.agents._feedback import build_reask, failure_reask, fingerprints
from socratic_core.plugin_manager import make_plugin_manager
from socratic_core.rules import AgentOutput, RuleEngine

ENGINE = RuleEngine(make_plugin_manager(entry_points=False))
RULES = ENGINE.compile("# Rules\n- Do not use print\n- No eval\n", source="team.md")


def _check(files: dict[str, str]) -> tuple[AgentResponse, dict[str, object]]:
    response = AgentResponse(files=files)
    report = ENGINE.validate(AgentOutput(files=files), RULES)
    return response, fingerprints(report, response)


class TestDiff:
    """Violations are matched across attempts by what they flag, not where."""

    def test_a_violation_that_moved_stays_open(self) -> None:
        """Adding lines above a violation does not make it fixed plus new."""
        _first, before = _check({"a.py": "print(1)\n"})
        second, after = _check({"a.py": "x = 1\n\nprint(1)\n"})
        reask = build_reask(2, after, before, second)  # type: ignore[arg-type]
        assert (len(reask.open), len(reask.new), len(reask.fixed)) == (1, 0, 0)
        assert reask.open[0].location.line == 3

    def test_fixed_and_new_are_told_apart(self) -> None:
        """Replacing print with eval fixes one violation and introduces another."""
        _, before = _check({"a.py": "print(1)\n"})
        second, after = _check({"a.py": "eval('1')\n"})
        reask = build_reask(2, after, before, second)  # type: ignore[arg-type]
        assert [v.rule_id for v in reask.new] == ["security.no-eval"]
        assert [v.rule_id for v in reask.fixed] == ["quality.no-print"]
        assert "quality.no-print" not in reask.text.split("\n\n", 1)[1]


class TestText:
    """The feedback text lists each violation with its rule, marked lines and a hint."""

    def test_lists_the_rule_the_user_wrote_and_the_marked_line(self) -> None:
        """Each entry has `path:line:col [rule/severity]`, the instruction and the line."""
        response, found = _check({"a.py": "x = 1\nprint(x)\ny = 2\n"})
        text = build_reask(1, found, {}, response).text  # type: ignore[arg-type]
        assert "a.py:2:1 [quality.no-print/error] print() where logging belongs" in text
        assert "you asked: 'Do not use print' (rules line 2 of 'team.md')" in text
        assert "      1 | x = 1\n    >    2 | print(x)\n         3 | y = 2" in text
        assert text.endswith("change what is listed above, keep the rest.")

    def test_is_truncated_to_the_limit_counting_what_was_left_out(self) -> None:
        """Two hundred violations fit in the limit, with the rest counted."""
        response, found = _check({"a.py": "".join(f"print({n})\n" for n in range(200))})
        text = build_reask(1, found, {}, response, limit=1500).text  # type: ignore[arg-type]
        assert len(text) <= 1500
        assert "more not shown" in text
        assert "Do not resubmit unchanged files" in text

    def test_a_failure_keeps_the_violations_still_to_fix(self) -> None:
        """After a failed attempt the agent hears the error and the earlier feedback."""
        response, found = _check({"a.py": "print(1)\n"})
        before = build_reask(1, found, {}, response)  # type: ignore[arg-type]
        after = failure_reask(2, "TimeoutError: slow", before)
        assert after.text.startswith("Attempt 2 failed: TimeoutError: slow\n\nAttempt 1")
        assert after.open == before.new
        assert after.response == response
