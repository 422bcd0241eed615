"""`socratic audit`: check and read the tamper-evident audit trail.

    socratic audit verify [--url URL] [--batch-size N] [--anchors FILE]
                                                 walk every hash chain; exit 1 if one is broken
    socratic audit anchor [--url URL]            print every chain's tip, signed, as JSON
    socratic audit tail [--url URL] [-n N]       print the last N audit rows

`anchor` and `verify --anchors` sign with `SOCRATIC_AUDIT_ANCHOR_KEY`: keep the anchors it prints
where the database's writers cannot change them, and verify against them later to detect rows
removed from the end of a chain or a chain recomputed after an edit.

Without `--url`, the URL comes from `SOCRATIC_DATABASE_URL` (default `sqlite:///socratic.db`).
Both only read: on a missing SQLite file or a database without the schema they say so (and how
to create it, `socratic db upgrade`) and exit 2, creating nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from socratic_core.db import Database
    from socratic_core.services.audit import AuditService
    from socratic_core.services.schemas import AuditEntryRead

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add the `audit` command and its subcommands to the `socratic` parser."""
    parser = subparsers.add_parser("audit", help="verify and read the audit trail")
    commands = parser.add_subparsers(dest="audit_command", metavar="AUDIT_COMMAND", required=True)
    verify = commands.add_parser("verify", help="walk the hash chain and report where it breaks")
    _add_url(verify)
    verify.add_argument("--batch-size", type=int, default=2000, help="rows read per query")
    verify.add_argument("--anchors", default=None, help="a file of anchors to hold the chains to")
    verify.set_defaults(handler=_verify)
    anchor = commands.add_parser("anchor", help="print every chain's tip, signed, as JSON")
    _add_url(anchor)
    anchor.set_defaults(handler=_anchor)
    tail = commands.add_parser("tail", help="print the last rows of the trail")
    _add_url(tail)
    tail.add_argument("-n", type=_count, default=20, help="how many rows (default 20)")
    tail.set_defaults(handler=_tail)


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _add_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url", default=None, help="database URL (default: $SOCRATIC_DATABASE_URL or sqlite)"
    )


def _run(args: argparse.Namespace, work: Any) -> int:
    from socratic_core.config import Settings  # noqa: PLC0415 - imported when the command runs
    from socratic_core.db import Database  # noqa: PLC0415
    from socratic_core.services.audit import AuditService  # noqa: PLC0415

    settings = Settings.load()
    url = args.url or settings.database_url
    _require_file(url)
    database = Database.from_url(url, settings=settings)
    try:
        _require_schema(database, database.url)  # its password hidden: messages may be logged
        key = settings.audit_anchor_key
        audit = AuditService(
            database.unit_of_work, anchor_key=None if key is None else key.get_secret_value()
        )
        code: int = work(audit, database.url)
    finally:
        database.dispose()
    return code


def _require_file(url: str) -> None:
    import sqlalchemy as sa  # noqa: PLC0415

    from socratic_core.errors import ConfigurationError  # noqa: PLC0415

    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        return  # Database.from_url reports a malformed URL
    path = parsed.database
    if parsed.get_backend_name() != "sqlite" or not path or path == ":memory:":
        return
    if not Path(path).exists():  # opening it would create an empty database file
        raise ConfigurationError(
            f"there is no database at {path}: create it with `socratic db upgrade --url {url}`"
        )


def _require_schema(database: Database, url: str) -> None:
    """Raise a `ConfigurationError` unless the database has the audit schema; `url` is shown."""
    import sqlalchemy as sa  # noqa: PLC0415

    from socratic_core.errors import ConfigurationError  # noqa: PLC0415

    try:
        inspector = sa.inspect(database.engine)
        tables = set(inspector.get_table_names())
        present = "audit_logs" in tables
        columns = {c["name"] for c in inspector.get_columns("audit_logs")} if present else set()
    except sa.exc.SQLAlchemyError as exc:
        reason = str(exc).splitlines()[0]
        raise ConfigurationError(f"cannot read the database at {url}: {reason}") from exc
    if "audit_logs" not in tables:
        raise ConfigurationError(
            f"the database at {url} has no socratic_core schema: "
            f"create it with `socratic db upgrade --url {url}`"
        )
    if "chain" not in columns:
        raise ConfigurationError(
            f"the database at {url} has an older schema: "
            f"bring it up to date with `socratic db upgrade --url {url}`"
        )


def _verify(args: argparse.Namespace) -> int:
    anchors = None if args.anchors is None else _read_anchors(args.anchors)

    def work(audit: AuditService, url: str) -> int:
        result = audit.verify(batch_size=args.batch_size, anchors=anchors)
        if result.ok:
            print(f"{url}: audit chain intact ({result.checked} rows, {result.chains} chains)")
            return 0
        print(
            f"{url}: audit chain {result.chain} broken at sequence {result.broken_sequence} "
            f"(row {result.broken_id}): {result.reason}"
        )
        for chain in result.broken_chains[1:]:
            print(f"{url}: audit chain {chain} is broken too")
        return 1

    return _run(args, work)


def _read_anchors(path: str) -> Any:
    import json  # noqa: PLC0415

    from socratic_core.errors import InvalidInputError  # noqa: PLC0415

    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"cannot read anchors from {path}: {exc}", field="anchors") from exc


def _anchor(args: argparse.Namespace) -> int:
    def work(audit: AuditService, _url: str) -> int:
        print(audit.anchor().model_dump_json(indent=2))
        return 0

    return _run(args, work)


def _tail(args: argparse.Namespace) -> int:
    def work(audit: AuditService, _url: str) -> int:
        entries: list[AuditEntryRead] = []
        cursor: str | None = None
        while True:  # walk to the end: keyset pages in chain order
            page = audit.entries(limit=1000, cursor=cursor)
            entries = [*entries, *page.items]
            entries = entries[max(len(entries) - args.n, 0) :]  # `-n 0` keeps none
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        for entry in entries:
            outcome = "ok" if entry.success else entry.error_code
            chain = entry.chain.split(":")[0]  # "global", or "project" for a project's chain
            print(
                f"{chain:8} {entry.sequence:>8} {entry.created_at:%Y-%m-%d %H:%M:%S} "
                f"{entry.action:28} {entry.entity_type or '-':14} {outcome}"
            )
        return 0

    return _run(args, work)
