"""Diagnostics: what the parser could not understand precisely, with where and what to do.

Lenient mode collects diagnostics and goes on; strict mode raises the first one whose severity is
`error` as a `RuleSyntaxError`. Both carry the same line, column, message and hint.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from socratic_core.errors import RuleSyntaxError
from socratic_core.rules._nodes import Severity

__all__ = ["Diagnostic", "Problem", "caret_context", "did_you_mean"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a statement that could not be read: the words, or the offset, it is about.

    `limit` marks a problem with a number or its unit: in a statement that names a check it is
    an error (strict mode raises it), in prose that names none only a warning.
    """

    fragment: str
    message: str
    hint: str | None = None
    severity: Severity = Severity.WARNING
    expected: tuple[str, ...] = ()
    offset: int | None = None
    limit: bool = False


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in instruction text.

    Attributes:
        line: 1-based line of the problem.
        column: 1-based column of the problem.
        message: What is wrong, in the instruction language's terms.
        hint: What to do about it ("did you mean ...?"), when there is something to say.
        severity: `error` for text that is malformed (strict mode raises on it), `warning` for
            text understood only in part, `info` for text kept but not read as a rule.
        expected: What would have been accepted at that place, in user terms.
        context: The offending line with a caret under the column.
        source: The instruction document the line and column are in, when it is not the one
            being read: a merge's contradiction names the later rule's document.
    """

    line: int
    column: int
    message: str
    hint: str | None = None
    severity: Severity = Severity.WARNING
    expected: tuple[str, ...] = ()
    context: str = ""
    source: str | None = None

    def to_error(self) -> RuleSyntaxError:
        """Return the `RuleSyntaxError` strict mode raises for this diagnostic."""
        return RuleSyntaxError(
            self.message,
            line=self.line,
            column=self.column,
            context=self.context,
            expected=self.expected,
            hint=self.hint,
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the diagnostic as JSON-compatible values."""
        return {
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
            "severity": self.severity.value,
            "expected": list(self.expected),
            "context": self.context,
            **({"source": self.source} if self.source is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Diagnostic:
        """Build a diagnostic from the values `to_dict()` returned.

        Args:
            data: The JSON-compatible values.

        Returns:
            The diagnostic.
        """
        return cls(
            line=int(data["line"]),
            column=int(data["column"]),
            message=str(data["message"]),
            hint=data.get("hint"),
            severity=Severity(data.get("severity", "warning")),
            expected=tuple(data.get("expected", ())),
            context=str(data.get("context", "")),
            source=data.get("source"),
        )

    def __str__(self) -> str:
        text = f"{self.line}:{self.column}: {self.severity.value}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


_CONTEXT_WIDTH = 160


def caret_context(line_text: str, column: int) -> str:
    """Return the line and, under it, a caret at `column` (1-based).

    Args:
        line_text: The offending line, without its newline.
        column: Where the caret goes.

    Returns:
        Two lines: the text and the caret. A line longer than 160 characters is shown as the
        160 around the column, cut ends marked with `...` (so a diagnostic costs the same on
        a 100,000-character line as on a short one).
    """
    offset = max(column - 1, 0)
    if len(line_text) > _CONTEXT_WIDTH:
        start = max(0, min(offset - _CONTEXT_WIDTH // 2, len(line_text) - _CONTEXT_WIDTH))
        end = start + _CONTEXT_WIDTH
        head, tail = ("..." if start else ""), ("..." if end < len(line_text) else "")
        line_text = f"{head}{line_text[start:end]}{tail}"
        offset += len(head) - start
    prefix = "".join(ch if ch == "\t" else " " for ch in line_text[:offset])
    return f"{line_text}\n{prefix}^\n"


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """Return a "did you mean ...?" hint for the closest of `choices`, if one is close enough.

    Args:
        word: What the user wrote.
        choices: What they could have written.
        cutoff: How similar (0 to 1, difflib's ratio) a choice must be to be suggested.

    Returns:
        The hint, or `None` when nothing is close.
    """
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f"did you mean {matches[0]!r}?" if matches else None
