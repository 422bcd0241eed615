"""Adding an aggregate: a model, its queries, and one registry line.

Run it as `python examples/adding_an_aggregate.py [DATABASE_URL]`. It defines a `Note`
aggregate (a project's notes, with a unique title per project), then stores and reads notes
through both units of work built from the registry: `SqlAlchemyUnitOfWork` on the database
(default: `notes.db` in the current folder) and `FakeUnitOfWork` on an `InMemoryStore`. Each
prints the same lines.

Inside socratic_core, the model goes in `models/`, the port and shared queries in
`repositories/ports.py` and `repositories/queries.py`, the two repositories beside the others,
and the registry line into `AGGREGATES` (`socratic_core/uow/_registry.py`), where the registry
test asks for its typed attribute on `UnitOfWork`. Here, outside the package, the same line
extends `AGGREGATES` for this script's units of work.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Callable
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from socratic_core.db import Database
from socratic_core.errors import ConflictError
from socratic_core.models import Base, Project, User
from socratic_core.models.base import TimestampMixin, new_id
from socratic_core.repositories import Equals, Repository, Search, SqlAlchemyRepository
from socratic_core.repositories.queries import ProjectScopedQueries
from socratic_core.testing import InMemoryRepository, InMemoryStore
from socratic_core.uow import AGGREGATES, Aggregate, SqlAlchemyUnitOfWork


# --8<-- [start:model]
class Note(TimestampMixin, Base):
    """A note on a project; its title is unique within the project."""

    __tablename__ = "notes"
    __table_args__ = (sa.UniqueConstraint("project_id", "title"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(200))
    text: Mapped[str] = mapped_column(sa.Text, default="")


# --8<-- [end:model]


# --8<-- [start:queries]
class NoteRepository(Repository[Note], Protocol):
    """The port: what services may ask of notes."""

    def list_for_project(self, project_id: str) -> builtins.list[Note]:
        """A project's notes, oldest first."""
        ...

    def search(self, project_id: str, text: str) -> builtins.list[Note]:
        """A project's notes whose title contains `text` literally, ignoring case."""
        ...


class NoteQueries(ProjectScopedQueries[Note]):
    """The queries, written once over filter objects: both stores run them alike."""

    def search(self: Repository[Note], project_id: str, text: str) -> builtins.list[Note]:
        """Return the notes of `project_id` whose title contains `text`."""
        return self.list(Equals("project_id", project_id), Search("title", text))


class SqlAlchemyNoteRepository(NoteQueries, SqlAlchemyRepository[Note]):
    """Notes in a SQLAlchemy session."""

    model_type = Note


class InMemoryNoteRepository(NoteQueries, InMemoryRepository[Note]):
    """Notes in memory (unique titles, the project reference and cascades come from `Note`)."""

    model_type = Note


# --8<-- [end:queries]

# --8<-- [start:registry]
NOTES = Aggregate[NoteRepository]("notes", Note, SqlAlchemyNoteRepository, InMemoryNoteRepository)
# --8<-- [end:registry]
WITH_NOTES = (*AGGREGATES, NOTES)


def tour(make: Callable[[], Any]) -> None:
    """Store two notes in one unit of work made by `make`, then read them back in another."""
    with make() as uow:
        user = User(username="ada", email="ada@example.org", password_hash="-")  # noqa: S106
        owner = uow.users.add(user)
        project = uow.projects.add(Project(owner_id=owner.id, name="Engine"))
        uow.notes.add(Note(project_id=project.id, title="100% sure", text="first"))
        uow.notes.add(Note(project_id=project.id, title="Bernoulli", text="second"))
        uow.commit()
    with make() as uow:
        print([note.title for note in uow.notes.list_for_project(project.id)])
        print([note.title for note in uow.notes.search(project.id, "0%")])
        try:
            uow.notes.add(Note(project_id=project.id, title="Bernoulli"))
        except ConflictError as error:
            print(f"conflict on {error.field}")


def main(url: str) -> None:
    """Run the tour on the database at `url`, then on an in-memory store."""
    database = Database.from_url(url)
    Base.metadata.create_all(database.engine)  # the package's tables, and `notes`
    print("database:")
    tour(lambda: SqlAlchemyUnitOfWork(database.sessionmaker, aggregates=WITH_NOTES))
    database.dispose()
    print("in memory:")
    tour(InMemoryStore(WITH_NOTES).unit_of_work)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite:///notes.db")
