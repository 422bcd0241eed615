"""The packaged migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from socratic_core import Database, Settings, User
from socratic_core.db import current_revision, upgrade
from socratic_core.models import Base


@pytest.fixture
def blank(database_url: str) -> Iterator[Database]:
    """A database with no socratic_core tables and no migration history."""
    database = Database.from_url(database_url, settings=Settings(database_url=database_url))
    database.drop_all()
    with database.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    yield database
    database.dispose()


class TestMigrations:
    """`upgrade` brings a blank database to the models' schema."""

    def test_migrated_schema_matches_the_models(self, blank: Database) -> None:
        """After `upgrade`, autogenerate finds nothing left to change."""
        assert current_revision(blank.engine) is None
        blank.upgrade()
        with blank.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        assert current_revision(blank.engine) == "0003"

    def test_constraint_names_follow_the_naming_convention(self, blank: Database) -> None:
        """Every unique constraint, foreign key and index has the name the models give it."""
        blank.upgrade()
        inspector = sa.inspect(blank.engine)
        for table in Base.metadata.sorted_tables:
            reflected = {u["name"] for u in inspector.get_unique_constraints(table.name)}
            reflected |= {f["name"] for f in inspector.get_foreign_keys(table.name)}
            reflected |= {i["name"] for i in inspector.get_indexes(table.name)}
            expected = {
                c.name for c in table.constraints if not isinstance(c, sa.PrimaryKeyConstraint)
            }
            expected |= {i.name for i in table.indexes}
            assert reflected == expected, table.name

    def test_upgrade_is_idempotent_and_keeps_data(self, blank: Database) -> None:
        """Running `upgrade` again on an up-to-date database changes nothing."""
        upgrade(blank.engine)
        with blank.unit_of_work() as uow:
            uow.users.add(User(username="ada", email="ada@x", password_hash="h"))
            uow.commit()
        upgrade(blank.engine)
        with blank.unit_of_work() as uow:
            assert uow.users.count() == 1

    def test_upgrade_from_a_url(self, blank: Database, database_url: str) -> None:
        """`upgrade(url)` builds its own short-lived engine."""
        upgrade(database_url)
        assert current_revision(database_url) == "0003"


class TestDbCommand:
    """`socratic db upgrade` applies the migrations from the command line."""

    def _socratic(self, *args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "socratic_core", *args],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    def test_upgrade_with_url(self, blank: Database, database_url: str, tmp_path: Path) -> None:
        """`--url` names the database; the command reports the revision reached."""
        out = self._socratic("db", "upgrade", "--url", database_url, cwd=tmp_path)
        assert "at revision 0003" in out
        assert current_revision(database_url) == "0003"
        assert "at revision 0003" in self._socratic(
            "db", "current", "--url", database_url, cwd=tmp_path
        )

    def test_upgrade_defaults_to_the_configured_url(self, tmp_path: Path) -> None:
        """Without `--url`, `SOCRATIC_DATABASE_URL` is used."""
        url = f"sqlite:///{tmp_path / 'configured.db'}"
        self._socratic("db", "upgrade", cwd=tmp_path, env={"SOCRATIC_DATABASE_URL": url})
        assert current_revision(url) == "0003"

    def test_bad_url_exits_with_2(self, tmp_path: Path) -> None:
        """An unusable URL is reported on stderr with exit code 2, without a traceback."""
        result = subprocess.run(
            [sys.executable, "-m", "socratic_core", "db", "upgrade", "--url", "nodb://x"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2
        assert "cannot use database URL" in result.stderr
        assert "Traceback" not in result.stderr

    def test_invalid_setting_exits_with_2(self, tmp_path: Path) -> None:
        """A malformed `SOCRATIC_*` variable is reported, naming the setting, with exit code 2."""
        result = subprocess.run(
            [sys.executable, "-m", "socratic_core", "db", "upgrade"],
            cwd=tmp_path,
            env={**os.environ, "SOCRATIC_POOL_SIZE": "many"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2
        assert "pool_size" in result.stderr
        assert "Traceback" not in result.stderr
