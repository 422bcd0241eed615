"""codegen's fixers on plain files: what they refuse to change, and that wrapping keeps meaning."""

from __future__ import annotations

import ast

import pytest

from socratic_core.agents._fixes import fix_files
from socratic_core.rules import Category, Location, Severity, Violation


def _at(rule_id: str, path: str, line: int, column: int = 1) -> Violation:
    return Violation(rule_id, Category.QUALITY, Severity.ERROR, "m", Location(path, line, column))


SHARED = '''def total(values: list[int]) -> int:
    """Sum."""
    result = 0
    result += values[0]
    result += values[1]
    return result
'''


def test_a_rule_no_fixer_knows_and_a_non_python_file_are_left_alone() -> None:
    """Unknown rule ids and text files come back unchanged, with no fix claimed."""
    files = {"a.py": "x = 1\n", "README.md": "print(1)\n"}
    violations = [_at("custom.whatever", "a.py", 1), _at("quality.no-print", "README.md", 1)]
    assert fix_files(files, violations, {}) == (files, [])


def test_a_function_whose_statements_share_a_local_is_not_split() -> None:
    """Moving `result += ...` into a helper would break it: the function stays as it is."""
    files = {"m.py": SHARED}
    violation = _at("quality.max-function-length", "m.py", 1)
    fixed, applied = fix_files(files, [violation], {"quality.max-function-length": {"max": 4}})
    assert (fixed, applied) == (files, [])


@pytest.mark.parametrize(
    "expression",
    [
        "a - (b - c) + d * (e + f) + (g if h else i) + x ** y ** z - (p or q)",
        "first < second <= third and (left or right) and not done or fallback",
        "call(alpha, beta, gamma=delta, *rest, **options).method().other(one, two)",
        "'a rather long string literal that will not fit on one line at all'",
        "[item_one, item_two, (nested_a, nested_b), {key: value}, -negative]",
    ],
)
def test_wrapping_a_long_line_keeps_its_meaning(expression: str) -> None:
    """Every wrapped statement parses to the same tree, and fits where it can."""
    source = f'"""M."""\n\n\ndef f() -> object:\n    """F."""\n    return {expression}\n'
    violation = _at("quality.max-line-length", "m.py", 6, 41)
    fixed, applied = fix_files(
        {"m.py": source}, [violation], {"quality.max-line-length": {"max": 40}}
    )
    assert applied == ["quality.max-line-length"]
    before, after = ast.parse(source), ast.parse(fixed["m.py"])
    assert ast.dump(before) == ast.dump(after)
    assert len(fixed["m.py"].split("\n")) > len(source.split("\n"))


def test_a_module_whose_last_function_uses_an_earlier_one_is_not_split() -> None:
    """Moving `twice` out would make its new module import the one it left: no split."""
    source = '"""M."""\n\n\ndef one() -> int:\n    """One."""\n    return 1\n'
    source += '\n\ndef two() -> int:\n    """Two."""\n    return 2\n'
    source += '\n\ndef twice() -> int:\n    """Twice."""\n    return one() + one()\n'
    violation = _at("quality.max-file-length", "src/m.py", 12)
    files = {"src/m.py": source}
    fixed, applied = fix_files(files, [violation], {"quality.max-file-length": {"max": 12}})
    assert (fixed, applied) == (files, [])
