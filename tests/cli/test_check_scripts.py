"""`socratic check` on a folder with TypeScript and JavaScript in it, run for real."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

_PYPROJECT = """[tool.socratic]
rules = ["AGENTS.md"]
exclude = ["legacy/**"]
"""
_RULES = "# Rules\n\n- Functions must not exceed 3 lines.\n- Keep lines under 60 characters.\n"
_LONG_TS = "export function long(a: number): number {\n  const b = a;\n  const c = b;\n"
_LONG_TS += "  return c;\n}\n"
_LONG_PY = "def long(a):\n    b = a\n    c = b\n    return c\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A web project: TypeScript, a Vue component, Python, and a legacy folder it excludes."""
    (tmp_path / "pyproject.toml").write_text(_PYPROJECT, encoding="utf-8")
    (tmp_path / "AGENTS.md").write_text(_RULES, encoding="utf-8")
    for folder in ("web", "legacy", "node_modules/lib"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "web/api.ts").write_text(_LONG_TS, encoding="utf-8")
    vue = '<template>\n  <p>{{ n }}</p>\n</template>\n<script setup lang="ts">\n'
    vue += "const n: number = 1 // a comment that makes this line long enough\n</script>\n"
    (tmp_path / "web/Counter.vue").write_text(vue, encoding="utf-8")
    (tmp_path / "app.py").write_text(_LONG_PY, encoding="utf-8")
    (tmp_path / "legacy/old.js").write_text(_LONG_TS.replace(": number", ""), encoding="utf-8")
    (tmp_path / "node_modules/lib/index.js").write_text("function (\n", encoding="utf-8")
    return tmp_path


def _check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "socratic_core", "check", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)


class TestCheckScripts:
    """The same rules file checks the Python and the TypeScript in one folder."""

    def test_one_rules_file_checks_both(self, project: Path) -> None:
        """Length fires in app.py and web/api.ts; excluded and vendored files are left out."""
        result = _check(project, "--format", "json")
        assert result.returncode == 1, result.stderr
        report = json.loads(result.stdout)
        found = sorted((v["rule_id"], v["location"]["path"]) for v in report["violations"])
        assert found == [
            ("quality.max-function-length", "app.py"),
            ("quality.max-function-length", "web/api.ts"),
            ("quality.max-line-length", "web/Counter.vue"),
        ]
        coverage = {c["rule_id"]: c["languages"] for c in report["coverage"]}
        assert coverage["quality.max-function-length"] == {"python": 1, "typescript": 2}
        assert report["file_diagnostics"] == []

    def test_text_report_says_what_each_rule_checked(self, project: Path) -> None:
        """The text report lists each rule with the files and languages it read."""
        result = _check(project)
        assert "quality.max-function-length  3 files (python 1, typescript 2)" in result.stdout
