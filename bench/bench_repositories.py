"""Repository overhead against plain SQLAlchemy, on a SQLite file and on PostgreSQL, side by side.

Run: `python bench/bench_repositories.py [--rows 100000] [--skip-postgres]`

Measures (targets from issue 2):
Each figure is the best of several rounds (the machine is shared; the best is the least
disturbed). Object and dict construction happen outside the timed region for both sides.

1. `add_many` of N messages through the repository vs Core `insert()` executemany of the same
   rows (target: >= 0.8x Core's rows/s);
2. `get` by id through the repository vs `session.get` (target: >= 0.9x);
3. a session's history page 500 (100 per page) by keyset vs page 1 (target: <= 2x page 1's
   time), with offset page 500 shown for contrast.

PostgreSQL runs in a fresh database created for the run and dropped afterwards, on the server
named by SOCRATIC_TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable

import sqlalchemy as sa
from _databases import postgres_url, sqlite_url

from socratic_core import MessageRole, Settings
from socratic_core.db import Database
from socratic_core.models import Message, Project, Session, User
from socratic_core.repositories import Equals, OrderBy
from socratic_core.repositories.pagination import encode_cursor

PAGE, PAGE_NUMBER, GETS = 100, 500, 2000


def new_session(db: Database, project_id: str) -> str:
    with db.unit_of_work() as uow:
        session = uow.sessions.add(Session(project_id=project_id, title="bench"))
        uow.commit()
    return session.id


def messages(session_id: str, rows: int) -> list[Message]:
    return [
        Message(session_id=session_id, position=i, role=MessageRole.USER, content=f"message {i}")
        for i in range(rows)
    ]


def core_rows(session_id: str, rows: int) -> list[dict[str, object]]:
    table = Message.__table__
    out = []
    for message in messages(session_id, rows):
        out.append({c.key: getattr(message, _attr(c.key)) for c in table.columns})
    return out


def _attr(column_key: str) -> str:
    return "meta" if column_key == "metadata" else column_key


def timed(action: Callable[..., object], *args: object, **kwargs: object) -> float:
    gc.collect()
    start = time.perf_counter()
    action(*args, **kwargs)
    return time.perf_counter() - start


def bench_add_many(
    db: Database, project_id: str, rows: int, rounds: int
) -> tuple[float, float, str]:
    """Best rows/s through `add_many` and Core executemany (one transaction each, rounds
    alternating which goes first, each into a new session), and a session that got the rows."""

    def through_repository(objects: list[Message]) -> None:
        with db.unit_of_work() as uow:
            uow.messages.add_many(objects)
            uow.commit()

    def through_core(plain: list[dict[str, object]]) -> None:
        with db.engine.begin() as connection:
            connection.execute(sa.insert(Message.__table__), plain)

    repo_times, core_times = [], []
    for round_ in range(rounds):
        repo_session, core_session = new_session(db, project_id), new_session(db, project_id)
        objects, plain = messages(repo_session, rows), core_rows(core_session, rows)
        if round_ % 2:
            repo_times.append(timed(through_repository, objects))
            core_times.append(timed(through_core, plain))
        else:
            core_times.append(timed(through_core, plain))
            repo_times.append(timed(through_repository, objects))
    return rows / min(repo_times), rows / min(core_times), repo_session


def bench_get(db: Database, session_id: str) -> tuple[float, float]:
    """Gets/s through `repository.get` and `session.get`, each on ids not yet loaded."""
    with db.unit_of_work() as uow:
        ids = [m.id for m in uow.messages.history(session_id)[: GETS * 10]]

    def through_repository(chunk: list[str]) -> None:
        with db.unit_of_work() as uow:
            for item_id in chunk:
                uow.messages.get(item_id)

    def through_session(chunk: list[str]) -> None:
        with db.sessionmaker() as session:
            for item_id in chunk:
                session.get(Message, item_id)

    repo_times, plain_times = [], []
    for round_ in range(5):
        first, second = ids[round_ * 2 * GETS :][:GETS], ids[round_ * 2 * GETS + GETS :][:GETS]
        if round_ % 2:
            first, second = second, first
        repo_times.append(timed(through_repository, first))
        plain_times.append(timed(through_session, second))
    return GETS / min(repo_times), GETS / min(plain_times)


def bench_pages(db: Database, session_id: str) -> tuple[float, float, float]:
    """Median seconds for keyset page 1, keyset page 500, and offset page 500."""
    cursor = encode_cursor([PAGE * (PAGE_NUMBER - 1) - 1])
    first: list[float] = []
    deep: list[float] = []
    offset: list[float] = []
    filters = (Equals("session_id", session_id), OrderBy("position"))
    start = PAGE * (PAGE_NUMBER - 1)
    with db.unit_of_work() as uow:
        deep_page = uow.messages.history_page(session_id, limit=PAGE, cursor=cursor)
        assert deep_page.items[0].position == start
        history_page, paginate = uow.messages.history_page, uow.messages.paginate
        for _ in range(30):
            uow.session.expunge_all()
            first.append(timed(history_page, session_id, limit=PAGE))
            uow.session.expunge_all()
            deep.append(timed(history_page, session_id, limit=PAGE, cursor=cursor))
            uow.session.expunge_all()
            offset.append(timed(paginate, *filters, limit=PAGE, offset=start))
    return statistics.median(first), statistics.median(deep), statistics.median(offset)


def run(url: str, rows: int, rounds: int) -> dict[str, float]:
    db = Database.from_url(url, settings=Settings(database_url=url))
    db.create_all()
    with db.unit_of_work() as uow:
        user = uow.users.add(User(username="bench", email="bench@x", password_hash="-"))  # noqa: S106
        project = uow.projects.add(Project(owner_id=user.id, name="bench"))
        uow.commit()
    repo_rate, core_rate, session_id = bench_add_many(db, project.id, rows, rounds)
    get_repo, get_plain = bench_get(db, session_id)
    first, deep, offset = bench_pages(db, session_id) if rows >= PAGE * PAGE_NUMBER else (0, 0, 0)
    db.dispose()
    return {
        "add_many rows/s": repo_rate,
        "core insert rows/s": core_rate,
        "add_many / core": repo_rate / core_rate,
        "repo get/s": get_repo,
        "session.get/s": get_plain,
        "repo get / session.get": get_repo / get_plain,
        "keyset page 1 ms": first * 1000,
        "keyset page 500 ms": deep * 1000,
        "offset page 500 ms": offset * 1000,
        "keyset p500 / p1": deep / first if first else 0.0,
        "offset p500 / keyset p1": offset / first if first else 0.0,
    }


TARGETS = {
    "add_many / core": (">=", 0.8),
    "repo get / session.get": (">=", 0.9),
    "keyset p500 / p1": ("<=", 2.0),
}


def report(results: dict[str, dict[str, float]]) -> None:
    names = list(results)
    print(f"{'measure':<26}" + "".join(f"{n:>16}" for n in names) + "   target")
    for key in next(iter(results.values())):
        row = f"{key:<26}" + "".join(f"{results[n][key]:>16,.2f}" for n in names)
        if key in TARGETS:
            op, bound = TARGETS[key]
            ok = all(
                (results[n][key] >= bound) if op == ">=" else (results[n][key] <= bound)
                for n in names
            )
            row += f"   {op} {bound}  {'met' if ok else 'MISSED'}"
        print(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5, help="add_many rounds (best kept)")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with sqlite_url() as url:
        results["sqlite file"] = run(url, args.rows, args.rounds)
    if not args.skip_postgres:
        with postgres_url() as url:
            results["postgresql"] = run(url, args.rows, args.rounds)
    report(results)


if __name__ == "__main__":
    main()
