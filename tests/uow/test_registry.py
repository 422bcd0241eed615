"""The registry of aggregates, the `UnitOfWork` Protocol and both units of work agree."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from socratic_core.db import Database
from socratic_core.errors import RepositoryError
from socratic_core.testing import InMemoryStore
from socratic_core.uow import AGGREGATES, UnitOfWork

PROTOCOL_ATTRIBUTES = {
    name: hint
    for name, hint in typing.get_type_hints(UnitOfWork).items()
    if not name.startswith("_")
}


class TestRegistry:
    """Each aggregate is one registry line, and the Protocol types exactly those."""

    def test_protocol_attributes_are_the_registry_names(self) -> None:
        """A registry line without its typed Protocol attribute (or the reverse) fails here."""
        assert list(PROTOCOL_ATTRIBUTES) == [a.name for a in AGGREGATES]

    @pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda a: a.name)
    def test_both_repositories_implement_the_protocol_port(self, aggregate: object) -> None:
        """The SQLAlchemy and in-memory classes of an entry have every method of its port."""
        port = PROTOCOL_ATTRIBUTES[aggregate.name]  # type: ignore[attr-defined]
        assert issubclass(aggregate.sqlalchemy, port)  # type: ignore[attr-defined]
        assert issubclass(aggregate.in_memory, port)  # type: ignore[attr-defined]

    @pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda a: a.name)
    def test_both_repositories_keep_the_entry_model(self, aggregate: object) -> None:
        """The model an entry names is the one both of its repositories store."""
        model = aggregate.model  # type: ignore[attr-defined]
        assert aggregate.sqlalchemy.model_type is model  # type: ignore[attr-defined]
        assert aggregate.in_memory.model_type is model  # type: ignore[attr-defined]


class TestBuiltFromTheRegistry:
    """Both units of work hold one repository per registry entry, of the entry's class."""

    def test_sqlalchemy_unit_of_work(self, tmp_path: Path) -> None:
        """Inside the block, `uow.<name>` is the entry's SQLAlchemy repository."""
        db = Database.from_url(f"sqlite:///{tmp_path / 'r.db'}")
        db.create_all()
        with db.unit_of_work() as uow:
            for aggregate in AGGREGATES:
                assert type(getattr(uow, aggregate.name)) is aggregate.sqlalchemy
        db.dispose()

    def test_in_memory_unit_of_work(self) -> None:
        """Inside the block, `uow.<name>` is the entry's in-memory repository."""
        with InMemoryStore().unit_of_work() as uow:
            for aggregate in AGGREGATES:
                assert type(getattr(uow, aggregate.name)) is aggregate.in_memory

    def test_a_repository_before_entering_is_a_clear_error(self, tmp_path: Path) -> None:
        """Asking for `uow.users` before `with uow:` says to enter the unit of work first."""
        db = Database.from_url(f"sqlite:///{tmp_path / 'r.db'}")
        for uow in (db.unit_of_work(), InMemoryStore().unit_of_work()):
            with pytest.raises(RepositoryError, match=r"uow\.users .*with uow"):
                _ = uow.users
        db.dispose()
