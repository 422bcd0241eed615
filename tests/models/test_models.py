"""Models fill their defaults on construction and store portable types."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from socratic_core import MessageRole, ProjectPhase, UserStatus
from socratic_core.models import (
    Base,
    GeneratedFile,
    Message,
    Project,
    Session,
    User,
    UserInstruction,
    UTCDateTime,
)


class TestConstruction:
    """Python-side defaults are there before anything is flushed."""

    def test_defaults_are_filled(self) -> None:
        """A new user has an id, UTC timestamps and its default status and flags."""
        user = User(username="ada", email="ada@x", password_hash="h")
        assert len(user.id) == 36
        assert user.created_at.tzinfo is UTC
        assert (user.status, user.is_email_verified, user.first_name) == (
            UserStatus.ACTIVE,
            False,
            None,
        )

    def test_given_values_win(self) -> None:
        """Explicit arguments are not replaced by defaults."""
        project = Project(owner_id="o", name="p", phase=ProjectPhase.TESTING, id="fixed")
        assert (project.id, project.phase, project.tech_stack) == ("fixed", "testing", [])

    def test_mutable_defaults_are_not_shared(self) -> None:
        """Each object gets its own JSON containers."""
        first = Message(session_id="s", position=0, role=MessageRole.USER, content="a")
        second = Message(session_id="s", position=1, role=MessageRole.USER, content="b")
        first.meta["k"] = 1
        assert second.meta == {}

    def test_unknown_keyword_is_a_type_error(self) -> None:
        """A misspelt field fails loudly."""
        with pytest.raises(TypeError, match="usernme"):
            User(usernme="ada")

    def test_file_from_content(self) -> None:
        """`from_content` derives the UTF-8 size and the SHA-256 of the text."""
        text = "print('héllo')\n"
        file = GeneratedFile.from_content(codebase_id="c", path="a.py", content=text)
        assert file.size == len(text.encode())
        assert file.sha256 == hashlib.sha256(text.encode()).hexdigest()


class TestUTCDateTime:
    """The timestamp type stores UTC and reads back aware values."""

    def test_bind_converts_to_utc(self) -> None:
        """An aware value is converted to UTC; SQLite gets it without tzinfo."""
        column = UTCDateTime()
        value = datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))
        expected = datetime(2024, 1, 1, 10, tzinfo=UTC)
        assert column.process_bind_param(value, postgresql.dialect()) == expected
        assert column.process_bind_param(value, sqlite.dialect()) == expected.replace(tzinfo=None)

    def test_result_is_aware(self) -> None:
        """A naive value from the database is read as UTC."""
        naive = datetime(2024, 1, 1, 10)
        result = UTCDateTime().process_result_value(naive, sqlite.dialect())
        assert result == datetime(2024, 1, 1, 10, tzinfo=UTC)

    def test_none_passes_through(self) -> None:
        """NULL stays None both ways."""
        assert UTCDateTime().process_bind_param(None, sqlite.dialect()) is None
        assert UTCDateTime().process_result_value(None, sqlite.dialect()) is None


class TestSchema:
    """The metadata names every constraint and keeps enums portable."""

    def test_every_constraint_is_named_within_postgres_limits(self) -> None:
        """Names exist and fit PostgreSQL's 63-character identifiers."""
        for table in Base.metadata.sorted_tables:
            for item in [*table.constraints, *table.indexes]:
                assert item.name, table.name
                assert len(str(item.name)) <= 63, item.name

    def test_enums_are_not_native(self) -> None:
        """Enum columns are VARCHARs holding the lowercase value."""
        column = User.__table__.c.status
        assert column.type.native_enum is False
        assert column.type.enums == ["active", "inactive", "suspended"]

    def test_optimistic_locks(self) -> None:
        """Projects, sessions and instructions carry a version counter."""
        for model in (Project, Session, UserInstruction):
            assert model.__mapper__.version_id_col is model.__table__.c.version, model.__name__
