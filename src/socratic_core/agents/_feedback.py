"""What a re-ask tells the agent: the open and new violations, bounded, with their rules.

Violations are matched across attempts by fingerprint (rule, file, the flagged line's text and
its occurrence), so a violation that only moved counts as open, not as fixed plus new.

A feedback text reads like this::

    Attempt 1 was rejected: 1 violation to fix (0 still open, 1 new, 0 fixed).

    src/app/calc.py:3:5 [quality.no-print/error] print() where logging belongs
      you asked: 'Do not use print' (rules line 5)
           2 |     \"\"\"Add two numbers.\"\"\"
        >  3 |     print(a + b)
           4 |     return a + b
      fix: Use the logging module.

    Do not resubmit unchanged files: change what is listed above, keep the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from socratic_core.agents._types import AgentResponse, Reask
from socratic_core.rules import Report, Violation
from socratic_core.rules._render import fingerprint

__all__ = ["FEEDBACK_LIMIT", "build_reask", "failure_reask", "fingerprints"]

FEEDBACK_LIMIT = 4000
"""The most characters a feedback text has; what does not fit is counted, not shown."""

_CONTEXT = 1  # lines shown around an offending line
_LINE_WIDTH = 160  # longer source lines are cut
_CLOSING = "Do not resubmit unchanged files: change what is listed above, keep the rest."


def _line_of(files: Mapping[str, str], text: str, violation: Violation) -> str:
    path = violation.location.path
    source = text if path is None else files.get(path, "")
    lines = source.split("\n")
    line = violation.location.line
    return lines[line - 1] if 0 < line <= len(lines) else ""


def fingerprints(report: Report, response: AgentResponse) -> dict[str, Violation]:
    """Return the report's active violations by fingerprint, in report order.

    Args:
        report: The attempt's report.
        response: The attempt's response (whose lines anchor the fingerprints).

    Returns:
        Fingerprint -> violation.
    """
    seen: dict[tuple[str, str, str], int] = {}
    found: dict[str, Violation] = {}
    for violation in report.active_violations:
        line = " ".join(_line_of(response.files, response.text, violation).split())
        key = (violation.rule_id, violation.location.path or "", line)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        found[fingerprint(violation, line, occurrence)] = violation
    return found


def build_reask(
    attempt: int,
    current: Mapping[str, Violation],
    previous: Mapping[str, Violation],
    response: AgentResponse,
    *,
    limit: int = FEEDBACK_LIMIT,
) -> Reask:
    """Compare an attempt's violations with the attempt before and write the feedback.

    Args:
        attempt: The number of the attempt just checked.
        current: Its violations by fingerprint.
        previous: The previous attempt's (empty for the first attempt).
        response: Its response (the source of the marked lines).
        limit: The most characters the feedback text may have.

    Returns:
        The open, new and fixed violations, and the feedback text.
    """
    still = tuple(v for key, v in current.items() if key in previous)
    new = tuple(v for key, v in current.items() if key not in previous)
    fixed = tuple(v for key, v in previous.items() if key not in current)
    head = (
        f"Attempt {attempt} was rejected: {len(current)} violation(s) to fix "
        f"({len(still)} still open, {len(new)} new, {len(fixed)} fixed)."
    )
    blocks = [_describe(v, response) for v in (*still, *new)]
    text = _bounded(head, blocks, limit)
    return Reask(open=still, new=new, fixed=fixed, text=text, response=response)


def failure_reask(attempt: int, error: str, before: Reask | None) -> Reask:
    """The re-ask after an attempt that raised or timed out: the error, then the last feedback.

    Args:
        attempt: The failed attempt's number.
        error: What went wrong.
        before: The feedback the failed attempt was given, if any (its violations stay open).

    Returns:
        A re-ask whose open violations are those of `before`.
    """
    head = f"Attempt {attempt} failed: {error}"
    text = head if before is None else f"{head}\n\n{before.text}"
    open_ = () if before is None else (*before.open, *before.new)
    response = None if before is None else before.response
    return Reask(open=open_, new=(), fixed=(), text=text, response=response, error=error)


def _describe(violation: Violation, response: AgentResponse) -> str:
    loc = violation.location
    where = f"{loc.path or 'answer'}:{loc.line}:{loc.column}"
    lines = [f"{where} [{violation.rule_id}/{violation.severity.value}] {violation.message}"]
    if violation.rule_text:
        origin = f"rules line {violation.rule_span.line}" if violation.rule_span else "rules"
        if violation.rule_source:
            origin += f" of {violation.rule_source!r}"
        lines.append(f"  you asked: {violation.rule_text!r} ({origin})")
    source = response.text if loc.path is None else response.files.get(loc.path, "")
    lines += _marked(source.split("\n"), loc.line)
    if violation.fix_hint:
        lines.append(f"  fix: {violation.fix_hint}")
    return "\n".join(lines)


def _marked(lines: Sequence[str], line: int) -> list[str]:
    if not 0 < line <= len(lines):
        return []
    start, end = max(1, line - _CONTEXT), min(len(lines), line + _CONTEXT)
    marked = []
    for number in range(start, end + 1):
        text = lines[number - 1].rstrip()[:_LINE_WIDTH]
        marker = ">" if number == line else " "
        marked.append(f"    {marker} {number:>4} | {text}")
    return marked


def _bounded(head: str, blocks: Iterable[str], limit: int) -> str:
    blocks = list(blocks)
    parts, used = [head], len(head) + len(_CLOSING) + 4
    for index, block in enumerate(blocks):
        more = len(blocks) - index
        reserve = len(f"... and {more} more not shown") + 2
        if used + len(block) + 2 + reserve > limit:
            parts.append(f"... and {more} more not shown")
            break
        parts.append(block)
        used += len(block) + 2
    parts.append(_CLOSING)
    text = "\n\n".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"
