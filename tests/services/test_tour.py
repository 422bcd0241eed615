"""The services tour in examples/ runs as a user would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "services_tour.py"


class TestServicesTour:
    """`examples/services_tour.py` prints the trail and an intact chain."""

    def test_runs_in_memory(self, tmp_path: Path) -> None:
        """On the in-memory default it prints the refusal, ten audit rows and verified chains."""
        result = subprocess.run(
            [sys.executable, str(EXAMPLE)], cwd=tmp_path, capture_output=True, text=True, check=True
        )
        lines = result.stdout.splitlines()
        assert "refused: permission_denied" in lines
        assert "global     3 user.authenticate      ok" in lines
        assert "project    7 project.update         permission_denied" in lines
        assert lines[-1].startswith("ok=True checked=10 chains=2 ")
        assert result.stderr == ""
        assert list(tmp_path.iterdir()) == []
