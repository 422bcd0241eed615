"""Checks of user-supplied identifiers and text: usernames, email addresses, sizes."""

from __future__ import annotations

import re

from socratic_core.errors import InvalidInputError

__all__ = ["normalise_email", "require_text", "validate_username"]

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
    if len(username) < 3 or len(username) > 32 or not _USERNAME.fullmatch(username):
        raise InvalidInputError(
            f"invalid username {username!r}",
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
    email = email.strip()
    if len(email) > _MAX_EMAIL or not _EMAIL.fullmatch(email) or ".." in email:
        raise InvalidInputError(
            f"invalid email address {email!r}", field="email", reason="not a valid address"
        )
    local, domain = email.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def require_text(
    value: str, *, field: str, max_length: int, allow_empty: bool = False, strip: bool = True
) -> str:
    """Return `value` (stripped), refusing it when blank (unless allowed) or over a limit.

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
        InvalidInputError: Naming `field`, when the text is blank or too long.
    """
    text = value.strip() if strip else value
    if not value.strip() and not allow_empty:
        raise InvalidInputError(f"{field} must not be empty", field=field, reason="empty")
    if len(text) > max_length:
        reason = f"longer than {max_length} characters ({len(text)})"
        raise InvalidInputError(f"{field} is too long: {reason}", field=field, reason=reason)
    return text
