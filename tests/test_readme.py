"""The README's Python examples run as written, each in a fresh interpreter and an empty folder."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"), re.S | re.M)


class TestReadmeExamples:
    """What the README shows a new user is code that works."""

    def test_readme_has_python_examples(self) -> None:
        """The README shows the Python API at all (so the test below has something to run)."""
        assert len(BLOCKS) >= 3

    @pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
    def test_block_runs(self, code: str, tmp_path: Path) -> None:
        """The block runs to the end without an error, on the embedded SQLite default."""
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
