"""The quality gate of each action: what an answer must be, whatever the user's rules say.

- `generate`: the codebase is not empty, every Python file parses, and every file the
  specification requires exists.
- every action whose answer has files: each path is one a codebase can hold (relative, inside
  it, no two naming one file), checked by the codebase store's own `clean_paths`, so that a bad
  path fails the attempt and is fed back instead of failing the store;
- `ask`: the answer is a question (its first paragraph ends with `?`), not a statement, and not
  leading or solution-biased ("should we use X?", "obviously", "the only way").

Findings are `Violation`s of `gate.*` rules, so they are reported, fed back and counted like any
other; the agent's other actions have no gate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace

from socratic_core.agents._spec import parse_spec
from socratic_core.agents._types import AgentRequest, AgentResponse
from socratic_core.errors import InvalidInputError
from socratic_core.rules import Category, Location, Report, Severity, Violation
from socratic_core.services.codebases import clean_paths

__all__ = ["GATE_PLUGIN", "PATH_RULE", "apply_gate", "storable"]

GATE_PLUGIN = "socratic_core.runner"
"""The plugin name gate findings carry."""

PATH_RULE = "gate.paths"
"""The rule a bad file path breaks: an attempt breaking it is never stored, not even as best."""

_LEADING = (
    (re.compile(r"^\s*(should|shouldn't|wouldn't|couldn't|won't)\s+(we|you)\b", re.I), "leading"),
    (re.compile(r"\b(don't you think|isn't it|wouldn't it be|right\?$)", re.I), "leading"),
    (re.compile(r"\b(obviously|clearly|of course|surely|everyone knows)\b", re.I), "biased"),
    (
        re.compile(r"\b(the only (way|option|choice)|the best (way|option|choice))\b", re.I),
        "biased",
    ),
)


def _finding(
    rule: str, message: str, fix: str, *, path: str | None = None, line: int = 1, column: int = 1
) -> Violation:
    return Violation(
        rule_id=f"gate.{rule}",
        category=Category.QUALITY,
        severity=Severity.ERROR,
        message=message,
        location=Location(path=path, line=line, column=column),
        rule_text=_GATE_TEXT[rule],
        fix_hint=fix,
        plugin=GATE_PLUGIN,
    )


_GATE_TEXT = {
    "paths": "Every file path must be relative, inside the codebase, and name one file",
    "not-empty": "The codebase must not be empty",
    "parses": "Every Python file must parse",
    "required-file": "The specification's required files must exist",
    "question": "The answer must be a question",
    "unbiased": "Questions must not be leading or solution-biased",
}


def _path_gate(response: AgentResponse) -> list[Violation]:
    if not response.files:
        return []
    try:
        clean_paths(response.files)
    except InvalidInputError as error:
        fix = "Give every file a relative path inside the project, once (like src/app.py)."
        return [_finding("paths", error.message, fix)]
    return []


def storable(report: Report) -> bool:
    """Whether the response `report` checked can be stored (no bad file path).

    Args:
        report: A report `apply_gate` returned.

    Returns:
        False when the gate found a path the codebase store would refuse.
    """
    return not any(v.rule_id == PATH_RULE for v in report.violations)


def _code_gate(request: AgentRequest, response: AgentResponse, report: Report) -> list[Violation]:
    found: list[Violation] = []
    if not response.files:
        found.append(_finding("not-empty", "no files were generated", "Generate the codebase."))
    # The engine parsed every file already: its syntax-error diagnostics are the ones to feed
    # back (as violations, so they are listed, counted and diffed like any other).
    for diagnostic in report.file_diagnostics:
        if diagnostic.kind == "syntax-error":
            path, line, column = diagnostic.path, diagnostic.line or 1, diagnostic.column or 1
            message = f"{path} {diagnostic.message}"
            fix = "Write valid Python."
            found.append(_finding("parses", message, fix, path=path, line=line, column=column))
    if request.specification is not None:
        for path in parse_spec(request.specification.content).required_files:
            if path not in response.files:
                message = f"the specification requires {path}, which is missing"
                found.append(_finding("required-file", message, f"Add {path}."))
    return found


def _question_gate(  # one signature for every gate
    request: AgentRequest,  # noqa: ARG001
    response: AgentResponse,
    report: Report,  # noqa: ARG001
) -> list[Violation]:
    question = response.text.strip().split("\n\n", 1)[0].strip()
    if not question.endswith("?"):
        fix = "Ask one open question, ending with a question mark."
        return [_finding("question", "the answer is a statement, not a question", fix)]
    for pattern, kind in _LEADING:
        match = pattern.search(question)
        if match:
            message = f"the question is {kind}: {match.group(0).strip()!r}"
            fix = "Ask an open question that does not suggest its answer."
            return [_finding("unbiased", message, fix, column=match.start() + 1)]
    return []


_GATES: Mapping[str, Callable[[AgentRequest, AgentResponse, Report], list[Violation]]] = {
    "generate": _code_gate,
    "ask": _question_gate,
}


def apply_gate(request: AgentRequest, response: AgentResponse, report: Report) -> Report:
    """Add the quality gate's findings for `request.action` to the engine's report.

    Args:
        request: The request the response answers.
        response: The agent's response.
        report: The engine's report of the response.

    Returns:
        The report with the gate's violations after the engine's.
    """
    gate = _GATES.get(request.action)
    found = _path_gate(response)
    if gate is not None:
        found += gate(request, response, report)
    return replace(report, violations=(*report.violations, *found)) if found else report
