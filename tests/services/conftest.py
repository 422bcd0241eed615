"""Fixtures for the service tests: an app on a fresh real database, recording its events."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from socratic_core import Event
from socratic_core.app import Socratic
from socratic_core.db import Database
from socratic_core.services.events import CallbackEventSink
from socratic_core.services.schemas import UserRead

from ..conftest import FAST_HASHER, PASSWORD


@dataclass
class Harness:
    """An app on a fresh database, the events it emitted, and a way to make users."""

    app: Socratic
    database: Database
    events: list[Event] = field(default_factory=list)
    _names: itertools.count[int] = field(default_factory=itertools.count)

    def user(self, name: str | None = None) -> UserRead:
        """Register a user with a unique name and the standard password."""
        name = name or f"user{next(self._names)}"
        return self.app.users.register(
            username=name, email=f"{name}@example.com", password=PASSWORD
        )


@pytest.fixture
def harness(db: Database) -> Iterator[Harness]:
    """A `Socratic` app on the fresh database, recording its events."""
    events: list[Event] = []
    app = Socratic(
        database=db,
        entry_points=False,
        events=CallbackEventSink(events.append),
        password_hasher=FAST_HASHER,
    )
    yield Harness(app, db, events)
    app.close()
