"""'Never X, use Y instead': read into `architecture.banned-api`, or kept unenforced with why."""

from __future__ import annotations

import pytest

from socratic_core.rules import AgentOutput, Rule, RuleEngine, RuleKind, parse_instructions
from socratic_core.rules._canonical import render_canonical
from socratic_core.rules._markup import clean_markdown
from socratic_core.rules._normalise import words
from socratic_core.rules._replacement import ApiPattern, PatternKind, parse_api_pattern


def _rules(text: str) -> list[Rule]:
    return list(parse_instructions(f"- {text}\n"))


def _enforced(text: str) -> list[str]:
    return [render_canonical(r) for r in _rules(text) if r.kind is RuleKind.ENFORCED]


class TestReading:
    """The shapes people write read into one pattern and the replacement as the fix hint."""

    @pytest.mark.parametrize(
        ("text", "banned", "instead"),
        [
            ("Use `chrome.alarms` instead of `setInterval()`", "setInterval()", "chrome.alarms"),
            ("Use chrome.alarms instead of setInterval", "setInterval", "chrome.alarms"),
            ("Never use the `moment` library, use `date-fns` instead", "import:moment", "date-fns"),
            ("Use `<Link>` not `<a>`", "<a>", "<Link>"),
            ("`getByRole()` rather than `page.locator()`", "page.locator()", "getByRole()"),
            ("Replace `document.write()` with DOM methods", "document.write()", "DOM methods"),
            ("Don't use `require()`", "require()", ""),
            ("Never `import _ from 'lodash'`", "import:lodash", ""),
            ("Avoid inline `style={{...}}`", "style=", ""),
            ("`window.alert` is banned, use the toast helper", "window.alert", "the toast helper"),
            ("`window.alert` is banned; use the toast helper", "window.alert", "the toast helper"),
            ("Do not use the date-fns library", "import:date-fns", ""),
        ],
    )
    def test_the_banned_side_becomes_a_pattern(self, text: str, banned: str, instead: str) -> None:
        """The rule is enforced with the banned pattern and the replacement as written."""
        [rule] = _rules(text)
        assert rule.kind is RuleKind.ENFORCED, rule.reading
        assert (rule.id, dict(rule.params)) == (
            "architecture.banned-api",
            {"banned": banned, "instead": instead},
        )

    @pytest.mark.parametrize(
        ("text", "why"),
        [
            ("Use getByRole instead of CSS locators", "'CSS locators' is prose"),
            ("Avoid `setTimeout`/`setInterval`; use chrome.alarms", "several things"),
            ("Never use moment, use date-fns", "may be a library, a function or a word"),
            ("Never use the moment library, use date-fns", "'moment' may be a word"),
            ("Avoid `useEffect` for data fetching", "'for data fetching' restricts it"),
            ("Never use `fs` in client components", "restricts it"),
            ("Use `pnpm` instead of `npm`", None),
            ("Prefer `interface` over `type`", None),
        ],
    )
    def test_an_unsafe_banned_side_stays_unenforced(self, text: str, why: str | None) -> None:
        """A banned side a pattern cannot pin down is kept unenforced; the reading says why."""
        [rule] = _rules(text)
        assert rule.kind is RuleKind.UNENFORCED
        if why is not None:
            assert "architecture.banned-api matched in part" in rule.reading
            assert why in rule.reading

    def test_a_plain_word_suggests_the_import_it_may_mean(self) -> None:
        """ "never use moment" suggests the canonical line that bans the import."""
        [rule] = _rules("Never use moment, use date-fns")
        expected = 'architecture.banned-api(banned="import:moment", instead=date-fns)'
        assert rule.suggestion == expected

    @pytest.mark.parametrize(
        "text",
        [
            "Prefer composition over inheritance",
            "No `requests` in async code",
            "Never use mocks",
            "Use `const` for variables that are never reassigned",
            "Avoid unnecessary libraries",
            "Never add third-party packages",
            "No extra dependencies",
        ],
    )
    def test_prose_is_not_a_banned_api(self, text: str) -> None:
        """Prose on the banned side, or a bare `no X` with nothing said of X, claims nothing."""
        assert all(rule.id != "architecture.banned-api" for rule in _rules(text))
        assert "banned-api" not in " ".join(rule.reading for rule in _rules(text))

    @pytest.mark.parametrize(
        ("text", "check"),
        [
            ("Prefer pathlib over os.path", "quality.prefer-pathlib"),
            ("Use logging instead of print()", "quality.no-print"),
            ("Never use `eval()`, use `ast.literal_eval`", "security.no-eval"),
        ],
    )
    def test_a_dedicated_check_wins(self, text: str, check: str) -> None:
        """Where a dedicated check claims the statement, banned-api does not claim it too."""
        assert [rule.id for rule in _rules(text)] == [check]


class TestPatternSyntax:
    """The canonical pattern syntax reads and renders each form, and rejects anything else."""

    @pytest.mark.parametrize(
        ("text", "kind", "name"),
        [
            ("setInterval()", PatternKind.CALL, "setInterval"),
            ("new Date()", PatternKind.CALL, "Date"),
            ("os.path", PatternKind.NAME, "os.path"),
            ("os.path.*", PatternKind.NAME, "os.path"),
            ("import:lodash/fp", PatternKind.IMPORT, "lodash/fp"),
            ("import:@scope/pkg", PatternKind.IMPORT, "@scope/pkg"),
            ("<a>", PatternKind.ELEMENT, "a"),
            ("style=", PatternKind.ATTRIBUTE, "style"),
        ],
    )
    def test_each_form(self, text: str, kind: PatternKind, name: str) -> None:
        """Each form reads to its kind and name, and its rendering reads back the same."""
        pattern = parse_api_pattern(text)
        assert (pattern.kind, pattern.name) == (kind, name)
        assert parse_api_pattern(pattern.render()) == pattern

    def test_an_element_with_an_attribute(self) -> None:
        """`<a href>` is the element `a` that carries `href`."""
        assert parse_api_pattern("<a href>") == ApiPattern(PatternKind.ELEMENT, "a", "href")

    @pytest.mark.parametrize("text", ["", "CSS locators", "a b()", "<>", "import:"])
    def test_anything_else_is_an_error_listing_the_forms(self, text: str) -> None:
        """A value that is no pattern says which forms there are."""
        with pytest.raises(ValueError, match=r"is not an API pattern: write `name\(\)`"):
            parse_api_pattern(text)

    def test_the_canonical_form_round_trips(self) -> None:
        """A rendered banned-api rule parses back to the same id and parameters."""
        line = 'architecture.banned-api(banned="setInterval()", instead="chrome.alarms")'
        [rule] = parse_instructions(line).rules
        [again] = parse_instructions(render_canonical(rule)).rules
        assert rule.kind is again.kind is RuleKind.ENFORCED
        assert (again.id, dict(again.params)) == (rule.id, dict(rule.params))
        assert dict(rule.params) == {"banned": "setInterval()", "instead": "chrome.alarms"}


class TestPythonMatcher:
    """The check finds the banned API in Python output and hints the replacement."""

    def test_a_finding_carries_the_replacement_as_its_fix(self, engine: RuleEngine) -> None:
        """The violation names the pattern and the fix hint is the rule's replacement."""
        [rule] = parse_instructions("- Use `time.monotonic()` instead of `time.time()`\n").rules
        code = "import time\n\nstarted = time.time()\n"
        report = engine.validate(AgentOutput(files={"app/run.py": code}), [rule])
        [violation] = report.violations
        assert violation.location.line == 3
        assert "time.time() is banned" in violation.message
        assert violation.fix_hint == "use time.monotonic() instead"

    def test_a_bad_pattern_in_the_canonical_form_fails_closed(self, engine: RuleEngine) -> None:
        """A rule whose pattern is not one fails its check: the report is an error, not a pass."""
        [rule] = parse_instructions('architecture.banned-api(banned="CSS locators")').rules
        report = engine.validate(AgentOutput(files={"a.py": "locators = 1\n"}), [rule])
        assert report.plugin_failures
        assert "is not an API pattern" in str(report.plugin_failures[0])


class TestScriptMatcher:
    """The same rule reads TypeScript/JavaScript: one statement, both languages."""

    def test_one_statement_checks_python_and_typescript(self, engine: RuleEngine) -> None:
        """ "Use chrome.alarms instead of setInterval()" fires on the TS call, with the hint."""
        [rule] = parse_instructions("- Use `chrome.alarms` instead of `setInterval()`\n").rules
        files = {"src/bg.ts": "window.setInterval(tick, 1000);\nsetTimeout(tick, 5);\n"}
        report = engine.validate(AgentOutput(files=files), [rule])
        [violation] = report.violations
        assert (violation.location.path, violation.location.line) == ("src/bg.ts", 1)
        assert violation.fix_hint == "use chrome.alarms instead"

    def test_a_jsx_element_pattern(self, engine: RuleEngine) -> None:
        """`<a>` not `<Link>`-style rules find the JSX element, not the `<Link>`."""
        [rule] = parse_instructions("- Use `<Button>` instead of `<button>`\n").rules
        code = "export const A = () => <div><button/><Button/></div>;\n"
        report = engine.validate(AgentOutput(files={"src/a.tsx": code}), [rule])
        assert [v.location.column for v in report.violations] == [29]


class TestTypescriptWords:
    """Words that name TS constructs survive normalisation, so frames can name them."""

    @pytest.mark.parametrize(
        "text",
        [
            "No `any`",
            "Never use the 'any' type",
            "Avoid `as any` casts",
            "Explicit any is forbidden",
        ],
    )
    def test_the_any_type_is_a_word(self, text: str) -> None:
        """`any` written as TypeScript's type is one word; "any reasonable approach" drops it."""
        assert "anytype" in {str(w) for w in words(clean_markdown(text))}
        assert not {"any", "anytype"} & {str(w) for w in words("Use any reasonable approach")}

    def test_avoid_turns_round_what_follows(self) -> None:
        """ "Use logging, avoid print()" forbids print: it agrees with the check that does."""
        [rule] = _rules("Use the logging module, avoid print()")
        assert (rule.id, rule.kind) == ("quality.no-print", RuleKind.ENFORCED), rule.reading
