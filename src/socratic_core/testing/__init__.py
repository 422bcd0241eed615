"""Public fakes for tests: in-memory repositories and a unit of work with the ports' semantics.

Services take a unit-of-work factory; hand them `InMemoryStore().unit_of_work` to run them
without any database:

    store = InMemoryStore()
    users = UserService(ServiceContext(uow_factory=store.unit_of_work))
    users.register(username="alice", email="alice@example.com", password="Tr0ub4dor&3-horse")
    assert [u.username for u in store.rows(User)] == ["alice"]

The fakes keep what services rely on (ids, unique keys as `ConflictError`, optimistic locking,
ordering, keyset pages, commit/rollback, the audit chain lock) and the models' foreign keys
(a missing referenced row is an `IntegrityError`; deletes cascade or set NULL as declared).
Names load on first use.

`ScriptedAgent` answers agent requests from a script, for tests of code that runs agents.
"""

import typing as _typing

from socratic_core import _lazy

_PUBLIC: dict[str, tuple[str, ...]] = {
    "socratic_core.testing._store": (
        "FakeUnitOfWork",
        "InMemoryStore",
    ),
    "socratic_core.testing._base": ("InMemoryRepository",),
    "socratic_core.testing._repositories": (
        "InMemoryAuditLogRepository",
        "InMemoryCodebaseRepository",
        "InMemoryCollaboratorRepository",
        "InMemoryFileRepository",
        "InMemoryInstructionRepository",
        "InMemoryMessageRepository",
        "InMemoryProjectRepository",
        "InMemoryRunRepository",
        "InMemorySessionRepository",
        "InMemorySpecificationRepository",
        "InMemoryUserRepository",
    ),
    "socratic_core.testing._agents": (
        "ScriptStep",
        "ScriptedAgent",
    ),
}

if _typing.TYPE_CHECKING:
    from socratic_core.testing._agents import ScriptedAgent as ScriptedAgent
    from socratic_core.testing._agents import ScriptStep as ScriptStep
    from socratic_core.testing._base import InMemoryRepository as InMemoryRepository
    from socratic_core.testing._repositories import (
        InMemoryAuditLogRepository as InMemoryAuditLogRepository,
    )
    from socratic_core.testing._repositories import (
        InMemoryCodebaseRepository as InMemoryCodebaseRepository,
    )
    from socratic_core.testing._repositories import (
        InMemoryCollaboratorRepository as InMemoryCollaboratorRepository,
    )
    from socratic_core.testing._repositories import InMemoryFileRepository as InMemoryFileRepository
    from socratic_core.testing._repositories import (
        InMemoryInstructionRepository as InMemoryInstructionRepository,
    )
    from socratic_core.testing._repositories import (
        InMemoryMessageRepository as InMemoryMessageRepository,
    )
    from socratic_core.testing._repositories import (
        InMemoryProjectRepository as InMemoryProjectRepository,
    )
    from socratic_core.testing._repositories import InMemoryRunRepository as InMemoryRunRepository
    from socratic_core.testing._repositories import (
        InMemorySessionRepository as InMemorySessionRepository,
    )
    from socratic_core.testing._repositories import (
        InMemorySpecificationRepository as InMemorySpecificationRepository,
    )
    from socratic_core.testing._repositories import InMemoryUserRepository as InMemoryUserRepository
    from socratic_core.testing._store import FakeUnitOfWork as FakeUnitOfWork
    from socratic_core.testing._store import InMemoryStore as InMemoryStore

if not _typing.TYPE_CHECKING:  # type checkers read the imports above, not the table
    __getattr__, __dir__, __all__ = _lazy.public_api(__name__, _PUBLIC)
