"""The README's main job: the bundled rules against the bundled example codebase."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


class TestReadmeMainJob:
    """`socratic check --rules examples/rules.md examples/sample_project` works as documented."""

    def test_example_report(self) -> None:
        """The example project breaks the rules it was written to break, and exits 1."""
        command = [
            sys.executable,
            "-m",
            "socratic_core",
            "check",
            "--rules",
            "examples/rules.md",
            "examples/sample_project",
            "--no-plugins",
        ]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        assert result.returncode == 1, result.stderr
        out = result.stdout
        for rule_id in (
            "security.no-eval",
            "security.no-hardcoded-secrets",
            "security.password-hashing",
            "security.no-sql-string-building",
            "architecture.forbidden-import",
            "architecture.no-circular-imports",
            "performance.no-blocking-in-async",
            "performance.no-query-in-loop",
            "quality.no-print",
            "quality.no-swallowed-exceptions",
        ):
            assert f"  {rule_id}  " in out, rule_id
        assert "(suppressed: path comes from our own settings, not users)" in out
        assert '"Write code a new colleague can follow."' in out
        assert "verdict: block" in out


class TestExampleScripts:
    """The scripts under examples/ run as their docstrings say."""

    def test_check_agent_output(self) -> None:
        """The Python API example reports the eval and the hardcoded token, and exits 1."""
        script = ROOT / "examples" / "check_agent_output.py"
        result = subprocess.run(
            [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 1, result.stderr
        assert "calc/core.py" in result.stdout
        assert "security.no-eval" in result.stdout
        assert "security.no-hardcoded-secrets" in result.stdout
        assert 'rule: agent-rules.md:4 "Never use eval."' in result.stdout
