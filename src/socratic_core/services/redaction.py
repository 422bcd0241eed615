"""Secret redaction for audit rows and logs.

Two rules, applied recursively to dicts, lists and strings:

- a value under a key that names a secret (`password`, `password_hash`, `api_key`, `apiKey`,
  `DB_PASSWORD`, `token`, `secrets`, `authorization`, `cookie`, `credentials`, `private_key`,
  ...) is replaced whole by `REDACTED`; a key is split into words on `_`, `-`, `.` and
  camelCase, and whole words are matched, so `token_count`, `keyboard` and `monkey` are kept;
- inside any string, whatever looks like a credential (a JWT, an `sk-...` API key, an AWS access
  key, a GitHub or Slack token, a bearer token, a PEM private key, the password of a URL, the
  value of `NAME=value` or `NAME: value` with a secret NAME) is replaced by `REDACTED`, and the
  rest of the text is kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["REDACTED", "is_secret_key", "redact", "redact_text"]

REDACTED = "[REDACTED]"

_SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "secret",
        "token",
        "key",
        "authorization",
        "auth",
        "cookie",
        "credential",
        "credentials",
        "apikey",
        "jwt",
        "otp",
        "pin",
        "signature",
    }
)
# Lower-case run-together names that hide a secret word inside one word ("dbpassword", "apikey").
_SECRET_COMPOUNDS = (
    "password",
    "passwd",
    "passphrase",
    "apikey",
    "accesskey",
    "secretkey",
    "privatekey",
    "accesstoken",
    "authtoken",
    "refreshtoken",
    "clientsecret",
)
# Last words of names that mention a secret but hold something else ("session_id", "token_count").
_HARMLESS_LAST_WORDS = frozenset({"id", "count", "type", "name", "length", "size", "url", "uri"})
# A plural after one of these counts things rather than holding them ("max_tokens", "num_keys").
_COUNTING_WORDS = frozenset(
    {"max", "min", "num", "total", "prompt", "completion", "input", "output", "cached"}
)

# Split "apiKey", "API_KEY", "x-api-key", "client.secret" into words.
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")

_URL_PASSWORD = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]*:)[^\s@/]+(?=@)")
_TOKEN_PATTERNS = (
    # A PEM private key block, whatever its type.
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", re.DOTALL),
    # A JWT: three base64url parts, the first two starting with '{"' encoded ("eyJ").
    re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"),
    # OpenAI/Anthropic-style secret keys: sk-..., sk-proj-..., sk-ant-...
    re.compile(r"\bsk-[A-Za-z0-9_-]{16,}"),
    # AWS access key ids.
    re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}\b"),
    # GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_).
    re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"),
    # Slack tokens.
    re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    # Google API keys.
    re.compile(r"\bAIza[0-9A-Za-z_-]{35}"),
    # "Bearer <token>" / "Basic <token>" as in an Authorization header: the scheme word is kept.
    re.compile(r"(?P<keep>\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE),
)

# "DB_PASSWORD=hunter2", "api_key: abc", "?client_secret=abc&access_token=xyz" in free text: a
# name, `=` or `:`, then a value. The value is only looked ahead at, so that the scan goes on
# inside it ("a=DB_PASSWORD=x"); `_mask_assignments` masks it when the name is secret.
_ASSIGNMENT = re.compile(
    r"(?<![\w.-])(?P<name>[\w.-]+)[\"']?[ \t]*[=:][ \t]*[\"']?(?:(?:Bearer|Basic)\s+)?"
    r"(?=(?P<value>[^\s\"',;&]+))",
    re.IGNORECASE,
)


def _words(key: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(key)]


def _singular(word: str) -> str:
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word if word in _SECRET_WORDS else word[:-1]
    return word


def is_secret_key(key: str) -> bool:
    """Tell whether a mapping key names a secret (`password`, `apiKey`, `X-Auth-Token`, ...).

    The key is split into words on `_`, `-`, `.`, other punctuation and camelCase; it names a
    secret when one whole word, singularised (`secrets`, `tokens`, `keys`), is a secret word, or
    when it runs a known pair together (`apikey`, `dbpassword`). Keys whose last word says what
    the value is instead (`token_count`, `key_id`) and counts (`max_tokens`) name no secret.

    Args:
        key: The key.

    Returns:
        True when values under it must be redacted whole.
    """
    words = _words(key)
    if not words:
        return False
    singular = [_singular(word) for word in words]
    if singular[-1] in _HARMLESS_LAST_WORDS:
        return False
    if len(words) > 1 and words[0] in _COUNTING_WORDS and singular[-1] != words[-1]:
        return False
    joined = "".join(words)
    return any(word in _SECRET_WORDS for word in singular) or any(
        compound in joined for compound in _SECRET_COMPOUNDS
    )


def _is_secret_name(name: str) -> bool:
    # In free text the last word must be singular: prose has "Secrets: never commit them".
    words = _words(name)
    return is_secret_key(name) and (words[-1] in _SECRET_WORDS or _singular(words[-1]) == words[-1])


def _mask_assignments(text: str) -> str:
    parts: list[str] = []
    done = 0
    for match in _ASSIGNMENT.finditer(text):
        if match.start() < done or not _is_secret_name(match["name"]):
            continue
        parts += [text[done : match.end()], REDACTED]
        done = match.end() + len(match["value"])
    return "".join(parts) + text[done:]


def _mask(match: re.Match[str]) -> str:
    return (match.groupdict().get("keep") or "") + REDACTED


def redact_text(text: str) -> str:
    """Return `text` with everything that looks like a credential replaced by `REDACTED`.

    Args:
        text: Any text: a message, a URL, a log line.

    Returns:
        The same text with credentials masked.
    """
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + REDACTED, text)
    for pattern in _TOKEN_PATTERNS:
        text = pattern.sub(_mask, text)
    return _mask_assignments(text)


def redact(value: Any) -> Any:
    """Return a copy of `value` (JSON-like data) with every secret redacted.

    Args:
        value: Dicts, lists, tuples, strings and scalars, nested in any way.

    Returns:
        The same shape with secret-named values and credential-like strings masked.
    """
    if isinstance(value, Mapping):
        return {
            k: (
                REDACTED if isinstance(k, str) and is_secret_key(k) and v is not None else redact(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(item) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value
