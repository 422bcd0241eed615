"""Checks of everything a caller hands a service: types, sizes, encodings, JSON, choices.

One set of validators for every service, applied before any database work, so that SQLite and
PostgreSQL refuse the same values with the same `InvalidInputError` naming the field: text must be
a `str` of bounded length without NUL characters or lone surrogates (which PostgreSQL cannot
store and SQLite would), ids are such text of at most 64 characters, and JSON metadata is plain
JSON (no NaN, sets, datetimes or cycles) of bounded depth and size.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any, TypeVar

from socratic_core.errors import InvalidInputError

__all__ = [
    "ID_LENGTH",
    "normalise_email",
    "require_choice",
    "require_id",
    "require_ids",
    "require_int",
    "require_json",
    "require_str",
    "require_strings",
    "require_text",
    "validate_username",
]

ID_LENGTH = 64
"""Most characters of an id a caller passes (ids made here are 36-character UUIDs)."""
_JSON_DEPTH = 10
_JSON_SIZE = 65_536

E = TypeVar("E", bound=Enum)


def _refuse(field: str, reason: str) -> InvalidInputError:
    return InvalidInputError(f"invalid {field}: {reason}", field=field, reason=reason)


def _too_long(field: str, max_length: int, length: int) -> InvalidInputError:
    reason = f"longer than {max_length} characters ({length})"
    return InvalidInputError(f"{field} is too long: {reason}", field=field, reason=reason)


def require_str(value: object, *, field: str, max_length: int) -> str:
    """Return `value` if it is text every database stores alike, else raise.

    Checks, cheapest first: a `str`, at most `max_length` characters, no NUL character, no lone
    surrogate (text that is not valid Unicode).

    Args:
        value: What the caller passed.
        field: The input field it came from, named in the error.
        max_length: Most characters accepted.

    Returns:
        The text, unchanged.

    Raises:
        InvalidInputError: Naming `field`, with the reason.
    """
    if not isinstance(value, str):
        raise _refuse(field, f"must be text, not {type(value).__name__}")
    if len(value) > max_length:
        raise _too_long(field, max_length, len(value))
    if "\x00" in value:
        raise _refuse(field, "contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _refuse(field, "is not valid Unicode (a lone surrogate)") from None
    return value


def require_id(value: object, *, field: str) -> str:
    """Return `value` if it can be an id: non-empty text of at most `ID_LENGTH` characters.

    Raises:
        InvalidInputError: Naming `field`.
    """
    text = require_str(value, field=field, max_length=ID_LENGTH)
    if not text:
        raise _refuse(field, "must not be empty")
    return text


def require_ids(**values: object) -> None:
    """Check every keyword value with `require_id` (None values are skipped).

    Raises:
        InvalidInputError: Naming the first bad keyword.
    """
    for field, value in values.items():
        if value is not None:
            require_id(value, field=field)


def require_int(value: object, *, field: str, minimum: int, maximum: int) -> int:
    """Return `value` if it is an int (not a bool) from `minimum` to `maximum`.

    Raises:
        InvalidInputError: Naming `field`.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse(field, f"must be an integer, not {type(value).__name__}")
    if not minimum <= value <= maximum:
        raise _refuse(field, f"must be {minimum} to {maximum}")
    return value


def require_choice(value: object, choices: type[E], *, field: str) -> E:
    """Return the member of the enum `choices` that `value` is or names.

    Raises:
        InvalidInputError: Naming `field`, listing the choices.
    """
    if isinstance(value, choices):
        return value
    allowed = ", ".join(str(member.value) for member in choices)
    if isinstance(value, str):
        for member in choices:
            if member.value == value:
                return member
    raise _refuse(field, f"must be one of {allowed}")


def require_strings(values: object, *, field: str, max_items: int, max_length: int) -> list[str]:
    """Return a list or tuple of non-blank texts, each stripped, as a list.

    Raises:
        InvalidInputError: Naming `field`: not a list, too many items, or a bad item.
    """
    if not isinstance(values, list | tuple):
        raise _refuse(field, f"must be a list of text, not {type(values).__name__}")
    if len(values) > max_items:
        raise _refuse(field, f"at most {max_items} items ({len(values)})")
    return [require_text(item, field=field, max_length=max_length) for item in values]


def require_json(value: object, *, field: str) -> dict[str, Any]:
    """Return a plain copy of `value` if it is a JSON object of bounded depth and size.

    Keys must be text; values None, bools, ints, finite floats, text (as `require_str`), lists
    or objects, nested at most 10 levels (so a cycle is refused too), 64 KiB in all.

    Raises:
        InvalidInputError: Naming `field`; the reason says where (`metadata.a[0]: ...`).
    """
    if not isinstance(value, Mapping):
        raise _refuse(field, f"must be a JSON object, not {type(value).__name__}")
    walk = _JsonWalk(field)
    copied: dict[str, Any] = walk.value(value, field, 0)
    return copied


class _JsonWalk:
    """One check of a JSON value, spending a size budget as it goes."""

    def __init__(self, field: str) -> None:
        self.field = field
        self.budget = _JSON_SIZE

    def refuse(self, path: str, reason: str) -> InvalidInputError:
        return _refuse(self.field, f"{path}: {reason}")

    def value(self, value: object, path: str, depth: int) -> Any:
        self.budget -= 8
        if self.budget < 0:
            raise self.refuse(path, f"larger than {_JSON_SIZE} bytes of JSON")
        if depth > _JSON_DEPTH:
            raise self.refuse(path, f"nested deeper than {_JSON_DEPTH} levels (or cyclic)")
        if value is None or isinstance(value, bool | int):
            return value
        if isinstance(value, float):
            if not math.isfinite(value):
                raise self.refuse(path, "NaN and infinity are not JSON")
            return value
        if isinstance(value, str):
            return self.text(value, path)
        if isinstance(value, list | tuple):
            return [self.value(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value)]
        if isinstance(value, Mapping):
            return self.object(value, path, depth)
        raise self.refuse(path, f"{type(value).__name__} is not JSON")

    def text(self, value: str, path: str) -> str:
        self.budget -= len(value)
        if self.budget < 0:
            raise self.refuse(path, f"larger than {_JSON_SIZE} bytes of JSON")
        try:
            return require_str(value, field=self.field, max_length=_JSON_SIZE)
        except InvalidInputError as exc:
            raise self.refuse(path, exc.reason or "not storable text") from None

    def object(self, value: Mapping[Any, Any], path: str, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise self.refuse(path, f"keys must be text, not {type(key).__name__}")
            self.text(key, path)
            result[key] = self.value(item, f"{path}.{key[:40]}", depth + 1)
        return result


_USERNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{1,30}[A-Za-z0-9])?")
# One @, a local part without spaces, a domain of dot-separated labels ending in a 2+ letter TLD.
_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_MAX_EMAIL = 254


def validate_username(username: str) -> str:
    """Return `username` if it is 3 to 32 letters, digits, `.`, `_` or `-`, else raise.

    It must start and end with a letter or digit.

    Args:
        username: The requested username.

    Returns:
        The username, unchanged.

    Raises:
        InvalidInputError: Field `username`, with the reason.
    """
    username = require_str(username, field="username", max_length=32)
    if len(username) < 3 or not _USERNAME.fullmatch(username):
        raise InvalidInputError(
            f"invalid username {username[:40]!r}",
            field="username",
            reason="3 to 32 letters, digits, '.', '_' or '-', starting and ending with a "
            "letter or digit",
        )
    return username


def normalise_email(email: str) -> str:
    """Return `email` trimmed, with its domain in lower case, if it is a plausible address.

    Args:
        email: The address as typed.

    Returns:
        The normalised address.

    Raises:
        InvalidInputError: Field `email`, when it is not a plausible address.
    """
    email = require_str(email, field="email", max_length=_MAX_EMAIL + 64).strip()
    if len(email) > _MAX_EMAIL or not _EMAIL.fullmatch(email) or ".." in email:
        raise InvalidInputError(
            f"invalid email address {email[:60]!r}", field="email", reason="not a valid address"
        )
    local, domain = email.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def require_text(
    value: object, *, field: str, max_length: int, allow_empty: bool = False, strip: bool = True
) -> str:
    """Return `value` (stripped), refusing it when blank (unless allowed) or over a limit.

    It must also be text every database stores alike (see `require_str`).

    Args:
        value: The text.
        field: The input field it came from, named in the error.
        max_length: Most characters accepted.
        allow_empty: Whether blank text is accepted.
        strip: Return the text without surrounding whitespace (False keeps it as given, for
            content such as messages and code where leading indentation matters).

    Returns:
        The text, stripped unless `strip` is False.

    Raises:
        InvalidInputError: Naming `field`, when the text is blank, too long or not storable.
    """
    # Room for surrounding whitespace, which stripping removes; far longer text is refused
    # before anything reads it whole.
    slack = max_length + 1000
    if isinstance(value, str) and len(value) > slack:
        raise _too_long(field, max_length, len(value))
    value = require_str(value, field=field, max_length=slack)
    text = value.strip() if strip else value
    if not text.strip() and not allow_empty:
        raise InvalidInputError(f"{field} must not be empty", field=field, reason="empty")
    if len(text) > max_length:
        raise _too_long(field, max_length, len(text))
    return text
