"""Inline suppressions in generated code: `# socratic: allow <rule-id> -- <reason>`.

A suppression names one rule id (or several, comma-separated) and must give a reason after `--`.
A comment alone on its line covers the next line; a comment after code covers its own line.
Suppressed findings stay in the report, marked as suppressed. A suppression without a reason, or
naming a rule id nothing knows, is itself reported (`socratic.invalid-suppression`) and covers
nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["INVALID_SUPPRESSION", "Suppression", "find_suppressions"]

INVALID_SUPPRESSION = "socratic.invalid-suppression"
"""The rule id under which malformed suppressions are reported."""

_MARKER = "socratic:"
_COMMENT = re.compile(r"#\s*socratic:\s*allow\b(?P<body>[^\n]*)")
_RULE_ID = re.compile(r"^(?:[a-z][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)+|ruff)$")
# A marker right after a backtick or quote is one quoted in text (docs, docstrings), not a comment.
_QUOTES = "`'\""


@dataclass(frozen=True, slots=True)
class Suppression:
    """One `# socratic: allow` comment.

    Attributes:
        line: The line the comment is on.
        column: The column of the `#`.
        target_line: The line it covers.
        rule_ids: The rule ids it names.
        reason: The reason after `--`, or "" when there is none.
        problem: Why it is malformed, or None when it is well-formed.
    """

    line: int
    column: int
    target_line: int
    rule_ids: tuple[str, ...]
    reason: str
    problem: str | None = None


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
