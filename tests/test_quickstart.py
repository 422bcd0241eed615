"""The README's quickstart runs as a user would run it, on the embedded SQLite default."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from socratic_core.db import Database

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "quickstart.py"


class TestQuickstart:
    """`examples/quickstart.py` creates records and prints them back."""

    def test_runs_on_the_default_sqlite_file(self, tmp_path: Path) -> None:
        """Run twice in a fresh folder, it creates `quickstart.db` and prints what it stored."""
        for _ in range(2):
            result = subprocess.run(
                [sys.executable, str(EXAMPLE)],
                cwd=tmp_path,
                capture_output=True,
                text=True,
                check=True,
            )
        assert (tmp_path / "quickstart.db").exists()
        lines = result.stdout.splitlines()
        assert lines.count("project 'Analytical Engine' (planning, active) owned by ada") == 2
        assert "  [1] user: It computes Bernoulli numbers." in lines
        assert "  - No hardcoded secrets" in lines
        assert result.stderr == ""

    def test_runs_on_a_given_url(self, database_url: str, tmp_path: Path) -> None:
        """Given a URL of a blank database (SQLite file or PostgreSQL), it works there too."""
        database = Database.from_url(database_url)
        database.drop_all()
        with database.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        database.dispose()
        result = subprocess.run(
            [sys.executable, str(EXAMPLE), database_url],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        assert "session 'Kick-off' (socratic):" in result.stdout
