"""The databases a benchmark runs on: a fresh SQLite file, and a private PostgreSQL database.

`SOCRATIC_TEST_POSTGRES_URL` names the PostgreSQL server (an admin URL, as for the tests); each
run creates its own database there and drops it afterwards.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

POSTGRES_ADMIN_URL = os.environ.get(
    "SOCRATIC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@contextmanager
def sqlite_url() -> Iterator[str]:
    """The URL of a new SQLite file, removed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


@contextmanager
def postgres_url(admin_url: str = POSTGRES_ADMIN_URL) -> Iterator[str]:
    """The URL of a new PostgreSQL database on `admin_url`'s server, dropped afterwards."""
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"socratic_bench_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        try:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()


def databases(admin_url: str = POSTGRES_ADMIN_URL) -> Iterator[tuple[str, str]]:
    """Yield ("sqlite", url), then ("postgres", url) unless no PostgreSQL answers (said once)."""
    with sqlite_url() as url:
        yield "sqlite", url
    try:
        with postgres_url(admin_url) as url:
            yield "postgres", url
    except sa.exc.OperationalError as exc:  # no server here: the SQLite figures still stand
        print(f"postgres   skipped: {type(exc).__name__}: {exc}".splitlines()[0])
