"""Username, email and text-size checks."""

from __future__ import annotations

import pytest

from socratic_core.errors import InvalidInputError
from socratic_core.services.validation import normalise_email, require_text, validate_username


class TestUsername:
    """Usernames are 3 to 32 safe characters starting and ending with a letter or digit."""

    @pytest.mark.parametrize("name", ["bob", "alice.smith", "a_b-c", "X" * 32, "user42"])
    def test_good_usernames_pass(self, name: str) -> None:
        """Plain usernames come back unchanged."""
        assert validate_username(name) == name

    @pytest.mark.parametrize(
        "name", ["", "ab", "X" * 33, "-bob", "bob_", "bo b", "bob@x", "bøb", "robert'); --"]
    )
    def test_bad_usernames_are_refused(self, name: str) -> None:
        """Short, long, badly bounded or unsafe usernames are refused on field `username`."""
        with pytest.raises(InvalidInputError) as caught:
            validate_username(name)
        assert caught.value.field == "username"


class TestEmail:
    """Email addresses are checked for shape and their domain is lower-cased."""

    def test_domain_is_lower_cased_and_spaces_trimmed(self) -> None:
        """The local part keeps its case, the domain is lower-cased."""
        assert normalise_email("  Alice.Smith@Example.COM ") == "Alice.Smith@example.com"

    @pytest.mark.parametrize(
        "email",
        [
            "",
            "alice",
            "alice@",
            "@example.com",
            "alice@example",
            "a b@example.com",
            "alice@exa..mple.com",
            "alice..b@example.com",
            "a@b.c",
            "x" * 250 + "@example.com",
        ],
    )
    def test_bad_addresses_are_refused(self, email: str) -> None:
        """Malformed addresses are refused on field `email`."""
        with pytest.raises(InvalidInputError) as caught:
            normalise_email(email)
        assert caught.value.field == "email"


class TestRequireText:
    """Text fields are stripped and bounded."""

    def test_text_is_stripped(self) -> None:
        """Surrounding whitespace is removed."""
        assert require_text("  hello  ", field="name", max_length=10) == "hello"

    def test_unstripped_text_keeps_its_whitespace(self) -> None:
        """With strip=False leading indentation survives, and blank text is still refused."""
        assert require_text("    code()\n", field="content", max_length=20, strip=False) == (
            "    code()\n"
        )
        with pytest.raises(InvalidInputError):
            require_text(" \n ", field="content", max_length=20, strip=False)

    def test_blank_text_is_refused(self) -> None:
        """Blank text is refused unless allowed."""
        with pytest.raises(InvalidInputError, match="name must not be empty"):
            require_text("   ", field="name", max_length=10)
        assert require_text("  ", field="name", max_length=10, allow_empty=True) == ""

    def test_long_text_is_refused_with_its_size(self) -> None:
        """Text over the limit names the field and the size."""
        with pytest.raises(InvalidInputError, match=r"longer than 10 characters \(11\)") as caught:
            require_text("x" * 11, field="rules_text", max_length=10)
        assert caught.value.field == "rules_text"
