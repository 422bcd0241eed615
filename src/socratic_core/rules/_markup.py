"""Markdown in a statement: what a reader would not hear is dropped before its meaning is read.

Emphasis, inline code backticks, link targets, inline HTML comments and emoji are ignored for
meaning, and so is whatever comes before the first word of a statement: list markers, quote
marks (`>`), checkboxes and the quotes and brackets of a JSON or YAML list item
(`  "Never use eval",`). The rule keeps the statement's raw text with all of them.

Everything here is a linear scan (each character is looked at a bounded number of times), so an
adversarial line (`_a _a _a ...`, thousands of unclosed backticks or brackets) costs no more
than an ordinary one of the same length.
"""

from __future__ import annotations

import re

from socratic_core.rules._modality import find_modality
from socratic_core.rules._patterns import lazy

__all__ = ["clean_markdown", "strip_statement_start"]

# A run of emphasis characters (`*`, `**`, `_`, ...) or of backticks.
_DELIMITER_RUN = lazy(r"\*+|_+")
_BACKTICK_RUN = lazy(r"`+")
# Never an emphasis opener after these (`src/**`, `snake_case`, `\*`); never a closer before.
_NO_OPEN_AFTER = frozenset("/*\\")
_NO_CLOSE_BEFORE = frozenset("/*")
# `[text](target)`: the text and the target hold no brackets, so every scan stops at the next one.
_LINK = lazy(r"!?\[([^\[\]\n]*)\]\([^()\[\]\n]*\)")
# Emoji and pictographs, variation selectors and joiners: kept in the raw text, not in meaning.
_EMOJI = lazy("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\u20e3]+")
# Typographic quotes and apostrophes, as editors write them (curly quotes), to plain ones.
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
# What may come before a statement's first word, in any order and any number: blanks, quote
# marks (a `>` that is not a comparator: `> 50 lines` keeps it), list markers (a bullet or number
# followed by a blank), checkboxes, and the opening quote or bracket of a JSON/YAML list item.
# Each alternative is bounded and the repetition always succeeds: no backtracking to speak of.
_START = lazy(
    r"(?:[ \t]+|>(?![ \t]*[\d=<])|[-*+\u2022](?=[ \t])|\d{1,9}[.)](?=[ \t]|$)"
    r"|\[[ xX]\](?=[ \t]|$)|[\"'\[](?=\S))*"
)
_OPENERS = frozenset("\"'[")
# A statement wrapped in an XML element, as prompt files write them
# (`<typing>Use type hints everywhere</typing>`): the tags are markup, not words. Only a tag
# that opens the statement right before its first word, and one that closes it at the end.
_OPEN_TAG = lazy(r"<[A-Za-z][\w.-]{0,40}>(?=[A-Za-z])")
_CLOSE_TAG = lazy(r"(?<=\S)</[A-Za-z][\w.-]{0,40}>\s*$")
# What closes a JSON/YAML item whose opening quote or bracket was dropped: `",`, `"]`, `'`.
_ITEM_END = "\"']},; \t"


def strip_statement_start(text: str) -> str:
    """Drop what comes before a statement's first word (markers, quotes, JSON punctuation).

    `- [ ] Use type hints`, `> 1. Use type hints`, `"Use type hints",`, `- 'Use type hints'` and
    `<typing>Use type hints</typing>` all become `Use type hints`, so a statement that opens
    with an imperative is read as one wherever it starts. When an opening quote or bracket is
    dropped, the punctuation that closes it at the end (`",`, `"]`) goes too.

    Args:
        text: Statement text.

    Returns:
        The text from its first word on.
    """
    if "</" in text:
        text = _CLOSE_TAG.sub("", text)
    match = _START.match(text)
    assert match is not None  # noqa: S101  (the pattern matches the empty string)
    start = match.group()
    tag = _OPEN_TAG.match(text, match.end()) if text.startswith("<", match.end()) else None
    if tag is not None:  # once: what follows a tag is the statement's first word
        text = text[tag.end() :]
        match = _START.match(text)
        assert match is not None  # noqa: S101
        start = match.group()
    if not start:
        return text
    rest = text[match.end() :]
    if any(char in _OPENERS for char in start):
        rest = rest.rstrip(_ITEM_END)
    return rest


def _emphasis_marks(text: str) -> list[tuple[int, int]]:
    r"""The spans of the emphasis delimiters that pair up (`**x**`, `_x_`), found in one pass.

    A run of `*` or `_` opens when it follows the start, a blank or punctuation (never a letter,
    digit, `/`, `*` or `\`) and is followed by a non-blank; it closes when it follows a
    non-blank (not `/`) and is not followed by a letter, digit, `/` or `*`. A closing run
    takes its characters from the latest open runs of the same character, innermost first
    (`**a *b***` closes both); what pairs with nothing is kept as written. Each run is pushed
    once and each step of the inner loop pops one or ends the run, so this is linear.
    """
    marks: list[tuple[int, int]] = []
    open_runs: dict[str, list[list[int]]] = {"*": [], "_": []}
    for match in _DELIMITER_RUN.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        stack = open_runs[text[start]]
        closes = not before.isspace() and before not in _NO_CLOSE_BEFORE
        if closes and not (after.isalnum() or after == "_" or after in _NO_CLOSE_BEFORE):
            while start < end and stack:
                opener = stack[-1]
                taken = min(opener[1] - opener[0], end - start)
                marks += [(opener[1] - taken, opener[1]), (start, start + taken)]
                opener[1] -= taken
                start += taken
                if opener[0] == opener[1]:
                    stack.pop()
        opens = not (before.isalnum() or before == "_" or before in _NO_OPEN_AFTER)
        if start < end and opens and not after.isspace():
            stack.append([start, end])
    return marks


def _drop_emphasis(text: str) -> str:
    marks = _emphasis_marks(text)
    if not marks:
        return text
    parts, position = [], 0
    for start, end in sorted(marks):
        parts.append(text[position:start])
        position = end
    parts.append(text[position:])
    return "".join(parts)


_BARE_HANDLER = lazy(r"\s*except\s*:\s*")
_SAID_BARE = lazy(r"\b(?:bare|naked|blanket|untyped)\s+$", re.IGNORECASE)


def _drop_code_marks(text: str) -> str:
    """Inline code without its backticks; a run closes only on a run of the same length.

    A colon in code is dropped too: it is not a `Title:` colon; `except:` alone reads as the
    "bare except" it is. A run that no run of
    its length closes is kept as written (as CommonMark does). `any` as code stays quoted: it
    is TypeScript's type, not the filler word the normaliser drops.
    """
    runs = [match.span() for match in _BACKTICK_RUN.finditer(text)]
    closer: dict[int, int] = {}  # run index -> index of the next run of the same length
    latest: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        if length in latest:
            closer[index] = latest[length]
        latest[length] = index
    parts, position, index = [], 0, 0
    while index < len(runs):
        if index not in closer:
            index += 1
            continue
        (start, inner), (inner_end, end) = runs[index], runs[closer[index]]
        code = text[inner:inner_end]
        if _BARE_HANDLER.fullmatch(code) and not _SAID_BARE.search(text, 0, start):
            code = "bare except"  # `except:` is the handler that names no type
        code = code.replace(":", "")
        parts += [text[position:start], "'any'" if code == "any" else code]  # the TS type
        position, index = end, closer[index] + 1
    parts.append(text[position:])
    return "".join(parts)


def _drop_html_comments(text: str) -> str:
    """`Never use eval <!-- see #12 -->` without its comment (an unclosed one runs to the end)."""
    parts, position = [], 0
    while (start := text.find("<!--", position)) != -1:
        parts.append(text[position:start])
        end = text.find("-->", start + 4)
        position = len(text) if end == -1 else end + 3
    parts.append(text[position:])
    return "".join(parts)


# A statement opened by a mark that crosses it out (a list of anti-patterns: "❌ Using mutable
# default arguments") forbids what it says; "❌ Not using type hints" crosses out leaving them
# out. The mark is read as the word it stands for, before the emoji go.
_CROSSED_OUT = lazy(
    r"^(?P<lead>\s*(?:[-*+]|\d+[.)])?\s*)[\u274c\u2717\u2718\u26d4\U0001f6ab]\ufe0f?\s*"
    r"(?P<not>not\s+)?",
    re.IGNORECASE,
)


def _crossed_out(match: re.Match[str]) -> str:
    """The mark as a word, unless the statement says its own no ("❌ Don't use eval")."""
    modality, _ = find_modality(match.string[match.end() :])
    if modality is not None and modality.negative and not match.group("not"):
        return match.group("lead")
    return f"{match.group('lead')}{'Always ' if match.group('not') else 'Never '}"


def clean_markdown(text: str) -> str:
    """Drop markers before the first word, emphasis, code backticks, link targets and emoji.

    Args:
        text: Statement text as written.

    Returns:
        The text a reader would hear.
    """
    if "<!--" in text:
        text = _drop_html_comments(text)
    if "`" in text:
        text = _drop_code_marks(text)
    if "*" in text or "_" in text:
        text = _drop_emphasis(text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if not text.isascii():
        text = _CROSSED_OUT.sub(_crossed_out, text, count=1)
        text = _EMOJI.sub("", text.translate(_TYPOGRAPHIC))
    return " ".join(strip_statement_start(text).split())
