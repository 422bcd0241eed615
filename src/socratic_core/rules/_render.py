"""Reports rendered for people (text), programs (JSON) and code-scanning tools (SARIF 2.1.0).

`render_text` groups violations by file and shows each source line with a caret under the column.
`report_to_dict`/`render_json` give every field of the report. `render_sarif` writes one SARIF 2.1.0
run whose results carry stable fingerprints: a hash of the rule id, the file, the text of the
flagged line and its occurrence number, so a finding keeps its fingerprint when lines move.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from socratic_core.__about__ import __version__
from socratic_core.rules._coverage import coverage_dicts, coverage_lines, coverage_notes
from socratic_core.rules._nodes import CheckDeclaration, Rule, Severity
from socratic_core.rules._patterns import lazy
from socratic_core.rules._results import Report, Violation

__all__ = [
    "artifact_uri",
    "fingerprint",
    "printable",
    "render_json",
    "render_sarif",
    "render_text",
    "report_to_dict",
]

ANSWER_URI = "agent-answer.txt"
"""The artifact URI SARIF uses for findings in the agent's text answer."""

_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


# C0 and C1 controls (tab aside) and the bidirectional overrides that can disguise code.
_UNPRINTABLE = lazy("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    r"""Escape control characters and bidi overrides (`\x1b`, `\u202e`) for a terminal.

    Args:
        text: Text that may come from a checked file.

    Returns:
        The text with every such character written as an escape sequence.
    """
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


def _source_line(sources: Mapping[str, str] | None, violation: Violation) -> str:
    path = violation.location.path
    text = None if sources is None or path is None else sources.get(path)
    if text is None:
        return ""
    lines = _lines(text)
    line = violation.location.line
    return lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""


@functools.lru_cache(maxsize=2)
def _lines(text: str) -> tuple[str, ...]:
    """A file's lines, split once for all of its violations (they come sorted by path)."""
    return tuple(text.split("\n"))


# --- text -----------------------------------------------------------------------------------------
def _rule_origin(violation: Violation) -> str:
    where = violation.rule_source or "rules"
    if violation.rule_span is not None:
        where = f"{where}:{violation.rule_span.line}"
    return f'{where} "{violation.rule_text}"' if violation.rule_text else where


def _text_violation(violation: Violation, sources: Mapping[str, str] | None) -> list[str]:
    loc = violation.location
    status = " (suppressed: " + (violation.suppression_reason or "") + ")"
    severity = "suppressed" if violation.suppressed else violation.severity.value
    head = f"  {loc.line}:{loc.column}  {severity:<7}  {violation.rule_id}  "
    lines = [printable(head + violation.message + (status if violation.suppressed else ""))]
    source = printable(_source_line(sources, violation))
    if source:
        width = 1
        if loc.end_line == loc.line and loc.end_column is not None:
            width = max(1, loc.end_column - loc.column)
        lines += [
            f"      {loc.line:>4} | {source}",
            f"           | {' ' * (loc.column - 1)}{'^' * width}",
        ]
    if violation.fix_hint:
        lines.append(printable(f"        fix: {violation.fix_hint}"))
    if violation.rule_text or violation.rule_span:
        lines.append(printable(f"        rule: {_rule_origin(violation)}"))
    return lines


def _by_check_lines(report: Report) -> list[str]:
    lines = []
    for rule_id, (active, suppressed) in report.by_check.items():
        extra = f"  ({suppressed} suppressed)" if suppressed else ""
        lines.append(f"  {active:>5}  {rule_id}{extra}")
    return ["by check:", *lines, ""] if lines else []


def _passed_lines(report: Report) -> list[str]:
    passed = [f"  {rule.id}  {printable(_unenforced_origin(rule))}" for rule in report.passed]
    return ["rules that passed:", *passed, ""] if passed else []


def _summary(report: Report) -> str:
    active = Counter(v.severity for v in report.active_violations)
    parts = [
        f"{active[Severity.ERROR]} errors",
        f"{active[Severity.WARNING]} warnings",
        f"{active[Severity.INFO]} infos",
        f"{len(report.violations) - len(report.active_violations)} suppressed",
        f"{len(report.unenforced)} unenforced rules",
        f"{len(report.plugin_failures)} plugin failures",
    ]
    return f"verdict: {report.verdict.value} ({', '.join(parts)}; {report.files_checked} files)"


def render_text(report: Report, *, sources: Mapping[str, str] | None = None) -> str:
    """Render a report for people: violations grouped by file, with the source line.

    Args:
        report: The report.
        sources: File contents by path, to show each flagged line (optional).

    Returns:
        The text, ending with a one-line verdict and counts.
    """
    by_file: dict[str, list[Violation]] = defaultdict(list)
    for violation in report.violations:
        by_file[violation.location.path or "(the agent's answer)"].append(violation)
    out: list[str] = []
    for path, violations in by_file.items():
        out.append(printable(path))
        for violation in violations:
            out += _text_violation(violation, sources)
        out.append("")
    out += _by_check_lines(report)
    if report.file_diagnostics:
        out.append("files not fully analysed:")
        for d in report.file_diagnostics:
            where = f"{d.path}:{d.line}" if d.line else d.path
            out.append(printable(f"  {where}  {d.severity.value:<7}  {d.kind}  {d.message}"))
        out.append("")
    if report.unenforced:
        out.append("rules nothing enforces (not counted as passed):")
        out += [printable(f"  {_unenforced_origin(rule)}") for rule in report.unenforced]
        out.append("")
    out += coverage_lines(report)
    out += _passed_lines(report)
    if report.plugin_failures:
        out.append("checks that failed (their rules fail):")
        out += [printable(f"  {f.rule_id} ({f.plugin}): {f.error}") for f in report.plugin_failures]
        out.append("")
    out += [printable(f"notice: {notice}") for notice in report.notices]
    out.append(_summary(report))
    return "\n".join(out) + "\n"


def _unenforced_origin(rule: Rule) -> str:
    where = rule.source or "rules"
    if rule.span is not None:
        where = f"{where}:{rule.span.line}"
    return f'{where}  [{rule.category.value}] "{rule.text or rule.id}"'


# --- JSON -----------------------------------------------------------------------------------------
def _span(rule_span: Any) -> dict[str, int] | None:
    if rule_span is None:
        return None
    return {
        "line": rule_span.line,
        "column": rule_span.column,
        "end_line": rule_span.end_line,
        "end_column": rule_span.end_column,
    }


def _violation_dict(v: Violation) -> dict[str, Any]:
    loc = v.location
    return {
        "rule_id": v.rule_id,
        "category": v.category.value,
        "severity": v.severity.value,
        "message": v.message,
        "location": {
            "path": loc.path,
            "line": loc.line,
            "column": loc.column,
            "end_line": loc.end_line,
            "end_column": loc.end_column,
            "offset": loc.offset,
            "end_offset": loc.end_offset,
        },
        "rule": {"text": v.rule_text, "source": v.rule_source, "span": _span(v.rule_span)},
        "fix_hint": v.fix_hint,
        "plugin": v.plugin,
        "suppressed": v.suppressed,
        "suppression_reason": v.suppression_reason,
    }


def _rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "category": rule.category.value,
        "severity": rule.severity.value,
        "kind": rule.kind.value,
        "text": rule.text,
        "source": rule.source,
        "span": _span(rule.span),
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """Return the report as plain JSON-ready data (every field, nothing dropped).

    Args:
        report: The report.

    Returns:
        A dict with `verdict`, `violations`, `unenforced`, `plugin_failures`,
        `file_diagnostics`, `rules`, `files_checked`, `summary` (counts by check, the rules
        that passed and those that checked no file), `coverage` (which files, in which
        languages, each rule read) and `notices`.
    """
    return {
        "verdict": report.verdict.value,
        "files_checked": report.files_checked,
        "violations": [_violation_dict(v) for v in report.violations],
        "unenforced": [_rule_dict(rule) for rule in report.unenforced],
        "plugin_failures": [
            {"rule_id": f.rule_id, "plugin": f.plugin, "error": f.error, "severity": f.severity}
            for f in report.plugin_failures
        ],
        "file_diagnostics": [
            {
                "path": d.path,
                "kind": d.kind,
                "message": d.message,
                "severity": d.severity.value,
                "line": d.line,
                "column": d.column,
            }
            for d in report.file_diagnostics
        ],
        "rules": [_rule_dict(rule) for rule in report.rules],
        "summary": {
            "by_check": {
                rule_id: {"violations": active, "suppressed": suppressed}
                for rule_id, (active, suppressed) in report.by_check.items()
            },
            "passed": [_rule_dict(rule) for rule in report.passed],
            "unchecked": [_rule_dict(rule) for rule in report.unchecked],
        },
        "coverage": coverage_dicts(report),
        "notices": list(report.notices),
    }


def render_json(report: Report) -> str:
    """Render the report as JSON (see `report_to_dict`): one key, and one list item, per line.

    Each violation (and each rule, notice, ...) is one line, easy to read and to grep, and
    written by the json module's C encoder: indenting every nested field is several times
    slower on a large report.
    """
    data = report_to_dict(report)
    lines = ["{"]
    for number, (key, value) in enumerate(data.items(), start=1):
        comma = "," if number < len(data) else ""
        if isinstance(value, list) and value:
            lines.append(f"  {json.dumps(key)}: [")
            lines.append(",\n".join(f"    {json.dumps(item)}" for item in value))
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)}{comma}")
    return "\n".join([*lines, "}"]) + "\n"


# --- SARIF ----------------------------------------------------------------------------------------
def fingerprint(violation: Violation, line_text: str, occurrence: int) -> str:
    """Return a stable fingerprint: rule, file, flagged line's text and its occurrence number.

    Args:
        violation: The violation.
        line_text: The text of the flagged line ("" when unknown: the message stands in).
        occurrence: How many earlier violations had the same rule, file and line text.

    Returns:
        32 hex digits that do not change when the flagged line moves.
    """
    import hashlib  # noqa: PLC0415 (start-up: only SARIF needs it; its OpenSSL loads slowly)

    anchor = " ".join(line_text.split()) or violation.message
    key = f"{violation.rule_id}\0{violation.location.path or ANSWER_URI}\0{anchor}\0{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _sarif_rules(
    report: Report, declarations: Iterable[CheckDeclaration]
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    described = {d.id: d for d in declarations}
    severities = {rule.id: rule.severity for rule in report.rules}
    ids = sorted({rule.id for rule in report.rules} | {v.rule_id for v in report.violations})
    descriptors = []
    for rule_id in ids:
        declaration = described.get(rule_id)
        text = declaration.description if declaration and declaration.description else rule_id
        descriptor: dict[str, Any] = {
            "id": rule_id,
            "name": _rule_name(rule_id),
            "shortDescription": {"text": text},
            "fullDescription": {"text": text},
            "help": _sarif_help(rule_id, declaration),
        }
        level = _SARIF_LEVEL[severities.get(rule_id, Severity.WARNING)]
        descriptor["defaultConfiguration"] = {"level": level}
        category = rule_id.partition(".")[0] if "." in rule_id else "quality"
        descriptor["properties"] = {"tags": [category]}
        if category == "security":  # GitHub ranks security alerts by this score
            descriptor["properties"]["security-severity"] = _SECURITY_SEVERITY[level]
        descriptors.append(descriptor)
    return descriptors, {rule_id: n for n, rule_id in enumerate(ids)}


_SECURITY_SEVERITY = {"error": "8.0", "warning": "5.0", "note": "2.0"}


def _rule_name(rule_id: str) -> str:
    """A PascalCase name, as SARIF viewers show it (`security.no-eval` -> `SecurityNoEval`)."""
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", rule_id) if part)


def _sarif_help(rule_id: str, declaration: CheckDeclaration | None) -> dict[str, str]:
    if declaration is None:
        text = f"{rule_id}: no installed check describes this rule."
        return {"text": text, "markdown": text}
    what = declaration.description or rule_id
    fix = declaration.fix_hint or "See the rule's documentation."
    return {
        "text": f"{what} {fix}",
        "markdown": f"**{rule_id}**: {what}\n\n**Fix:** {fix}",
    }


def artifact_uri(path: str) -> str:
    """Return a file path as a SARIF artifact URI: forward slashes, percent-encoded.

    Args:
        path: A path as the report shows it (`src/my module.py`).

    Returns:
        A relative URI reference (`src/my%20module.py`); an absolute path becomes `file://`.
    """
    posix = path.replace("\\", "/")
    encoded = quote(posix, safe="/")
    return f"file://{encoded}" if posix.startswith("/") else encoded


def _sarif_location(v: Violation) -> dict[str, Any]:
    loc = v.location
    region: dict[str, Any] = {"startLine": loc.line, "startColumn": loc.column}
    if loc.end_line is not None:
        region["endLine"] = loc.end_line
    if loc.end_column is not None and loc.end_line is not None:
        region["endColumn"] = max(loc.end_column, 1)
    if loc.offset is not None and loc.end_offset is not None:
        region["charOffset"] = loc.offset
        region["charLength"] = loc.end_offset - loc.offset
    uri = artifact_uri(loc.path) if loc.path else ANSWER_URI
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}


def _sarif_result(v: Violation, index: int, line_text: str, occurrence: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": v.rule_id,
        "ruleIndex": index,
        "level": _SARIF_LEVEL[v.severity],
        "message": {"text": v.message},
        "locations": [_sarif_location(v)],
        "partialFingerprints": {"socratic/v1": fingerprint(v, line_text, occurrence)},
        "properties": {"category": v.category.value, "plugin": v.plugin},
    }
    if v.rule_text:
        result["properties"]["instruction"] = v.rule_text
    if v.suppressed:
        justification = v.suppression_reason or ""
        result["suppressions"] = [{"kind": "inSource", "justification": justification}]
    return result


def _notifications(report: Report) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    execution: list[dict[str, Any]] = [
        {
            "level": "error",
            "message": {"text": f"check failed ({f.plugin}): {f.error}"},
            "associatedRule": {"id": f.rule_id},
        }
        for f in report.plugin_failures
    ]
    for d in report.file_diagnostics:
        region = {"startLine": d.line} if d.line else None
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(d.path)}}
        if region:
            physical["region"] = region
        execution.append(
            {
                "level": _SARIF_LEVEL[d.severity],
                "message": {"text": f"{d.kind}: {d.message}"},
                "locations": [{"physicalLocation": physical}],
            }
        )
    configuration = [
        {
            "level": "warning",
            "message": {"text": f"rule not enforced by any installed check: {r.text or r.id}"},
            "associatedRule": {"id": r.id},
        }
        for r in report.unenforced
    ]
    configuration += coverage_notes(report)
    configuration += [{"level": "note", "message": {"text": n}} for n in report.notices]
    return execution, configuration


def _sarif_results(
    report: Report, rule_index: dict[str, int], sources: Mapping[str, str] | None
) -> list[dict[str, Any]]:
    seen: Counter[tuple[str, str, str]] = Counter()
    results = []
    for v in report.violations:
        line_text = _source_line(sources, v)
        key = (v.rule_id, v.location.path or ANSWER_URI, " ".join(line_text.split()) or v.message)
        results.append(_sarif_result(v, rule_index[v.rule_id], line_text, seen[key]))
        seen[key] += 1
    return results


def render_sarif(
    report: Report,
    *,
    declarations: Iterable[CheckDeclaration] = (),
    sources: Mapping[str, str] | None = None,
) -> str:
    """Render the report as a SARIF 2.1.0 log with one run.

    Args:
        report: The report.
        declarations: Check declarations, for rule descriptions and help.
        sources: File contents by path, for line-based fingerprints.

    Returns:
        The SARIF JSON text.
    """
    descriptors, rule_index = _sarif_rules(report, declarations)
    results = _sarif_results(report, rule_index, sources)
    execution, configuration = _notifications(report)
    driver: dict[str, Any] = {
        "name": "socratic",
        "version": __version__,
        "informationUri": "https://pypi.org/project/socratic-core/",
        "rules": descriptors,
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [
            {
                "executionSuccessful": not report.plugin_failures,
                "toolExecutionNotifications": execution,
                "toolConfigurationNotifications": configuration,
            }
        ],
        "results": results,
        "properties": {"verdict": report.verdict.value, "coverage": coverage_dicts(report)},
    }
    log = {"$schema": _SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2) + "\n"
