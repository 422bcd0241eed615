"""`socratic audit verify` and `socratic audit tail`, run as a user runs them."""

from __future__ import annotations

import subprocess
import sys

import sqlalchemy as sa

from socratic_core import Socratic

from .conftest import FAST_HASHER, PASSWORD


def _socratic(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "socratic_core", *args], capture_output=True, text=True, check=False
    )


def _fill(url: str) -> None:
    with Socratic.from_url(url, entry_points=False, password_hasher=FAST_HASHER) as app:
        user = app.users.register(username="cli", email="cli@example.com", password=PASSWORD)
        project = app.projects.create(user.id, name="CLI")
        app.projects.change_phase(user.id, project.id, "design")


class TestAuditCommand:
    """The command verifies the chain and shows the latest rows."""

    def test_verify_intact_then_tampered(self, sqlite_url: str) -> None:
        """Exit 0 with the row count on an intact chain; exit 1 naming the row after tampering."""
        _fill(sqlite_url)
        intact = _socratic("audit", "verify", "--url", sqlite_url)
        assert intact.returncode == 0, intact.stderr
        assert "audit chain intact (3 rows)" in intact.stdout
        engine = sa.create_engine(sqlite_url)
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE audit_logs SET success = 0 WHERE sequence = 2"))
        engine.dispose()
        broken = _socratic("audit", "verify", "--url", sqlite_url)
        assert broken.returncode == 1
        assert "broken at sequence 2" in broken.stdout

    def test_tail(self, sqlite_url: str) -> None:
        """`tail -n 2` prints the last two rows in chain order."""
        _fill(sqlite_url)
        result = _socratic("audit", "tail", "--url", sqlite_url, "-n", "2")
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert [line.split()[0] for line in lines] == ["2", "3"]
        assert "project.change_phase" in lines[1]
