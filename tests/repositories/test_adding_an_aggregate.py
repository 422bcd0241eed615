"""The docs' worked example of adding an aggregate runs, on SQLite and on the in-memory store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "adding_an_aggregate.py"
EXPECTED = [
    "['100% sure', 'Bernoulli']",
    "['100% sure']",
    "conflict on title",
]


class TestAddingAnAggregate:
    """`examples/adding_an_aggregate.py` (shown in docs/concepts/repositories.md) works."""

    def test_both_units_of_work_hold_the_new_aggregate(self, tmp_path: Path) -> None:
        """Its notes are stored, listed, searched and conflict alike on SQLite and in memory."""
        url = f"sqlite:///{tmp_path / 'notes.db'}"
        # A fresh interpreter: the example's model joins the models' metadata only there.
        result = subprocess.run(
            [sys.executable, str(EXAMPLE), url],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.splitlines() == ["database:", *EXPECTED, "in memory:", *EXPECTED]
        assert result.stderr == ""
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            count = connection.execute(sa.text("SELECT count(*) FROM notes")).scalar()
        engine.dispose()
        assert count == 2
