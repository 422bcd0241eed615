"""`socratic check`, run for real in a subprocess on files in a temporary folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO

import pytest

from .conftest import SOCRATIC, socratic

RULES = """# Rules

## Security
- Never use eval.

## Code quality
- Avoid print statements.
"""


def _read_all(screen: BinaryIO) -> bytes:
    chunks = []
    while True:
        try:
            chunk = screen.read(4096)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with rules, a package that breaks them, and a clean module."""
    (tmp_path / "rules.md").write_text(RULES, encoding="utf-8")
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "bad.py").write_text('eval("1")\n', encoding="utf-8")
    (package / "chatty.py").write_text('print("hi")\n', encoding="utf-8")
    (tmp_path / "clean.py").write_text("x = 1\n", encoding="utf-8")
    return tmp_path


class TestCheckCommand:
    """Exit codes, formats and options of `socratic check`."""

    def test_violations_exit_1_with_a_text_report(self, project: Path) -> None:
        """An error-severity violation exits 1 and the report names file, line and rule."""
        result = socratic("check", "--rules", "rules.md", "app", cwd=project)
        assert result.returncode == 1, result.stderr
        assert "app/bad.py\n  1:1  error    security.no-eval" in result.stdout
        assert result.stdout.rstrip().endswith("3 files)")
        assert "verdict: block" in result.stdout

    def test_clean_files_exit_0(self, project: Path) -> None:
        """Files that break no rule exit 0."""
        result = socratic("check", "--rules", "rules.md", "clean.py", cwd=project)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "verdict: pass" in result.stdout

    def test_fail_on_warning(self, project: Path) -> None:
        """Warnings pass by default and fail with --fail-on warning."""
        chatty = "app/chatty.py"
        assert socratic("check", "--rules", "rules.md", chatty, cwd=project).returncode == 0
        strict = socratic(
            "check", "--rules", "rules.md", chatty, "--fail-on", "warning", cwd=project
        )
        assert strict.returncode == 1

    def test_json_and_sarif_formats(self, project: Path) -> None:
        """--format json and --format sarif print machine-readable reports."""
        as_json = socratic("check", "--rules", "rules.md", ".", "--format", "json", cwd=project)
        data = json.loads(as_json.stdout)
        assert sorted(v["rule_id"] for v in data["violations"]) == [
            "quality.no-print",
            "security.no-eval",
        ]
        as_sarif = socratic("check", "--rules", "rules.md", ".", "--format", "sarif", cwd=project)
        log = json.loads(as_sarif.stdout)
        assert log["version"] == "2.1.0"
        assert len(log["runs"][0]["results"]) == 2

    def test_jobs_give_the_same_report(self, project: Path) -> None:
        """Several processes find exactly what one process finds."""
        for n in range(40):
            (project / "app" / f"mod{n}.py").write_text(f'eval("{n}")\n', encoding="utf-8")
        (project / "app" / "a.py").write_text("from app import b\n", encoding="utf-8")
        (project / "app" / "b.py").write_text("from app import a\n", encoding="utf-8")
        (project / "rules.md").write_text(RULES + "- No circular imports.\n", encoding="utf-8")
        args = ("check", "--rules", "rules.md", "app", "--format", "json")
        one = json.loads(socratic(*args, cwd=project).stdout)
        two = json.loads(socratic(*args, "--jobs", "2", cwd=project).stdout)
        assert one == two
        assert len(one["violations"]) == 44

    @pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="needs os.sched_getaffinity")
    @pytest.mark.parametrize("files", [5, 300])
    def test_default_jobs_one_per_core_for_a_large_run(self, project: Path, files: int) -> None:
        """Without --jobs, a large run checks in one worker per core, a small one in-process.

        The report is the one `--jobs 1` gives either way.
        """
        for n in range(files):
            (project / "app" / f"mod{n}.py").write_text(f'eval("{n}")\n', encoding="utf-8")
        driver = (
            "import os, sys\n"
            "from socratic_core.cli import main\n"
            "from socratic_core.rules import RuleEngine\n"
            "checked = RuleEngine.check_files\n"
            "def recording(self, *args, **kwargs):\n"
            "    with open('pids.txt', 'a', encoding='utf-8') as out:\n"
            "        out.write(f'{os.getpid()}\\n')\n"
            "    return checked(self, *args, **kwargs)\n"
            "RuleEngine.check_files = recording\n"
            "print(os.getpid(), file=sys.stderr)\n"
            "sys.exit(main(sys.argv[1:]))\n"
        )
        args = ("check", "--rules", "rules.md", "app", "--format", "json")
        done = subprocess.run(
            [sys.executable, "-c", driver, *args],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        pids = set((project / "pids.txt").read_text(encoding="utf-8").split())
        cores = len(os.sched_getaffinity(0))
        if files < 128 or cores == 1:
            assert pids == {done.stderr.split()[0]}
        else:
            assert len(pids) == min(cores, files // 128)
            assert done.stderr.split()[0] not in pids
        one = json.loads(socratic(*args, "--jobs", "1", cwd=project).stdout)
        assert json.loads(done.stdout) == one
        assert len(one["violations"]) == files + 2  # and bad.py, chatty.py

    def test_no_progress_bar_when_stderr_is_not_a_terminal(self, project: Path) -> None:
        """Output to a pipe carries no progress bar."""
        for n in range(60):
            (project / "app" / f"m{n}.py").write_text("x = 1\n", encoding="utf-8")
        result = socratic("check", "--rules", "rules.md", "app", cwd=project)
        assert "checking [" not in result.stderr

    def test_progress_bar_when_stderr_is_a_terminal(self, project: Path) -> None:
        """With stderr on a terminal, a large tree shows a progress bar there (not on stdout)."""
        pty = pytest.importorskip("pty", reason="needs a POSIX pseudo-terminal")
        for n in range(60):
            (project / "app" / f"m{n}.py").write_text("x = 1\n", encoding="utf-8")
        controller, terminal = pty.openpty()
        command = [*SOCRATIC, "check", "--rules", "rules.md", "app"]
        with os.fdopen(controller, "rb", buffering=0) as screen:
            result = subprocess.run(
                command, cwd=project, stdout=subprocess.PIPE, stderr=terminal, check=False
            )
            os.close(terminal)
            shown = _read_all(screen)
        assert result.returncode == 1
        assert b"checking [" in shown
        assert b"63/63 files" in shown
        assert b"checking [" not in result.stdout

    def test_usage_errors_exit_2(self, project: Path) -> None:
        """A missing path, a missing rules file or a bad option exits 2."""
        assert socratic("check", "--rules", "rules.md", "nope", cwd=project).returncode == 2
        assert socratic("check", "--rules", "missing.md", "app", cwd=project).returncode == 2
        assert socratic("check", "app", cwd=project).returncode == 2
        bad_jobs = socratic("check", "--rules", "rules.md", "app", "--jobs", "0", cwd=project)
        assert bad_jobs.returncode == 2

    def test_rules_syntax_errors_exit_2(self, project: Path) -> None:
        """A malformed statement exits 2, printing its position and a did-you-mean hint."""
        text = "- Never use eval.\n- quality.max-func-length(max=50)\n"
        (project / "bad.md").write_text(text, encoding="utf-8")
        result = socratic("check", "--rules", "bad.md", "app", cwd=project)
        assert result.returncode == 2
        assert "bad.md:2:3: error: unknown rule id 'quality.max-func-length'" in result.stderr
        assert "did you mean 'quality.max-function-length'" in result.stderr
        assert result.stdout == ""


class TestInputsOnDisk:
    """What the command meets on disk: several rule files, links that lead nowhere."""

    def test_a_broken_link_in_a_folder_is_not_a_file_to_check(self, project: Path) -> None:
        """A dangling symlink is skipped: the report covers the real files, with no traceback."""
        (project / "app" / "gone.py").symlink_to(project / "nowhere.py")
        result = socratic("check", "--rules", "rules.md", "app", cwd=project)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout.rstrip().endswith("3 files)")

    def test_a_missing_path_says_so(self, project: Path) -> None:
        """A path that does not exist is named, with the reason, and exits 2."""
        result = socratic("check", "--rules", "rules.md", "nope", cwd=project)
        assert result.returncode == 2
        assert "no such file or directory: 'nope'" in result.stderr

    def test_rule_files_are_merged_without_duplicates(self, project: Path) -> None:
        """The same rule in two rule files reports each violation once."""
        (project / "more.md").write_text("- Never use eval.\n", encoding="utf-8")
        result = socratic(
            "check", "--rules", "rules.md", "--rules", "more.md", "app/bad.py",
            "--format", "json", cwd=project,
        )  # fmt: skip
        assert result.returncode == 1, result.stderr
        violations = json.loads(result.stdout)["violations"]
        assert [v["rule_id"] for v in violations] == ["security.no-eval"]

    def test_contradicting_rule_files_are_reported(self, project: Path) -> None:
        """A later file asking for the opposite of an earlier one: a warning at path:line:col."""
        (project / "loose.md").write_text("- Use print for debugging.\n", encoding="utf-8")
        result = socratic(
            "check", "--rules", "rules.md", "--rules", "loose.md", "clean.py", cwd=project
        )
        notes = [line for line in result.stderr.splitlines() if "contradicts" in line]
        assert notes, result.stderr
        assert all(note.startswith("loose.md:1:3: warning: ") for note in notes), notes


class TestRulesParseVocabulary:
    """`socratic rules parse` reads statements with the same vocabulary `socratic check` uses."""

    def test_text_checks_and_plugins_resolve(self, project: Path) -> None:
        """Statements naming the text checks resolve to them, as in `check`."""
        (project / "answers.md").write_text(
            "- Responses must be under 400 characters.\n- Never reveal secrets in responses.\n",
            encoding="utf-8",
        )
        result = socratic("rules", "parse", "answers.md", cwd=project)
        assert result.returncode == 0, result.stderr
        assert "quality.max-response-length(max=399)" in result.stdout
        assert "security.no-secrets-in-text\n" in result.stdout
        assert "unenforced" not in result.stdout.split("rules (")[0]
