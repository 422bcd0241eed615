"""Password hashing with scrypt, constant-time verification, and the password policy.

A hash is a self-describing string, `scrypt$n=131072,r=8,p=1$<salt>$<key>` (salt and key in
unpadded URL-safe base64), so the cost parameters can be raised later without breaking old hashes:
`PasswordHasher.needs_rehash` says when a stored hash was made with other ones, and
`UserService.authenticate` re-hashes such a password at its next successful sign-in.

The default cost is OWASP's minimum for scrypt: n=2**17, r=8, p=1, which takes 128 MiB of memory
(`128 * n * r` bytes) and a few hundred milliseconds per hash. Tests that hash many passwords pass
a cheaper hasher explicitly (`Socratic(password_hasher=PasswordHasher(n=2**8))`); nothing lowers
the cost implicitly.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

from socratic_core.errors import InvalidInputError

__all__ = ["PasswordHasher", "PasswordPolicy"]

_SCHEME = "scrypt"
_SALT_BYTES = 16
_KEY_BYTES = 32


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _normalise(password: str) -> bytes:
    # NFKC so that the same password typed on two keyboards hashes the same.
    return unicodedata.normalize("NFKC", password).encode("utf-8")


@dataclass(frozen=True, slots=True)
class _Parsed:
    n: int
    r: int
    p: int
    salt: bytes
    key: bytes


@dataclass(frozen=True, slots=True)
class PasswordHasher:
    """Hashes and verifies passwords with scrypt, a memory-hard key derivation function.

    Attributes:
        n: CPU/memory cost (a power of two); memory used is about `128 * n * r` bytes.
        r: Block size.
        p: Parallelisation.
    """

    n: int = 2**17
    r: int = 8
    p: int = 1

    def __post_init__(self) -> None:
        if self.n < 2 or self.n & (self.n - 1):
            raise ValueError(f"scrypt n must be a power of two above 1, not {self.n}")
        if self.r < 1 or self.p < 1:
            raise ValueError("scrypt r and p must be positive")

    def hash(self, password: str) -> str:
        """Return the encoded scrypt hash of `password` with a fresh random salt.

        Args:
            password: The plain-text password.

        Returns:
            The self-describing hash string to store.
        """
        salt = secrets.token_bytes(_SALT_BYTES)
        key = self._derive(_normalise(password), salt, self.n, self.r, self.p)
        params = f"n={self.n},r={self.r},p={self.p}"
        return f"{_SCHEME}${params}${_b64encode(salt)}${_b64encode(key)}"

    def verify(self, password: str, encoded: str | None) -> bool:
        """Tell whether `password` matches `encoded`, in constant time.

        With `encoded=None` (an unknown user) it still derives a key against a dummy hash, so a
        caller cannot tell an unknown user from a wrong password by timing.

        Args:
            password: The plain-text password offered.
            encoded: The stored hash, or None when there is no such user.

        Returns:
            True only when the password matches a real stored hash.
        """
        parsed = _parse(encoded) if encoded is not None else None
        target = parsed or self._dummy()
        key = self._derive(_normalise(password), target.salt, target.n, target.r, target.p)
        return hmac.compare_digest(key, target.key) and parsed is not None

    def needs_rehash(self, encoded: str) -> bool:
        """Tell whether `encoded` was made with other parameters than this hasher's.

        Args:
            encoded: A stored hash.

        Returns:
            True when the hash should be recomputed at the next successful login.
        """
        parsed = _parse(encoded)
        return parsed is None or (parsed.n, parsed.r, parsed.p) != (self.n, self.r, self.p)

    def _dummy(self) -> _Parsed:
        return _Parsed(self.n, self.r, self.p, b"\0" * _SALT_BYTES, b"\0" * _KEY_BYTES)

    @staticmethod
    def _derive(password: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
        # OpenSSL needs 128 * r * (n + p + 2) bytes (the V and B arrays) plus a little more.
        maxmem = 128 * r * (n + p + 2) + 2**20
        return hashlib.scrypt(password, salt=salt, n=n, r=r, p=p, maxmem=maxmem, dklen=_KEY_BYTES)


def _parse(encoded: str) -> _Parsed | None:
    try:
        scheme, params, salt, key = encoded.split("$")
        values = dict(item.split("=", 1) for item in params.split(","))
        parsed = _Parsed(
            int(values["n"]), int(values["r"]), int(values["p"]), _b64decode(salt), _b64decode(key)
        )
    except (ValueError, KeyError):
        return None
    if scheme != _SCHEME or len(parsed.key) != _KEY_BYTES or parsed.n > 2**20:
        return None
    return parsed


@dataclass(frozen=True, slots=True)
class PasswordPolicy:
    """What a new password must satisfy.

    Attributes:
        min_length: Fewest characters.
        max_length: Most characters (bounds the hashing work an attacker can ask for).
        min_classes: Fewest character classes among lower case, upper case, digits and others.
    """

    min_length: int = 10
    max_length: int = 256
    min_classes: int = 2

    def check(self, password: str, *, username: str | None = None) -> None:
        """Raise `InvalidInputError` (field `password`) when `password` breaks the policy.

        Args:
            password: The candidate password.
            username: The account's username; a password containing it is refused.

        Raises:
            InvalidInputError: With the reason the password was refused.
        """
        reason = self._problem(password, username)
        if reason is not None:
            raise InvalidInputError(f"password refused: {reason}", field="password", reason=reason)

    def _problem(self, password: str, username: str | None) -> str | None:
        if len(password) < self.min_length:
            return f"must be at least {self.min_length} characters long"
        if len(password) > self.max_length:
            return f"must be at most {self.max_length} characters long"
        classes = (str.islower, str.isupper, str.isdigit)
        found = sum(any(test(c) for c in password) for test in classes)
        found += any(not c.isalnum() for c in password)
        if found < self.min_classes:
            return (
                f"must mix at least {self.min_classes} of lower case, upper case, digits "
                "and other characters"
            )
        if username and len(username) >= 3 and username.casefold() in password.casefold():
            return "must not contain the username"
        return None
