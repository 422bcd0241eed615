"""Secret redaction for audit rows and logs.

Two rules, applied recursively to dicts, lists and strings:

- a value under a key that names a secret (`password`, `password_hash`, `api_key`, `apiKey`,
  `DB_PASSWORD`, `token`, `secrets`, `authorization`, `cookie`, `credentials`, `private_key`,
  ...) is replaced whole by `REDACTED`; a key is split into words on `_`, `-`, `.` and
  camelCase, and whole words are matched, so `token_count`, `keyboard` and `monkey` are kept;
- inside any string, whatever looks like a credential (a JWT, an `sk-...` API key, an AWS access
  key, a GitHub or Slack token, a bearer token, a PEM private key, the password of a URL, the
  value of `NAME=value` or `NAME: value` with a secret NAME) is replaced by `REDACTED`, and the
  rest of the text is kept. A private key without its END line is masked to the end of the text.

Text is scanned in linear time, with no backtracking regular expression: one pass finds where a
credential may start (a literal prefix, `://`, or the `=`/`:` of a pair), and each candidate is
checked by reading runs of one character class, each run read once however many candidates
share it (`redaction_work` counts the characters read, for tests). Hostile input such as
`"a:" * 100_000` costs a few passes over the text, not one per candidate.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["REDACTED", "is_secret_key", "redact", "redact_text", "redaction_work"]

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

# Where a credential may start: a literal prefix, "://" (a URL's user info follows) or the `=`
# or `:` of a `NAME=value` pair. Literal alternatives only, so the scan for them is linear.
_TRIGGER = re.compile(
    r"(?P<pem>-----BEGIN )|(?P<url>://)|(?P<jwt>eyJ)|(?P<sk>sk-)"
    r"|(?P<aws>A(?:KIA|SIA|GPA|IDA|ROA))|(?P<gh>gh[pousr]_)|(?P<ghpat>github_pat_)"
    r"|(?P<slack>xox[abposr]-)|(?P<google>AIza)|(?P<scheme>(?i:bearer|basic)(?=\s))"
    r"|(?P<assign>[=:])"
)
_WORD_CHAR = re.compile(r"\w")
# Runs of one character class, each scanned once per text (see `_Runs`).
_B64 = re.compile(r"[A-Za-z0-9_-]*")
_ALNUM = re.compile(r"[A-Za-z0-9]*")
_PAT = re.compile(r"[A-Za-z0-9_]*")
_SLACK = re.compile(r"[A-Za-z0-9-]*")
_BEARER = re.compile(r"[A-Za-z0-9._~+/=-]*")
_SPACE = re.compile(r"\s*")
_VALUE = re.compile(r"[^\s\"',;&]*")
_URL_USER = re.compile(r"[^\s:/@]*")
_URL_PASSWORD = re.compile(r"[^\s@/]*")
# Fixed-size tails and bounded headers, matched in a window of known size.
_AWS_TAIL = re.compile(r"[A-Z0-9]{16}")
_GOOGLE_TAIL = re.compile(r"[0-9A-Za-z_-]{35}")
_PEM_HEAD = re.compile(r"-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----")
_PEM_END = re.compile(r"-----END [A-Z ]{0,40}PRIVATE KEY-----")
_PEM_WINDOW = 80
# Backwards from the `=` of a pair (on the reversed text): blanks, then the name.
_BLANKS = re.compile(r"[ \t]*")
_NAME = re.compile(r"[\w.-]*")
# Forwards from the `=`: blanks, an optional quote, an optional "Bearer " scheme word.
_VALUE_LEAD = re.compile(r"[ \t]*[\"']?(?:(?:Bearer|Basic)\s+)?", re.IGNORECASE)


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


class _Runs:
    """The ends of runs of one character class in a text, each character scanned at most once.

    `end(pos)` is where the run of class characters starting at `pos` stops. Stretches already
    scanned are remembered (by their end, with the lowest start scanned), so a later question
    from inside one is answered without scanning, and a scan that reaches a known stretch stops
    there: however many candidates ask, the text is read once per class.
    """

    def __init__(self, scan: _Scan, pattern: re.Pattern[str]) -> None:
        self._scan = scan
        self._pattern = pattern
        self._ends: list[int] = []
        self._starts: dict[int, int] = {}

    def end(self, pos: int) -> int:
        index = bisect.bisect_left(self._ends, pos)
        known = self._ends[index] if index < len(self._ends) else None
        if known is not None and self._starts[known] <= pos:
            return known
        limit = self._scan.size if known is None else self._starts[known]
        match = self._pattern.match(self._scan.text, pos, limit)
        stop = match.end() if match else pos
        self._scan.work += stop - pos + 1
        if known is not None and stop == limit:  # ran into a known stretch: its end is ours
            self._starts[known] = pos
            return known
        self._ends.insert(index, stop)
        self._starts[stop] = pos
        return stop


class _Scan:
    """One left-to-right pass over a text, masking credentials; `work` counts what it read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.size = len(text)
        self.work = self.size  # the one pass of `_TRIGGER` over the text
        self._done = 0  # everything before this has been emitted or masked
        self._parts: list[str] = []
        self._runs: dict[re.Pattern[str], _Runs] = {}
        self._reversed: str | None = None

    def run(self) -> str:
        for trigger in _TRIGGER.finditer(self.text):
            if trigger.start() < self._done:
                continue  # inside a credential already masked
            kind = trigger.lastgroup or ""
            span = _DETECTORS[kind](self, trigger.start(), trigger.end())
            if span is None and kind == "url":  # "x:" before "//": maybe a pair after all
                span = _assignment(self, trigger.start(), trigger.start() + 1)
            if span is not None:
                self._mask(*span)
        return "".join(self._parts) + self.text[self._done :]

    def _mask(self, start: int, end: int) -> None:
        self._parts += [self.text[self._done : start], REDACTED]
        self._done = end

    def run_end(self, pattern: re.Pattern[str], pos: int) -> int:
        """Where the run of `pattern`'s characters starting at `pos` stops."""
        runs = self._runs.get(pattern)
        if runs is None:
            runs = self._runs[pattern] = _Runs(self, pattern)
        return runs.end(pos)

    def window(self, pattern: re.Pattern[str], pos: int, size: int) -> re.Match[str] | None:
        """`pattern` matched at `pos` within the next `size` characters (counted as read)."""
        self.work += size
        return pattern.match(self.text, pos, min(self.size, pos + size))

    def back(self, pattern: re.Pattern[str], end: int) -> int:
        """The lowest index from which `text[index:end]` is all `pattern`'s characters."""
        if self._reversed is None:
            self._reversed = self.text[::-1]
            self.work += self.size
        match = pattern.match(self._reversed, self.size - end)
        length = match.end() - match.start() if match else 0
        self.work += length + 1
        return end - length

    def at_boundary(self, pos: int) -> bool:
        """Whether `pos` starts a word (no word character just before it)."""
        return pos == 0 or not _WORD_CHAR.match(self.text, pos - 1)


_Span = tuple[int, int] | None


def _token(scan: _Scan, start: int, body: int, pattern: re.Pattern[str], least: int) -> _Span:
    # A prefix at a word start, then at least `least` characters of one class: all masked.
    if not scan.at_boundary(start):
        return None
    end = scan.run_end(pattern, body)
    return (start, end) if end - body >= least else None


def _fixed(scan: _Scan, start: int, body: int, pattern: re.Pattern[str], size: int) -> _Span:
    # A prefix at a word start, then exactly `size` characters of one class.
    if not scan.at_boundary(start) or scan.window(pattern, body, size) is None:
        return None
    return start, body + size


def _aws(scan: _Scan, start: int, body: int) -> _Span:
    span = _fixed(scan, start, body, _AWS_TAIL, 16)
    if span is None or (span[1] < scan.size and _WORD_CHAR.match(scan.text, span[1])):
        return None  # \b after the key, too
    return span


def _jwt(scan: _Scan, start: int, body: int) -> _Span:
    # Three base64url parts, the first two starting with '{"' encoded ("eyJ").
    if not scan.at_boundary(start):
        return None
    first = scan.run_end(_B64, body)
    if first - body < 5 or not scan.text.startswith(".eyJ", first):
        return None
    second = scan.run_end(_B64, first + 4)
    if second - first - 4 < 5 or not scan.text.startswith(".", second):
        return None
    return start, scan.run_end(_B64, second + 1)


def _scheme(scan: _Scan, start: int, body: int) -> _Span:
    # "Bearer <token>" / "Basic <token>": the scheme word is kept, the token masked.
    if not scan.at_boundary(start):
        return None
    token = scan.run_end(_SPACE, body)
    end = scan.run_end(_BEARER, token)
    return (token, end) if end - token >= 8 else None


def _url(scan: _Scan, start: int, body: int) -> _Span:
    # scheme://user:password@host: only the password is masked.
    if start == 0 or not scan.text[start - 1].isalpha():
        return None
    colon = scan.run_end(_URL_USER, body)
    if not scan.text.startswith(":", colon):
        return None
    at = scan.run_end(_URL_PASSWORD, colon + 1)
    return (colon + 1, at) if at > colon + 1 and scan.text.startswith("@", at) else None


def _pem(scan: _Scan, start: int, _body: int) -> _Span:
    # A PEM private key block, to its END line (or to the end of the text when it has none).
    head = scan.window(_PEM_HEAD, start, _PEM_WINDOW)
    if head is None:
        return None
    end = _PEM_END.search(scan.text, head.end())
    stop = end.end() if end else scan.size
    scan.work += stop - head.end()
    return start, stop


def _assignment(scan: _Scan, start: int, body: int) -> _Span:
    # NAME=value / NAME: value / "NAME": "value" with a secret NAME: the value is masked.
    name_end = scan.back(_BLANKS, start)
    if name_end > 0 and scan.text[name_end - 1] in "\"'":
        name_end -= 1
    name = scan.text[scan.back(_NAME, name_end) : name_end]
    scan.work += len(name)
    if not name or not _is_secret_name(name):
        return None
    lead = _VALUE_LEAD.match(scan.text, body)
    value = lead.end() if lead else body
    scan.work += value - body + 1
    if scan.text.startswith("-----BEGIN ", value):  # `key: -----BEGIN ... PRIVATE KEY-----`
        return _pem(scan, value, value) or (value, scan.run_end(_VALUE, value))
    end = scan.run_end(_VALUE, value)
    return (value, end) if end > value else None


_DETECTORS: dict[str, Callable[[_Scan, int, int], _Span]] = {
    "pem": _pem,
    "url": _url,
    "jwt": _jwt,
    "sk": lambda scan, start, body: _token(scan, start, body, _B64, 16),
    "aws": _aws,
    "gh": lambda scan, start, body: _token(scan, start, body, _ALNUM, 30),
    "ghpat": lambda scan, start, body: _token(scan, start, body, _PAT, 30),
    "slack": lambda scan, start, body: _token(scan, start, body, _SLACK, 10),
    "google": lambda scan, start, body: _fixed(scan, start, body, _GOOGLE_TAIL, 35),
    "scheme": _scheme,
    "assign": _assignment,
}


def redact_text(text: str) -> str:
    """Return `text` with everything that looks like a credential replaced by `REDACTED`.

    Linear in the length of `text` (see `redaction_work`).

    Args:
        text: Any text: a message, a URL, a log line.

    Returns:
        The same text with credentials masked.
    """
    return _Scan(text).run()


def redaction_work(text: str) -> int:
    """Return how many work units redacting `text` takes (for tests and benchmarks).

    A unit is one character read: the one pass that finds where credentials may start, every
    character of a run scanned (each run of each character class is scanned once, however many
    candidates share it), every window matched at a fixed size, every name read backwards. The
    count is deterministic, and at most a small constant times `len(text)`.

    Args:
        text: The text to redact.

    Returns:
        The work units spent.
    """
    scan = _Scan(text)
    scan.run()
    return scan.work


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
