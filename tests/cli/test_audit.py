"""`socratic audit verify` and `socratic audit tail`, run as a user runs them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from socratic_core import Socratic

from ..conftest import FAST_HASHER, PASSWORD
from .conftest import environment_without, socratic


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
        intact = socratic("audit", "verify", "--url", sqlite_url)
        assert intact.returncode == 0, intact.stderr
        assert "audit chain intact (3 rows, 2 chains)" in intact.stdout
        engine = sa.create_engine(sqlite_url)
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE audit_logs SET success = 0 WHERE sequence = 2"))
        engine.dispose()
        broken = socratic("audit", "verify", "--url", sqlite_url)
        assert broken.returncode == 1
        assert "audit chain project:" in broken.stdout
        assert "broken at sequence 2" in broken.stdout

    def test_tail(self, sqlite_url: str) -> None:
        """`tail -n 2` prints the last two rows in order, each with its chain's sequence."""
        _fill(sqlite_url)
        result = socratic("audit", "tail", "--url", sqlite_url, "-n", "2")
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert [line.split()[:2] for line in lines] == [["project", "1"], ["project", "2"]]
        assert "project.change_phase" in lines[1]

    def test_tail_zero_prints_nothing(self, sqlite_url: str) -> None:
        """`tail -n 0` prints no row (not the whole trail); a negative count is a usage error."""
        _fill(sqlite_url)
        none = socratic("audit", "tail", "--url", sqlite_url, "-n", "0")
        assert none.returncode == 0, none.stderr
        assert none.stdout == ""
        negative = socratic("audit", "tail", "--url", sqlite_url, "-n", "-1")
        assert negative.returncode == 2
        assert "must be 0 or more" in negative.stderr


class TestMissingDatabase:
    """Read commands on a missing database say how to create it, and create nothing."""

    @pytest.mark.parametrize("command", ["verify", "tail"])
    def test_missing_sqlite_file(self, tmp_path: Path, command: str) -> None:
        """No file at the URL: exit 2, a message naming `socratic db upgrade`, still no file."""
        url = f"sqlite:///{tmp_path / 'absent.db'}"
        result = socratic("audit", command, "--url", url)
        assert result.returncode == 2
        assert "there is no database at" in result.stderr
        assert "socratic db upgrade" in result.stderr
        assert "OperationalError" not in result.stderr
        assert list(tmp_path.iterdir()) == []

    def test_default_url_in_an_empty_folder(self, tmp_path: Path) -> None:
        """Without a URL, the default `socratic.db` is not created either."""
        env = environment_without("SOCRATIC_DATABASE_URL")
        result = socratic("audit", "verify", cwd=tmp_path, env=env)
        assert result.returncode == 2
        assert "socratic db upgrade" in result.stderr
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize("command", ["verify", "tail"])
    def test_database_without_schema(self, database_url: str, command: str) -> None:
        """No audit table: exit 2, saying there is no schema and how to make one."""
        engine = sa.create_engine(database_url)
        with engine.begin() as conn:
            cascade = " CASCADE" if engine.dialect.name == "postgresql" else ""
            conn.execute(sa.text(f"DROP TABLE IF EXISTS audit_logs{cascade}"))
        engine.dispose()
        result = socratic("audit", command, "--url", database_url)
        assert result.returncode == 2
        assert "has no socratic_core schema" in result.stderr
        assert "socratic db upgrade" in result.stderr

    @pytest.mark.postgres
    def test_password_is_not_printed(self, postgres_url: str) -> None:
        """A URL's password never reaches the error message (the server trusts any password)."""
        url = sa.make_url(postgres_url).set(password="hunter2-secret")
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS audit_logs CASCADE"))
        engine.dispose()
        result = socratic("audit", "verify", "--url", url.render_as_string(hide_password=False))
        assert result.returncode == 2
        assert "has no socratic_core schema" in result.stderr
        assert "hunter2-secret" not in result.stderr


class TestAnchorCommand:
    """`socratic audit anchor` and `verify --anchors` catch a truncated chain."""

    def test_anchor_then_truncate(self, sqlite_url: str, tmp_path: Path) -> None:
        """Anchors written to a file make `verify --anchors` fail once the tail is deleted."""
        _fill(sqlite_url)
        env = {**os.environ, "SOCRATIC_AUDIT_ANCHOR_KEY": "cli-test-anchor-key"}
        made = socratic("audit", "anchor", "--url", sqlite_url, env=env)
        assert made.returncode == 0, made.stderr
        anchors = tmp_path / "anchors.json"
        anchors.write_text(made.stdout, encoding="utf-8")
        engine = sa.create_engine(sqlite_url)
        with engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM audit_logs WHERE chain != 'global' AND sequence = 2"))
        engine.dispose()
        plain = socratic("audit", "verify", "--url", sqlite_url, env=env)
        assert plain.returncode == 0, plain.stdout
        held = socratic("audit", "verify", "--url", sqlite_url, "--anchors", str(anchors), env=env)
        assert held.returncode == 1
        assert "removed from its end" in held.stdout

    def test_anchor_without_a_key(self, sqlite_url: str) -> None:
        """Without the key, the command says which variable to set and exits 2."""
        _fill(sqlite_url)
        env = environment_without("SOCRATIC_AUDIT_ANCHOR_KEY")
        result = socratic("audit", "anchor", "--url", sqlite_url, env=env)
        assert result.returncode == 2
        assert "SOCRATIC_AUDIT_ANCHOR_KEY" in result.stderr
