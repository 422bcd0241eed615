"""Inline suppressions in generated code: `# socratic: allow <rule-id> -- <reason>`.

TypeScript and JavaScript write the same words in a `//` or `/* */` comment
(`// socratic: allow quality.no-any -- a third-party type`): `comment_suppression` reads one.

A suppression names one rule id (or several, comma-separated) and must give a reason after `--`.
A comment alone on its line covers the next line; a comment after code covers its own line. In
Python files a suppression covers the whole statement on that line (`cover_statements`): every
line of a parenthesised call or literal and of a triple-quoted string, and a definition's
decorators together with its `def` or `class` line.
Suppressed findings stay in the report, marked as suppressed. A suppression without a reason, or
naming a rule id nothing knows, is itself reported (`socratic.invalid-suppression`) and covers
nothing.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace

from socratic_core.rules._patterns import lazy

__all__ = [
    "INVALID_SUPPRESSION",
    "Suppression",
    "comment_suppression",
    "cover_statements",
    "find_suppressions",
    "widen",
]

INVALID_SUPPRESSION = "socratic.invalid-suppression"
"""The rule id under which malformed suppressions are reported."""

_MARKER = "socratic:"
_COMMENT = lazy(r"#\s*socratic:\s*allow\b(?P<body>[^\n]*)")
_RULE_ID = lazy(r"^(?:[a-z][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)+|ruff)$")
# A marker right after a backtick or quote is one quoted in text (docs, docstrings), not a comment.
_QUOTES = "`'\""


@dataclass(frozen=True, slots=True)
class Suppression:
    """One `# socratic: allow` comment.

    Attributes:
        line: The line the comment is on.
        column: The column of the `#`.
        target_line: The (first) line it covers.
        rule_ids: The rule ids it names.
        reason: The reason after `--`, or "" when there is none.
        problem: Why it is malformed, or None when it is well-formed.
        target_end_line: The last line it covers (a statement may span several).
    """

    line: int
    column: int
    target_line: int
    rule_ids: tuple[str, ...]
    reason: str
    problem: str | None = None
    target_end_line: int = 0

    @property
    def lines(self) -> range:
        """The lines it covers."""
        return range(self.target_line, max(self.target_line, self.target_end_line) + 1)


def find_suppressions(text: str) -> tuple[Suppression, ...]:
    """Return every `# socratic: allow` comment in `text`.

    Args:
        text: A file's source.

    Returns:
        The suppressions, malformed ones included (with their `problem`).
    """
    if _MARKER not in text:
        return ()
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if _MARKER not in line:
            continue
        match = _COMMENT.search(line)
        if match is not None and not (match.start() and line[match.start() - 1] in _QUOTES):
            alone = not line[: match.start()].strip()
            found.append(_parse(match.group("body"), number, match.start() + 1, alone))
    return tuple(found)


# A script comment that is a suppression: `//` or `/*`, then the same words as in Python.
_SCRIPT_COMMENT = lazy(r"^(?://|/\*)\s*socratic:\s*allow\b(?P<body>[^\n]*)")


def comment_suppression(comment: str, line: int, column: int, alone: bool) -> Suppression | None:
    """Read a TypeScript/JavaScript comment as a suppression, if it is one.

    Args:
        comment: The comment's text, `//` or `/* */` included.
        line: The line it starts on.
        column: The column it starts at.
        alone: Whether nothing but blanks comes before it on its line (then it covers the
            line after it ends, otherwise its own line).

    Returns:
        The suppression (malformed ones with their `problem`), or None when the comment does
        not start with `socratic: allow`.
    """
    match = _SCRIPT_COMMENT.match(comment)
    if match is None:
        return None
    body = match.group("body")
    if comment.startswith("/*"):
        body = body.partition("*/")[0]
    found = _parse(body, line, column, alone)
    if alone and "\n" in comment:  # a block comment over several lines covers the next one
        found = replace(found, target_line=line + comment.count("\n") + 1)
    return found


def widen(suppression: Suppression, first: int, last: int) -> Suppression:
    """Return the suppression covering lines `first` to `last` (a statement over several)."""
    return replace(suppression, target_line=first, target_end_line=last)


def _parse(body: str, line: int, column: int, alone: bool) -> Suppression:
    ids_text, dashes, reason = body.partition("--")
    rule_ids = tuple(part.strip() for part in ids_text.split(",") if part.strip())
    target = line + 1 if alone else line
    problem = None
    if not rule_ids:
        problem = "names no rule id"
    elif bad := [rule_id for rule_id in rule_ids if not _RULE_ID.match(rule_id)]:
        problem = f"{bad[0]!r} is not a rule id"
    elif not dashes or not reason.strip():
        problem = "gives no reason (write `-- why` after the rule id)"
    return Suppression(line, column, target, rule_ids, reason.strip(), problem)


def _spans(tree: ast.Module) -> list[tuple[int, int]]:
    """(first, last) line of every simple statement and of every compound statement's header."""
    spans = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            last = max(first, body[0].lineno - 1)
            last = node.lineno if body[0].lineno == node.lineno else last
        else:
            last = node.end_lineno or node.lineno
        spans.append((first, last))
    return spans


def cover_statements(
    suppressions: tuple[Suppression, ...], tree: ast.Module
) -> tuple[Suppression, ...]:
    """Widen each suppression from its line to the whole statement on that line.

    Args:
        suppressions: The file's suppressions, as `find_suppressions` found them.
        tree: The file's parsed module.

    Returns:
        The suppressions, each covering the statement that starts on its target line (a comment
        alone on its line) or the innermost statement around its own line (a trailing comment).
    """
    if not suppressions:
        return suppressions
    spans = _spans(tree)
    covered = []
    for s in suppressions:
        line = s.target_line
        if s.target_line != s.line:  # alone on its line: the statement that starts next
            ends = [last for first, last in spans if first == line]
            span = (line, max(ends)) if ends else (line, line)
        else:  # after code: the innermost statement around it
            around = [(last - first, first, last) for first, last in spans if first <= line <= last]
            span = min(around)[1:] if around else (line, line)
        covered.append(replace(s, target_line=span[0], target_end_line=span[1]))
    return tuple(covered)
