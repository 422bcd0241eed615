"""The unit of work, in one home: its port, the registry of aggregates, and its implementations.

    with db.unit_of_work() as uow:        # or InMemoryStore().unit_of_work() in tests
        uow.users.add(user)
        uow.commit()

- `UnitOfWork` (`uow._port`) is the Protocol services depend on: one transaction, one typed
  attribute per aggregate, `commit()` and `rollback()`. Importing it imports the repository
  ports only, never an adapter (a test holds it to that).
- `AGGREGATES` (`socratic_core.uow._registry`) is the registry: one `Aggregate` line per
  aggregate, naming its attribute, model, port, SQLAlchemy repository and in-memory repository.
  `SqlAlchemyUnitOfWork` and `socratic_core.testing.FakeUnitOfWork` are both built from it.
- `SqlAlchemyUnitOfWork` owns one ORM session; the in-memory one lives in
  `socratic_core.testing`.

Why the Protocol still lists the aggregates: mypy reads attribute types from a class body, not
from a runtime table, and a generic accessor (`uow.repository(User)`) would cost every service
call its readability. So the Protocol keeps one typed line per aggregate, both units of work
subclass it (their attributes are typed by it and set from the registry), and
`tests/uow/test_registry.py` proves the Protocol's attributes are exactly the registry's names,
in order, and that both repositories of each entry have every method of the port the Protocol
types it with (mypy checks the signatures through `Aggregate[Port]`): the registry line is the
one to write, and the test names the Protocol line that goes with it.
"""

import typing as _typing

from socratic_core import _lazy

_PUBLIC: dict[str, tuple[str, ...]] = {
    "socratic_core.uow._port": ("UnitOfWork",),
    "socratic_core.uow._registry": ("AGGREGATES", "Aggregate"),
    "socratic_core.uow._sqlalchemy": ("SqlAlchemyUnitOfWork",),
}

if _typing.TYPE_CHECKING:
    from socratic_core.uow._port import UnitOfWork as UnitOfWork
    from socratic_core.uow._registry import AGGREGATES as AGGREGATES
    from socratic_core.uow._registry import Aggregate as Aggregate
    from socratic_core.uow._sqlalchemy import SqlAlchemyUnitOfWork as SqlAlchemyUnitOfWork

if not _typing.TYPE_CHECKING:  # type checkers read the imports above, not the table
    __getattr__, __dir__, __all__ = _lazy.public_api(__name__, _PUBLIC)
