"""`socratic agents list` and `socratic run`, run in a subprocess as a user runs them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from socratic_core import Socratic

from .conftest import environment_without, socratic

EXAMPLES = Path(__file__).parents[2] / "examples"


def _socratic(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the command with no SOCRATIC_* setting of this machine's."""
    return socratic(*args, cwd=cwd, env=environment_without("SOCRATIC_"))


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


_LEAKY_PLUGIN = """
from socratic_core.hookspecs import hookimpl


class Leaky:
    name = "leaky"
    actions = frozenset({"generate"})

    def run(self, request):
        raise RuntimeError("upstream refused API_KEY=sk-proj-4f9aXq7Lm2Zt8Rw1Yb6Nc3Vd0 (quota)")


@hookimpl
def register_agents(register):
    register(Leaky())
"""


def _install_leaky_plugin(site: Path) -> None:
    """An installed plugin (module plus dist-info entry point) whose agent's error quotes a key."""
    site.mkdir()
    (site / "leaky_plugin.py").write_text(_LEAKY_PLUGIN, encoding="utf-8")
    info = site / "leaky_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: leaky-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[socratic_core]\nleaky = leaky_plugin\n")


class TestSecretsInErrors:
    """An agent's error text is shown with credentials masked."""

    def test_a_key_in_an_agents_error_is_masked(self, tmp_path: Path) -> None:
        """Each failed attempt and the final error name the failure, never the key."""
        _install_leaky_plugin(tmp_path / "site")
        env = environment_without("SOCRATIC_")
        env["PYTHONPATH"] = os.pathsep.join([str(tmp_path / "site"), env.get("PYTHONPATH", "")])
        done = socratic("run", "leaky", "generate", "--user", "carol", "--project", "p",
                        "--max-attempts", "2", cwd=tmp_path, env=env)  # fmt: skip
        assert done.returncode == 1, done.stdout + done.stderr
        output = done.stdout + done.stderr
        assert "sk-proj-4f9aXq7Lm2Zt8Rw1Yb6Nc3Vd0" not in output
        attempts = [line for line in done.stdout.splitlines() if line.startswith("attempt ")]
        assert len(attempts) == 2
        assert all("upstream refused API_KEY=[REDACTED] (quota)" in line for line in attempts)
        assert "API_KEY=[REDACTED]" in done.stdout.splitlines()[-1]
