"""Recall of our own checks against ruff's S rules on the same annotated fixtures.

For each family, ruff runs (as a real subprocess) with the rule codes that cover it over the
family's fixtures (the main one, and `__variants`: spellings the main one lacks, written apart
from it); both tools are scored on the lines the fixture marks `# expect:`. Our recall must be at
least ruff's, and ruff must find something (so the comparison means something).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from socratic_core.rules import AgentOutput, RuleEngine

from .conftest import rule
from .test_builtin_fixtures import FIXTURES, expected_lines, load_fixture

# Our check id -> the ruff codes that look for the same problem.
RUFF_CODES: dict[str, tuple[str, ...]] = {
    "security.no-hardcoded-secrets": ("S105", "S106", "S107"),
    "security.no-sql-string-building": ("S608", "S610", "S611"),
    "security.no-weak-hashes": ("S324", "S303"),
    "security.no-shell-injection": ("S602", "S604", "S605", "S609"),
    "security.no-unsafe-deserialization": ("S301", "S302", "S506"),
    "security.no-eval": ("S102", "S307"),
    "security.tls-verification": ("S501", "S323"),
    "quality.no-swallowed-exceptions": ("S110", "S112"),
    "quality.no-bare-except": ("E722",),
    "quality.no-print": ("T201",),
}


def _ruff_lines(path: Path, codes: tuple[str, ...]) -> set[int]:
    command = [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache"]
    command += ["--select", ",".join(codes), "--output-format", "json", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    return {item["location"]["row"] for item in json.loads(done.stdout)}


def _our_lines(engine: RuleEngine, path: Path) -> tuple[str, set[int]]:
    rule_id, text, params, name = load_fixture(path)
    report = engine.validate(AgentOutput(files={name: text}), [rule(rule_id, **params)])
    return rule_id, {v.location.line for v in report.violations if v.rule_id == rule_id}


def _family_fixtures() -> list[pytest.param]:
    """(rule id, fixture) for every family's main fixture and its `__variants` one."""
    cases = []
    for rule_id in sorted(RUFF_CODES):
        for path in (FIXTURES / f"{rule_id}.py", FIXTURES / f"{rule_id}__variants.py"):
            if path.exists():
                cases.append(pytest.param(rule_id, path, id=path.stem))
    return cases


class TestRecallAgainstRuff:
    """On every family's annotated fixtures, our checks find at least what ruff's S rules find."""

    @pytest.mark.parametrize(("rule_id", "path"), _family_fixtures())
    def test_recall_at_least_ruffs(self, engine: RuleEngine, rule_id: str, path: Path) -> None:
        """Our recall on the marked lines is at least ruff's, and ruff finds some of them."""
        expected = expected_lines(path.read_text(encoding="utf-8"), rule_id)
        _, ours = _our_lines(engine, path)
        theirs = _ruff_lines(path, RUFF_CODES[rule_id])
        our_recall = len(ours & expected) / len(expected)
        ruff_recall = len(theirs & expected) / len(expected)
        assert ruff_recall > 0, f"ruff finds none of {rule_id}'s fixture lines"
        assert our_recall >= ruff_recall, (
            f"{rule_id}: ours {our_recall:.2f} < ruff {ruff_recall:.2f};"
            f" ruff finds lines {sorted((theirs & expected) - ours)} we miss"
        )

    @pytest.mark.parametrize(("rule_id", "path"), _family_fixtures())
    def test_ruff_finds_nothing_we_miss(self, engine: RuleEngine, rule_id: str, path: Path) -> None:
        """Every marked line ruff finds, we find too (recall as a set, not only as a ratio)."""
        expected = expected_lines(path.read_text(encoding="utf-8"), rule_id)
        _, ours = _our_lines(engine, path)
        assert (_ruff_lines(path, RUFF_CODES[rule_id]) & expected) <= ours
