"""Database errors come out as socratic_core errors that name what went wrong, cause kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from socratic_core import CollaboratorRole, ConflictError, IntegrityError, MessageRole
from socratic_core.db import Database
from socratic_core.models import (
    GeneratedCodebase,
    GeneratedFile,
    Message,
    Project,
    ProjectCollaborator,
    Session,
    User,
)


class TestUniqueViolations:
    """A duplicate unique value is a `ConflictError` naming the column, on both databases."""

    def test_duplicate_username_names_username(
        self, db: Database, make_user: Callable[..., User]
    ) -> None:
        """A second user with a taken username fails with field `username`."""
        make_user(username="ada")
        with pytest.raises(ConflictError) as caught, db.unit_of_work() as uow:
            uow.users.add(User(username="ada", email="other@example.org", password_hash="h"))
        assert caught.value.field == "username"
        assert caught.value.entity == "user"
        assert isinstance(caught.value.__cause__, sa.exc.IntegrityError)

    def test_duplicate_email_names_email(
        self, db: Database, make_user: Callable[..., User]
    ) -> None:
        """A second user with a taken email fails with field `email`."""
        make_user(email="ada@example.org")
        with pytest.raises(ConflictError) as caught, db.unit_of_work() as uow:
            uow.users.add(User(username="other", email="ada@example.org", password_hash="h"))
        assert caught.value.field == "email"

    def test_duplicate_primary_key_is_a_conflict_on_id(
        self, db: Database, make_user: Callable[..., User]
    ) -> None:
        """Reusing an id fails with field `id`."""
        taken = make_user()
        with pytest.raises(ConflictError) as caught, db.unit_of_work() as uow:
            uow.users.add_many([User(id=taken.id, username="x", email="x@x", password_hash="h")])
        assert caught.value.field == "id"

    def test_composite_constraint_names_its_last_column(
        self, db: Database, project: Project, make_user: Callable[..., User]
    ) -> None:
        """A second row for the same project and user fails with field `user_id`."""
        member = make_user()
        with db.unit_of_work() as uow:
            uow.collaborators.add(ProjectCollaborator(project_id=project.id, user_id=member.id))
            uow.commit()
        with pytest.raises(ConflictError) as caught, db.unit_of_work() as uow:
            uow.collaborators.add(
                ProjectCollaborator(
                    project_id=project.id, user_id=member.id, role=CollaboratorRole.EDITOR
                )
            )
        assert caught.value.field == "user_id"

    def test_duplicate_file_path_names_path(self, db: Database, project: Project) -> None:
        """Two files at one path of one codebase fail with field `path`."""
        with db.unit_of_work() as uow:
            codebase = uow.codebases.add(GeneratedCodebase(project_id=project.id, agent_id="gen"))
            first, second = (
                GeneratedFile.from_content(codebase_id=codebase.id, path="a.py", content="")
                for _ in range(2)
            )
            uow.files.add(first)
            with pytest.raises(ConflictError) as caught:
                uow.files.add(second)
        assert caught.value.field == "path"
        assert caught.value.entity == "generated_file"

    def test_two_messages_at_one_position_name_position(
        self, db: Database, project: Project
    ) -> None:
        """Two writers that took the same next position collide on field `position`."""
        with db.unit_of_work() as uow:
            session = uow.sessions.add(Session(project_id=project.id, title="s"))
            uow.commit()
        with db.unit_of_work() as first, db.unit_of_work() as second:
            position = first.messages.next_position(session.id)
            assert second.messages.next_position(session.id) == position
            first.messages.add(_message(session.id, position))
            first.commit()
            with pytest.raises(ConflictError) as caught:
                second.messages.add(_message(session.id, position))
        assert caught.value.field == "position"


def _message(session_id: str, position: int) -> Message:
    return Message(session_id=session_id, position=position, role=MessageRole.USER, content="x")


class TestOtherIntegrityErrors:
    """Broken references and missing values are `IntegrityError`s."""

    def test_unknown_foreign_key_is_an_integrity_error(self, db: Database) -> None:
        """A project whose owner does not exist is refused."""
        with pytest.raises(IntegrityError) as caught, db.unit_of_work() as uow:
            uow.projects.add(Project(owner_id="no-such-user", name="orphan"))
        assert not isinstance(caught.value, ConflictError)
        assert caught.value.entity == "project"
        assert isinstance(caught.value.__cause__, sa.exc.IntegrityError)

    def test_missing_required_value_names_the_column(self, db: Database) -> None:
        """A user without a password hash fails with field `password_hash`."""
        with pytest.raises(IntegrityError) as caught, db.unit_of_work() as uow:
            uow.users.add(User(username="ada", email="ada@example.org"))
        assert caught.value.field == "password_hash"


class TestOptimisticLocking:
    """An update based on a stale copy is a `ConflictError`."""

    def test_stale_project_update_conflicts(self, db: Database, project: Project) -> None:
        """The second of two interleaved updates fails and the first one's value stays."""
        with db.unit_of_work() as first, db.unit_of_work() as second:
            mine = first.projects.get_one(project.id)
            theirs = second.projects.get_one(project.id)
            mine.name = "mine"
            first.projects.update(mine)
            first.commit()
            theirs.name = "theirs"
            with pytest.raises(ConflictError) as caught:
                second.projects.update(theirs)
        assert caught.value.entity == "project"
        with db.unit_of_work() as uow:
            stored = uow.projects.get_one(project.id)
            assert (stored.name, stored.version) == ("mine", 2)

    def test_stale_detached_copy_conflicts(self, db: Database, project: Project) -> None:
        """Updating an old detached copy (merged on update) fails once the row moved on."""
        with db.unit_of_work() as uow:
            fresh = uow.projects.get_one(project.id)
            fresh.description = "moved on"
            uow.commit()
        project.name = "stale"
        with pytest.raises(ConflictError), db.unit_of_work() as uow:
            uow.projects.update(project)
