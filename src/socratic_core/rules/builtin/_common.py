"""Small helpers the built-in checks share: reading call arguments and recognising secrets.

Recognising a secret is two questions: does the *name* it is bound to say secret (`db_password`,
`apiKey`, `"X-Api-Key"`), and does the *value* look like one. A value that is a placeholder, an
environment variable's name, prose (a prompt, a template), a plain word or identifier (a sentinel
like `"_sa_default"`), an alphabet (`"abc...XYZ0123456789"`) or a hex digest where the name speaks
of a revision, commit or hash is not a secret, whatever the name says. A well-known token format
(AWS, GitHub, Slack, Stripe, OpenAI, Google, JWT, private keys) is one on sight, and so is a
password inside a URL (`postgres://user:pw@host`).
"""

from __future__ import annotations

import ast
import base64
import binascii
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from socratic_core.rules._checks import lowered_spellings, per_text, spellings
from socratic_core.rules._patterns import LazyPattern, lazy

__all__ = [
    "RANDOM_KEY",
    "TOKEN_PATTERNS",
    "covering_words",
    "entropy",
    "find_tokens",
    "find_url_credentials",
    "first_names",
    "imports_relatively",
    "is_placeholder",
    "is_secret_name",
    "keyword",
    "last_names",
    "literal_secret_kind",
    "looks_random",
    "may_hold_secret",
    "may_splice",
    "name_words",
    "names_digest",
    "secret_spans",
    "secret_value",
    "string_value",
]

# Well-known credential formats; each is specific enough to report on sight.
TOKEN_PATTERNS: tuple[tuple[str, LazyPattern], ...] = (
    ("AWS access key id", lazy(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b")),
    ("GitHub token", lazy(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b")),
    ("GitHub fine-grained token", lazy(r"\bgithub_pat_[A-Za-z0-9_]{40,}\b")),
    ("Slack token", lazy(r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b")),
    ("Slack webhook", lazy(r"hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/\w{16,}")),
    ("Stripe secret key", lazy(r"\b[sr]k_live_[A-Za-z0-9]{20,}\b")),
    ("Google API key", lazy(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("OpenAI-style API key", lazy(r"\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{32,}\b")),
    ("GitLab token", lazy(r"\bglpat-[A-Za-z0-9_-]{20,}")),
    ("npm token", lazy(r"\bnpm_[A-Za-z0-9]{36}\b")),
    ("Hugging Face token", lazy(r"\bhf_[A-Za-z0-9]{30,}\b")),
    ("SendGrid API key", lazy(r"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b")),
    ("PyPI token", lazy(r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}")),
    ("Shopify token", lazy(r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b")),
    ("private key", lazy(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----")),
    (
        "JSON web token",
        lazy(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    ),
)
_TOKEN_HINT = lazy(
    r"AKIA|ASIA|AGPA|AIDA|AROA|gh[pousr]_|github_pat_|xox|hooks\.slack|_live_|AIza|sk-"
    r"|PRIVATE KEY|eyJ|glpat-|npm_|hf_|SG\.|pypi-|shp"
)
# `scheme://user:password@host`: the password part, when it is not a placeholder.
_URL_CREDENTIALS = lazy(
    r"(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,19}://[^\s:/@'\"]{0,64}:(?P<pw>[^\s:/@'\"]{1,128})@[\w.-]"
)

# Words that make a name a secret's, strong (the value is one unless it is a placeholder) ...
_STRONG_WORDS = frozenset(
    {"password", "passwd", "passphrase", "pwd", "secret", "credentials", "credential"}
)
# `pass` names a password only at the end of a name (`db_pass`), not in `pass_arg`, `pass_through`.
_STRONG_LAST_WORDS = frozenset({"pass"})
# ... and weak (`token`, `key` also name lexical tokens and lookup keys: the value must look
# like a key).
_WEAK_WORDS = frozenset({"token", "apikey", "secretkey", "accesskey", "authkey", "privatekey"})
_SECRET_PAIRS = frozenset(
    {("api", "key"), ("access", "key"), ("private", "key"), ("secret", "key"), ("auth", "key")}
    | {("signing", "key"), ("client", "secret"), ("encryption", "key"), ("session", "key")}
    | {("master", "key"), ("access", "token"), ("refresh", "token"), ("bearer", "token")}
)
# Names that mention a secret but hold something else: where it is, what it is called, the text
# that asks for it.
_NOT_SECRET_SUFFIXES = frozenset(
    {"url", "uri", "path", "file", "name", "type", "header", "field", "prompt", "label"}
    | {"length", "len", "env", "var", "id", "pattern", "regex", "format", "fmt", "dir"}
    | {"message", "msg", "endpoint", "kind", "hint", "policy", "expiry", "ttl", "count"}
    | {"text", "template", "tmpl", "help", "description", "title", "placeholder", "error"}
    | {"question", "example", "sample", "prefix", "suffix", "chars", "alphabet", "charset"}
    | {"size", "bits", "min", "max", "timeout", "attempts", "column", "col"}
    | {"char", "sep", "separator", "delimiter", "encoding", "scheme", "method", "mode"}
    | {"default", "defaults", "string", "funcarg", "plugin", "check", "rule", "test"}
    # how the secret is handled: `password_mechanism`, `secret_case_insensitive`
    | {"mechanism", "strategy", "backend", "provider", "handler", "validator", "strength"}
    | {"sensitive", "insensitive", "option", "options", "flag", "enabled", "disabled"}
    | {"required", "command", "cmd", "program", "callback"}
)
# A name that starts with an action on a password names a setting or a step, not the password:
# `update_password = "always"`, `prompt_for_password`. (Tokens and keys keep their names:
# `refresh_token`, `reset_token` and `use_api_key` may hold one.)
_ACTION_FIRST_WORDS = frozenset(
    {"update", "change", "prompt", "ask", "require", "check", "validate", "allow", "enable"}
    | {"disable", "use", "skip", "hide", "show", "force", "remember", "mask", "redact"}
)
# Where a hex string is a digest, not a key.
_DIGEST_WORDS = frozenset(
    {"rev", "revision", "sha", "commit", "hash", "digest", "checksum", "etag", "fingerprint"}
    | {"sha1", "sha256", "md5", "version", "uuid", "guid", "oid", "hexsha", "down"}
)
_PLACEHOLDER = lazy(
    r"""^(?:|x+|\*+|\.+|-+|_+|<[^>]*>|\[[^\]]*\]|\$\{[^}]*\}|\{\{?[^}]*\}?\}|%\([^)]*\)s|%s
    |\$[A-Za-z_][A-Za-z0-9_]*|your[-_ ].*|.*[-_ ]here|change[-_ ]?me|todo|tbd|fixme|dummy
    |example|sample|placeholder|redacted|none|null|nil|true|false|secret|password|passwd
    |test|testing|fake|mock|default|required|optional|string|str|env|\w*example\w*)$""",
    re.IGNORECASE | re.VERBOSE,
)
_ENV_NAME = lazy(r"^[A-Z][A-Z0-9_]*$")
# A word, words joined by `_.-`, a capitalised word, or a camelCase compound (`lastWeek`: a
# formatting token's or a lookup key's name, common in TypeScript and JavaScript).
_PLAIN_WORD = lazy(r"^_*[a-z]+(?:[_.-][a-z]+)*_*$|^[A-Z][a-z]+$|^[a-z]+(?:[A-Z][a-z]+)+$")
_HEX = lazy(r"^[0-9a-fA-F]+$")
_REGEX = lazy(r"\\[wdsWDSbBAZ]|\(\?|\[\^|\.\*|\]\+")
# Dotted module paths and entry points (`pkg.mod:func`), and version numbers (`3.0-`).
_NOT_VALUES = lazy(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_]\w*)?$|^\d+\.[\d.]*[-+]?$")
_MIN_KEY_LENGTH = 32
_WORDISH = lazy(r"[A-Z]?[a-z]{3,}")
_WORDS = lazy(r"[a-z0-9]+|[A-Z]+(?![a-z])|[A-Z][a-z0-9]*")


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


def name_words(name: str) -> list[str]:
    """The words of a name, lower-cased, numbers dropped from their ends (`password2`)."""
    words = (word.lower() for word in _WORDS.findall(name))
    return [word.rstrip("0123456789") or word for word in words]


def _strength(name: str) -> int:
    """0 when `name` is not a secret's, 1 for a weak one (`token`), 2 for a strong one."""
    words = name_words(name)
    if not words or words[-1] in _NOT_SECRET_SUFFIXES:
        return 0
    if len(words) > 1 and words[0] in _ACTION_FIRST_WORDS and not _names_a_key(words):
        return 0
    if any(word in _STRONG_WORDS for word in words) or words[-1] in _STRONG_LAST_WORDS:
        return 2
    return 1 if _names_a_key(words) else 0


def _names_a_key(words: list[str]) -> bool:
    """Whether a name's words name a token or a key (`token`, `api_key`), not only a password."""
    return any(word in _WEAK_WORDS for word in words) or any(
        pair in _SECRET_PAIRS for pair in itertools.pairwise(words)
    )


def is_secret_name(name: str) -> bool:
    """Whether an identifier names a secret (`db_password`, `apiKey`), not its location or kind.

    Args:
        name: A variable, attribute, keyword, parameter or dictionary key name.

    Returns:
        True for names like `password`, `API_KEY`, `client_secret`; False for `password_url`,
        `token_type`, `PASSWORD_PROMPT_TEXT`, `passenger`.
    """
    return _strength(name) > 0


def is_placeholder(value: str) -> bool:
    """Whether a literal is a placeholder, an environment variable's name or too short to matter.

    Args:
        value: The literal.

    Returns:
        True for "", "changeme", "<your-key>", "${TOKEN}", "API_TOKEN" and the like.
    """
    stripped = value.strip()
    if len(stripped) < 4 or not any(c.isalnum() for c in stripped):
        return True  # `":****"`, `"----"`: a mask, not a value
    if len(set(stripped.lower())) == 1:
        return True  # `"aaaaaaaa"`: a filler, like `"xxxx"`
    return bool(_PLACEHOLDER.match(stripped) or _ENV_NAME.match(stripped))


def _is_alphabet(value: str) -> bool:
    """Whether a string lists characters (`abcdef...0123456789`) rather than being random."""
    if len(set(value)) == len(value) and len(value) >= 26:
        return True  # a random string this long almost always repeats a character
    in_runs, run = 0, 1
    for before, after in itertools.pairwise(value):
        if ord(after) == ord(before) + 1:
            run += 1
            continue
        in_runs += run if run >= 4 else 0
        run = 1
    in_runs += run if run >= 4 else 0
    return len(value) >= 10 and in_runs >= 0.6 * len(value)


def secret_value(name: str, value: str) -> bool:
    """Whether `value`, bound to `name`, is a hardcoded secret.

    Args:
        name: The name it is bound to (variable, keyword, parameter, dictionary key).
        value: The string literal.

    Returns:
        True when the name says secret and the value looks like one: not a placeholder, not
        prose, not a word or identifier, not an alphabet, not a digest in a revision context.
    """
    strength = _strength(name)
    stripped = value.strip()
    if strength == 2 and _passphrase(stripped):
        return True  # `auth_password = "open sesame"`
    # `EVENT_TEST_PASS: "pass"`, `token: "token"`: the name's own word is a label.
    # (`"new_credentials": "NewCredentials"`: the name itself, spelled again, is a label too.)
    words = name_words(name)
    if not strength or _not_a_value(stripped) or stripped.lower() in words:
        return False
    if (strength == 1 and not _key_like(stripped)) or name_words(stripped) == words:
        return False  # (and `token == "#bygroup"`: a lexical token, not an access token)
    if _HEX.match(stripped) and names_digest(name):
        return False  # `revision = "4f3b..."`: a digest
    if _PLAIN_WORD.match(stripped):
        # A word is a weak name's lookup key or sentinel; a strong name's password.
        return strength == 2 and not stripped.startswith("_") and "_" not in stripped
    return True


# Words that make a few words prose (a message, a label, a prompt) rather than a passphrase.
_PROSE_WORDS = frozenset(
    {"a", "an", "the", "is", "are", "was", "be", "to", "of", "for", "in", "on", "at", "by"}
    | {"with", "your", "you", "my", "not", "no", "and", "or", "this", "that", "it", "please"}
    | {"enter", "must", "should", "will", "can", "cannot", "has", "have", "do", "does", "from"}
    | {"as", "if", "when", "use", "set", "new", "old", "current", "invalid", "incorrect"}
    | {"wrong", "required", "missing", "empty", "changed", "reset", "confirm", "forgot"}
)
_PASSPHRASE_WORD = lazy(r"[A-Za-z0-9-]+")


def _passphrase(value: str) -> bool:
    """Whether a value with blanks is a passphrase (`"correct horse battery staple"`).

    Two to six plain words, at least one of them not capitalised, none of them a word of prose
    (`the`, `your`, `enter`, `invalid`...) or a secret's (`password`, `token`, `key`).
    """
    words = value.split()
    if not 2 <= len(words) <= 6 or len(value) < 8 or value != " ".join(words):
        return False
    if not all(_PASSPHRASE_WORD.fullmatch(word) for word in words):
        return False
    if all(word[0].isupper() for word in words):
        return False  # `"Open Sesame"`, `"Current Directory"`: a title or a label
    lowered = [word.lower() for word in words]
    stems = ("pass", "secret", "token", "pwd", "credential", "auth")
    # (`key` as a word: `"keyboard cat"`, express-session's example secret, is a passphrase.)
    return not any(
        word in _PROSE_WORDS or word in ("key", "keys") or word.startswith(stems)
        for word in lowered
    )


def _not_a_value(value: str) -> bool:
    """Placeholders, prose (a prompt, a template), secret words, alphabets and patterns."""
    return (
        is_placeholder(value)
        or any(c.isspace() for c in value)
        or value.lower() in _STRONG_WORDS | _WEAK_WORDS
        or _is_alphabet(value)
        or bool(_REGEX.search(value))  # `jsonnet_token = r"[^\W\d]\w*"`
        or bool(_NOT_VALUES.match(value))
    )


def _key_like(value: str) -> bool:
    """Whether a value could be a key: 8+ characters mixing two of lower, upper and digits."""
    classes = (
        any(c.islower() for c in value),
        any(c.isupper() for c in value),
        any(c.isdigit() for c in value),
    )
    return len(value) >= 8 and sum(classes) >= 2


def entropy(value: str) -> float:
    """Return the Shannon entropy of a string in bits per character."""
    counts = Counter(value)
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def looks_random(value: str) -> bool:
    """Whether a literal looks like a generated key: long, one token, mixed, high entropy.

    Hex strings are left out (they are digests, revisions and ids far more often than keys:
    a hex key is found by the name it is bound to), and so are alphabets, base64-encoded text
    (`"TWFueSBoYW5kcw=="`) and strings shorter than 32 characters: generated record ids are
    (ULID 26, KSUID 27, nanoid 21), keys are not (AWS secret keys are 40).

    Args:
        value: The literal.

    Returns:
        True for strings of 32+ key characters mixing upper and lower case letters and digits,
        with high entropy.
    """
    if (
        len(value) < _MIN_KEY_LENGTH
        or len(value) > 512
        or not re.fullmatch(r"[A-Za-z0-9+/=_\-]+", value)
    ):
        return False
    if not (re.search(r"[0-9]", value) and re.search(r"[a-z]", value)):
        return False
    if not re.search(r"[A-Z]", value) or _is_alphabet(value):
        return False
    if sum(len(word) for word in _WORDISH.findall(value)) * 2 >= len(value):
        return False  # mostly words: `NFCISO15693ReaderSession`, `BSD-2-Clause-pkgconf`
    return entropy(value) >= 4.2 and not _encodes_text(value)


def _encodes_text(value: str) -> bool:
    """Whether a base64 string decodes to printable text (an encoded phrase, not a key)."""
    if not re.fullmatch(r"[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+={0,2}", value):
        return False
    padded = value + "=" * (-len(value) % 4)
    try:
        decoded = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
        text = decoded.decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return text.isprintable()


def find_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (kind, start, end) for every well-known credential format in `text`."""
    if not _TOKEN_HINT.search(text):
        return
    for kind, pattern in TOKEN_PATTERNS:
        for match in pattern.finditer(text):
            yield kind, match.start(), match.end()


def find_url_credentials(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every password written into a URL (`scheme://user:pw@host`)."""
    if "://" not in text:
        return
    for match in _URL_CREDENTIALS.finditer(text):
        password = match.group("pw")
        if not is_placeholder(password) and not re.fullmatch(r"\{[^}]*\}|%s|\*+", password):
            yield match.start("pw"), match.end("pw")


# `password = hunter2`, `API_KEY: "abc..."`, `"client_secret": "..."`, `export TOKEN=...`: a key
# followed by `=` or `:` and a value (quoted or not). Whether the key names a secret and the
# value is one is decided by `secret_value`, as for Python code. The key starts a word and is
# bounded, so a long run of word characters (a minified file, a data blob) stays linear.
_KEY_VALUE = lazy(
    r"""(?x)(?<![A-Za-z0-9_.-])(?P<key>[A-Za-z_][A-Za-z0-9_.-]{0,63})['"]?
    [ \t]*(?P<sep>=|:(?!//))[ \t]*(?P<quote>['"]?)(?P<value>[^\s'"#,;`&]{4,})"""
)


# `Authorization: Bearer <token>`, `"Basic dXNlcjpwYXNz"`: a credential after an HTTP scheme.
_AUTH_SCHEME = lazy(r"(?i)(?<![A-Za-z0-9_-])(?:bearer|basic)[ \t]+(?P<cred>[A-Za-z0-9._~+/=-]{8,})")


# What `_AUTH_SCHEME` needs in lower-cased text: the scheme, blanks, 8 credential characters.
_AUTH_HINT = lazy(r"(?:bearer|basic)[ \t]+[a-z0-9._~+/=-]{8}")


def _auth_credentials(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every key-like credential after `Bearer` or `Basic`."""
    lowered = text.lower()
    if "bearer" not in lowered and "basic" not in lowered:
        return
    for match in _AUTH_SCHEME.finditer(text):
        credential = match.group("cred").rstrip(".")
        if not _key_like(credential) or _not_a_value(credential):
            continue
        if match.group().lower().startswith("basic"):
            secret = ":" in _decoded(credential)  # base64 of `user:password`
        else:  # a token: digits in it, not a word like `accessToken`
            secret = any(c.isdigit() for c in credential) and not _HEX.match(credential)
        if secret:
            yield match.start("cred"), match.start("cred") + len(credential)


def _decoded(value: str) -> str:
    """A base64 string's text, or "" when it is not base64 of ASCII text."""
    try:
        return base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""


def _trim(value: str) -> str:
    """Drop the punctuation prose puts after a value (`hunter2.`, `(key: abc)`)."""
    value = value.rstrip(".:!?")
    if len(value) > 2 and value[0] == "(" and value[-1] == ")":
        value = value[1:-1]  # `secret=(%s)`: a value in parentheses (`[...]`, `{...}` are marks)
    for opener, closer in ("()", "[]", "{}"):
        while value.endswith(closer) and value.count(opener) < value.count(closer):
            value = value[:-1]
    return value


def secret_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, what) for every credential in plain text (config, docs, an answer).

    Args:
        text: The text.

    Returns:
        Token formats, passwords inside URLs, and secret values bound to secret-named keys.
    """
    found: set[int] = set()  # where reported values start: a token bound to a key is one value
    for kind, start, end in find_tokens(text):
        found.add(start)
        yield start, end, f"a {kind}"
    for start, end in find_url_credentials(text):
        found.add(start)
        yield start, end, "a password inside a URL"
    for start, end in _auth_credentials(text):
        found.add(start)
        yield start, end, "an HTTP authorization credential"
    for match in _KEY_VALUE.finditer(text):
        value = _trim(match.group("value"))
        if match["sep"] == ":" and _PLAIN_WORD.match(value):
            continue  # prose: `Secret Manager: could not ...`, `passwd:gecos`
        start = match.start("value")
        if start not in found and secret_value(match.group("key"), value):
            yield start, start + len(value), f"a value for {match.group('key')}"


# What follows a private key's first line when it is one: its headers (`Proc-Type: ...`), then
# base64 text.
_KEY_MATERIAL = lazy(r"[ \t]*\r?\n(?:[ \t]*[A-Za-z-]+:[^\n]*\n)*[ \t]*[A-Za-z0-9+/]{16}")


RANDOM_KEY = "a high-entropy string that looks like a key"


def names_digest(name: str) -> bool:
    """Whether a name says it holds a digest (`temp_digest`, `expected_hash`, `fingerprint`)."""
    return bool(_DIGEST_WORDS & set(name_words(name)))


def literal_secret_kind(text: str, documentation: bool = False) -> str | None:
    """Say what secret a string literal holds whatever it is bound to, or None.

    Args:
        text: The literal's value.
        documentation: Whether it documents (a docstring): then only a token format counts,
            since the URLs and keys in documentation are examples.

    Returns:
        "a GitHub token", "a password inside a URL", "a value for password", "a high-entropy
        string that looks like a key", or None.
    """
    for kind, _, end in find_tokens(text):
        if documentation and kind == "private key" and not _KEY_MATERIAL.match(text, end):
            continue  # `-----BEGIN ... PRIVATE KEY-----` then `<base64 ...>`: a format described
        return f"a {kind}"
    if documentation:
        return None
    spaced = " " in text and ("earer" in text or "asic" in text)  # `Bearer <token>`
    if ("=" in text or ":" in text or spaced) and len(text) < 4096:
        for _, _, what in secret_spans(text):  # `"host=db password=hunter2"`, a URL
            return what
    return RANDOM_KEY if looks_random(text) else None


# --- What a file's text shows of its string literals (for prefilters) ----------------------------
# A prefilter that looks for what a string says reads the text as written, where a literal's
# value can be spelled in pieces: an escape (`"\x41KIA"`), implicit concatenation (`"AK" "IA"`),
# or a backslash at the end of a line inside a string. `may_splice` finds every such spelling that
# could join characters these checks look for; where it finds none, each literal's value is in the
# text as one run of characters.

# Escapes that spell a printable ASCII character (`\x41`, `\101`, `\u0041`, `\N{...}`), or one of
# the four non-ASCII letters a case-insensitive pattern equates with an ASCII one (`\u017f` is
# `s`, `\u212a` is `k`, `\u0131` and `\u0130` are `i`).
_PRINTABLE_HEX = r"(?:[2-6][0-9a-fA-F]|7[0-9a-eA-E])"
_SPELLING_ESCAPE = lazy(
    rf"\\(?:x{_PRINTABLE_HEX}|u(?:00{_PRINTABLE_HEX}|013[01]|017[fF]|212[aA])"
    rf"|U0000(?:00{_PRINTABLE_HEX}|013[01]|017[fF]|212[aA])|N\{{|[1-7][0-7][0-7]|0?[4-7][0-7])"
)
# A backslash that ends a line: inside a string it joins the two lines' characters.
_CONTINUATION = lazy(r"\\\r?\n")
# The characters a split could fall between: those of names, token formats, keys (and `://`,
# split after its colon: `"http:" "//"`).
_JOINABLE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+/=-")
# Where one string literal may end and the next begin (implicit concatenation): a closing quote
# (one or three), then blanks, line continuations or comments, maybe empty literals (`""`), a
# prefix and an opening quote, then a joinable character. A quote inside a string (`"it's"`)
# followed by a gap is no such seam: a literal opened on one line cannot hold the line's end.
# Possessive gaps, so a line of `####` cannot make the search backtrack.
_GAP = r"(?:\s|\\\r?\n|\#[^\n]*+)*+"
_PREFIX = "[rRbBuUfF]{0,2}"
_EMPTY = "|".join(('""', "''", '"' * 6, "'" * 6))
_QUOTE = "|".join(('"' * 3, "'" * 3, '"', "'"))
_SEAM_TAIL = (
    f"{_GAP}(?:{_PREFIX}(?:{_EMPTY}){_GAP})*{_PREFIX}(?:{_QUOTE})" + r"(?=[A-Za-z0-9_+/=\-])"
)
_SEAMS = tuple(lazy(f"{quote}(?:{quote}{quote})?{_SEAM_TAIL}") for quote in "\"'")


def _joins(before: str, after: str) -> bool:
    """Whether a split between these two characters could cut what a prefilter looks for."""
    if before == ":":
        return after == "/"
    return before in _JOINABLE and after in _JOINABLE


@per_text
def may_splice(text: str) -> bool:
    r"""Whether some string literal's value may not be written out in `text` as one run.

    True when the text has an escape that spells a letter, digit or symbol (`\x41`), a
    backslash that ends a line between two such characters, or two literals next to each other
    (implicit concatenation) where the first ends and the second starts with one
    (`"AK" "IA..."`, `"pass" "word"`). False means every literal's value is in the text as
    written, as one run between its quotes (or an f-string's braces), so a prefilter can look
    for what a string says in the text itself.

    Args:
        text: A Python file's text.

    Returns:
        Whether a prefilter that reads string contents must let the file through.
    """
    if _SPELLING_ESCAPE.search(text):
        return True
    if "\\\n" in text or "\\\r" in text:
        for match in _CONTINUATION.finditer(text):
            start, end = match.start(), match.end()
            if start > 0 and end < len(text) and _joins(text[start - 1], text[end]):
                return True
    return any(_seam(text, pattern) for pattern in _SEAMS)


def _seam(text: str, pattern: LazyPattern) -> bool:
    for match in pattern.finditer(text):
        start, end = match.span()
        if start and _joins(text[start - 1], text[end]) and not _escaped(text, start - 1):
            return True  # not `("")` (an empty string) nor `"\n" "x"` (`n` is an escape's)
    return False


def _escaped(text: str, index: int) -> bool:
    """Whether the character at `index` is escaped (an odd run of backslashes before it)."""
    backslashes = 0
    while index - backslashes > 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


# `from . import x`, `from .mod import y`: the import index resolves these against the file's
# own package, so the module a call resolves to need not be written in the file.
_RELATIVE_IMPORT = lazy(r"from[ \t\f]*(?:\\\r?\n[ \t\f]*)*\.")


def imports_relatively(text: str) -> bool:
    """Whether a Python file may import relatively (`from . import x`): the test is textual."""
    return "from" in text and _RELATIVE_IMPORT.search(text) is not None


# A call the import index resolves to `pickle.loads` writes `loads` in its file (the call's last
# attribute, or the name an import binds), and `pickle` too (the call's first name, or the module
# an import names) unless a relative import resolved it against the file's own package.
def last_names(calls: Iterable[str]) -> tuple[str, ...]:
    """Return the last names of dotted call names (`os.system` -> `system`), sorted."""
    return tuple(sorted({name.rpartition(".")[2] for name in calls}))


def first_names(calls: Iterable[str]) -> tuple[str, ...]:
    """Return the modules of dotted call names as `covering_words` (`pickle`, not `_pickle`)."""
    return covering_words(name.partition(".")[0] for name in calls)


def covering_words(words: Iterable[str]) -> tuple[str, ...]:
    """Return the words that contain none of the others.

    A text that holds one of `words` holds one of these: `pickle` stands for `pickle`,
    `_pickle` and `cloudpickle`.
    """
    unique = set(words)
    return tuple(sorted(w for w in unique if not any(o != w and o in w for o in unique)))


# --- Whether a file may hold a secret literal (the secrets check's prefilter) --------------------
# What the name of a secret spells, lower-cased: a strong or weak word, or the words of a pair
# (`api_key`, `apiKey`, `API-KEY`: the two words with anything but letters and digits between).
# A word that contains another, or that is a pair written as one word (`apikey`), adds nothing.
_NAME_WORDS = tuple(
    word
    for word in covering_words(_STRONG_WORDS | _WEAK_WORDS)
    if not any(word == first + second for first, second in _SECRET_PAIRS)
)
_SPLIT_PAIRS: dict[str, tuple[str, ...]] = {}  # second word -> the first words it pairs with
for _first, _second in sorted(_SECRET_PAIRS):
    if not any(word in part for part in (_first, _second) for word in _NAME_WORDS):
        _SPLIT_PAIRS[_second] = (*_SPLIT_PAIRS.get(_second, ()), _first)
# `\\U0001F600`: the longest escape written with letters and digits only.
_LONGEST_ESCAPE = 10
# A letter or digit: where the search for the end of a word stops.
_ALNUM = lazy(r"[A-Za-z0-9]")
# What follows a key in text (`pass=...`, `pass: ...`, `"pass" = ...`; see `_KEY_VALUE`).
_KEY_SEPARATOR = lazy(r"""[_.-]*['"]?[ \t]*[=:]""")
# The token formats by a part that every match contains and that holds only characters a seam
# could split (see `may_splice`): `hooks.slack.com/...` contains `slack`, a private key `PRIVATE`.
# One pattern per first character: a pattern that starts with a literal is searched for quickly.
_TOKEN_PARTS = tuple(
    lazy(part)
    for part in (
        r"A(?:KIA|SIA|GPA|IDA|ROA|Iza)",
        r"g(?:h[pousr]_|ithub_pat_|lpat-)",
        r"s(?:k-|lack|hp(?:at|ca|pa|ss)_)",
        *("xox", "_live_", "PRIVATE", "eyJ", "npm_", "hf_", "pypi-"),
    )
)
# A SendGrid key (`SG.<22>.<43>`) holds `SG` and a run of 43 key characters: both are in the text.
_SENDGRID_RUN = lazy(r"[A-Za-z0-9_-]{43}")
# The rest of `_URL_CREDENTIALS` after `://`, where the user and the password may also hold a
# line continuation or a seam between two literals (`"://user:p" "w@host"`), and their
# characters may be escapes (`\\u00e9`). Possessive: neither part holds `:` or `@`.
_URL_PART = r"""(?:[^\s:/@'"]|\\\r?\n|["'](?:\s|\\\r?\n|\#[^\n]*+)*+[rRbBuUfF]{0,2}["'])"""
_URL_TAIL = lazy(rf"""{_URL_PART}*+:{_URL_PART}++@{_URL_PART}*?[\w.-]""")
# A literal's whole value as `looks_random` may accept it: 32 to 512 key characters after a quote
# (or an f-string's brace or format colon) and before a quote or brace. One pattern per opening
# character: a pattern that starts with a literal is searched for quickly.
_RANDOM_TAIL = r"""[A-Za-z0-9+/=_\-]{32,512}(?=["'{}])"""
_RANDOM_RUNS = {opener: lazy(re.escape(opener) + _RANDOM_TAIL) for opener in "\"'}:"}


def may_hold_secret(text: str) -> bool:
    """Whether the secrets check may find a hardcoded secret in a Python file with this text.

    The check reports a literal bound to a secret's name (whose words `_strength` reads), and a
    literal that holds a token format, a password inside a URL, a credential after `Bearer` or
    `Basic`, or a random-looking key. Each needs something in the text: a secret word (`passw`,
    `token`, `api` then `key`, a name ending in `pass`), a token format's fixed part,
    `://user:pw@`, `bearer` or `basic` (any case) then blanks and a credential, or a run of 32+
    key characters that `looks_random` accepts. That holds for string contents only where
    `may_splice` finds no literal spelled in pieces; otherwise the file passes.

    Args:
        text: The file's text.

    Returns:
        False only when the check certainly finds nothing in the file.
    """
    if may_splice(text) or _names_secret(text):
        return True
    if any(part.search(text) for part in _TOKEN_PARTS) or _url_credentials(text):
        return True
    if "SG" in text and _SENDGRID_RUN.search(text):
        return True
    if any(_AUTH_HINT.search(form) for form in lowered_spellings(text)):
        return True  # `"Bearer <token>"` (see `_auth_credentials`)
    return any(_random_literal(text, opener) for opener in _RANDOM_RUNS)


def _url_credentials(text: str) -> bool:
    """Whether `_URL_CREDENTIALS` may match in a literal: `://`, a user, `:`, a password, `@`."""
    if "@" not in text:
        return False
    start = text.find("://")
    while start >= 0:
        if _URL_TAIL.match(text, start + 3):
            return True
        start = text.find("://", start + 3)
    return False


def _random_literal(text: str, opener: str) -> bool:
    if opener not in text or (opener in "}:" and "{" not in text):
        return False  # a brace or a colon opens an f-string's part only where a brace is
    return any(looks_random(run.group()[1:]) for run in _RANDOM_RUNS[opener].finditer(text))


def _names_secret(text: str) -> bool:
    """Whether some identifier or string in the text may name a secret (see `_strength`)."""
    for written, lowered in zip(spellings(text), lowered_spellings(text), strict=True):
        if any(word in lowered for word in _NAME_WORDS):
            return True
        if any(_pair_in(lowered, firsts, second) for second, firsts in _SPLIT_PAIRS.items()):
            return True
        if any(_ends_a_name(written, lowered, word) for word in _STRONG_LAST_WORDS):
            return True
    return False


def _pair_in(lowered: str, firsts: tuple[str, ...], second: str) -> bool:
    """Whether one of `firsts` then `second` may be consecutive words (`api_key`, `apiKey`)."""
    start = lowered.find(second)
    while start >= 0:
        end = start
        while end > 0 and not lowered[end - 1].isalnum():
            end -= 1  # back over what separates the two words
        if lowered.endswith(firsts, 0, end) or _after_escape(lowered, end):
            return True
        start = lowered.find(second, start + 1)
    return False


def _after_escape(text: str, index: int) -> bool:
    r"""Whether the letter or digit before `index` may be an escape's (`\t`, `\x20`).

    The character such an escape spells separates words, as any non-alphanumeric one does.
    """
    return "\\" in text[max(0, index - _LONGEST_ESCAPE) : index]


def _ends_a_name(written: str, lowered: str, word: str) -> bool:
    """Whether `word` may be the last word of a name (`db_pass`, `dbPass`, `"PASS"`, `pass=`).

    `_WORDS` splits `pass`, `Pass` and `PASS` off a name; whatever follows the last word is not a
    letter or digit. A lower-case `pass` after a character no identifier holds is the keyword, or
    prose in a comment or string: it ends a name only as a key (`"user=x pass=y"`) or where a
    quote may end the string before the next letter or digit (`{"db pass": ...}`).
    """
    for match in _word_end(word).finditer(lowered):
        start, end = match.span()
        if not _word_starts(written, start, end):
            continue
        if not _keyword_or_prose(written, start, end):
            return True
        following = _ALNUM.search(written, end)
        between = written[end : following.start() if following else len(written)]
        if "'" in between or '"' in between or _KEY_SEPARATOR.match(written, end):
            return True
    return False


@functools.cache
def _word_end(word: str) -> re.Pattern[str]:
    """`word` where no letter or digit follows (in lower-cased text)."""
    return re.compile(re.escape(word) + "(?![a-z0-9])")


def _word_starts(written: str, start: int, end: int) -> bool:
    """Whether `_WORDS` may start a word at `start` (its case and the character before say)."""
    spelled, before = written[start:end], written[start - 1] if start else " "
    if before.isalnum() and _after_escape(written, start):
        return True  # `"\\tpass"`: a tab, then `pass`
    if spelled.islower():
        return not before.isascii() or not before.isalnum()
    if spelled.isupper():
        return not ("A" <= before <= "Z")
    return True  # `Pass` starts a word after anything; other casings: let the file through


def _keyword_or_prose(written: str, start: int, end: int) -> bool:
    """Whether a lower-case word follows an ASCII character that no identifier holds."""
    before = written[start - 1] if start else " "
    no_identifier = before.isascii() and not (before.isalnum() or before == "_")
    return written[start:end].islower() and no_identifier
