"""Markdown in a statement: what a reader would not hear is dropped before its meaning is read.

Emphasis, inline code backticks, link targets and emoji are ignored for meaning; the rule keeps
the statement's raw text with all of them.
"""

from __future__ import annotations

import re

__all__ = ["clean_markdown"]

# Emphasis around text (`**x**`, `__x__`, `*x*`, `_x_`), but never the `**` of a glob like src/**.
_EMPHASIS = re.compile(r"(?<![\w/*\\])(\*\*|__|\*|_)(?=[^\s*_])(.+?)(?<=[^\s*_/])\1(?![\w/*])")
_CODE = re.compile(r"`+([^`]*)`+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# Emoji and pictographs, variation selectors and joiners: kept in the raw text, not in meaning.
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\u20e3]+")


# Typographic quotes and apostrophes, as editors write them (curly quotes), to plain ones.
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def clean_markdown(text: str) -> str:
    """Drop emphasis, code backticks, link targets and emoji; keep the words.

    Args:
        text: Statement text as written.

    Returns:
        The text a reader would hear.
    """
    if "`" in text:  # a colon in code (`except:`) is not a `Title:` colon
        text = _CODE.sub(lambda match: match.group(1).replace(":", ""), text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(r"\2", text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if not text.isascii():
        text = _EMOJI.sub("", text.translate(_TYPOGRAPHIC))
    return " ".join(text.split())
