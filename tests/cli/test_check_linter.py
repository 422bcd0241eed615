"""`socratic check` as a linter: configuration, summaries, notices, safety; the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from .conftest import socratic

SCHEMA_FILE = Path(__file__).parents[1] / "rules" / "fixtures" / "sarif-schema-2.1.0.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text("utf-8"))
ROOT = Path(__file__).parents[2]
RULES = "- No mutable default arguments\n- Never use print\n- No assert statements\n"
PYPROJECT = """\
[tool.socratic]
rules = ["AGENTS.md"]
fail-on = "warning"

[tool.socratic.per-path-ignores]
"tests/**" = ["security.no-assert"]

[tool.socratic.severity]
"quality.no-print" = "warning"
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project with a pyproject.toml, rules, source, tests and a virtualenv folder."""
    (tmp_path / "AGENTS.md").write_text(RULES, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "m.py").write_text(
        "def f(a=[]):\n    print(a)\n    return a\n", encoding="utf-8"
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_m.py").write_text("assert 1\n", encoding="utf-8")
    (tmp_path / ".venv" / "lib").mkdir(parents=True)
    (tmp_path / ".venv" / "lib" / "x.py").write_text("assert 1\n", encoding="utf-8")
    return tmp_path


def _json(*args: str, cwd: Path, stdin: str | None = None) -> tuple[int, dict[str, object]]:
    done = socratic("check", "--format", "json", *args, cwd=cwd, stdin=stdin)
    return done.returncode, json.loads(done.stdout)


def _found(report: dict[str, object]) -> list[tuple[str, str, str]]:
    violations = report["violations"]
    assert isinstance(violations, list)
    return [(v["rule_id"], v["severity"], v["location"]["path"]) for v in violations]


class TestConfiguration:
    """`[tool.socratic]` sets the run; command-line options win."""

    def test_pyproject_settings(self, repo: Path) -> None:
        """Rules, per-path ignores, severity overrides and fail-on all come from the file."""
        code, report = _json(cwd=repo)
        assert _found(report) == [
            ("quality.no-mutable-defaults", "error", "src/m.py"),
            ("quality.no-print", "warning", "src/m.py"),
        ]
        assert code == 1

    def test_select_ignore_exclude_on_the_command_line(self, repo: Path) -> None:
        """--select keeps only those checks, --ignore drops some, --exclude skips files."""
        _, selected = _json("--select", "security,quality.no-print", cwd=repo)
        assert [rule for rule, _, _ in _found(selected)] == ["quality.no-print"]
        _, ignored = _json("--ignore", "quality,security", cwd=repo)
        assert _found(ignored) == []
        assert "no rules to check" in ignored["notices"][0]  # type: ignore[index]
        _, excluded = _json("--exclude", "src/*", cwd=repo)
        assert report_files(excluded) == 3  # AGENTS.md, pyproject.toml, tests/test_m.py
        assert _found(excluded) == []

    def test_config_option_names_another_file(self, repo: Path) -> None:
        """--config reads a socratic.toml instead of the pyproject.toml."""
        (repo / "socratic.toml").write_text('rules = ["AGENTS.md"]\n', encoding="utf-8")
        code, report = _json("--config", "socratic.toml", cwd=repo)
        assert ("security.no-assert", "error", "tests/test_m.py") in _found(report)
        assert code == 1

    def test_unknown_ruff_code_is_a_rules_error(self, repo: Path) -> None:
        """A rules file naming a code ruff does not have exits 2, with file, line and code."""
        (repo / "bad.md").write_text("- ruff.QQ1\n", encoding="utf-8")
        result = socratic("check", "--rules", "bad.md", "src", cwd=repo)
        assert result.returncode == 2
        assert "bad.md:1:3: error: ruff" in result.stderr
        assert "has no rule 'QQ1'" in result.stderr

    def test_unknown_key_is_a_usage_error(self, repo: Path) -> None:
        """A key the command does not know exits 2, naming the file and the key."""
        (repo / "pyproject.toml").write_text(
            PYPROJECT.replace("fail-on", "fial-on"), encoding="utf-8"
        )
        result = socratic("check", cwd=repo)
        assert result.returncode == 2
        assert "[tool.socratic] fial-on: unknown key" in result.stderr

    def test_socratic_that_is_not_a_table(self, repo: Path) -> None:
        """`tool.socratic = 1` is a usage error naming the file, not a traceback."""
        (repo / "pyproject.toml").write_text("[tool]\nsocratic = 1\n", encoding="utf-8")
        result = socratic("check", cwd=repo)
        assert result.returncode == 2
        assert "pyproject.toml: tool.socratic is not a table" in result.stderr
        assert "Traceback" not in result.stderr

    def test_globs_hold_from_a_subfolder(self, repo: Path) -> None:
        """Run from tests/, per-path ignores and excludes still match from the config's folder."""
        code, report = _json(".", cwd=repo / "tests")
        assert _found(report) == []
        assert report_files(report) == 1
        assert code == 0
        (repo / "pyproject.toml").write_text(
            PYPROJECT.replace('fail-on = "warning"', 'fail-on = "warning"\nexclude = ["src/m.py"]'),
            encoding="utf-8",
        )
        _, from_src = _json(".", cwd=repo / "src")
        assert report_files(from_src) == 0


def report_files(report: dict[str, object]) -> int:
    files = report["files_checked"]
    assert isinstance(files, int)
    return files


class TestReport:
    """Counts by check, passed rules, suppressed findings and honest notices."""

    def test_summary_and_passed_rules(self, repo: Path) -> None:
        """JSON counts by check; the rules that found nothing are listed as passed."""
        (repo / "src" / "m.py").write_text(
            "def f(a=[]):  # socratic: allow quality.no-mutable-defaults -- a cache\n"
            "    return a\n",
            encoding="utf-8",
        )
        _, report = _json(cwd=repo)
        summary = report["summary"]
        assert isinstance(summary, dict)
        assert summary["by_check"] == {
            "quality.no-mutable-defaults": {"violations": 0, "suppressed": 1}
        }
        assert [rule["id"] for rule in summary["passed"]] == [
            "quality.no-mutable-defaults",
            "quality.no-print",
            "security.no-assert",
        ]
        text = socratic("check", cwd=repo).stdout
        assert "suppressed  quality.no-mutable-defaults" in text
        assert "(suppressed: a cache)" in text
        assert "by check:\n      0  quality.no-mutable-defaults  (1 suppressed)" in text
        assert "rules that passed:\n  quality.no-mutable-defaults" in text

    def test_notices(self, repo: Path) -> None:
        """Files no check reads and folders skipped by default are said; .venv is not read.

        `web.js` is read: the project's rules check JavaScript too.
        """
        (repo / "web.js").write_text("eval(x)\n", encoding="utf-8")
        (repo / "myenv").mkdir()
        (repo / "myenv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
        (repo / "myenv" / "x.py").write_text("assert 1\n", encoding="utf-8")
        _, report = _json(cwd=repo)
        assert report["notices"] == [
            "2 files were not analysed: no check reads .md, .toml",
            "folders skipped by the default exclude list: .venv, myenv",
        ]
        assert all("env/" not in path for _, _, path in _found(report))

    def test_zero_files(self, repo: Path) -> None:
        """An empty folder says that nothing was checked."""
        (repo / "empty").mkdir()
        code, report = _json("empty", cwd=repo)
        assert report["notices"] == [
            "0 files checked: no file matched the paths and include/exclude globs"
        ]
        assert code == 0

    def test_rules_from_stdin(self, repo: Path) -> None:
        """`--rules -` reads the instruction text from standard input."""
        code, report = _json("--rules", "-", "src", cwd=repo, stdin="- Never use print\n")
        assert _found(report) == [("quality.no-print", "warning", "src/m.py")]  # [tool.socratic]
        assert report["rules"][0]["source"] == "<stdin>"  # type: ignore[index]
        assert code == 1

    def test_control_characters_are_escaped(self, repo: Path) -> None:
        """An escape sequence or a bidi override in a checked line is shown escaped."""
        (repo / "src" / "m.py").write_text('print("\x1b[2J\u202e")\n', encoding="utf-8")
        out = socratic("check", "src", cwd=repo).stdout
        assert "\x1b" not in out
        assert "\u202e" not in out
        assert 'print("\\x1b[2J\\u202e")' in out

    def test_noqa_for_ruff_backed_rules(self, repo: Path) -> None:
        """`# noqa: B006` silences the ruff-backed rule, as ruff does."""
        (repo / "src" / "m.py").write_text("def f(a=[]):  # noqa: B006\n    return a\n", "utf-8")
        _, report = _json("src", cwd=repo)
        assert _found(report) == []


class TestFailsClosed:
    """Unreadable and vanishing files are errors, not silent passes."""

    def test_undecodable_file_blocks_unless_relaxed(self, repo: Path) -> None:
        """Bytes that are not UTF-8 exit 1; --unreadable warning reports and passes on errors."""
        (repo / "src" / "m.py").write_bytes(b"x = '\xff'\n")
        code, report = _json("src", cwd=repo)
        assert [d["kind"] for d in report["file_diagnostics"]] == ["not-utf8"]  # type: ignore[union-attr]
        assert code == 1
        relaxed, _ = _json("src", "--unreadable", "warning", "--fail-on", "error", cwd=repo)
        assert relaxed == 0

    def test_a_file_that_vanishes_mid_run(self, repo: Path) -> None:
        """A file deleted after it was listed and before it was read: exit 2, named."""
        driver = (
            "import sys\n"
            "from pathlib import Path\n"
            "from socratic_core.cli import check, main\n"
            "collect = check._collect\n"
            "def vanishing(paths, config):\n"
            "    found, skipped = collect(paths, config)\n"
            "    Path('src/m.py').unlink()\n"
            "    return found, skipped\n"
            "check._collect = vanishing\n"
            "sys.exit(main(['check', 'src']))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", driver], cwd=repo, capture_output=True, text=True, check=False
        )
        assert done.returncode == 2
        assert "src/m.py: the file disappeared while it was being checked" in done.stderr
        assert "Traceback" not in done.stderr

    def test_a_folder_that_cannot_be_listed(self, repo: Path) -> None:
        """A folder the walk cannot read is exit 2, named, not skipped (its files unchecked).

        Permissions do not hold for root (as in CI), so os.scandir refuses the folder here as
        it does for a user without the permission.
        """
        driver = (
            "import os, sys\n"
            "from socratic_core.cli import main\n"
            "scandir = os.scandir\n"
            "def refusing(path='.'):\n"
            "    if os.fspath(path).endswith('tests'):\n"
            "        raise PermissionError(13, 'Permission denied', os.fspath(path))\n"
            "    return scandir(path)\n"
            "os.scandir = refusing\n"
            "sys.exit(main(['check', '.']))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", driver], cwd=repo, capture_output=True, text=True, check=False
        )
        assert done.returncode == 2
        assert "Permission denied" in done.stderr
        assert "tests" in done.stderr
        assert "Traceback" not in done.stderr


class TestIntegrations:
    """SARIF for GitHub code scanning, and the pre-commit hook."""

    def test_sarif_for_code_scanning(self, repo: Path) -> None:
        """URIs are percent-encoded, every rule has help text, and the log fits the schema."""
        (repo / "src" / "my module.py").write_text("def f(a=[]):\n    return a\n", "utf-8")
        log = json.loads(socratic("check", "src", "--format", "sarif", cwd=repo).stdout)
        jsonschema.Draft4Validator(SCHEMA).validate(log)
        [run] = log["runs"]
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
        }
        assert "src/my%20module.py" in uris
        for descriptor in run["tool"]["driver"]["rules"]:
            assert descriptor["help"]["text"]
            assert descriptor["help"]["markdown"]
        [assert_rule] = [
            d for d in run["tool"]["driver"]["rules"] if d["id"] == "security.no-assert"
        ]
        assert assert_rule["properties"]["security-severity"] == "8.0"

    def test_pre_commit_hook_runs_the_command(self, repo: Path) -> None:
        """The hook's entry, given file names as pre-commit passes them, checks those files."""
        [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
        assert hook["id"] == "socratic-check"
        program, *args = hook["entry"].split()
        assert program == "socratic"
        result = socratic(*args, "src/m.py", cwd=repo)
        assert result.returncode == 1
        assert "quality.no-mutable-defaults" in result.stdout
