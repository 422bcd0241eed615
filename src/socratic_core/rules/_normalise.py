"""Light normalisation of statement words, shared by statements and the phrases that name checks.

Case, plurals, hyphens, a few spellings (`hard-coded`/`hardcoded`, `func`/`function`) and filler
words are normalised the same way on both sides, so a phrase matches however it is written.
List separators (`,`, `or`, `and`) become one `,` token so lists can be captured, and a
negation inside a statement (`use safe_load, never yaml.load`) one `!` token. In a statement of
preference, `over` and `in preference to` read as `instead` (`prefer logging over print`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from socratic_core.rules._patterns import lazy

__all__ = ["LIST_SEPARATOR", "NEGATION", "Word", "normalise_word", "words"]

LIST_SEPARATOR = ","
NEGATION = "!"
_NEGATIONS = frozenset({"no", "not", "never", "without", "don", "doesn", "nor"})
# `prefer logging over print`, `logging in preference to print`: what follows is named in
# opposition, as after `instead of`. Only the statement reader knows when `over` means this
# rather than `more than` or `on top of`, so it asks for it (`words(..., preference=True)`).
_INSTEAD = "instead"
_PREFERENCE_MARKERS = (("in", "preference", "to"), ("over",))

# A word: letters, digits and the characters of module names, globs and flags (os.system,
# src/api/**, shell=True, n+1), a "quoted phrase" (one word, quotes dropped: what a forbidden
# phrase captures), or a lone comma (a list separator).
_WORD = lazy(r'"[^"\n]{1,80}"|[a-z0-9_*][a-z0-9_.*/+=-]*|,')
_PATHLIKE = lazy(r"[./*=+]")
_SEPARATORS = frozenset({"or", "and", ","})
_SYNONYMS = {
    "func": "function",
    "funcs": "function",
    "fn": "function",
    "fns": "function",
    "method": "function",
    "methods": "function",
    "hardcode": "hardcoded",
    "hardcoding": "hardcoded",
    "hard-coded": "hardcoded",
    "parametrized": "parameterized",
    "parameterize": "parameterized",
    "parametrize": "parameterized",
    "parameterise": "parameterized",
    "sha-1": "sha1",
    "parameterised": "parameterized",
    "parametrised": "parameterized",
    "deserialisation": "deserialization",
    "deserialise": "deserialize",
    "globals": "global",
    "arg": "argument",
    "args": "argument",
    "param": "parameter",
    "params": "parameter",
    "doc-strings": "docstring",
}
_BIGRAMS = {
    ("hard", "coded"): "hardcoded",
    ("hard", "code"): "hardcoded",
    ("doc", "string"): "docstring",
    ("doc", "strings"): "docstring",
    ("type", "hinted"): "type-hint",
}
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "all",
        "any",
        "every",
        "each",
        "of",
        "to",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "with",
        "in",
        "on",
        "for",
        "from",
        "by",
        "at",
        "as",
        "into",
        "inside",
        "within",
        "over",
        "under",
        "like",
        "such",
        "etc",
        "e.g",
        "i.e",
        "our",
        "your",
        "you",
        "we",
        "us",
        "they",
        "them",
        "their",
        "there",
        "which",
        "who",
        "what",
        "when",
        "where",
        "whenever",
        "if",
        "then",
        "so",
        "do",
        "does",
        "did",
        "doing",
        "done",
        "have",
        "has",
        "had",
        "having",
        "can",
        "could",
        "may",
        "might",
        "will",
        "would",
        "shall",
        "must",
        "should",
        "not",
        "no",
        "never",
        "always",
        "only",
        "also",
        "just",
        "very",
        "really",
        "please",
        "make",
        "sure",
        "ensure",
        "t",
        "s",
        "don",
        "doesn",
        "use",
        "using",
        "used",
        "uses",
        "new",
        "any",
        "some",
        "own",
        "more",
        "less",
        "most",
        "least",
        "than",
    ]
)


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")) or not word.endswith("s"):
        return word
    return word[:-1]


@lru_cache(maxsize=4096)
def normalise_word(word: str) -> str:
    """Return the normal form of one lowercase word: synonyms applied, plural made singular.

    Args:
        word: A lowercase word.

    Returns:
        Its normal form.
    """
    word = _SYNONYMS.get(word, word)
    return _SYNONYMS.get(_singular(word), _singular(word))


class Word(str):
    """A normalised word that remembers how it was written and the word written before it."""

    raw: str
    after: str

    def __new__(cls, normal: str, raw: str, after: str = "") -> Word:
        """Make a word with normal form `normal`, written as `raw`, after the word `after`."""
        instance = super().__new__(cls, normal)
        instance.raw = raw
        instance.after = after
        return instance


def _split(token: str) -> list[str]:
    """Split a hyphenated word (`module-level`) unless it names a path, module or flag."""
    if token in _SYNONYMS or "-" not in token or _PATHLIKE.search(token):
        return [token]
    return [part for part in token.split("-") if part]


def words(text: str, *, keep_stopwords: bool = False, preference: bool = False) -> tuple[Word, ...]:
    """Return the normalised content words of `text`, in order.

    Args:
        text: Statement or phrase text (any case).
        keep_stopwords: Keep filler words (for slugs that read like the statement).
        preference: The text states a preference (`prefer logging over print`): `over` and
            `in preference to` become the word `instead`, written as they were.

    Returns:
        The words; list separators become one `,` word, filler words are dropped.
    """
    return _words(text, keep_stopwords, preference)


def _marker_at(raw_words: list[str], index: int) -> int:
    """The length of a preference marker (`over`, `in preference to`) at `index`, or 0."""
    for marker in _PREFERENCE_MARKERS:
        if tuple(raw_words[index : index + len(marker)]) == marker:
            return len(marker)
    return 0


# TypeScript's `any` written as code (`any`, 'any', as any, type any) is a type, not the filler
# word, `===` / `!==` are operators the word pattern would drop, and `%` formatting (`% formatting`,
# `%s-style formatting`) would be read as bare "formatting" (SQL built by formatting, too).
_CODE_WORDS = (
    # "don't use type any": the type named after the word `type`, where nothing follows it
    # that it could be the determiner of ("type any value" is not the type)
    (
        lazy(
            r"[`']any[`']|\bas\s+any\b|\bexplicit\s+any\b"
            r"|\btype\s+any\b(?=\s*(?:$|[,.;:!)]|(?:or|and|nor|in|anywhere)\b))",
            re.IGNORECASE,
        ),
        " anytype ",
    ),
    (lazy(r"!==|==="), " tripleequals "),
    (lazy(r"%[a-z]?(?:[\s-]+style)?[\s-]*(?=format)", re.IGNORECASE), " percent "),
    # `[]` and `{}` (mutable defaults): punctuation the word pattern would drop.
    (lazy(r"\[\s*\]"), " emptylist "),
    (lazy(r"\{\s*\}"), " emptydict "),
)
_CODE_MARKS = ("any", "==", "%", "[", "{")


def _code_words(text: str) -> str:
    if not any(mark in text for mark in _CODE_MARKS):
        return text
    for pattern, word in _CODE_WORDS:
        text = pattern.sub(word, text)
    return text


def _raw_words(text: str) -> list[str]:
    """The lowercased words of the text, hyphenated ones split, before any normalising."""
    raw_words: list[str] = []
    for found in _WORD.findall(_code_words(text).lower()):
        if found.startswith('"'):
            raw_words.append(found.strip('"').strip())
            continue
        token = found.strip(".-/=+")
        if "-" in token:
            raw_words.extend(_split(token))
        elif token:
            raw_words.append(token)
    return raw_words


@lru_cache(maxsize=8192)
def _words(text: str, keep_stopwords: bool, preference: bool) -> tuple[Word, ...]:
    raw_words = _raw_words(text)
    out: list[Word] = []
    index = 0
    while index < len(raw_words):
        raw = raw_words[index]
        marker = _marker_at(raw_words, index) if preference else 0
        if marker:
            out.append(Word(_INSTEAD, " ".join(raw_words[index : index + marker])))
            index += marker
            continue
        pair = _BIGRAMS.get((raw, raw_words[index + 1])) if index + 1 < len(raw_words) else None
        index += 2 if pair else 1
        if pair:
            out.append(Word(pair, raw))
        elif raw in _SEPARATORS:
            if out and out[-1] != LIST_SEPARATOR:
                out.append(Word(LIST_SEPARATOR, raw))
        elif raw in _NEGATIONS:
            if not out or out[-1] != NEGATION:
                out.append(Word(NEGATION, raw))
        elif keep_stopwords or raw not in STOPWORDS:
            before = raw_words[index - 2] if index >= 2 else ""
            out.append(Word(normalise_word(raw), raw, before))
    while out and out[-1] == LIST_SEPARATOR:
        out.pop()
    return tuple(out)
