"""Secret redaction for audit rows and logs.

Two rules, applied recursively to dicts, lists and strings:

- a value under a key that names a secret (`password`, `password_hash`, `api_key`, `apiKey`,
  `token`, `secret`, `authorization`, `cookie`, `credentials`, `private_key`, ...) is replaced
  whole by `REDACTED`;
- inside any string, whatever looks like a credential (a JWT, an `sk-...` API key, an AWS access
  key, a GitHub or Slack token, a bearer token, a PEM private key, the password of a URL) is
  replaced by `REDACTED`, and the rest of the text is kept.
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
# Words that end in a secret word yet name no secret ("keyboard" never splits this way, but
# "session_id" and "entity_key_count" would): checked on the last word only.
_HARMLESS_LAST_WORDS = frozenset({"id", "ids", "count", "type", "name", "names", "length"})

# Split "apiKey", "API_KEY", "x-api-key", "client.secret" into lower-case words.
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
    # "password=hunter2", "api_key: abc", "token = ..." in free text: the name is kept.
    re.compile(
        r"(?P<keep>\b(?:password|passwd|pwd|secret|token|api[_-]?key)[\"']?\s*[=:]\s*[\"']?)"
        r"[^\s\"',;&]+",
        re.IGNORECASE,
    ),
)


def is_secret_key(key: str) -> bool:
    """Tell whether a mapping key names a secret (`password`, `apiKey`, `X-Auth-Token`, ...).

    Args:
        key: The key.

    Returns:
        True when values under it must be redacted whole.
    """
    words = [w.lower() for w in _WORD.findall(key)]
    if not words or words[-1] in _HARMLESS_LAST_WORDS:
        return False
    joined = "".join(words)
    return any(w in _SECRET_WORDS for w in words) or "apikey" in joined or "password" in joined


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
    return text


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
