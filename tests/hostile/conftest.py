"""Fixtures for the hostile-input suite: an app on a fresh real database, and its audit rows."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from socratic_core import InvalidInputError, Socratic
from socratic_core.db import Database
from socratic_core.services._trail import FIELD_LIMIT
from socratic_core.services.chain import canonical_json
from socratic_core.services.passwords import PasswordHasher
from socratic_core.services.schemas import UserRead

# Explicitly cheap hashing for a suite that registers many users (the default is n=2**17).
FAST_HASHER = PasswordHasher(n=2**8, r=8, p=1)
PASSWORD = "Corr3ct-horse-battery"
# A bounded field's JSON: FIELD_LIMIT characters plus the few keys that describe a cut.
MAX_FIELD_JSON = FIELD_LIMIT + 200


@dataclass
class Hostile:
    """An app on a fresh database, with the checks every refusal must pass."""

    app: Socratic
    database: Database

    def user(self, name: str) -> UserRead:
        """Register a user with the standard password."""
        return self.app.users.register(
            username=name, email=f"{name}@example.com", password=PASSWORD
        )

    def count(self, table: str) -> int:
        """How many rows `table` holds."""
        with self.database.engine.connect() as conn:
            query = sa.text(f"SELECT count(*) FROM {table}")  # noqa: S608 - the tests' own names
            return int(conn.execute(query).scalar_one())

    def audit_rows(self) -> list[dict[str, Any]]:
        """Every audit row, oldest first, with its JSON fields decoded."""
        with self.database.unit_of_work() as uow:
            return [
                {c: getattr(row, c) for c in ("action", "success", "error_code", "chain")}
                | {f: getattr(row, f) for f in ("request", "response", "violations")}
                for row in uow.audit.paginate_keyset(
                    limit=10_000, keys=("created_at", "chain", "sequence")
                ).items
            ]

    def refuses(self, call: Callable[[], object], field: str) -> dict[str, Any]:
        """Check that `call` raises `InvalidInputError` naming `field`, leaving one bounded row.

        Returns:
            The one audit row the refusal left.
        """
        before = self.audit_rows()
        with pytest.raises(InvalidInputError) as caught:
            call()
        assert caught.value.field == field, caught.value
        rows = self.audit_rows()
        assert len(rows) == len(before) + 1, "a refusal leaves exactly one audit row"
        row = next(r for r in rows if r not in before)
        assert (row["success"], row["error_code"]) == (False, "invalid_input")
        for name in ("request", "response", "violations"):
            assert len(canonical_json(row[name])) <= MAX_FIELD_JSON, name
        assert self.app.audit.verify().ok
        return row

    def refuses_read(self, call: Callable[[], object], field: str) -> None:
        """Check that a read raises `InvalidInputError` naming `field` (reads are not audited)."""
        before = self.count("audit_logs")
        with pytest.raises(InvalidInputError) as caught:
            call()
        assert caught.value.field == field, caught.value
        assert self.count("audit_logs") == before


def stored_size(row: dict[str, Any]) -> int:
    """Characters of JSON the row's three JSON fields take."""
    return sum(len(json.dumps(row[name])) for name in ("request", "response", "violations"))


@pytest.fixture
def hostile(database_url: str) -> Iterator[Hostile]:
    """A `Socratic` app on a fresh real database (a SQLite file, then PostgreSQL)."""
    database = Database.from_url(database_url)
    database.drop_all()
    database.create_all()
    app = Socratic(database=database, entry_points=False, password_hasher=FAST_HASHER)
    try:
        yield Hostile(app, database)
    finally:
        app.close()
        database.dispose()
