"""Resolving statements to declared checks: the built-in vocabulary, normalisation, plugins."""

from __future__ import annotations

import pytest

from socratic_core.rules import (
    Category,
    CheckDeclaration,
    Modality,
    ParamSpec,
    RuleKind,
    parse_instructions,
)
from socratic_core.rules._normalise import words
from socratic_core.rules._statements import read_statement
from socratic_core.rules._vocabulary import builtin_declarations

# One realistic statement per built-in check, written the way people write them.
STATEMENTS = [
    ("No hardcoded secrets", "security.no-hardcoded-secrets", {}),
    ("Never use eval or exec", "security.no-eval", {}),
    ("Never call os.system", "security.no-shell-injection", {}),
    ("Don't load data with pickle", "security.no-unsafe-deserialization", {}),
    ("Avoid weak hashes like md5", "security.no-weak-hashes", {"algorithms": ("md5",)}),
    (
        "Never build SQL from strings: use parameterized queries",
        "security.no-sql-string-building",
        {},
    ),
    (
        "Passwords must be hashed with argon2 or bcrypt",
        "security.password-hashing",
        {"algorithms": ("argon2", "bcrypt")},
    ),
    ("Never disable TLS verification", "security.tls-verification", {}),
    ("All public functions must have docstrings", "quality.docstrings", {"visibility": "public"}),
    ("Use type hints", "quality.type-hints", {"annotate": ("parameters", "returns")}),
    ("Always annotate function return types", "quality.type-hints", {"annotate": ("returns",)}),
    ("Functions must not exceed 40 lines", "quality.max-function-length", {"max": 40}),
    ("Lines must not exceed 100 characters", "quality.max-line-length", {"max": 100}),
    ("Files must stay under 500 lines", "quality.max-file-length", {"max": 499}),
    ("Cyclomatic complexity at most 12", "quality.max-complexity", {"max": 12}),
    ("No bare except clauses", "quality.no-bare-except", {}),
    ("Never swallow exceptions", "quality.no-swallowed-exceptions", {}),
    ("Don't use print instead of logging", "quality.no-print", {}),
    ("No circular imports", "architecture.no-circular-imports", {}),
    (
        "Module api must not import db",
        "architecture.forbidden-import",
        {"source": "api", "target": "db"},
    ),
    ("Use absolute imports", "architecture.absolute-imports", {}),
    ("No global mutable state", "architecture.no-global-mutable-state", {}),
    ("No blocking calls in async code", "performance.no-blocking-in-async", {}),
    ("Avoid N+1 queries", "performance.no-query-in-loop", {}),
    ("Avoid string concatenation in loops", "performance.no-string-concat-in-loop", {}),
    ("Responses must stay under 2,000 characters", "quality.max-response-length", {"max": 1999}),
    ("Never say 'certainly'", "quality.forbidden-phrases", {"phrases": ("certainly",)}),
    ("Never reveal secrets in responses", "security.no-secrets-in-text", {}),
    ("Never use mutable default arguments", "quality.no-mutable-defaults", {}),
    ("No wildcard imports", "quality.no-wildcard-imports", {}),
    ("No unused imports", "quality.no-unused-imports", {}),
    ("No unused variables", "quality.no-unused-variables", {}),
    ("Prefer f-strings over str.format", "quality.prefer-fstrings", {}),
    ("Use pathlib instead of os.path", "quality.prefer-pathlib", {}),
    ("Avoid magic numbers", "quality.no-magic-numbers", {}),
    ("Do not use assert statements", "security.no-assert", {}),
    ("Always set timeouts on requests", "security.requests-timeout", {}),
    ("Use timezone-aware datetimes", "quality.timezone-aware-datetime", {}),
    ("Follow PEP 8", "quality.pep8", {"max_line_length": 79}),
    (
        "Use `chrome.alarms` instead of `setInterval()`",
        "architecture.banned-api",
        {"banned": "setInterval()", "instead": "chrome.alarms"},
    ),
    ("Don't leave TODO comments", "quality.no-todo-comments", {}),
    ("Use unknown instead of any", "quality.no-any", {}),
    ("No non-null assertions", "quality.no-non-null-assertion", {}),
    ("Never use enums", "quality.no-enum", {}),
    ("Use import type for type-only imports", "quality.import-type", {}),
    ("Always use strict equality", "quality.strict-equality", {}),
    ("Prefer const over let", "quality.prefer-const", {}),
    ("Never use var", "quality.no-var", {}),
    ("No default exports", "quality.export-style", {"style": "named"}),
    ("Push 'use client' down to leaf components", "architecture.use-client-leaf", {}),
    ("No class components", "quality.no-class-components", {}),
    ("Use <Link> for internal links", "architecture.internal-links", {}),
    ("Never use dangerouslySetInnerHTML", "security.no-dangerous-html", {}),
    ("Don't use localStorage", "security.no-local-storage", {}),
]
CANONICAL_ONLY = {"ruff"}  # reached as `ruff.B006` or `ruff(select=[...])`, never by a phrase


class TestBuiltinVocabulary:
    """Every built-in check is claimed by the way people actually write it."""

    def test_every_builtin_check_has_a_statement_here(self) -> None:
        """The table above covers the whole built-in vocabulary."""
        declared = {d.id for d in builtin_declarations()} - CANONICAL_ONLY
        assert {rule_id for _, rule_id, _ in STATEMENTS} == declared

    @pytest.mark.parametrize(
        ("text", "rule_id", "params"), STATEMENTS, ids=[s[1] for s in STATEMENTS]
    )
    def test_statement_resolves_to_its_check(
        self, text: str, rule_id: str, params: dict[str, object]
    ) -> None:
        """The statement is enforced by the expected check with the expected parameters."""
        [rule] = parse_instructions(f"- {text}\n").rules
        assert (rule.id, rule.kind, dict(rule.params)) == (rule_id, RuleKind.ENFORCED, params)
        assert rule.category.value == rule_id.split(".", maxsplit=1)[0]

    def test_limits_are_the_numeric_parameters(self) -> None:
        """`max` is a limit; `source`, `target`, `algorithms`, `visibility`, `annotate` say what
        is checked."""
        split = {
            (declaration.id, spec.name): spec.is_limit
            for declaration in builtin_declarations()
            for spec in declaration.params
        }
        assert split == {
            ("security.no-weak-hashes", "algorithms"): False,
            ("security.password-hashing", "algorithms"): False,
            ("quality.docstrings", "visibility"): False,
            ("quality.type-hints", "annotate"): False,
            ("quality.export-style", "style"): False,
            ("quality.max-function-length", "max"): True,
            ("quality.max-line-length", "max"): True,
            ("quality.max-file-length", "max"): True,
            ("quality.max-complexity", "max"): True,
            ("architecture.forbidden-import", "source"): False,
            ("architecture.forbidden-import", "target"): False,
            ("quality.max-response-length", "max"): True,
            ("quality.forbidden-phrases", "phrases"): False,
            ("quality.pep8", "max_line_length"): True,
            ("ruff", "select"): False,
            ("ruff", "ignore"): False,
            ("ruff", "max_complexity"): True,
            ("ruff", "line_length"): True,
            ("ruff", "convention"): False,
            ("ruff", "banned"): False,
            ("architecture.banned-api", "banned"): False,
            ("architecture.banned-api", "instead"): False,
        }
        assert ParamSpec("ratio", "float").is_limit
        assert not ParamSpec("strict", "bool").is_limit


class TestNormalisation:
    """Case, plurals, hyphens and spellings don't stop a phrase from matching."""

    @pytest.mark.parametrize(
        "text",
        [
            "No hard-coded secrets",
            "No hard coded secrets",
            "NO HARDCODED SECRETS",
            "No hardcoded secret",
            "Never hardcode secrets",
        ],
    )
    def test_spellings_of_hardcoded_secrets(self, text: str) -> None:
        """All of these name security.no-hardcoded-secrets."""
        [rule] = parse_instructions(f"- {text}\n").rules
        assert rule.id == "security.no-hardcoded-secrets"

    def test_func_means_function(self) -> None:
        """`func` and `method` normalise to `function`."""
        rules = parse_instructions("- Max func length: 30 lines\n- Method length under 20 lines\n")
        assert [(r.id, dict(r.params)) for r in rules] == [
            ("quality.max-function-length", {"max": 30}),
            ("quality.max-function-length", {"max": 19}),
        ]

    def test_a_generic_noun_names_a_limit_check_only_with_a_limit(self) -> None:
        """`Name functions clearly` is not about function length; it stays unenforced."""
        [rule] = parse_instructions("- Name functions clearly\n").rules
        assert (rule.id, rule.kind) == ("quality.name-functions-clearly", RuleKind.UNENFORCED)

    @pytest.mark.parametrize(
        "text",
        [
            "One blank line between methods and between the class docstring and the first method",
            "Never put code between the license header and the docstring",
            "Always leave one blank line after the docstring",
        ],
    )
    def test_a_passing_mention_names_no_check(self, text: str) -> None:
        """What a clause places its object beside or after is not what it asks for."""
        assert not any(rule.id == "quality.docstrings" for rule in parse_instructions(text).rules)

    def test_what_follows_a_passing_mention_still_names_its_check(self) -> None:
        """A passing mention ends at its clause: "before committing, remove ..." still asks."""
        [rule] = parse_instructions("- Before committing, always remove print statements\n").rules
        assert (rule.id, rule.kind) == ("quality.no-print", RuleKind.ENFORCED)

    def test_dotted_module_names_are_captured_whole(self) -> None:
        """`app.api` and `app.db` are captured as module names, not split at the dot."""
        [rule] = parse_instructions("- The app.api module must not import app.db\n").rules
        assert dict(rule.params) == {"source": "app.api", "target": "app.db"}


class TestPolarity:
    """A claimed rule's modality is relative to its check; asking the opposite is unenforced."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        # expected: "rule-id kind modality severity"
        [
            ("Never use print", "quality.no-print enforced must error"),
            ("Avoid print", "quality.no-print enforced should warning"),
            ("Use logging instead of print", "quality.no-print enforced must error"),
            ("Make sure there are no print calls", "quality.no-print enforced must error"),
            ("Use print for debugging output", "quality.no-print unenforced must-not error"),
            ("Use relative imports", "architecture.absolute-imports unenforced must-not error"),
            ("Prefer relative imports", "architecture.absolute-imports unenforced should-not info"),
            ("No relative imports", "architecture.absolute-imports enforced must error"),
            ("Prefer absolute imports", "architecture.absolute-imports enforced prefer info"),
            (
                "Prefer absolute imports over relative imports",
                "architecture.absolute-imports enforced prefer info",
            ),
            (
                "Prefer relative imports over absolute imports",
                "architecture.absolute-imports unenforced should-not info",
            ),
            ("Never write docstrings", "quality.docstrings unenforced must-not error"),
            ("Docstrings should be written", "quality.docstrings enforced should warning"),
            ("Use parameterized queries", "security.no-sql-string-building enforced must error"),
            ("No SQL built from strings", "security.no-sql-string-building enforced must error"),
            (
                "Avoid bound parameters",
                "security.no-sql-string-building unenforced should-not warning",
            ),
            (
                "Use yaml.safe_load, never yaml.load",
                "security.no-unsafe-deserialization enforced must error",
            ),
            ("Ensure no hardcoded secrets", "security.no-hardcoded-secrets enforced must error"),
            ("Don't disable TLS verification", "security.tls-verification enforced must error"),
            ("Disable TLS verification", "security.tls-verification unenforced must-not error"),
            ("Avoid long functions", "quality.long-functions unenforced should-not warning"),
            (
                "Functions must not exceed 40 lines",
                "quality.max-function-length enforced must error",
            ),
            (
                "Function length must not exceed 40 lines",
                "quality.max-function-length enforced must error",
            ),
            ("Avoid high complexity", "quality.high-complexity unenforced should-not warning"),
        ],
    )
    def test_polarity(self, text: str, expected: str) -> None:
        """The check's id, and whether the statement agrees with its direction, at what strength."""
        [rule] = parse_instructions(f"- {text}\n").rules
        actual = (rule.id, rule.kind.value, rule.modality.value, rule.severity.value)
        assert actual == tuple(expected.split())

    def test_a_placeholder_phrase_claims_only_agreeing_statements(self) -> None:
        """`Use from __future__ import x` is not read as a forbidden import of `x` turned round."""
        [rule] = parse_instructions("- Use `from __future__ import annotations` in new modules\n")
        assert (rule.id, rule.kind, rule.modality) == (
            "architecture.future-import-annotations-modules",
            RuleKind.UNENFORCED,
            Modality.MUST,
        )

    def test_an_unclaimed_statement_keeps_its_own_modality(self) -> None:
        """No check, no direction to be relative to: `never` stays `must-not`."""
        [rule] = parse_instructions("- Never use tabs\n").rules
        assert (rule.kind, rule.modality) == (RuleKind.UNENFORCED, Modality.MUST_NOT)

    def test_a_plugin_declares_opposites(self) -> None:
        """A third-party check's `opposites` turn a statement round like the built-in ones."""
        declaration = CheckDeclaration(
            id="custom.no-emoji",
            category=Category.CUSTOM,
            phrases=("emoji",),
            opposites=("plain ascii",),
            forbids=True,
        )
        rules = parse_instructions(
            "- Never use emoji\n- Use plain ascii\n- Use emoji in commit messages\n",
            declarations=[declaration],
        )
        assert [(r.id, r.kind.value, r.modality.value) for r in rules] == [
            ("custom.no-emoji", "enforced", "must"),
            ("custom.no-emoji", "enforced", "must"),
            ("custom.no-emoji", "unenforced", "must-not"),
        ]


class TestPreferenceOver:
    """In a statement of preference, what follows `over` is named in opposition."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        # expected: "rule-id kind modality severity"
        [
            ("Prefer logging over print", "quality.no-print enforced prefer info"),
            ("Favour logging over print statements", "quality.no-print enforced prefer info"),
            ("Favor logging over print", "quality.no-print enforced prefer info"),
            ("Choose logging over print", "quality.no-print enforced prefer info"),
            ("Logging over print", "quality.no-print enforced prefer info"),
            ("Always choose logging over print", "quality.no-print enforced must error"),
            ("Use logging in preference to print", "quality.no-print enforced must error"),
            ("Logging in preference to print", "quality.no-print enforced prefer info"),
            (
                "Prefer relative imports over absolute imports",
                "architecture.absolute-imports unenforced should-not info",
            ),
            (
                "Prefer absolute imports over relative imports",
                "architecture.absolute-imports enforced prefer info",
            ),
            (
                "Prefer parameterized queries over string formatting in SQL",
                "security.no-sql-string-building enforced prefer info",
            ),
            (
                "Prefer string formatting in SQL over parameterized queries",
                "security.no-sql-string-building unenforced should-not info",
            ),
        ],
    )
    def test_over_marks_what_is_rejected(self, text: str, expected: str) -> None:
        """`over` and `in preference to` turn the phrase after them round, like `instead of`."""
        [rule] = parse_instructions(f"- {text}\n").rules
        actual = (rule.id, rule.kind.value, rule.modality.value, rule.severity.value)
        assert actual == tuple(expected.split())

    @pytest.mark.parametrize(
        ("text", "rule_id", "limit", "modality"),
        [
            ("Avoid functions over 60 lines", "quality.max-function-length", 60, "should"),
            ("No functions over 45 lines", "quality.max-function-length", 45, "must"),
            ("Functions over 40 lines must be split", "quality.max-function-length", 40, "must"),
            ("Prefer no functions over 35 lines", "quality.max-function-length", 35, "should"),
            ("Never write files over 800 lines", "quality.max-file-length", 800, "must"),
        ],
    )
    def test_over_before_a_number_is_still_a_limit(
        self, text: str, rule_id: str, limit: int, modality: str
    ) -> None:
        """`functions over 50 lines` is a limit, in or out of a preference, never an opposition."""
        [rule] = parse_instructions(f"- {text}\n").rules
        actual = (rule.id, dict(rule.params), rule.kind, rule.modality.value)
        assert actual == (rule_id, {"max": limit}, RuleKind.ENFORCED, modality)

    def test_over_outside_a_preference_is_not_an_opposition(self) -> None:
        """`Use TLS over HTTP` means on top of: nothing after `over` is rejected."""
        reading = read_statement("Use TLS over HTTP")
        assert (reading.modality, reading.preference) == (Modality.MUST, False)
        assert [str(word) for word in words(reading.subject)] == ["tls", "http"]

    def test_a_preference_keeps_over_in_the_unenforced_id(self) -> None:
        """An unclaimed preference reads like the statement: `composition-over-inheritance`."""
        [rule] = parse_instructions("## Style\n- Prefer composition over inheritance\n").rules
        assert (rule.id, rule.kind, rule.modality) == (
            "quality.composition-over-inheritance",
            RuleKind.UNENFORCED,
            Modality.PREFER,
        )

    def test_choose_without_over_is_no_preference(self) -> None:
        """`Choose descriptive names` stays a plain requirement; only `choose X over Y` prefers."""
        [rule] = parse_instructions("- Choose descriptive names\n").rules
        assert rule.modality is Modality.MUST

    def test_a_plugin_check_is_preferred_over_its_opposite(self) -> None:
        """A third-party check's phrases after `over` are rejected like the built-in ones."""
        declaration = CheckDeclaration(
            id="custom.no-emoji",
            category=Category.CUSTOM,
            phrases=("emoji",),
            opposites=("plain ascii",),
            forbids=True,
        )
        rules = parse_instructions(
            "- Prefer plain ascii over emoji\n- Prefer emoji over plain ascii\n",
            declarations=[declaration],
        )
        assert [(r.id, r.kind.value, r.modality.value) for r in rules] == [
            ("custom.no-emoji", "enforced", "prefer"),
            ("custom.no-emoji", "unenforced", "should-not"),
        ]


class TestPluginDeclarations:
    """A third-party declaration adds vocabulary without touching the grammar."""

    def test_a_plugin_phrase_with_a_list_placeholder(self) -> None:
        """`{licenses}` captures a comma/or list into a list parameter."""
        licences = CheckDeclaration(
            id="custom.allowed-licenses",
            category=Category.CUSTOM,
            phrases=("only {licenses} licensed dependencies", "dependencies licensed {licenses}"),
            params=(ParamSpec("licenses", "list"),),
        )
        declarations = [*builtin_declarations(), licences]
        text = "- Use only MIT, BSD or Apache-2.0 licensed dependencies\n- Never use eval\n"
        rules = parse_instructions(text, declarations=declarations).rules
        assert [(r.id, dict(r.params)) for r in rules] == [
            ("custom.allowed-licenses", {"licenses": ("mit", "bsd", "apache-2.0")}),
            ("security.no-eval", {}),
        ]

    def test_a_declaration_missing_a_required_capture_does_not_claim(self) -> None:
        """A phrase whose required parameter is not captured leaves the statement unenforced."""
        [rule] = parse_instructions("- Layers must not import anything\n").rules
        assert rule.kind is RuleKind.UNENFORCED
