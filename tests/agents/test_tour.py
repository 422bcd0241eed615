"""The agents tour in examples/ runs as a user would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "agents_tour.py"


class TestAgentsTour:
    """`examples/agents_tour.py` shows a re-asked model run, a rejection and the runs."""

    def test_runs_in_memory(self, tmp_path: Path) -> None:
        """The fake model is accepted on its second attempt; codegen without a spec is not."""
        result = subprocess.run(
            [sys.executable, str(EXAMPLE)], cwd=tmp_path, capture_output=True, text=True, check=True
        )
        assert result.stdout.splitlines() == [
            "accepted after 2 attempts",
            "  attempt 1: block, 0 fixed",
            "  attempt 2: pass, 1 fixed",
            "['app/greet.py']",
            "rejected: rejected, 1 error(s) still open: the last attempt made no progress",
            "run codegen: rejected, 2 attempt(s)",
            "run model: accepted, 2 attempt(s)",
            "ok=True checked=9 chains=2 chain=None broken_sequence=None broken_id=None reason=None "
            "broken_chains=[]",
        ]
        assert result.stderr == ""
        assert list(tmp_path.iterdir()) == []
