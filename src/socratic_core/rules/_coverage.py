"""Which files each rule's checks read: counted as the files go by, reported per rule.

A check that reads a language (`Check.languages`) reads a file that is code in that language and
parsed; a check that reads text reads every decoded file its `reads` suffixes allow. A file is
counted once per rule, under its language (`python`, `typescript`, `tsx`, `javascript`, `jsx`) or
`text`, and only when it is in the rule's scope. The counts travel with each batch of files
(`FileResults.coverage`, picklable for worker processes) and `finish()` turns them into one
`RuleCoverage` per rule, so a report can say "checked 12 files (python 4, typescript 8)" or
"checked no file" instead of letting a rule pass over files it never read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from socratic_core.rules._checks import Check, in_rule_scope
from socratic_core.rules._embedded import EMBEDDING_SUFFIXES, script_source
from socratic_core.rules._results import Report, RuleCoverage
from socratic_core.rules._script import language_of

if TYPE_CHECKING:
    from socratic_core.rules._analysis import SourceFile
    from socratic_core.rules._nodes import Rule

__all__ = [
    "count_file",
    "coverage_dicts",
    "coverage_lines",
    "coverage_notes",
    "describe",
    "reads_answer",
    "rule_coverage",
]

Counts = Counter[tuple[str, str]]
"""(rule id, language) -> files."""


def _label(source: SourceFile) -> str:
    if source.script is not None:
        return source.script.language.value  # a component file: its blocks' language
    if source.text is not None and source.path.endswith(EMBEDDING_SUFFIXES):
        return script_source(source.path, source.text.encode("utf-8", "surrogatepass"))[1]
    language = language_of(source.path)
    return "text" if language is None else language.value


def _reads(check: Check, source: SourceFile, label: str, analysed: bool) -> bool:
    if source.text is None or not check.reads_file(source.path):
        return False
    return not check.languages or (analysed and label in check.languages)


def count_file(
    counts: Counts, planned: Iterable[tuple[Rule, Check]], source: SourceFile, *, analysed: bool
) -> None:
    """Count one file for every rule one of whose checks reads it.

    A file that no check needed parsed (every prefilter ruled it out) still counts: the rule was
    checked on it, and could find nothing there.

    Args:
        counts: Where to count, (rule id, language) -> files.
        planned: Each rule with each of its checks.
        source: The loaded file (before it is summarised: its text and trees are there).
        analysed: Whether the file was read without a diagnostic (a file that does not parse
            counts for the text checks only).
    """
    label = _label(source)
    seen: set[str] = set()
    for rule, check in planned:
        if rule.id in seen or not in_rule_scope(rule, source.path):
            continue
        if _reads(check, source, label, analysed):
            seen.add(rule.id)
            counts[(rule.id, label)] += 1


def reads_answer(check: Check) -> bool:
    """Whether a check reads the agent's text answer (it reads text, or the answer only)."""
    return not check.languages and (check.reads is None or check.reads == ())


def rule_coverage(
    rules: Sequence[Rule], counts: Iterable[tuple[str, str, int]], answered: set[str]
) -> tuple[RuleCoverage, ...]:
    """Return one `RuleCoverage` per rule, in rule order (a repeated id once).

    Args:
        rules: The enforced rules that ran.
        counts: (rule id, language, files) from every batch of files.
        answered: The ids of the rules whose checks read a (non-empty) text answer.

    Returns:
        The coverage, languages in name order.
    """
    languages: dict[str, Counter[str]] = {}
    for rule_id, label, files in counts:
        languages.setdefault(rule_id, Counter())[label] += files
    coverage, done = [], set()
    for rule in rules:
        if rule.id in done:
            continue
        done.add(rule.id)
        found = languages.get(rule.id, Counter())
        ordered = {label: found[label] for label in sorted(found)}
        coverage.append(RuleCoverage(rule.id, ordered, rule.id in answered))
    return tuple(coverage)


# --- rendering (text, JSON, SARIF: `_render` calls these) ------------------------------------
def describe(coverage: RuleCoverage) -> str:
    """Say in a few words what a rule read: `12 files (python 4, typescript 8)`, `no file`.

    Args:
        coverage: One rule's coverage.

    Returns:
        The words, with `and the answer` when the text answer was read too.
    """
    files = coverage.files
    if not files:
        return "the answer only" if coverage.answer else "no file"
    counts = ", ".join(f"{label} {n}" for label, n in coverage.languages.items())
    what = f"{files} file{'' if files == 1 else 's'} ({counts})"
    return f"{what} and the answer" if coverage.answer else what


def coverage_lines(report: Report) -> list[str]:
    """The text report's section on what each rule read, unchecked rules called out."""
    if not report.coverage:
        return []
    width = max(len(c.rule_id) for c in report.coverage)
    lines = ["what each rule checked:"]
    lines += [f"  {c.rule_id:<{width}}  {describe(c)}" for c in report.coverage]
    unchecked = report.unchecked
    if unchecked:
        lines += ["", "rules that checked no file (not counted as passed):"]
        lines += [f"  {rule.id}  (nothing it reads is in the output)" for rule in unchecked]
    return [*lines, ""]


def coverage_dicts(report: Report) -> list[dict[str, Any]]:
    """The JSON report's `coverage`: one entry per rule."""
    return [
        {
            "rule_id": c.rule_id,
            "files": c.files,
            "languages": dict(c.languages),
            "answer": c.answer,
            "checked_nothing": c.checked_nothing,
        }
        for c in report.coverage
    ]


def coverage_notes(report: Report) -> list[dict[str, Any]]:
    """SARIF configuration notifications for the rules that checked no file."""
    return [
        {
            "level": "warning",
            "message": {"text": f"rule checked no file (nothing it reads is there): {r.id}"},
            "associatedRule": {"id": r.id},
        }
        for r in report.unchecked
    ]
