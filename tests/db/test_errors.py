"""Database errors come out as socratic_core errors that name what went wrong, cause kept."""

from __future__ import annotations

import pytest

from socratic_core import ConflictError, IntegrityError, MessageRole
from socratic_core.db import Database
from socratic_core.models import (
    GeneratedCodebase,
    GeneratedFile,
    Message,
    Project,
    Session,
    User,
)


class TestUniqueViolations:
    """A duplicate unique value is a `ConflictError` naming the column, on both databases."""

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

    def test_missing_required_value_names_the_column(self, db: Database) -> None:
        """A user without a password hash fails with field `password_hash`."""
        with pytest.raises(IntegrityError) as caught, db.unit_of_work() as uow:
            uow.users.add(User(username="ada", email="ada@example.org"))
        assert caught.value.field == "password_hash"
