"""The packaged migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from socratic_core import PasswordHasher, Settings, Socratic
from socratic_core.db import Database, current_revision, upgrade
from socratic_core.db.migrate import alembic_config
from socratic_core.models import GLOBAL_CHAIN, Base, User, chain_for
from socratic_core.services._trail import HASHED_FIELDS
from socratic_core.services.chain import GENESIS_HASH, chain_hash

# The newest packaged revision: every upgrade below must reach it.
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()
_CHEAP = PasswordHasher(n=2**8)  # explicitly cheap: this test is about the trail, not hashing


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
        assert current_revision(blank.engine) == HEAD

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
        assert current_revision(database_url) == HEAD


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
        assert f"at revision {HEAD}" in out
        assert current_revision(database_url) == HEAD
        assert f"at revision {HEAD}" in self._socratic(
            "db", "current", "--url", database_url, cwd=tmp_path
        )

    def test_upgrade_defaults_to_the_configured_url(self, tmp_path: Path) -> None:
        """Without `--url`, `SOCRATIC_DATABASE_URL` is used."""
        url = f"sqlite:///{tmp_path / 'configured.db'}"
        self._socratic("db", "upgrade", cwd=tmp_path, env={"SOCRATIC_DATABASE_URL": url})
        assert current_revision(url) == HEAD

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


def _old_rows(count: int) -> list[dict[str, object]]:
    """Audit rows as revision 0001 chained them: one chain, no chain column."""
    rows: list[dict[str, object]] = []
    previous = GENESIS_HASH
    moment = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    for sequence in range(1, count + 1):
        row: dict[str, object] = {
            "id": str(uuid.uuid4()),
            "sequence": sequence,
            "created_at": moment + timedelta(seconds=sequence),
            "user_id": None,
            "agent_id": None,
            "action": "legacy.write",
            "entity_type": "thing",
            "entity_id": str(sequence),
            "request": {"n": sequence},
            "response": {"ok": True},
            "success": True,
            "error_code": None,
            "instruction_version": None,
            "violations": [],
            "previous_hash": previous,
        }
        row["hash"] = previous = chain_hash(previous, {k: row[k] for k in HASHED_FIELDS})
        rows.append(row)
    return rows


class TestAuditChainsMigration:
    """Revision 0002 keeps a 0001 trail valid: its rows become the global chain."""

    def test_rows_made_at_0001_verify_after_upgrade(self, blank: Database) -> None:
        """A chain written at 0001 verifies at head, and new project rows chain on their own."""
        upgrade(blank.engine, "0001")
        audit_logs = sa.table(
            "audit_logs",
            *(sa.column(name) for name in (*HASHED_FIELDS, "hash", "updated_at")),
        )
        rows = _old_rows(5)
        json_fields = ("request", "response", "violations")
        with blank.engine.begin() as connection:
            connection.execute(
                sa.insert(audit_logs),
                [
                    {
                        **{k: json.dumps(v) if k in json_fields else v for k, v in row.items()},
                        "updated_at": row["created_at"],
                    }
                    for row in rows
                ],
            )
        upgrade(blank.engine)
        app = Socratic(database=blank, entry_points=False, password_hasher=_CHEAP)
        try:
            assert app.audit.verify().ok
            assert {e.chain for e in app.audit.entries().items} == {GLOBAL_CHAIN}
            user = app.users.register(username="ada", email="ada@x.org", password="Pw-12345678")
            project = app.projects.create(user.id, name="After")
            entries = app.audit.entries(limit=100).items
            assert [(e.chain, e.sequence) for e in entries[-2:]] == [
                (GLOBAL_CHAIN, 6),
                (chain_for(project.id), 1),
            ]
            result = app.audit.verify()
            assert (result.ok, result.checked, result.chains) == (True, 7, 2)
        finally:
            app.close()

    @pytest.mark.postgres
    def test_postgresql_gets_the_lock_function(self, postgres_url: str) -> None:
        """On PostgreSQL, 0002 creates `socratic_lock_chain_tip`, which returns a chain's tip."""
        database = Database.from_url(postgres_url)
        try:
            database.drop_all()
            with database.engine.begin() as connection:
                connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
                connection.execute(sa.text("DROP FUNCTION IF EXISTS socratic_lock_chain_tip(text)"))
            upgrade(database.engine)
            with database.engine.begin() as connection:
                empty = connection.execute(
                    sa.text("SELECT * FROM socratic_lock_chain_tip('global')")
                ).one()
            assert tuple(empty) == (None, None)
        finally:
            database.dispose()
