"""Small helpers the built-in checks share: reading call arguments and recognising secrets."""

from __future__ import annotations

import ast
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator

from socratic_core.rules.checks import Check, CheckFunction
from socratic_core.rules.nodes import CheckDeclaration

__all__ = [
    "PYTHON_FILES",
    "TOKEN_PATTERNS",
    "entropy",
    "find_tokens",
    "is_placeholder",
    "is_secret_name",
    "keyword",
    "looks_random",
    "make_check",
    "string_value",
]

# Well-known credential formats; each is specific enough to report on sight.
TOKEN_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b")),
    ("GitHub fine-grained token", re.compile(r"\bgithub_pat_[A-Za-z0-9_]{40,}\b")),
    ("Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b")),
    ("Stripe secret key", re.compile(r"\b[sr]k_live_[A-Za-z0-9]{20,}\b")),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("OpenAI-style API key", re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}\b")),
    ("private key", re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")),
    (
        "JSON web token",
        re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    ),
)
_TOKEN_HINT = re.compile(r"AKIA|ASIA|gh[pousr]_|github_pat_|xox|_live_|AIza|sk-|PRIVATE KEY|eyJ")

_SECRET_WORDS = frozenset(
    {"password", "passwd", "passphrase", "pwd", "secret", "token", "apikey", "credentials"}
    | {"credential", "pass"}
)
_SECRET_PAIRS = frozenset(
    {("api", "key"), ("access", "key"), ("private", "key"), ("secret", "key"), ("auth", "key")}
    | {("signing", "key"), ("client", "secret"), ("encryption", "key"), ("session", "key")}
)
# Names that mention a secret but hold something else: where it is, what it is called.
_NOT_SECRET_SUFFIXES = frozenset(
    {"url", "uri", "path", "file", "name", "type", "header", "field", "prompt", "label"}
    | {"length", "len", "env", "var", "id", "pattern", "regex", "format", "fmt", "dir"}
    | {"message", "msg", "endpoint", "kind", "hint", "policy", "expiry", "ttl", "count"}
)
_PLACEHOLDER = re.compile(
    r"""^(?:|x+|\*+|\.+|-+|<[^>]*>|\$\{[^}]*\}|\{\{?[^}]*\}?\}|%\([^)]*\)s|\$[A-Z_][A-Z0-9_]*
    |your[-_ ].*|.*[-_ ]here|change[-_ ]?me|todo|tbd|fixme|dummy|example|sample|placeholder
    |redacted|none|null|secret|password|test|testing|fake|mock)$""",
    re.IGNORECASE | re.VERBOSE,
)
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_WORDS = re.compile(r"[a-z0-9]+|[A-Z]+(?![a-z])|[A-Z][a-z0-9]*")


PYTHON_FILES = (".py", ".pyi")


def make_check(
    declaration: CheckDeclaration,
    *,
    cross_file: bool = False,
    reads: tuple[str, ...] | None = PYTHON_FILES,
) -> Callable[[CheckFunction], Check]:
    """Decorate a check function into a `Check` with this declaration (Python files by default)."""

    def wrap(function: CheckFunction) -> Check:
        return Check(declaration, function, cross_file=cross_file, reads=reads)

    return wrap


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    """Return the value of a call's keyword argument, or None when it is not given."""
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def string_value(node: ast.AST | None) -> str | None:
    """Return the value of a string literal, or None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _words(name: str) -> list[str]:
    return [word.lower() for word in _WORDS.findall(name)]


def is_secret_name(name: str) -> bool:
    """Whether an identifier names a secret (`db_password`, `apiKey`), not its location or kind.

    Args:
        name: A variable, attribute, keyword or dictionary key name.

    Returns:
        True for names like `password`, `API_KEY`, `client_secret`; False for `password_url`,
        `token_type`, `passenger`.
    """
    words = _words(name)
    if not words or words[-1] in _NOT_SECRET_SUFFIXES:
        return False
    if any(word in _SECRET_WORDS for word in words):
        return True
    return any(pair in _SECRET_PAIRS for pair in itertools.pairwise(words))


def is_placeholder(value: str) -> bool:
    """Whether a literal is a placeholder, an environment variable's name or too short to matter.

    Args:
        value: The literal.

    Returns:
        True for "", "changeme", "<your-key>", "${TOKEN}", "API_TOKEN" and the like.
    """
    stripped = value.strip()
    return len(stripped) < 4 or bool(_PLACEHOLDER.match(stripped) or _ENV_NAME.match(stripped))


def entropy(value: str) -> float:
    """Return the Shannon entropy of a string in bits per character."""
    counts = Counter(value)
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def looks_random(value: str) -> bool:
    """Whether a literal looks like a generated key: long, one token, mixed, high entropy.

    Args:
        value: The literal.

    Returns:
        True for strings of 24+ key characters with letters and digits and high entropy.
    """
    if len(value) < 24 or len(value) > 512 or not re.fullmatch(r"[A-Za-z0-9+/=_\-]+", value):
        return False
    if not (re.search(r"[0-9]", value) and re.search(r"[A-Za-z]", value)):
        return False
    return entropy(value) >= (3.0 if re.fullmatch(r"[0-9a-fA-F]+", value) else 4.2)


def find_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (kind, start, end) for every well-known credential format in `text`."""
    if not _TOKEN_HINT.search(text):
        return
    for kind, pattern in TOKEN_PATTERNS:
        for match in pattern.finditer(text):
            yield kind, match.start(), match.end()
