"""The ruff-backed checks: one ruff run per validation, mapped back to files and rules."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from socratic_core.errors import RuleSyntaxError
from socratic_core.rules import (
    AgentOutput,
    RuleEngine,
    RuleKind,
    parse_instructions,
    render_canonical,
)
from socratic_core.rules._workspace import on_disk
from socratic_core.rules.builtin import ruff, ruff_rules

from .conftest import rule

MUTABLE = "def f(a=[]):\n    return a\n"


def _lines(report, rule_id: str) -> list[tuple[str | None, int]]:
    return sorted(
        (v.location.path, v.location.line) for v in report.violations if v.rule_id == rule_id
    )


class TestCanonicalForms:
    """Any ruff rule is reachable by `ruff.CODE` or `ruff(select=[...])`."""

    def test_dotted_code_is_a_select_of_one(self) -> None:
        """`ruff.B006` reads as the `ruff` check selecting B006, and renders back exactly."""
        [parsed] = parse_instructions("- ruff.B006\n").rules
        assert (parsed.id, parsed.kind, parsed.params["select"]) == (
            "ruff",
            RuleKind.ENFORCED,
            ("B006",),
        )
        assert render_canonical(parsed).startswith("ruff(")
        [again] = parse_instructions(f"- {render_canonical(parsed)}\n").rules
        assert again.params == parsed.params

    def test_select_with_settings(self, engine: RuleEngine) -> None:
        """`ruff(select=[C901], max_complexity=1)` passes the setting to ruff."""
        [parsed] = parse_instructions("- ruff(select=[C901], max_complexity=1)\n").rules
        code = "def f(x):\n    if x:\n        return 1\n    return 2\n"
        report = engine.validate(AgentOutput(files={"a.py": code}), [parsed])
        assert [v.message for v in report.violations] == ["`f` is too complex (2 > 1) (ruff C901)"]

    def test_banned_modules_and_docstring_convention(self, engine: RuleEngine) -> None:
        """`banned=` feeds ruff's banned-api; `convention=` its pydocstyle convention."""
        rules = parse_instructions(
            "- ruff(select=[TID251], banned=[pickle, telnetlib])\n"
            "- ruff(select=[D417], convention=google)\n"
        ).rules
        code = (
            "import pickle\nimport json\n"
            'def f(a, b):\n    """Do.\n\n    Args:\n        a: x.\n    """\n'
        )
        report = engine.validate(AgentOutput(files={"a.py": code}), rules)
        assert [(v.location.line, v.message.rpartition("(")[2]) for v in report.violations] == [
            (1, "ruff TID251)"),
            (3, "ruff D417)"),
        ]

    def test_unknown_code_is_a_rules_error_when_compiled(self, engine: RuleEngine) -> None:
        """Compiling names the unknown code with its line; strict mode raises on it."""
        ruleset = engine.compile("# Rules\n- ruff.B006\n- ruff(select=[PTH, XYZ9])\n")
        [error] = ruleset.errors
        assert (error.line, error.column) == (3, 3)
        assert "has no rule 'XYZ9'" in error.message
        with pytest.raises(RuleSyntaxError, match="has no rule 'QQ1'"):
            engine.compile("- ruff.QQ1\n", strict=True)

    def test_bad_settings_are_refused_before_ruff_runs(self, engine: RuleEngine) -> None:
        """A convention ruff lacks or a banned name that is no module: a rules error when
        compiled, and a failure of that rule alone (the others run) when not compiled."""
        ruleset = engine.compile(
            '- ruff(select=[D], convention=googl)\n- ruff(select=[TID251], banned=["a b"])\n'
        )
        assert [e.message for e in ruleset.errors] == [
            "convention 'googl' is not one of google, numpy, pep257",
            "banned 'a b' is not a module name",
        ]
        rules = [
            rule("ruff", select=("D",), convention="googl"),
            rule("quality.no-mutable-defaults"),
        ]
        report = engine.validate(AgentOutput(files={"a.py": MUTABLE}), rules)
        assert [f.rule_id for f in report.plugin_failures] == ["ruff"]
        assert _lines(report, "quality.no-mutable-defaults") == [("a.py", 1)]

    def test_numbers_out_of_range_fail_their_rule_alone(self, engine: RuleEngine) -> None:
        """A length of 0 is a rules error when compiled; not compiled, it fails its own rule,
        not the rules that would share its ruff run."""
        ruleset = engine.compile(
            "- quality.max-line-length(max=0)\n- ruff.C901(max_complexity=-1)\n"
        )
        assert [e.message for e in ruleset.errors] == [
            "parameter 'max' must be from 1 to 65535, not 0",
            "parameter 'max_complexity' must be from 1 to 65535, not -1",
        ]
        rules = [rule("quality.max-line-length", max=0), rule("quality.no-mutable-defaults")]
        report = engine.validate(AgentOutput(files={"a.py": MUTABLE}), rules)
        assert [f.rule_id for f in report.plugin_failures] == ["quality.max-line-length"]
        assert _lines(report, "quality.no-mutable-defaults") == [("a.py", 1)]

    def test_unknown_code_fails_its_rule_with_the_code_named(self, engine: RuleEngine) -> None:
        """A code ruff does not have fails that rule alone, naming the code; the others run."""
        rules = [rule("ruff", select=("XYZ999",)), rule("quality.no-mutable-defaults")]
        report = engine.validate(AgentOutput(files={"a.py": MUTABLE}), rules)
        [failure] = report.plugin_failures
        assert failure.rule_id == "ruff"
        assert "'XYZ999'" in failure.error
        assert _lines(report, "quality.no-mutable-defaults") == [("a.py", 1)]

    def test_every_built_in_mapping_names_codes_the_installed_ruff_has(self) -> None:
        """The built-in ruff-backed checks skip the per-run code lookup: this test is the check."""
        known = ruff.ruff_codes()
        for check_id, mapping in ruff_rules.RUFF_RULES.items():
            for code in mapping.select:
                assert any(ruff.selects(code, k) for k in known), (check_id, code)


class TestResults:
    """ruff's findings become violations of the rules that asked, on the files as named."""

    def test_message_carries_the_code_and_fix_hint(self, engine: RuleEngine) -> None:
        """The message ends with the ruff code; ruff's own fix message is the hint."""
        report = engine.validate(
            AgentOutput(files={"pkg/a.py": MUTABLE}), [rule("quality.no-mutable-defaults")]
        )
        [violation] = report.violations
        assert violation.message.endswith("(ruff B006)")
        assert violation.location.path == "pkg/a.py"
        assert (violation.location.line, violation.location.column) == (1, 9)
        assert violation.fix_hint is not None
        assert "None" in violation.fix_hint

    def test_paths_outside_the_output_are_mapped_back(self, engine: RuleEngine) -> None:
        """A path with `..` is written inside the private directory and reported as given."""
        files = {"../up.py": MUTABLE, "/abs/x.py": MUTABLE}
        report = engine.validate(AgentOutput(files=files), [rule("quality.no-mutable-defaults")])
        assert _lines(report, "quality.no-mutable-defaults") == [("../up.py", 1), ("/abs/x.py", 1)]

    def test_paths_the_file_system_refuses_are_still_checked(self, engine: RuleEngine) -> None:
        """A name too long for the disk, or a file where another needs a folder, is checked
        under a folder of its own, not an OSError out of validate()."""
        long_name = "m" * 300 + ".py"
        files = {"a.py": MUTABLE, "a.py/b.py": MUTABLE, long_name: MUTABLE}
        report = engine.validate(AgentOutput(files=files), [rule("quality.no-mutable-defaults")])
        assert report.plugin_failures == ()
        found = _lines(report, "quality.no-mutable-defaults")
        assert sorted(found) == [("a.py", 1), ("a.py/b.py", 1), (long_name, 1)]

    def test_one_code_serves_every_rule_that_selects_it(self, engine: RuleEngine) -> None:
        """Two rules selecting B006 both get the finding; a rule's scope filters its files."""
        rules = [rule("ruff", select=("B",)), rule("quality.no-mutable-defaults")]
        scoped = replace(rule("security.no-assert"), scope=("src/**",))
        files = {"src/a.py": MUTABLE + "assert a\n", "tests/b.py": "assert 1\n"}
        report = engine.validate(AgentOutput(files=files), [*rules, scoped])
        assert _lines(report, "ruff") == [("src/a.py", 1)]
        assert _lines(report, "quality.no-mutable-defaults") == [("src/a.py", 1)]
        assert _lines(report, "security.no-assert") == [("src/a.py", 3)]

    def test_different_settings_run_separately(self, engine: RuleEngine) -> None:
        """Two line lengths in one validation each get their own limit."""
        line = "x = '" + "a" * 80 + "'\n"  # 86 characters
        rules = [rule("quality.max-line-length", max=100), rule("quality.pep8", max_line_length=79)]
        report = engine.validate(AgentOutput(files={"a.py": line}), rules)
        assert _lines(report, "quality.max-line-length") == []
        assert _lines(report, "quality.pep8") == [("a.py", 1)]

    def test_return_types_alone_are_asked_for_alone(self, engine: RuleEngine) -> None:
        """ "Annotate function return types" flags a missing return type, not a bare parameter;
        type hints with no such words flag both."""
        code = "def f(x) -> int:\n    return x\n\n\ndef g(y: int):\n    return y\n"
        [returns] = parse_instructions("- Always annotate function return types\n").rules
        assert (returns.kind, returns.params["annotate"]) == (RuleKind.ENFORCED, ("returns",))
        [both] = parse_instructions("- Use type hints everywhere\n").rules
        output = AgentOutput(files={"a.py": code})
        assert _lines(engine.validate(output, [returns]), "quality.type-hints") == [("a.py", 5)]
        found = _lines(engine.validate(output, [both]), "quality.type-hints")
        assert found == [("a.py", 1), ("a.py", 5)]

    def test_files_on_disk_are_read_in_place(self, engine: RuleEngine, tmp_path: Path) -> None:
        """With a workspace of files on disk, ruff reads them where they are."""
        (tmp_path / "m.py").write_text(MUTABLE, encoding="utf-8")
        rules = [rule("quality.no-mutable-defaults")]
        results = engine.check_files({"m.py": MUTABLE}, rules)
        report = engine.finish(
            [results], rules, workspace=on_disk({"m.py": str(tmp_path / "m.py")})
        )
        assert _lines(report, "quality.no-mutable-defaults") == [("m.py", 1)]


class TestEncodings:
    """ruff reads UTF-8 only; files in another PEP 263 encoding are still checked by it."""

    def test_latin1_file(self, engine: RuleEngine) -> None:
        """A latin-1 file gets its ruff findings; an undecodable one blocks, ruff rules intact."""
        latin = "# -*- coding: latin-1 -*-\nx = 'café'\ndef f(a=[]):\n    return a\n"
        files = {"a.py": latin.encode("latin-1"), "b.py": b"\xff\xfe = 1\n"}
        rules = [rule("quality.no-mutable-defaults")]
        report = engine.validate(AgentOutput(files=files), rules)
        assert _lines(report, "quality.no-mutable-defaults") == [("a.py", 3)]
        assert report.plugin_failures == ()
        assert [(d.path, d.kind) for d in report.file_diagnostics] == [("b.py", "not-utf8")]

    def test_latin1_file_on_disk(self, engine: RuleEngine, tmp_path: Path) -> None:
        """The same for a file ruff reads where it is."""
        latin = "# -*- coding: latin-1 -*-\nx = 'café'\ndef f(a=[]):\n    return a\n"
        (tmp_path / "m.py").write_bytes(latin.encode("latin-1"))
        rules = [rule("quality.no-mutable-defaults")]
        results = engine.check_files({"m.py": latin.encode("latin-1")}, rules)
        workspace = on_disk({"m.py": str(tmp_path / "m.py")})
        report = engine.finish([results], rules, workspace=workspace)
        assert _lines(report, "quality.no-mutable-defaults") == [("m.py", 3)]


class TestSuppressions:
    """`# noqa: CODE` works as in ruff; `# socratic: allow` works as everywhere."""

    def test_noqa_and_allow(self, engine: RuleEngine) -> None:
        """noqa drops the finding; allow keeps it, marked suppressed, with its reason."""
        code = (
            "def f(a=[]):  # noqa: B006\n    return a\n"
            "def g(a=[]):  # socratic: allow quality.no-mutable-defaults -- a cache\n"
            "    return a\n"
        )
        report = engine.validate(
            AgentOutput(files={"a.py": code}), [rule("quality.no-mutable-defaults")]
        )
        [violation] = report.violations
        assert (violation.location.line, violation.suppressed) == (3, True)
        assert violation.suppression_reason == "a cache"

    def test_blanket_noqa_switches_nothing_off(self, engine: RuleEngine) -> None:
        """A file-wide `# ruff: noqa` and a bare `# noqa` keep the findings; a noqa naming
        another code keeps it too; one naming the code among others drops it."""
        code = (
            "# ruff: noqa\n"
            "import os  # noqa\n"
            "def f(a=[]):  # noqa: E501\n"
            "    assert a  # noqa:E501,S101 - checked by the caller\n"
            "    return a\n"
        )
        rules = [rule(i) for i in ("quality.no-unused-imports", "quality.no-mutable-defaults")]
        report = engine.validate(
            AgentOutput(files={"a.py": code}), [*rules, rule("security.no-assert")]
        )
        assert _lines(report, "quality.no-unused-imports") == [("a.py", 2)]
        assert _lines(report, "quality.no-mutable-defaults") == [("a.py", 3)]
        assert _lines(report, "security.no-assert") == []


class TestFailsClosed:
    """ruff failing is a plugin failure for every rule it was to check, never a pass."""

    def test_ruff_rejecting_its_settings(
        self, engine: RuleEngine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """ruff exiting with an error fails the rules of that run, with ruff's message."""
        monkeypatch.setattr(ruff_rules, "MAX_SETTING", 10**6)  # let a length ruff refuses through
        rules = [rule("ruff", select=("E501",), line_length=70_000)]
        report = engine.validate(AgentOutput(files={"a.py": MUTABLE}), rules)
        [failure] = report.plugin_failures
        assert failure.rule_id == "ruff"
        assert "ruff exited with 2" in failure.error
        assert report.verdict.value == "block"

    def test_timeout(self, engine: RuleEngine, monkeypatch: pytest.MonkeyPatch) -> None:
        """ruff running past its time budget fails its rules."""
        monkeypatch.setattr(ruff, "TIMEOUT_SECONDS", 1e-6)
        report = engine.validate(
            AgentOutput(files={"a.py": MUTABLE}), [rule("quality.no-mutable-defaults")]
        )
        [failure] = report.plugin_failures
        assert "was stopped" in failure.error

    def test_without_a_workspace(self, engine: RuleEngine) -> None:
        """`finish()` without the files on disk cannot run ruff: its rules fail."""
        rules = [rule("quality.no-mutable-defaults")]
        report = engine.finish([engine.check_files({"a.py": MUTABLE}, rules)], rules)
        [failure] = report.plugin_failures
        assert "needs the files on disk" in failure.error

    def test_a_check_alone_runs_ruff_itself(self, engine: RuleEngine) -> None:
        """A ruff-backed check's function works without the engine's batch (one rule)."""
        from socratic_core.rules import CheckContext, analyze  # noqa: PLC0415

        check = engine.checks["quality.no-mutable-defaults"].check
        analysis = analyze(AgentOutput(files={"a.py": MUTABLE}))
        context = CheckContext(rule("quality.no-mutable-defaults"), {}, analysis)
        assert [f.location.line for f in check.function(context)] == [1]


class TestAllowComments:
    """`# socratic: allow` names the `ruff` check too, and quoted markers are not comments."""

    def test_allow_ruff_and_quoted_markers(self, engine: RuleEngine) -> None:
        """`allow ruff` suppresses the any-code check; a marker in backticks is just text."""
        code = (
            '"""Write `# socratic: allow <rule-id> -- why` to suppress."""\n'
            "def f(a=[]):  # socratic: allow ruff -- a cache\n"
            "    return a\n"
        )
        report = engine.validate(
            AgentOutput(files={"a.py": code}), [rule("ruff", select=("B006",))]
        )
        [violation] = report.violations
        assert (violation.rule_id, violation.suppressed) == ("ruff", True)


class TestOneRun:
    """ruff runs once per validation for every rule whose settings agree."""

    def test_many_rules_one_ruff_process(
        self, engine: RuleEngine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Six ruff-backed rules over three files start one `ruff check`; two line lengths two."""
        calls: list[list[str]] = []
        real = ruff._run

        def counting(command: list[str]) -> str:
            calls.append(command)
            return real(command)

        monkeypatch.setattr(ruff, "_run", counting)
        rules = [
            rule("quality.no-mutable-defaults"),
            rule("quality.no-unused-imports"),
            rule("security.no-assert"),
            rule("quality.prefer-pathlib"),
            rule("ruff", select=("PTH",)),
            rule("quality.max-line-length", max=100),
        ]
        files = {f"m{n}.py": MUTABLE for n in range(3)}
        engine.validate(AgentOutput(files=files), rules)
        assert sum(1 for command in calls if command[1] == "check") == 1
        calls.clear()
        engine.validate(AgentOutput(files=files), [*rules, rule("quality.pep8")])
        assert sum(1 for command in calls if command[1] == "check") == 2
