"""Public fakes for tests: in-memory repositories and a unit of work with the ports' semantics.

Services take a unit-of-work factory; hand them `InMemoryStore().unit_of_work` to run them
without any database:

    store = InMemoryStore()
    users = UserService(ServiceContext(uow_factory=store.unit_of_work))
    users.register(username="alice", email="alice@example.com", password="Tr0ub4dor&3-horse")
    assert [u.username for u in store.rows(User)] == ["alice"]

The fakes keep what services rely on (ids, unique keys as `ConflictError`, optimistic locking,
ordering, keyset pages, commit/rollback, the audit chain lock) but check no foreign keys.

`ScriptedAgent` answers agent requests from a script, for tests of code that runs agents.
"""

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
