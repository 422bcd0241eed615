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

from typing import TYPE_CHECKING

from socratic_core._lazy import lazy_names as _lazy_names

if TYPE_CHECKING:
    from socratic_core.testing._agents import ScriptedAgent, ScriptStep
    from socratic_core.testing._base import InMemoryRepository
    from socratic_core.testing._repositories import (
        InMemoryAuditLogRepository,
        InMemoryCodebaseRepository,
        InMemoryCollaboratorRepository,
        InMemoryFileRepository,
        InMemoryInstructionRepository,
        InMemoryMessageRepository,
        InMemoryProjectRepository,
        InMemoryRunRepository,
        InMemorySessionRepository,
        InMemorySpecificationRepository,
        InMemoryUserRepository,
    )
    from socratic_core.testing._store import FakeUnitOfWork, InMemoryStore

__all__ = [
    "FakeUnitOfWork",
    "InMemoryAuditLogRepository",
    "InMemoryCodebaseRepository",
    "InMemoryCollaboratorRepository",
    "InMemoryFileRepository",
    "InMemoryInstructionRepository",
    "InMemoryMessageRepository",
    "InMemoryProjectRepository",
    "InMemoryRepository",
    "InMemoryRunRepository",
    "InMemorySessionRepository",
    "InMemorySpecificationRepository",
    "InMemoryStore",
    "InMemoryUserRepository",
    "ScriptStep",
    "ScriptedAgent",
]

_REPOSITORIES = "socratic_core.testing._repositories"
_LAZY = {
    "FakeUnitOfWork": "socratic_core.testing._store",
    "InMemoryStore": "socratic_core.testing._store",
    "InMemoryRepository": "socratic_core.testing._base",
    "ScriptStep": "socratic_core.testing._agents",
    "ScriptedAgent": "socratic_core.testing._agents",
    **{
        name: _REPOSITORIES
        for name in __all__
        if name.endswith("Repository") and name != "InMemoryRepository"
    },
}
__getattr__, __dir__ = _lazy_names(__name__, _LAZY, __all__)
