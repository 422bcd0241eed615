"""False alarms of our security checks on real, reputable code, compared with bandit.

requests, flask, click, werkzeug and sqlalchemy (about 300k lines, installed by the dev extra)
hold no hardcoded secrets, no shell injection and no SQL injection: what a check reports on
them is, to a first approximation, noise. Per family we must report no more than bandit does on
the same sources. Both tools run once per session (module-scoped fixtures); bandit runs as a real
subprocess. Known false alarms of earlier versions are regression cases, found by their text.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from socratic_core import make_plugin_manager
from socratic_core.rules import AgentOutput, Report, RuleEngine

from .conftest import rule

pytestmark = pytest.mark.slow

PACKAGES = ("requests", "flask", "click", "werkzeug", "sqlalchemy")
# Our check id -> the bandit tests that look for the same problem.
BANDIT_TESTS: dict[str, tuple[str, ...]] = {
    "security.no-hardcoded-secrets": ("B105", "B106", "B107"),
    "security.no-sql-string-building": ("B608", "B610", "B611"),
    "security.no-weak-hashes": ("B303", "B324"),
    "security.no-shell-injection": ("B602", "B604", "B605", "B609"),
    "security.no-unsafe-deserialization": ("B301", "B302", "B506", "B614"),
    "security.no-eval": ("B102", "B307"),
    "quality.no-swallowed-exceptions": ("B110", "B112"),
}


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None, f"{name} is not installed"
    assert spec.origin is not None
    return Path(spec.origin).parent


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    """Every installed Python source of the five packages, by path relative to site-packages."""
    files = {}
    for name in PACKAGES:
        root = _package_dir(name)
        for path in sorted(root.rglob("*.py")):
            files[path.relative_to(root.parent).as_posix()] = path.read_text(encoding="utf-8")
    return files


@pytest.fixture(scope="module")
def ours(sources: dict[str, str]) -> Report:
    """Our checks over the five packages, once."""
    engine = RuleEngine(make_plugin_manager(entry_points=False))
    rules = [rule(rule_id) for rule_id in [*BANDIT_TESTS, "performance.no-query-in-loop"]]
    rules += [rule("quality.no-bare-except"), rule("quality.no-print")]
    return engine.validate(AgentOutput(files=sources), rules)


@pytest.fixture(scope="module")
def bandit_findings() -> list[tuple[str, str, int]]:
    """Bandit's findings over the same sources, once: (test id, path, line)."""
    roots = [_package_dir(name) for name in PACKAGES]
    command = [sys.executable, "-m", "bandit", "-q", "-r", "-f", "json", *map(str, roots)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    site = roots[0].parent
    return [
        (item["test_id"], Path(item["filename"]).relative_to(site).as_posix(), item["line_number"])
        for item in json.loads(done.stdout)["results"]
    ]


@pytest.fixture(scope="module")
def bandit(bandit_findings: list[tuple[str, str, int]]) -> collections.Counter[str]:
    """Bandit's findings counted by test id."""
    return collections.Counter(test for test, _, _ in bandit_findings)


def _lines_of(report: Report, rule_id: str, path: str) -> set[int]:
    return {
        v.location.line
        for v in report.violations
        if v.rule_id == rule_id and v.location.path == path
    }


def _line_with(sources: dict[str, str], path: str, text: str) -> int:
    for number, line in enumerate(sources[path].splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} is no longer in {path}: pick another regression case")


class TestFalseAlarmsAgainstBandit:
    """On real code every family reports no more than bandit's matching tests."""

    def test_the_checks_ran_cleanly(self, ours: Report, sources: dict[str, str]) -> None:
        """Every file was analysed and no check crashed (so the counts below mean something)."""
        assert ours.plugin_failures == ()
        assert ours.files_checked == len(sources) > 300

    @pytest.mark.parametrize("rule_id", sorted(BANDIT_TESTS))
    def test_no_more_alarms_than_bandit(
        self, ours: Report, bandit: collections.Counter[str], rule_id: str
    ) -> None:
        """Our findings in the family are at most bandit's."""
        found = sum(1 for v in ours.violations if v.rule_id == rule_id)
        theirs = sum(bandit[test] for test in BANDIT_TESTS[rule_id])
        assert found <= theirs, f"{rule_id}: {found} findings, bandit {theirs}"

    def test_swallowed_exceptions_are_exactly_bandits(
        self, ours: Report, bandit_findings: list[tuple[str, str, int]]
    ) -> None:
        """The handlers we call swallowing are the ones bandit's B110/B112 report, line by line."""
        theirs = {(path, line) for test, path, line in bandit_findings if test in ("B110", "B112")}
        found = {
            (v.location.path, v.location.line)
            for v in ours.violations
            if v.rule_id == "quality.no-swallowed-exceptions"
        }
        assert found == theirs


class TestKnownFalseAlarms:
    """The false alarms earlier versions raised on these packages stay fixed."""

    @pytest.mark.parametrize(
        ("path", "text"),
        [
            ("sqlalchemy/orm/path_registry.py", '_DEFAULT_TOKEN = "_sa_default"'),
            ("sqlalchemy/orm/path_registry.py", '_COLUMN_TOKEN: Final[Literal["column"]]'),
            ("sqlalchemy/testing/profiles_file.py", '_UNICODE_TOKEN = "dbapiunicode"'),
            ("werkzeug/security.py", "SALT_CHARS ="),
            ("sqlalchemy/dialects/mysql/mysqldb.py", 'password="passwd"'),
        ],
    )
    def test_constants_that_are_not_secrets(
        self, ours: Report, sources: dict[str, str], path: str, text: str
    ) -> None:
        """Words, sentinels, alphabets and key renames are not hardcoded secrets."""
        line = _line_with(sources, path, text)
        assert line not in _lines_of(ours, "security.no-hardcoded-secrets", path)

    def test_no_secret_in_any_package(self, ours: Report) -> None:
        """None of the five packages holds a hardcoded secret, and none is reported."""
        found = [v for v in ours.violations if v.rule_id.startswith("security.no-hardcoded")]
        assert found == []

    def test_swallowed_exceptions_are_the_ones_bandit_finds(
        self, ours: Report, sources: dict[str, str]
    ) -> None:
        """Narrow handlers that pass (`except KeyError: pass`) are not reported."""
        path = "click/_compat.py"
        reported = _lines_of(ours, "quality.no-swallowed-exceptions", path)
        handlers = [
            number
            for number, line in enumerate(sources[path].splitlines(), start=1)
            if line.strip().startswith("except") and "Exception" not in line
        ]
        assert reported
        assert not reported & set(handlers)

    def test_pool_and_dict_lookups_are_not_queries(
        self, ours: Report, sources: dict[str, str]
    ) -> None:
        """`.get()` on a queue or a dict inside a loop is not a database query."""
        line = _line_with(sources, "sqlalchemy/pool/impl.py", "self._pool.get(")
        reported = _lines_of(ours, "performance.no-query-in-loop", "sqlalchemy/pool/impl.py")
        assert line not in reported

    def test_print_to_a_stream_is_not_reported(self, ours: Report, sources: dict[str, str]) -> None:
        """`print(..., file=self._stream)` (werkzeug's profiler) is output, not logging."""
        path = "werkzeug/middleware/profiler.py"
        line = _line_with(sources, path, "file=self._stream)")
        assert line not in _lines_of(ours, "quality.no-print", path)
