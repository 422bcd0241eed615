"""`socratic agents list` and `socratic run`, run in a subprocess as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from socratic_core import Socratic

EXAMPLES = Path(__file__).parents[3] / "examples"


def _socratic(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOCRATIC_")}
    return subprocess.run(
        [sys.executable, "-m", "socratic_core", *args],
        capture_output=True, text=True, check=False, cwd=cwd, env=env,
    )  # fmt: skip


class TestAgentsList:
    """The built-in agents are listed with their actions."""

    def test_lists_the_builtins(self, tmp_path: Path) -> None:
        """codegen and counselor appear with what they do."""
        listed = _socratic("agents", "list", "--no-plugins", cwd=tmp_path)
        assert listed.returncode == 0, listed.stderr
        lines = listed.stdout.splitlines()
        assert [line.split()[0] for line in lines] == ["codegen", "counselor"]
        assert "answer, ask" in lines[1]


class TestRun:
    """One command on a fresh folder: user, project, rules, spec, attempts, files, audit."""

    def test_codegen_on_a_fresh_machine(self, tmp_path: Path) -> None:
        """The default SQLite file is created; each attempt is shown; the files are written."""
        done = _socratic(
            "run", "codegen", "generate", "--user", "alice", "--project", "demo",
            "--spec", str(EXAMPLES / "calculator_spec.md"),
            "--rules", str(EXAMPLES / "team_rules.md"), "--out", "out",
            cwd=tmp_path,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        lines = done.stdout.splitlines()
        assert lines[:2] == ["created user alice (with a random password)", "created project demo"]
        assert lines[2].startswith("attempt 1: block     0 open, 4 new, 0 fixed")
        assert lines[3].startswith("attempt 2: pass      0 open, 0 new, 4 fixed")
        assert "accepted after 2 attempt(s)" in lines[4]
        assert (tmp_path / "out/src/tiny_calculator/arithmetic.py").is_file()
        with Socratic.from_url(f"sqlite:///{tmp_path / 'socratic.db'}") as app:
            user = app.users.get_by_username("alice")
            [project] = app.projects.list(user.id)
            [run] = app.runs.list(user.id, project.id)
            assert (run.agent, run.status.value, run.attempt_count) == ("codegen", "accepted", 2)
            assert app.audit.verify().ok

    def test_a_rejected_run_exits_1_and_a_bad_agent_exits_2(self, tmp_path: Path) -> None:
        """No specification: rejected (exit 1); an unknown agent: an error naming it (exit 2)."""
        rejected = _socratic("run", "codegen", "generate", "--user", "bob", "--project", "p",
                             "--task", "an app", cwd=tmp_path)  # fmt: skip
        assert rejected.returncode == 1
        assert "rejected after 2 attempt(s)" in rejected.stdout
        unknown = _socratic("run", "nobody", "ask", "--user", "bob", "--project", "p",
                            cwd=tmp_path)  # fmt: skip
        assert unknown.returncode == 2
        assert "no agent named 'nobody'" in unknown.stderr
