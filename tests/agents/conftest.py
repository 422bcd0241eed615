"""Fixtures for the runner on real databases: an app, a project with rules, scripted responses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pluggy
import pytest

from socratic_core import Event
from socratic_core.agents import AgentResponse
from socratic_core.app import Socratic
from socratic_core.db import Database
from socratic_core.models import AgentRun, GeneratedCodebase, Message, TechnicalSpecification
from socratic_core.plugin_manager import make_plugin_manager
from socratic_core.services.events import CallbackEventSink
from socratic_core.services.schemas import ProjectRead, UserRead

from ..conftest import FAST_HASHER, PASSWORD

RULES = "# Team rules\n\n- Do not use print\n- Functions must not exceed 10 lines\n"
"""Project instructions: `Do not use print` sits on line 3."""

CLEAN = AgentResponse(
    text="done",
    files={"app/core.py": '"""Core."""\n\n\ndef add(a: int, b: int) -> int:\n    """Add."""\n'
           "    return a + b\n"},
)  # fmt: skip


def printing(line: str = "print(a + b)") -> AgentResponse:
    """A response whose `app/core.py` calls print on line 6."""
    return AgentResponse(
        text="done",
        files={
            "app/core.py": '"""Core."""\n\n\ndef add(a: int, b: int) -> int:\n'
            f'    """Add."""\n    {line}\n    return a + b\n'
        },
    )


@dataclass
class World:
    """An app on a fresh database, a user with a project under `RULES`, and what it emitted."""

    app: Socratic
    database: Database
    owner: UserRead
    project: ProjectRead
    events: list[Event] = field(default_factory=list)
    _count: int = 0

    def user(self) -> UserRead:
        """Register another user."""
        self._count += 1
        name = f"member{self._count}"
        return self.app.users.register(
            username=name, email=f"{name}@example.com", password=PASSWORD
        )

    def rows(self, model: type[object]) -> list[object]:
        """Every row of `model` (read in a fresh unit of work)."""
        with self.database.unit_of_work() as uow:
            return list(uow.session.scalars(__import__("sqlalchemy").select(model)))

    def records(self) -> dict[str, int]:
        """How many project records (codebases, messages, specifications) exist."""
        return {
            "codebases": len(self.rows(GeneratedCodebase)),
            "messages": len(self.rows(Message)),
            "specifications": len(self.rows(TechnicalSpecification)),
        }

    def runs(self) -> list[AgentRun]:
        """Every stored run record."""
        return self.rows(AgentRun)  # type: ignore[return-value]

    def actions(self) -> list[str]:
        """The actions of every audit row, in chain order."""
        return [e.action for e in self.app.audit.entries(limit=1000).items]


def make_world(db: Database, plugins: pluggy.PluginManager | None = None) -> World:
    """Build a `World` on `db`."""
    events: list[Event] = []
    app = Socratic(
        database=db,
        plugins=plugins or make_plugin_manager(entry_points=False),
        events=CallbackEventSink(events.append),
        password_hasher=FAST_HASHER,
    )
    owner = app.users.register(username="owner", email="owner@example.com", password=PASSWORD)
    project = app.projects.create(owner.id, name="Demo")
    app.instructions.create(owner.id, title="Team rules", text=RULES, project_id=project.id)
    return World(app, db, owner, project, events)


@pytest.fixture
def world(db: Database) -> Iterator[World]:
    """A `World` on a SQLite file, then on PostgreSQL."""
    built = make_world(db)
    yield built
    built.app.close()
