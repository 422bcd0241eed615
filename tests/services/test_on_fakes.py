"""Services against the public in-memory fakes: business rules with no database at all."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from socratic_core import Event, EventName
from socratic_core.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RepositoryError,
)
from socratic_core.models import AuditLog, Message, Project, ProjectCollaborator, User, chain_for
from socratic_core.services._base import ServiceContext
from socratic_core.services.audit import AuditService
from socratic_core.services.events import CallbackEventSink
from socratic_core.services.instructions import InstructionService
from socratic_core.services.passwords import PasswordHasher
from socratic_core.services.projects import ProjectService
from socratic_core.services.sessions import SessionService
from socratic_core.services.users import UserService
from socratic_core.testing import InMemoryStore

PASSWORD = "Corr3ct-horse-battery"


class _Clock:
    """A clock that moves one second per reading."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


class _World:
    def __init__(self) -> None:
        self.store = InMemoryStore()
        self.events: list[Event] = []
        self.clock = _Clock()
        context = ServiceContext(
            uow_factory=self.store.unit_of_work,
            events=CallbackEventSink(self.events.append),
            clock=self.clock,
        )
        self.users = UserService(context, hasher=PasswordHasher(n=2**8))
        self.projects = ProjectService(context)
        self.sessions = SessionService(context)
        self.instructions = InstructionService(context)
        self.audit = AuditService(self.store.unit_of_work, clock=self.clock)

    def user(self, name: str) -> str:
        return self.users.register(username=name, email=f"{name}@example.com", password=PASSWORD).id


@pytest.fixture
def world() -> _World:
    """Services wired to a fresh in-memory store and a ticking clock."""
    return _World()


class TestUsersOnFakes:
    """User rules hold without a database."""

    def test_register_and_authenticate(self, world: _World) -> None:
        """A registered user signs in; last_login comes from the service clock."""
        user_id = world.user("alice")
        user = world.users.authenticate("alice", PASSWORD)
        assert user.id == user_id
        assert user.last_login is not None
        assert user.last_login.year == 2026

    def test_duplicate_username(self, world: _World) -> None:
        """A second alice is a conflict on username and the store keeps one."""
        world.user("alice")
        with pytest.raises(ConflictError) as caught:
            world.users.register(username="alice", email="x@example.com", password=PASSWORD)
        assert caught.value.field == "username"
        assert [u.username for u in world.store.rows(User)] == ["alice"]

    def test_wrong_password_is_audited(self, world: _World) -> None:
        """A failed login raises and leaves a failed audit row in its own transaction."""
        world.user("bob")
        with pytest.raises(AuthenticationError):
            world.users.authenticate("bob", "Nope-nope-123")
        failed = [r for r in world.store.rows(AuditLog) if not r.success]
        assert [(r.action, r.error_code) for r in failed] == [
            ("user.authenticate", "authentication_failed")
        ]


class TestProjectsOnFakes:
    """Project rules hold without a database."""

    def test_create_writes_project_membership_and_audit(self, world: _World) -> None:
        """Creating commits the project, the owner's membership and an audit row together."""
        owner = world.user("carol")
        project = world.projects.create(owner, name="Demo")
        assert [p.id for p in world.store.rows(Project)] == [project.id]
        members = world.store.rows(ProjectCollaborator)
        assert [(m.user_id, m.role.value) for m in members] == [(owner, "owner")]
        assert [r.action for r in world.store.rows(AuditLog)][-1] == "project.create"

    def test_viewer_cannot_edit(self, world: _World) -> None:
        """A viewer reads but may not update; a stranger sees nothing."""
        owner, viewer, stranger = world.user("dan"), world.user("eve"), world.user("fay")
        project = world.projects.create(owner, name="Shared")
        world.projects.add_collaborator(owner, project.id, viewer, "viewer")
        assert world.projects.get(viewer, project.id).name == "Shared"
        with pytest.raises(PermissionDeniedError):
            world.projects.update(viewer, project.id, name="Mine now")
        with pytest.raises(NotFoundError):
            world.projects.get(stranger, project.id)

    def test_skip_phase_is_refused(self, world: _World) -> None:
        """Planning cannot jump to testing."""
        owner = world.user("gus")
        project = world.projects.create(owner, name="Phases")
        with pytest.raises(InvalidInputError, match="next phase is design"):
            world.projects.change_phase(owner, project.id, "testing")

    def test_events_only_after_commit(self, world: _World) -> None:
        """A refused action announces nothing; a committed one announces once."""
        owner = world.user("hal")
        project = world.projects.create(owner, name="Events")
        before = len(world.events)
        with pytest.raises(InvalidInputError):
            world.projects.change_phase(owner, project.id, "completed")
        assert len(world.events) == before
        world.projects.change_phase(owner, project.id, "design")
        assert world.events[-1].name is EventName.PROJECT_PHASE_CHANGED


class TestSessionsOnFakes:
    """Messages keep their order without a database."""

    def test_positions_and_pages(self, world: _World) -> None:
        """Messages get positions 0.. and page in order."""
        owner = world.user("ida")
        project = world.projects.create(owner, name="Talk")
        session = world.sessions.start(owner, project.id, title="S")
        for i in range(5):
            world.sessions.add_message(owner, session.id, f"m{i}")
        first = world.sessions.history(owner, session.id, limit=3)
        rest = world.sessions.history(owner, session.id, limit=3, cursor=first.next_cursor)
        assert [m.content for m in (*first.items, *rest.items)] == [f"m{i}" for i in range(5)]
        assert sorted(m.position for m in world.store.rows(Message)) == [0, 1, 2, 3, 4]


class TestInstructionsOnFakes:
    """Instructions parse on write and merge without a database."""

    def test_project_rules_override_global(self, world: _World) -> None:
        """The project's limit wins over the global one."""
        owner = world.user("jon")
        project = world.projects.create(owner, name="Rules")
        world.instructions.create(owner, title="G", text="- Functions must not exceed 80 lines")
        world.instructions.create(
            owner, title="P", text="- Functions must not exceed 40 lines", project_id=project.id
        )
        rules = world.instructions.active_rules(owner, project.id).rules
        assert [r.params["max"] for r in rules] == [40]


class TestAuditOnFakes:
    """The audit chain holds on fakes too, under concurrent writers."""

    def test_concurrent_writers_keep_the_chain(self, world: _World) -> None:
        """Four threads writing at once leave a gapless, verifiable chain."""
        owner = world.user("kim")
        project = world.projects.create(owner, name="Busy")
        session = world.sessions.start(owner, project.id, title="S")

        def write() -> None:
            for i in range(10):
                world.sessions.add_message(owner, session.id, f"m{i}")

        threads = [threading.Thread(target=write) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rows = [r for r in world.store.rows(AuditLog) if r.chain == chain_for(project.id)]
        sequences = sorted(r.sequence for r in rows)
        assert sequences == list(range(1, 2 + 4 * 10 + 1))  # create, start, 40 messages
        assert world.audit.verify().ok

    def test_tampering_is_found(self, world: _World) -> None:
        """Changing a committed row in the store breaks verification at that row."""
        owner = world.user("lee")
        world.projects.create(owner, name="T")
        with world.store.unit_of_work() as uow:
            row = uow.audit.find()[0]
            row.action = "forged"
            uow.commit()
        result = world.audit.verify()
        assert (result.ok, result.broken_sequence) == (False, 1)


class TestFailureAuditing:
    """A failed action is audited in its own transaction, waiting once at most on a bad database."""

    def test_a_database_error_while_auditing_a_failure_is_not_retried(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        """When the failure's audit row can't be written (database locked), one try is enough.

        The first audit attempt names the unknown actor and fails on that reference, as on a
        database; the retry without the user meets the locked database and is the last one.
        """
        store = InMemoryStore()
        opened: list[object] = []

        def unit_of_work() -> object:
            uow = store.unit_of_work()
            opened.append(uow)
            if len(opened) > 2:  # after the action's own and the audit naming the unknown user

                def locked() -> None:
                    raise RepositoryError("database is locked")

                uow.commit = locked  # type: ignore[method-assign]
            return uow

        context = ServiceContext(
            uow_factory=unit_of_work,  # type: ignore[arg-type]
            events=CallbackEventSink(lambda event: None),
            clock=_Clock(),
        )
        with pytest.raises(NotFoundError):
            ProjectService(context).create("no-such-user", name="Shop")
        assert len(opened) == 3
        assert "could not audit the failed action project.create" in caplog.text
