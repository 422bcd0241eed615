"""Registration and sign-in refuse hostile input alike on SQLite and PostgreSQL, audited."""

from __future__ import annotations

import pytest

from socratic_core import AuthenticationError

from ..conftest import PASSWORD, Hostile, stored_size

TEN_MB = "a" * 10_000_000
# Each class of bad text: NUL (PostgreSQL cannot store it), a lone surrogate (not Unicode), not
# text at all (None, an int, bytes), and far too long.
BAD_TEXT = ["ab\x00cd", "ab\ud800cd", None, 12345, b"abcd", TEN_MB]


class TestRegister:
    """`register` refuses each bad field with its name, stores no user, audits one small row."""

    @pytest.mark.parametrize("value", BAD_TEXT)
    @pytest.mark.parametrize("field", ["username", "email", "password"])
    def test_bad_fields(self, hostile: Hostile, field: str, value: object) -> None:
        """Every class of bad text in every field is an `InvalidInputError` naming it."""
        fields: dict[str, object] = {
            "username": "valid_name",
            "email": "valid@example.com",
            "password": PASSWORD,
        }
        fields[field] = value

        def register() -> object:
            return hostile.app.users.register(**fields)  # type: ignore[arg-type]

        hostile.refuses(register, field)
        assert hostile.count("users") == 0

    @pytest.mark.parametrize("field", ["first_name", "last_name"])
    def test_bad_names(self, hostile: Hostile, field: str) -> None:
        """A NUL in an optional name is refused too."""
        hostile.refuses(
            lambda: hostile.app.users.register(
                username="valid_name",
                email="valid@example.com",
                password=PASSWORD,
                **{field: "Ada\x00"},
            ),
            field,
        )
        assert hostile.count("users") == 0

    def test_oversized_username_leaves_a_small_row(self, hostile: Hostile) -> None:
        """A refused 10 MB username is stored as a 1,000-character prefix, length and digest."""
        row = hostile.refuses(
            lambda: hostile.app.users.register(
                username=TEN_MB, email="big@example.com", password=PASSWORD
            ),
            "username",
        )
        kept = row["request"]["username"]
        assert kept["$length"] == len(TEN_MB)
        assert len(kept["$sha256"]) == 64
        assert len(kept["$truncated"]) == 1_000
        assert stored_size(row) < 3_000


class TestAuthenticate:
    """`authenticate` refuses malformed logins and passwords before looking anyone up."""

    @pytest.mark.parametrize("value", BAD_TEXT)
    def test_bad_login(self, hostile: Hostile, value: object) -> None:
        """Each class of bad login is an `InvalidInputError` naming `login`, audited."""
        hostile.refuses(lambda: hostile.app.users.authenticate(value, "x"), "login")  # type: ignore[arg-type]

    @pytest.mark.parametrize("value", BAD_TEXT)
    def test_bad_password(self, hostile: Hostile, value: object) -> None:
        """Each class of bad password is an `InvalidInputError` naming `password`, audited."""
        hostile.user("alice")
        hostile.refuses(lambda: hostile.app.users.authenticate("alice", value), "password")  # type: ignore[arg-type]

    def test_redaction_bomb_is_refused_and_bounded(self, hostile: Hostile) -> None:
        """The login that froze the chain lock (`"a:" * 30000`) leaves one small row."""
        row = hostile.refuses(lambda: hostile.app.users.authenticate("a:" * 30000, "x"), "login")
        assert row["request"]["login"]["$length"] == 60_000
        assert stored_size(row) < 3_000

    def test_wrong_password_still_fails_as_before(self, hostile: Hostile) -> None:
        """Well-formed but wrong credentials are an `AuthenticationError`, not an input error."""
        hostile.user("bob")
        with pytest.raises(AuthenticationError):
            hostile.app.users.authenticate("bob", "Wrong-password-1")


class TestOtherUserMethods:
    """The rest of the user service checks its arguments the same way."""

    def test_search_for_nul_finds_nobody(self, hostile: Hostile) -> None:
        """`search("\\x00")` is refused instead of matching every user."""
        hostile.user("carol")
        hostile.refuses_read(lambda: hostile.app.users.search("\x00"), "text")

    @pytest.mark.parametrize("value", ["id\x00", None, 42, "x" * 100])
    def test_get_by_bad_id(self, hostile: Hostile, value: object) -> None:
        """A bad user id is refused on both databases alike."""
        hostile.refuses_read(lambda: hostile.app.users.get(value), "user_id")  # type: ignore[arg-type]

    def test_change_password_with_bad_new_password(self, hostile: Hostile) -> None:
        """A new password with a lone surrogate is refused, audited, and the old one kept."""
        user = hostile.user("dave")
        hostile.refuses(
            lambda: hostile.app.users.change_password(
                user.id, current_password=PASSWORD, new_password="Abcdefgh1\ud800"
            ),
            "new_password",
        )
        assert hostile.app.users.authenticate("dave", PASSWORD).id == user.id
