"""`examples/script_check.py`, the ScriptFile check the plugin docs show, runs as it says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class TestScriptCheckExample:
    """The example finds the `debugger` statements in TypeScript and in a Vue component."""

    def test_reports_each_file_and_exits_1(self) -> None:
        """Both files are reported, one finding suppressed, and the rule checked 2 files."""
        script = ROOT / "examples" / "script_check.py"
        command = [sys.executable, str(script)]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        assert result.returncode == 1, result.stderr
        assert "web/Counter.vue\n  4:24  error    demo.no-debugger" in result.stdout
        assert "(suppressed: stepping through the retry path)" in result.stdout
        assert "demo.no-debugger  2 files (typescript 2)" in result.stdout
