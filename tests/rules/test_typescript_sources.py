"""The TypeScript/JavaScript checks on real, reputable TypeScript: no false alarms.

rxjs, zod, @tanstack/query-core and @tanstack/react-query ship their `.ts`/`.tsx` sources in
their npm packages; `tests/rules/npm/package-lock.json` pins them and `.ci/run` installs them
(`npm ci --prefix tests/rules/npm --ignore-scripts`). Every check runs over every source file
with its default parameters. `tests/rules/npm/expected.json` lists what each one finds, each
group with why it is right: the exact lines where they are few, a count per package where they
are many (the `any`s of four libraries), and nothing at all for the checks these libraries give
no cause to fire (secrets in code aside from zod's test data, eval, shell, SQL, React...). A
finding that is not listed fails the test, and so does a listed one that goes away.

Locally the test skips when the packages are not installed; with `CI=true` it fails instead.
"""

from __future__ import annotations

import collections
import json
import os
from pathlib import Path

import pytest

from socratic_core import make_plugin_manager
from socratic_core.rules import AgentOutput, Category, Report, Rule, RuleEngine, Violation

NPM = Path(__file__).parent / "npm"
MODULES = NPM / "node_modules"
EXPECTED = json.loads((NPM / "expected.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.slow


def _sources() -> dict[str, str]:
    if not MODULES.is_dir():
        reason = f"{MODULES} is missing: run `npm ci --prefix {NPM} --ignore-scripts`"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    files = {}
    for package in EXPECTED["packages"]:
        for path in sorted((MODULES / package / "src").rglob("*")):
            if path.suffix in (".ts", ".tsx") and not path.name.endswith(".d.ts"):
                files[path.relative_to(MODULES).as_posix()] = path.read_text(encoding="utf-8")
    return files


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    """Every TypeScript source of the four packages, by path under node_modules."""
    return _sources()


@pytest.fixture(scope="module")
def report(sources: dict[str, str]) -> Report:
    """One run of every listed check over every source."""
    engine = RuleEngine(make_plugin_manager(entry_points=False))
    rules = [
        Rule(id=check_id, category=Category(check_id.partition(".")[0]), params={}, text=check_id)
        for check_id in EXPECTED["checks"]
    ]
    return engine.validate(AgentOutput(files=sources), rules)


def _package(path: str) -> str:
    parts = path.split("/")
    return "/".join(parts[:2]) if path.startswith("@") else parts[0]


def _found(report: Report, check_id: str) -> list[Violation]:
    return [v for v in report.violations if v.rule_id == check_id]


def _span(sources: dict[str, str], violation: Violation) -> str:
    location = violation.location
    assert location.path is not None
    lines = sources[location.path].splitlines(keepends=True)

    def offset(line: int, column: int) -> int:
        return sum(len(text) for text in lines[: line - 1]) + column - 1

    start = offset(location.line, location.column)
    end = offset(location.end_line or location.line, location.end_column or location.column)
    return "".join(lines)[start:end]


class TestRealSources:
    """What the checks report on four well-known TypeScript libraries is exactly what is right."""

    def test_the_packages_are_read(self, sources: dict[str, str], report: Report) -> None:
        """Hundreds of files from each package are read; none fails a check."""
        counts = collections.Counter(_package(path) for path in sources)
        assert set(counts) == set(EXPECTED["packages"])
        assert sum(counts.values()) > 500
        assert report.plugin_failures == ()

    def test_only_the_known_grammar_gaps_fail_closed(self, report: Report) -> None:
        """The files tree-sitter cannot read (variance annotations) fail closed, no others."""
        failed = sorted(d.path for d in report.file_diagnostics)
        assert failed == EXPECTED["fail_closed"]["paths"]
        assert {d.kind for d in report.file_diagnostics} == {"syntax-error"}

    @pytest.mark.parametrize("check_id", list(EXPECTED["checks"]))
    def test_findings_are_the_reviewed_ones(self, report: Report, check_id: str) -> None:
        """Each check finds exactly what was reviewed as right: these lines, or these counts."""
        expected = EXPECTED["checks"][check_id]
        found = _found(report, check_id)
        if "findings" in expected:
            at = sorted(f"{v.location.path}:{v.location.line}" for v in found)
            assert at == sorted(expected["findings"]), expected["why"]
        else:
            by_package = collections.Counter(_package(v.location.path or "") for v in found)
            assert dict(by_package) == expected["count_by_package"], expected["why"]

    def test_many_findings_point_at_what_they_name(
        self, sources: dict[str, str], report: Report
    ) -> None:
        """The counted findings span an `any`, an `x!` or a `==`: nothing else was counted."""
        for violation in _found(report, "quality.no-any"):
            assert _span(sources, violation) == "any"
        for violation in _found(report, "quality.no-non-null-assertion"):
            assert _span(sources, violation).endswith("!")
        for violation in _found(report, "quality.strict-equality"):
            assert _span(sources, violation) in ("==", "!=")
        for violation in _found(report, "quality.import-type"):
            name = violation.message.partition(" ")[0]
            assert _span(sources, violation) == name
