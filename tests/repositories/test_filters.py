"""Filter objects: LIKE escaping, field checks, and the in-memory `matches` semantics."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from socratic_core import InvalidInputError
from socratic_core.models import Project, User
from socratic_core.repositories import Between, Equals, LimitOffset, Search, escape_like


def _user(**fields: object) -> User:
    values: dict[str, object] = {"username": "Ada_Lovelace", "email": "ada@x", "password_hash": "h"}
    values.update(fields)
    return User(**values)


class TestEscapeLike:
    """`escape_like` neutralises every LIKE wildcard and the escape character itself."""

    @pytest.mark.parametrize(
        ("text", "escaped"),
        [("plain", "plain"), ("50%", "50\\%"), ("a_b", "a\\_b"), ("a\\b", "a\\\\b"), ("", "")],
    )
    def test_escapes(self, text: str, escaped: str) -> None:
        """Wildcards and backslashes get a backslash in front."""
        assert escape_like(text) == escaped


class TestWhereClauses:
    """Filters render to SQL against the model's columns."""

    def test_search_renders_an_escaped_ilike(self) -> None:
        """`Search` binds the escaped pattern and declares the escape character."""
        clause = Search("username", "50%").where(User)
        compiled = clause.compile(compile_kwargs={"literal_binds": True})
        assert "ESCAPE" in str(compiled)
        assert "'%50\\%%'" in str(compiled)

    def test_unknown_field_is_refused(self) -> None:
        """A field the model lacks raises `InvalidInputError` naming it."""
        with pytest.raises(InvalidInputError) as caught:
            Equals("nope", 1).where(User)
        assert caught.value.field == "nope"

    def test_relationship_is_not_a_field(self) -> None:
        """Only column attributes can be filtered on."""
        with pytest.raises(InvalidInputError):
            Equals("sessions", 1).where(Project)

    def test_between_without_bounds_matches_everything(self) -> None:
        """`Between` with no bound is a true condition."""
        compiled = str(Between("created_at").where(User).compile())
        assert compiled.strip().lower() in {"true", "1 = 1"}


class TestLimitOffset:
    """`LimitOffset` refuses negative values."""

    @pytest.mark.parametrize(("limit", "offset"), [(-1, 0), (1, -1)])
    def test_negative_values(self, limit: int, offset: int) -> None:
        """A negative limit or offset raises `InvalidInputError`."""
        with pytest.raises(InvalidInputError):
            LimitOffset(limit, offset)

    def test_values_render_in_sql(self) -> None:
        """Sanity: SQLAlchemy accepts the values as limit and offset."""
        item = LimitOffset(10, 5)
        statement = sa.select(User).limit(item.limit).offset(item.offset)
        assert "LIMIT" in str(statement)
