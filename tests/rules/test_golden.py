"""Golden files: realistic instruction documents and the rule sets they must parse to.

Each `cases/NAME.md` has its expected `RuleSet.to_dict()` in `cases/NAME.json`; each
`cases/errors/NAME.md` has the `RuleSyntaxError` strict mode must raise in `NAME.json`.
After a deliberate change to the language, regenerate with
`SOCRATIC_REGENERATE_GOLDEN=1 pytest tests/rules` and review the JSON diff line by line before
committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from socratic_core import RuleSyntaxError
from socratic_core.rules import RuleSet, parse_instructions, render_canonical

CASES = Path(__file__).parent / "cases"
DOCUMENTS = sorted(CASES.glob("*.md"))
ERRORS = sorted((CASES / "errors").glob("*.md"))
REGENERATE = os.environ.get("SOCRATIC_REGENERATE_GOLDEN") == "1"


def _parse(path: Path) -> RuleSet:
    return parse_instructions(path.read_text(encoding="utf-8"), source=path.name)


def _expected(path: Path, actual: dict[str, Any]) -> Any:
    """The reviewed expectation beside `path`; in regenerate mode, write `actual` there and skip.

    A regenerated file proves nothing until its diff is reviewed, so the test does not pass.
    """
    expected_path = path.with_suffix(".json")
    if REGENERATE:
        text = json.dumps(actual, indent=2, ensure_ascii=False) + "\n"
        expected_path.write_text(text, encoding="utf-8")
        pytest.skip(f"regenerated {expected_path.name}: review its diff before committing it")
    return json.loads(expected_path.read_text(encoding="utf-8"))


class TestGoldenFiles:
    """Every document in tests/rules/cases parses to exactly its expected rule set."""

    def test_there_are_golden_cases(self) -> None:
        """The folder holds the documents and each has its expected JSON."""
        assert len(DOCUMENTS) >= 6
        assert all(path.with_suffix(".json").exists() for path in DOCUMENTS)

    @pytest.mark.parametrize("path", DOCUMENTS, ids=[path.stem for path in DOCUMENTS])
    def test_document_parses_to_its_golden_rule_set(self, path: Path) -> None:
        """The parsed rule set equals the reviewed expectation, diagnostics included."""
        actual = _parse(path).to_dict()
        assert actual == _expected(path, actual)

    @pytest.mark.parametrize("path", DOCUMENTS, ids=[path.stem for path in DOCUMENTS])
    def test_every_golden_rule_round_trips_through_the_canonical_form(self, path: Path) -> None:
        """Rendering each rule and parsing the rendering gives the same rule back."""
        for rule in _parse(path):
            line = render_canonical(rule)
            [again] = parse_instructions(line, strict=True).rules
            assert (again.id, again.category, dict(again.params)) == (
                rule.id,
                rule.category,
                dict(rule.params),
            ), line
            assert (again.severity, again.modality, again.scope, again.rationale, again.kind) == (
                rule.severity,
                rule.modality,
                rule.scope,
                rule.rationale,
                rule.kind,
            ), line

    @pytest.mark.parametrize("path", DOCUMENTS, ids=[path.stem for path in DOCUMENTS])
    def test_golden_rule_sets_survive_json(self, path: Path) -> None:
        """Each golden rule set goes to JSON and back unchanged."""
        ruleset = _parse(path)
        assert RuleSet.from_json(ruleset.to_json()) == ruleset


class TestGoldenErrors:
    """Each document in tests/rules/cases/errors raises exactly its expected strict-mode error."""

    @pytest.mark.parametrize("path", ERRORS, ids=[path.stem for path in ERRORS])
    def test_document_raises_its_golden_error(self, path: Path) -> None:
        """Line, column, message, caret context, expected and hint all match."""
        with pytest.raises(RuleSyntaxError) as caught:
            parse_instructions(path.read_text(encoding="utf-8"), strict=True)
        error = caught.value
        actual = {
            "line": error.line,
            "column": error.column,
            "message": error.message,
            "context": error.context,
            "expected": list(error.expected),
            "hint": error.hint,
        }
        assert actual == _expected(path, actual)
