"""Regular expressions compiled on first use, not when their module is imported.

The rule engine declares about two hundred patterns at module level. Compiling them all costs a
noticeable part of every process's start-up (Python's `re` compiler is written in Python), and a
run needs fewer than half of them: a rules file without quantities, a project without string
literals that look like tokens. `lazy(...)` keeps the declaration where it reads best and
compiles the pattern the first time it is used.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol

__all__ = ["LazyPattern", "fold", "lazy"]

# The letters other than ASCII that case-insensitive matching takes for ASCII ones (long s is `s`).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


class _Matcher(Protocol):
    def __call__(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None: ...


class _Finditer(Protocol):
    def __call__(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]: ...


class _Findall(Protocol):
    def __call__(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]: ...


class _Split(Protocol):
    def __call__(self, string: str, maxsplit: int = 0) -> list[str | Any]: ...


class _Sub(Protocol):
    def __call__(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
    ) -> str: ...


class _Subn(Protocol):
    def __call__(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
    ) -> tuple[str, int]: ...


_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "split", "sub", "subn")


class LazyPattern:
    """A `re.Pattern[str]` that is compiled the first time one of its methods is called.

    Its methods (`search`, `match`, `fullmatch`, `finditer`, `findall`, `split`, `sub`, `subn`)
    are those of `re.Pattern`. Until the first call they are missing, and looking one up
    compiles the pattern; from then on each is the compiled pattern's own method, kept on the
    instance, so a call costs what a call on a compiled pattern does.
    """

    __slots__ = ("_compiled", "_flags", "_source", *_METHODS)

    search: _Matcher
    match: _Matcher
    fullmatch: _Matcher
    finditer: _Finditer
    findall: _Findall
    split: _Split
    sub: _Sub
    subn: _Subn

    def __init__(self, source: str, flags: int | re.RegexFlag = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        """A method not looked up before: compile the pattern and return its method."""
        if name not in _METHODS:
            raise AttributeError(name)
        return getattr(self.compiled, name)

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        if self._compiled is None:
            compiled = re.compile(self._source, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(compiled, name))
            self._compiled = compiled
        return self._compiled

    @property
    def pattern(self) -> str:
        """The pattern's source."""
        return self._source

    @property
    def groupindex(self) -> Mapping[str, int]:
        """`re.Pattern.groupindex`: group name -> group number."""
        return self.compiled.groupindex

    def __repr__(self) -> str:
        return f"lazy({self._source!r})"


def lazy(source: str, flags: int | re.RegexFlag = 0) -> LazyPattern:
    """Declare a regular expression that compiles on first use.

    Args:
        source: The pattern, as for `re.compile`.
        flags: Its flags.

    Returns:
        The pattern; its methods are those of `re.Pattern` for text.
    """
    return LazyPattern(source, flags)


def fold(text: str) -> str:
    """The text lowercased as `re.IGNORECASE` compares it, character for character.

    A word a case-insensitive pattern matches in `text` is, lowercased, in `fold(text)` at the
    same place, so a plain `in` or a dictionary lookup can decide first whether the pattern
    needs to run at all, or where; and a pattern written in lowercase matches the folded text
    where, case-insensitive, it matches the text. Every character keeps its place and whether
    it is a word character, a blank or a digit. (`İ` lowercases to two characters; as a
    pattern reads it, it is one `i`.)

    Args:
        text: Any text.

    Returns:
        The text, as long as it was, lowercased.
    """
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()
