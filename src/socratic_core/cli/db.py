"""`socratic db`: manage the database schema.

    socratic db upgrade [--url URL] [--revision REV]   apply the packaged migrations
    socratic db current [--url URL]                    print the revision the database is at

Without `--url`, the URL comes from `SOCRATIC_DATABASE_URL` (default `sqlite:///socratic.db`).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from socratic_core.db import Database

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add the `db` command and its subcommands to the `socratic` parser."""
    parser = subparsers.add_parser("db", help="manage the database schema")
    commands = parser.add_subparsers(dest="db_command", metavar="DB_COMMAND", required=True)
    upgrade = commands.add_parser("upgrade", help="apply the migrations up to REV (latest)")
    _add_url(upgrade)
    upgrade.add_argument("--revision", default="head", help="revision to reach (default: head)")
    upgrade.set_defaults(handler=_upgrade)
    current = commands.add_parser("current", help="print the revision the database is at")
    _add_url(current)
    current.set_defaults(handler=_current)


def _add_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url", default=None, help="database URL (default: $SOCRATIC_DATABASE_URL or sqlite)"
    )


def _database(args: argparse.Namespace) -> Database:
    from socratic_core.config import Settings  # noqa: PLC0415 - imported when the command runs
    from socratic_core.db import Database  # noqa: PLC0415

    settings = Settings.load()
    return Database.from_url(args.url or settings.database_url, settings=settings)


def _upgrade(args: argparse.Namespace) -> int:
    from socratic_core.db import current_revision  # noqa: PLC0415

    database = _database(args)
    try:
        database.upgrade(args.revision)
        print(f"{database.url}: at revision {current_revision(database.engine)}")
    finally:
        database.dispose()
    return 0


def _current(args: argparse.Namespace) -> int:
    from socratic_core.db import current_revision  # noqa: PLC0415

    database = _database(args)
    try:
        print(f"{database.url}: at revision {current_revision(database.engine) or 'none'}")
    finally:
        database.dispose()
    return 0
