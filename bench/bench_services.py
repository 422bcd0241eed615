"""Benchmark the service layer's audit overhead and the audit chain's verification speed.

Side by side in one run, on a SQLite file and on PostgreSQL (when reachable):

- an audited service write (`app.sessions.add_message`: authorization, the message, a hash-chained
  audit row, one commit) vs the same insert through the bare repository and unit of work
  (`uow.messages.add(...)` + commit): target <= 1.5x the bare time;
- `app.audit.verify()` over 100,000 audit rows: target >= 50,000 rows/s;
- a failed sign-in for an unknown user vs a wrong password (should take about the same time);
- on PostgreSQL, audited vs bare writes per second with 1, 2, 4 and 8 concurrent writers, each on
  a project of its own (each project has its own audit chain and lock): target audited/bare
  >= 0.7 at every writer count.

Prints figures and ratios; asserts nothing.

    python bench/bench_services.py [--writes N] [--rows N] [--postgres URL]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from _databases import POSTGRES_ADMIN_URL, databases

from socratic_core import AuthenticationError, PasswordHasher, Socratic
from socratic_core.models import AuditLog, Message
from socratic_core.services._trail import row_content
from socratic_core.services.chain import GENESIS_HASH, chain_hash

TARGET_WRITE_RATIO = 1.5
TARGET_VERIFY_ROWS_PER_SECOND = 50_000
TARGET_CONCURRENT_RATIO = 0.7
WRITER_COUNTS = (1, 2, 4, 8)


def _setup(app: Socratic, name: str = "bench") -> tuple[str, str]:
    user = app.users.register(
        username=name,
        email=f"{name}@example.com",
        password="Quick-brown-fox-42",  # noqa: S106 - a throwaway account
    )
    project = app.projects.create(user.id, name="Bench")
    session = app.sessions.start(user.id, project.id, title="Bench")
    return user.id, session.id


def _time_audited(app: Socratic, user_id: str, session_id: str, count: int) -> float:
    start = time.perf_counter()
    for i in range(count):
        app.sessions.add_message(user_id, session_id, f"audited message {i}")
    return (time.perf_counter() - start) / count


def _time_bare(app: Socratic, user_id: str, session_id: str, count: int) -> float:
    start = time.perf_counter()
    for i in range(count):
        with app.database.unit_of_work() as uow:
            uow.messages.add(
                Message(
                    session_id=session_id,
                    position=uow.messages.next_position(session_id),
                    role="user",
                    content=f"bare message {i}",
                    user_id=user_id,
                )
            )
            uow.commit()
    return (time.perf_counter() - start) / count


def bench_login_timing(app: Socratic, tries: int = 5) -> tuple[float, float]:
    """Median seconds of a failed sign-in: (unknown user, known user with a wrong password)."""
    unknown, wrong = [], []
    for _ in range(tries):
        for login, bucket in (("nobody-here", unknown), ("bench", wrong)):
            start = time.perf_counter()
            with contextlib.suppress(AuthenticationError):
                app.users.authenticate(login, "Wrong-password-1")
            bucket.append(time.perf_counter() - start)
    return statistics.median(unknown), statistics.median(wrong)


def bench_writes(app: Socratic, writes: int) -> tuple[float, float]:
    """Median per-write seconds of (audited, bare), interleaved in rounds to share the noise."""
    user_id, session_id = _setup(app)
    _time_audited(app, user_id, session_id, 20)  # warm up both paths
    _time_bare(app, user_id, session_id, 20)
    audited, bare = [], []
    rounds = 5
    for _ in range(rounds):
        audited.append(_time_audited(app, user_id, session_id, writes // rounds))
        bare.append(_time_bare(app, user_id, session_id, writes // rounds))
    return statistics.median(audited), statistics.median(bare)


def _threads_rate(
    writers: list[tuple[str, str]], write: Callable[[str, str, int], None], count: int
) -> float:
    """Writes per second of all `writers` together, each doing `count` writes in a thread."""
    start_line = threading.Barrier(len(writers) + 1)

    def work(user_id: str, session_id: str) -> None:
        start_line.wait()
        for i in range(count):
            write(user_id, session_id, i)

    threads = [threading.Thread(target=work, args=writer) for writer in writers]
    for thread in threads:
        thread.start()
    start_line.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return len(writers) * count / (time.perf_counter() - start)


def bench_concurrent(app: Socratic, writes: int) -> list[tuple[int, float, float]]:
    """(writers, audited writes/s, bare writes/s) for each writer count, each on its own project."""
    writers = [_setup(app, f"writer{n}") for n in range(max(WRITER_COUNTS))]

    def audited(user_id: str, session_id: str, i: int) -> None:
        app.sessions.add_message(user_id, session_id, f"audited message {i}")

    def bare(user_id: str, session_id: str, _i: int) -> None:
        _time_bare(app, user_id, session_id, 1)

    _threads_rate(writers, audited, 10)  # warm up the pool and both paths
    _threads_rate(writers, bare, 10)
    figures = []
    for count in WRITER_COUNTS:
        chosen = writers[:count]
        rates = [
            (_threads_rate(chosen, audited, writes), _threads_rate(chosen, bare, writes))
            for _ in range(3)
        ]
        figures.append(
            (count, statistics.median(r[0] for r in rates), statistics.median(r[1] for r in rates))
        )
    return figures


def fill_chain(app: Socratic, rows: int) -> None:
    """Append `rows` valid chained audit rows to the global chain, in bulk through Core."""
    with app.database.unit_of_work() as uow:
        tip = uow.audit.tip()
        previous = tip[1] if tip else GENESIS_HASH
        sequence = tip[0] if tip else 0
    moment = datetime.now(UTC)
    batch: list[dict[str, object]] = []
    for i in range(rows):
        sequence += 1
        row = AuditLog(
            id=str(uuid.uuid4()),
            sequence=sequence,
            action="bench.write",
            entity_type="message",
            entity_id=str(i),
            request={"i": i, "text": "benchmark"},
            response={"ok": True},
            success=True,
            violations=[],
            previous_hash=previous,
            created_at=moment + timedelta(microseconds=i),
            updated_at=moment,
        )
        row.hash = previous = chain_hash(previous, row_content(row))
        batch.append({c.key: getattr(row, c.key) for c in sa.inspect(AuditLog).column_attrs})
        if len(batch) == 5000 or i == rows - 1:
            with app.database.engine.begin() as conn:
                conn.execute(sa.insert(AuditLog), batch)
            batch = []


def bench_verify(app: Socratic, rows: int) -> tuple[int, float]:
    """Verify the whole chain; return (rows checked, seconds)."""
    fill_chain(app, rows)
    start = time.perf_counter()
    result = app.audit.verify(batch_size=5000)
    elapsed = time.perf_counter() - start
    if not result.ok:
        raise SystemExit(f"chain broken: {result}")
    return result.checked, elapsed


def run(label: str, url: str, writes: int, rows: int) -> None:
    """Run the measurements on one database and print them."""
    # The default scrypt cost (n=2**17): the login timing compares real hashing work.
    app = Socratic.from_url(url, entry_points=False, password_hasher=PasswordHasher())
    try:
        app.database.drop_all()
        app.database.create_all()
        audited, bare = bench_writes(app, writes)
        ratio = audited / bare
        print(
            f"{label:10} write  audited {audited * 1000:7.2f} ms  bare {bare * 1000:7.2f} ms  "
            f"ratio {ratio:4.2f}x (target <= {TARGET_WRITE_RATIO}x) "
            f"{'OK' if ratio <= TARGET_WRITE_RATIO else 'MISSED'}"
        )
        unknown, wrong = bench_login_timing(app)
        print(
            f"{label:10} login  unknown user {unknown * 1000:6.1f} ms  "
            f"wrong password {wrong * 1000:6.1f} ms  ratio {unknown / wrong:4.2f}"
        )
        if label == "postgres":
            _print_concurrent(label, bench_concurrent(app, max(writes // 10, 20)))
        checked, seconds = bench_verify(app, rows)
        rate = checked / seconds
        print(
            f"{label:10} verify {checked:,} rows in {seconds:5.2f} s = {rate:,.0f} rows/s "
            f"(target >= {TARGET_VERIFY_ROWS_PER_SECOND:,}) "
            f"{'OK' if rate >= TARGET_VERIFY_ROWS_PER_SECOND else 'MISSED'}"
        )
    finally:
        app.database.drop_all()
        app.close()


def _print_concurrent(label: str, figures: list[tuple[int, float, float]]) -> None:
    for count, audited, bare in figures:
        ratio = audited / bare
        print(
            f"{label:10} {count} writer{'s' if count > 1 else ' '} audited {audited:6.0f}/s  "
            f"bare {bare:6.0f}/s  ratio {ratio:4.2f} (target >= {TARGET_CONCURRENT_RATIO}) "
            f"{'OK' if ratio >= TARGET_CONCURRENT_RATIO else 'MISSED'}"
        )


def main() -> None:
    """Parse the arguments and run the benchmark on SQLite, then PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=500, help="writes per path (default 500)")
    parser.add_argument("--rows", type=int, default=100_000, help="audit rows to verify")
    parser.add_argument("--postgres", default=POSTGRES_ADMIN_URL, help="admin URL of a PostgreSQL")
    args = parser.parse_args()
    for label, url in databases(args.postgres):
        run(label, url, args.writes, args.rows)


if __name__ == "__main__":
    main()
