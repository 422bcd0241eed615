"""Reports rendered as text, JSON and SARIF 2.1.0 (validated against the official schema)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socratic_core.rules import (
    AgentOutput,
    Category,
    Report,
    Rule,
    RuleEngine,
    RuleKind,
    SourceSpan,
    render_json,
    render_sarif,
    render_text,
)

from .conftest import rule

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a dev dependency")

SCHEMA = json.loads(
    (Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json").read_text("utf-8")
)
CODE = (
    '"""Doc."""\n'
    'eval("1")\n'
    'eval("2")  # socratic: allow security.no-eval -- fixed input\n'
    "print(1)\n"
)
RULES = [
    Rule(
        id="security.no-eval",
        category=Category.SECURITY,
        text="Never use eval.",
        span=SourceSpan(3, 3, 3, 18),
        source="rules.md",
    ),
    rule("quality.no-print"),
    rule("quality.max-response-length", max=5),
    Rule(id="custom.be-nice", category=Category.CUSTOM, kind=RuleKind.UNENFORCED, text="Be nice."),
]


def _report(engine: RuleEngine, code: str = CODE) -> Report:
    output = AgentOutput(text="a long answer", files={"app/main.py": code, "img.bin": b"\0\1"})
    return engine.validate(output, RULES)


class TestText:
    """The text report is for people: grouped by file, with the flagged source line."""

    def test_groups_by_file_and_shows_the_source_line(self, engine: RuleEngine) -> None:
        """Each file heads its violations; each violation shows its line and a caret."""
        text = render_text(_report(engine), sources={"app/main.py": CODE})
        assert "app/main.py\n  2:1  error    security.no-eval  eval() runs arbitrary code" in text
        assert '         2 | eval("1")\n           | ^^^^^^^^^' in text
        assert 'rule: rules.md:3 "Never use eval."' in text
        assert "(suppressed: fixed input)" in text
        assert "(the agent's answer)" in text

    def test_lists_unenforced_diagnostics_and_verdict(self, engine: RuleEngine) -> None:
        """Unenforced rules, unanalysed files and the verdict close the report."""
        text = render_text(_report(engine))
        assert (
            'rules nothing enforces (not counted as passed):\n  rules  [custom] "Be nice."' in text
        )
        assert "img.bin  info     binary" in text
        assert text.rstrip().splitlines()[-1].startswith("verdict: block (3 errors")


class TestJson:
    """The JSON report carries every field."""

    def test_round_trips_every_section(self, engine: RuleEngine) -> None:
        """Verdict, violations, unenforced rules, diagnostics and rules are all present."""
        data = json.loads(render_json(_report(engine)))
        assert data["verdict"] == "block"
        assert [v["rule_id"] for v in data["violations"]] == [
            "quality.max-response-length",
            "security.no-eval",
            "security.no-eval",
            "quality.no-print",
        ]
        assert data["violations"][1]["rule"]["span"] == {
            "line": 3,
            "column": 3,
            "end_line": 3,
            "end_column": 18,
        }
        assert data["violations"][2]["suppressed"] is True
        assert [r["id"] for r in data["unenforced"]] == ["custom.be-nice"]
        assert data["file_diagnostics"][0]["kind"] == "binary"
        assert data["files_checked"] == 2


class TestSarif:
    """SARIF output is valid 2.1.0 with stable fingerprints."""

    def test_valid_against_the_official_schema(self, engine: RuleEngine) -> None:
        """The log validates against the OASIS SARIF 2.1.0 JSON schema."""
        report = _report(engine)
        log = json.loads(
            render_sarif(report, declarations=engine.declarations, sources={"app/main.py": CODE})
        )
        jsonschema.Draft4Validator(SCHEMA).validate(log)
        run = log["runs"][0]
        assert [r["ruleId"] for r in run["results"]][1:] == [
            "security.no-eval",
            "security.no-eval",
            "quality.no-print",
        ]
        assert run["results"][2]["suppressions"][0]["justification"] == "fixed input"
        descriptor_ids = [d["id"] for d in run["tool"]["driver"]["rules"]]
        assert all(descriptor_ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
        assert run["invocations"][0]["toolConfigurationNotifications"][0]["associatedRule"] == {
            "id": "custom.be-nice"
        }

    def test_schema_rejects_a_broken_log(self) -> None:
        """The vendored schema really validates: a result without a message is refused."""
        broken = {
            "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{}]}],
        }
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft4Validator(SCHEMA).validate(broken)

    def test_fingerprints_survive_moved_lines(self, engine: RuleEngine) -> None:
        """Inserting lines above a finding keeps its fingerprint; identical lines differ."""
        moved = "\n\n# a comment\n" + CODE

        def prints(code: str) -> list[str]:
            report = _report(engine, code)
            log = json.loads(render_sarif(report, sources={"app/main.py": code}))
            return [r["partialFingerprints"]["socratic/v1"] for r in log["runs"][0]["results"]]

        before, after = prints(CODE), prints(moved)
        assert before == after
        assert len(set(before)) == len(before)
