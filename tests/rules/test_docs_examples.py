"""examples/instruction_rules.py (shown in docs/concepts/rules.md) runs as documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


class TestDocsExamples:
    """The documented example script prints what the page says it does."""

    def test_example_script(self) -> None:
        """Rules in canonical form, one explanation, then the merged layers and the warning."""
        result = subprocess.run(
            [sys.executable, "examples/instruction_rules.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        lines = result.stdout.splitlines()
        assert lines[1] == "architecture.forbidden-import(source=api, target=db)"
        assert "Checked by: architecture.forbidden-import." in result.stdout
        assert lines[-3:-1] == [
            "project security.no-eval",
            "session quality.max-function-length(max=30)",
        ]
        assert "they set different limits" in lines[-1]
