"""Wordings people use for checkable rules (issue 8, the third paraphrase set): the classes of
reading fixed for it, each held on wordings beyond the corpus lines, with the near misses that
must stay unenforced beside them."""

from __future__ import annotations

import pytest

from socratic_core.rules import RuleKind, parse_instructions
from socratic_core.rules._normalise import words

_TYPESCRIPT = ["*.ts", "*.tsx", "*.mts", "*.cts"]


def _enforced(text: str) -> list[tuple[str, dict[str, object]]]:
    rules = parse_instructions(text).rules
    return [(rule.id, dict(rule.params)) for rule in rules if rule.kind is RuleKind.ENFORCED]


def _ids(text: str) -> list[str]:
    return [rule_id for rule_id, _ in _enforced(text)]


class TestPolarity:
    """A positive modal turned negative by a past participle or by `nothing` is a ban."""

    @pytest.mark.parametrize(
        ("text", "rule_id"),
        [
            ("Unsafe deserialization must be avoided", "security.no-unsafe-deserialization"),
            ("eval() should be avoided", "security.no-eval"),
            ("Unused local variables must be deleted", "quality.no-unused-variables"),
            ("Print statements should be removed", "quality.no-print"),
            ("Nothing may block the asyncio event loop", "performance.no-blocking-in-async"),
            ("- strip unused imports", "quality.no-unused-imports"),
        ],
    )
    def test_the_ban_is_enforced(self, text: str, rule_id: str) -> None:
        assert _ids(text) == [rule_id]

    @pytest.mark.parametrize(
        ("text", "rule_id"),
        [
            ("Absolute imports are preferred", "architecture.absolute-imports"),
            ("Named exports are preferred to default ones", "quality.export-style"),
            ("Type hints are encouraged on every function", "quality.type-hints"),
        ],
    )
    def test_preferred_and_encouraged_carry_force(self, text: str, rule_id: str) -> None:
        assert _ids(text) == [rule_id]

    def test_must_be_used_still_asks_for_the_thing(self) -> None:
        # `used` is no negation: "f-strings must be used" asks for f-strings
        assert _ids("f-strings must be used") == ["quality.prefer-fstrings"]


class TestFrameWords:
    """Synonyms and word forms the frames had no word for."""

    @pytest.mark.parametrize(
        ("text", "rule_id", "params"),
        [
            ("Subprocess calls must not go through a shell", "security.no-shell-injection", {}),
            ("Don't build shell commands out of strings", "security.no-shell-injection", {}),
            ("Never use child_process.exec", "security.no-shell-injection", {}),
            ("- no pickle.loads", "security.no-unsafe-deserialization", {}),
            ("No `hashlib.sha1()` calls", "security.no-weak-hashes", {"algorithms": ("sha1",)}),
            ("Module-level mutable dicts are banned", "architecture.no-global-mutable-state", {}),
            ("Avoid querying the database in a loop", "performance.no-query-in-loop", {}),
            ("Your output must never contain API keys", "security.no-secrets-in-text", {}),
            ("Don't hard-code numeric literals", "quality.no-magic-numbers", {}),
            ("Every datetime must carry a tzinfo", "quality.timezone-aware-datetime", {}),
            ("Prefer Path objects to plain strings", "quality.prefer-pathlib", {}),
            ("Errors must never be silently ignored", "quality.no-swallowed-exceptions", {}),
            ("Exceptions should not be suppressed", "quality.no-swallowed-exceptions", {}),
            ("An except clause must not just pass", "quality.no-swallowed-exceptions", {}),
            ("Components must be function components", "quality.no-class-components", {}),
            ("Never `export default`", "quality.export-style", {"style": "named"}),
            ("Never use [] as a default value", "quality.no-mutable-defaults", {}),
            ('Keep `"use client"` in leaf components', "architecture.use-client-leaf", {}),
            ("Always import types with the `type` keyword", "quality.import-type", {}),
            ("Use const by default", "quality.prefer-const", {}),
        ],
    )
    def test_the_check_is_enforced(
        self, text: str, rule_id: str, params: dict[str, object]
    ) -> None:
        [(found, found_params)] = _enforced(text)
        assert found == rule_id
        assert params.items() <= found_params.items()

    @pytest.mark.parametrize(
        "text",
        [
            "Your code must pass these commands without any errors",  # `pass`, no except
            "Never print secrets to the log output",  # logs, not the answer
            "Ignored files are listed in .gitignore",
            "Module-level docstrings must describe the module",
            "Prefer immutable data (const, readonly)",
        ],
    )
    def test_a_near_miss_is_not_enforced(self, text: str) -> None:
        assert _ids(text) == []


class TestReadings:
    """Restrictions, conditions, scopes and formatting words read as what they say."""

    def test_an_opening_retain_governs_every_item(self) -> None:
        # with nothing claimed by its first piece, "Retain" still keeps what is there
        assert _ids("- Retain existing formatting, docstrings, and comments") == []
        assert _ids("- Annotate public functions, endpoints, and data shapes") != []

    def test_const_among_choices_is_no_const_rule(self) -> None:
        assert _ids("Don't use var, use let or const") == ["quality.no-var"]

    def test_for_anything_restricts_nothing(self) -> None:
        assert _enforced("Don't use SHA1 for anything") == [
            ("security.no-weak-hashes", {"algorithms": ("sha1",)})
        ]

    def test_for_a_purpose_still_restricts(self) -> None:
        assert _ids("Do not use pickle for persistence") == []

    def test_where_it_clause_is_a_condition(self) -> None:
        assert _ids("Follow PEP 8 where it doesn't conflict with black") == []
        assert _ids("Follow PEP 8") == ["quality.pep8"]

    def test_a_language_named_outright_narrows_console_log(self) -> None:
        [rule] = parse_instructions("Don't use console.log in TypeScript").rules
        assert sorted(rule.scope) == sorted(_TYPESCRIPT)
        [plain] = parse_instructions("No console.log in committed code").rules
        assert {"*.js", "*.ts"} <= set(plain.scope)

    def test_python_named_beside_a_script_language_keeps_its_files(self) -> None:
        [rule] = parse_instructions("No print statements in Python and TypeScript").rules
        assert sorted(rule.scope) == sorted(("*.py", "*.pyi", *_TYPESCRIPT))
        [python] = parse_instructions("Python: no print statements").rules
        assert python.scope == ()

    def test_sql_built_by_string_formatting_is_no_fstring_rule(self) -> None:
        text = "SQL must be built with bind parameters, not string formatting"
        assert _ids(text) == ["security.no-sql-string-building"]

    @pytest.mark.parametrize("text", ["No % formatting", "Don't use %-formatting"])
    def test_percent_formatting_is_still_read(self, text: str) -> None:
        assert _ids(text) == ["quality.prefer-fstrings"]

    def test_percent_and_brackets_are_words(self) -> None:
        assert list(words("%s-style formatting")) == ["percent", "formatting"]
        assert list(words("use [] or {}")) == ["emptylist", ",", "emptydict"]
        assert list(words("80% coverage")) == ["80", "coverage"]


class TestIssue8Misreadings:
    """The misreadings left after the third held-out set, each held as a class of wording."""

    @pytest.mark.parametrize(
        "text",
        [
            "Never commit or log secrets",
            "Don't log or commit API keys",
            "No passwords in code/logs/tickets",
            "Never leave tokens in code/chat/issues.",
            "No hardcoded test values, secrets, or localhost URLs",
            "No hardcoded sample data or credentials",
        ],
    )
    def test_secrets_rules_beside_other_words_are_enforced(self, text: str) -> None:
        assert _ids(text) == ["security.no-hardcoded-secrets"]

    @pytest.mark.parametrize(
        "text",
        [
            "Don't expose secrets.",
            "Never log secrets",
            "Never expose tokens to the browser",
            "Run bandit to detect hardcoded secrets",
            "Use gitleaks to find committed secrets",
            "Do not log tokens or passwords",
        ],
    )
    def test_near_misses_of_the_secrets_rule_stay_unenforced(self, text: str) -> None:
        assert "security.no-hardcoded-secrets" not in _ids(text)

    def test_a_tool_that_detects_a_thing_is_not_read_as_asking_for_it(self) -> None:
        [rule] = parse_instructions("Run bandit to detect hardcoded secrets").rules
        assert rule.kind is RuleKind.UNENFORCED
        assert "opposite" not in rule.reading

    @pytest.mark.parametrize(
        "text",
        [
            "Write library functions with full type hints",
            "Helper functions need type hints",
            "Add type hints before refactoring logic",
            "Write docstrings after implementing a feature",
            "Comprehensive docstring with Examples section",
            "Docstrings with Args and Returns sections",
            "Keep docstrings under 3 lines",
        ],
    )
    def test_restrictions_the_checks_cannot_honour_keep_the_rule_unenforced(
        self, text: str
    ) -> None:
        assert _ids(text) == []

    @pytest.mark.parametrize(
        ("text", "rule_id"),
        [
            ("Add type hints before merging", "quality.type-hints"),
            ("Write clear, descriptive docstrings for functions", "quality.docstrings"),
            ("Write concise docstrings for every class", "quality.docstrings"),
            ("Catch specific exceptions, never `except:` alone", "quality.no-bare-except"),
            ("Avoid `except:`", "quality.no-bare-except"),
            ("Remove imports that are not used", "quality.no-unused-imports"),
            ("Delete any import you no longer need", "quality.no-unused-imports"),
            ("Don't keep locals that are assigned but never read", "quality.no-unused-variables"),
        ],
    )
    def test_the_rule_is_read(self, text: str, rule_id: str) -> None:
        assert _ids(text) == [rule_id]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "Limit lines to 100 characters and functions to 40 lines",
                [("quality.max-line-length", 100), ("quality.max-function-length", 40)],
            ),
            (
                "Keep functions to 30 lines and files to 300 lines",
                [("quality.max-function-length", 30), ("quality.max-file-length", 300)],
            ),
        ],
    )
    def test_an_elided_verb_yields_both_limits(
        self, text: str, expected: list[tuple[str, int]]
    ) -> None:
        assert [(rule_id, params["max"]) for rule_id, params in _enforced(text)] == expected

    def test_a_replacement_after_a_semicolon_belongs_to_the_ban(self) -> None:
        assert _enforced("Don't call `fetch()` directly; use `apiClient`") == [
            ("architecture.banned-api", {"banned": "fetch()", "instead": "apiClient"})
        ]

    def test_a_dedicated_check_wins_over_the_never_tail(self) -> None:
        text = "Internal navigation must use next/link, never a raw <a>"
        assert _ids(text) == ["architecture.internal-links"]

    def test_a_slash_after_a_folder_is_still_a_path(self) -> None:
        [rule] = parse_instructions("No print() calls in src/cli").rules
        assert (rule.id, rule.scope) == ("quality.no-print", ("src/cli",))
