"""Two units of work racing to update one project on PostgreSQL: one wins, nothing is lost."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from socratic_core import ConflictError, Settings
from socratic_core.db import Database
from socratic_core.models import AuditLog, Project, User

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Database]:
    """A `Database` on the session's PostgreSQL database, tables created anew."""
    database = Database.from_url(postgres_url, settings=Settings(database_url=postgres_url))
    database.drop_all()
    database.create_all()
    yield database
    database.dispose()


def _append_tech(db: Database, project_id: str, tech: str, barrier: threading.Barrier) -> str:
    """Read the project, wait for the rival to have read it too, then write; report the outcome."""
    try:
        with db.unit_of_work() as uow:
            project = uow.projects.get_one(project_id)
            barrier.wait(timeout=10)
            project.tech_stack = [*project.tech_stack, tech]
            uow.projects.update(project)
            uow.commit()
    except ConflictError:
        return "conflict"
    return "won"


class TestProjectRace:
    """Optimistic locking turns a lost update into a `ConflictError` the loser can retry."""

    def test_one_wins_and_the_other_conflicts(self, pg: Database) -> None:
        """Of two concurrent updates from the same version, exactly one commits."""
        with pg.unit_of_work() as uow:
            owner = uow.users.add(User(username="o", email="o@x", password_hash="h"))
            project = uow.projects.add(Project(owner_id=owner.id, name="p", tech_stack=[]))
            uow.commit()
        barrier = threading.Barrier(2)
        outcomes: dict[str, str] = {}

        def run(tech: str) -> None:
            outcomes[tech] = _append_tech(pg, project.id, tech, barrier)

        threads = [threading.Thread(target=run, args=(t,)) for t in ("python", "rust")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes.values()) == ["conflict", "won"]
        winner = next(t for t, o in outcomes.items() if o == "won")
        loser = next(t for t, o in outcomes.items() if o == "conflict")
        with pg.unit_of_work() as uow:
            stored = uow.projects.get_one(project.id)
            assert (stored.tech_stack, stored.version) == ([winner], 2)
        assert _append_tech(pg, project.id, loser, threading.Barrier(1)) == "won"
        with pg.unit_of_work() as uow:
            stored = uow.projects.get_one(project.id)
            assert (stored.tech_stack, stored.version) == ([winner, loser], 3)


class TestAuditChainLock:
    """`lock_chain()` makes concurrent appenders take turns on PostgreSQL."""

    def test_concurrent_appends_get_consecutive_sequences(self, pg: Database) -> None:
        """Four writers that each lock, read the tip and append never collide."""
        barrier = threading.Barrier(4)
        errors: list[BaseException] = []

        def append(name: str) -> None:
            try:
                barrier.wait(timeout=10)
                with pg.unit_of_work() as uow:
                    uow.audit.lock_chain()
                    tip = uow.audit.latest()
                    uow.audit.add(
                        AuditLog(
                            sequence=uow.audit.next_sequence(),
                            action=name,
                            previous_hash=tip.hash if tip else None,
                            hash=f"hash-{name}",
                        )
                    )
                    uow.commit()
            except BaseException as exc:  # collected for the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=append, args=(f"w{i}",)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        with pg.unit_of_work() as uow:
            rows = uow.audit.find()
        assert [r.sequence for r in rows] == [1, 2, 3, 4]
        assert [r.previous_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
