"""Password hashing with scrypt and the password policy."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from socratic_core.errors import InvalidInputError
from socratic_core.services.passwords import PasswordHasher, PasswordPolicy

FAST = PasswordHasher(n=2**8, r=8, p=1)


class TestPasswordHasher:
    """Hashes carry their parameters, verify in constant time and never match a wrong password."""

    def test_hash_verifies_the_right_password(self) -> None:
        """The password a hash was made from verifies against it."""
        encoded = FAST.hash("correct horse battery")
        assert FAST.verify("correct horse battery", encoded)

    def test_hash_rejects_a_wrong_password(self) -> None:
        """A different password does not verify."""
        encoded = FAST.hash("correct horse battery")
        assert not FAST.verify("correct horse batterz", encoded)

    def test_hash_is_salted(self) -> None:
        """Two hashes of one password differ, and both verify."""
        first, second = FAST.hash("same password 1"), FAST.hash("same password 1")
        assert first != second
        assert FAST.verify("same password 1", first)
        assert FAST.verify("same password 1", second)

    def test_hash_stores_its_parameters(self) -> None:
        """The encoded hash names the scheme and its cost parameters and hides the password."""
        encoded = FAST.hash("s3cret-password")
        scheme, params, _salt, _key = encoded.split("$")
        assert scheme == "scrypt"
        assert params == "n=256,r=8,p=1"
        assert "s3cret-password" not in encoded

    def test_other_parameters_still_verify(self) -> None:
        """A hash made with other parameters verifies with any hasher and asks for a rehash."""
        old = PasswordHasher(n=2**4, r=8, p=1).hash("old password 1")
        assert FAST.verify("old password 1", old)
        assert FAST.needs_rehash(old)
        assert not FAST.needs_rehash(FAST.hash("new password 1"))

    def test_unknown_user_never_verifies(self) -> None:
        """With no stored hash the dummy path runs and the answer is always False."""
        assert not FAST.verify("", None)
        assert not FAST.verify("anything at all", None)

    @pytest.mark.parametrize(
        "encoded", ["", "plain", "md5$x$y$z", "scrypt$n=abc$AA$AA", "scrypt$n=16,r=8,p=1$AA$AA"]
    )
    def test_malformed_hash_never_verifies(self, encoded: str) -> None:
        """A corrupt or foreign stored hash is treated as no match, not as an error."""
        assert not FAST.verify("whatever", encoded)
        assert FAST.needs_rehash(encoded)

    def test_unicode_is_normalised(self) -> None:
        """A password typed with a composed or decomposed accent verifies either way."""
        encoded = FAST.hash("caf\u00e9-password")
        assert FAST.verify("cafe\u0301-password", encoded)

    def test_parameters_are_checked(self) -> None:
        """A cost that is not a power of two is refused when the hasher is made."""
        with pytest.raises(ValueError, match="power of two"):
            PasswordHasher(n=1000)


class TestPasswordPolicy:
    """The policy names the password field and the reason it refused."""

    @pytest.mark.parametrize(
        ("password", "reason"),
        [
            ("short1A", "at least 10"),
            ("a" * 257, "at most 256"),
            ("alllowercaseletters", "mix at least 2"),
            ("alice-Password-1", "username"),
        ],
    )
    def test_weak_passwords_are_refused(self, password: str, reason: str) -> None:
        """Too short, too long, one character class, or containing the username is refused."""
        with pytest.raises(InvalidInputError, match=reason) as caught:
            PasswordPolicy().check(password, username="Alice")
        assert caught.value.field == "password"
        assert password not in str(caught.value)

    @pytest.mark.parametrize(
        ("password", "username"),
        [
            ("abcdefghi1", "alice"),  # exactly 10 characters: one fewer is refused
            ("a" * 255 + "1", "alice"),  # exactly 256: one more is refused
            ("abcdefghi-", "alice"),  # exactly 2 classes (lower case, other)
            ("al-password", "al"),  # a username under 3 characters is not looked for
            ("Tr0ub4dor&3-horse", None),
        ],
    )
    def test_passwords_just_inside_each_limit_pass(
        self, password: str, username: str | None
    ) -> None:
        """A password at each limit (length, classes, username) is accepted, without an error."""
        assert PasswordPolicy().check(password, username=username) is None


class TestOwaspCost:
    """The default cost is OWASP's minimum for scrypt, and it really runs at that cost."""

    def test_default_parameters(self) -> None:
        """`PasswordHasher()` is n=2**17, r=8, p=1: a hash made with it says so and verifies."""
        hasher = PasswordHasher()
        assert (hasher.n, hasher.r, hasher.p) == (2**17, 8, 1)
        encoded = hasher.hash("Owasp-strength-1")  # 128 MiB of memory: maxmem must allow it
        assert encoded.split("$")[1] == "n=131072,r=8,p=1"
        assert hasher.verify("Owasp-strength-1", encoded)
        assert not hasher.needs_rehash(encoded)

    def test_older_default_asks_for_a_rehash(self) -> None:
        """A hash made at the former default (n=2**15) still verifies and is marked outdated."""
        old = PasswordHasher(n=2**15).hash("Former-default-1")
        hasher = PasswordHasher()
        assert hasher.needs_rehash(old)
        assert FAST.verify("Former-default-1", old)


class TestEqualWork:
    """An unknown user costs the same key derivation as a wrong password."""

    def test_dummy_uses_the_current_parameters(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Both paths run scrypt once, with the hasher's own n, r and p."""
        calls: list[tuple[int, int, int]] = []
        real = hashlib.scrypt

        def counting(password: bytes, **kwargs: Any) -> bytes:
            calls.append((kwargs["n"], kwargs["r"], kwargs["p"]))
            return real(password, **kwargs)

        encoded = FAST.hash("Known-password-1")
        monkeypatch.setattr(hashlib, "scrypt", counting)
        assert not FAST.verify("Wrong-password-1", encoded)
        assert not FAST.verify("Wrong-password-1", None)
        assert calls == [(FAST.n, FAST.r, FAST.p)] * 2
