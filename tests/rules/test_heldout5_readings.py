"""The classes of misreading the fifth held-out set showed (issue 8), each held on wordings
beyond its lines, with the near misses that must stay unenforced beside them."""

from __future__ import annotations

import pytest

from socratic_core.rules import RuleKind, parse_instructions


def _enforced(text: str) -> list[tuple[str, dict[str, object]]]:
    rules = parse_instructions(text).rules
    return [(rule.id, dict(rule.params)) for rule in rules if rule.kind is RuleKind.ENFORCED]


def _ids(text: str) -> list[str]:
    return [check_id for check_id, _ in _enforced(text)]


class TestACrossedOutItem:
    """A list of anti-patterns: `❌ Using X` forbids X, `❌ Not using X` asks for X."""

    @pytest.mark.parametrize(
        ("text", "check_id"),
        [
            ("- ❌ Using `print()` instead of proper logging", "quality.no-print"),
            ("❌ Using print() for debugging output", "quality.no-print"),
            ("- ❌ Using mutable default arguments", "quality.no-mutable-defaults"),
            ("- ❌ Hardcoding passwords in source", "security.no-hardcoded-secrets"),
            ("🚫 Wildcard imports", "quality.no-wildcard-imports"),
            ("- ❌ Not using type hints", "quality.type-hints"),
            ("❌ Don't call eval()", "security.no-eval"),
        ],
    )
    def test_the_mark_says_never(self, text: str, check_id: str) -> None:
        assert _ids(text) == [check_id]

    def test_a_limit_under_the_mark_is_the_limit(self) -> None:
        text = "- ❌ Writing functions longer than 50 lines"
        assert _enforced(text) == [("quality.max-function-length", {"max": 50})]

    @pytest.mark.parametrize(
        "text",
        [
            "❌ Mutating shared state",
            "- ❌ Catching generic `Exception` without re-raising",
            "- ❌ Not handling None values explicitly",
        ],
    )
    def test_what_no_check_reads_stays_unenforced(self, text: str) -> None:
        assert _enforced(text) == []


class TestAnOpenerWithALaterNo:
    """`Ensure lines do not exceed 79 characters`: the `not` further on gives the force."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("- Ensure lines do not exceed 79 characters.", ("quality.max-line-length", 79)),
            ("Ensure functions do not exceed 40 lines", ("quality.max-function-length", 40)),
            ("Make sure lines don't exceed 100 characters", ("quality.max-line-length", 100)),
            ("Ensure that files never exceed 800 lines", ("quality.max-file-length", 800)),
        ],
    )
    def test_the_limit_is_read(self, text: str, expected: tuple[str, int]) -> None:
        assert _enforced(text) == [(expected[0], {"max": expected[1]})]

    @pytest.mark.parametrize(
        "text",
        [
            "Ensure tests pass, never skip them",
            "Make sure every endpoint is documented; do not expose internals",
        ],
    )
    def test_a_no_in_another_clause_is_not_the_openers(self, text: str) -> None:
        assert _enforced(text) == []


class TestInputAUserControls:
    """`user-controllable`, `user-controlled`, `attacker-controlled`: trust no check can see."""

    @pytest.mark.parametrize(
        "text",
        [
            "- Do not use `eval()`, `exec()`, or `compile()` on any user-controllable input.",
            "Never pass user-controlled strings to eval()",
            "No shell=True with attacker-controlled arguments",
            "Do not build SQL from user-derived values",
            "- Never interpolate user-controlled input directly into shell commands",
        ],
    )
    def test_a_rule_on_such_input_is_not_enforced(self, text: str) -> None:
        assert _enforced(text) == []

    def test_the_ban_without_it_is(self) -> None:
        assert _ids("Never use eval()") == ["security.no-eval"]


class TestWhatGoesInADocstring:
    """What docstrings hold, or where they go, is not a request for docstrings."""

    @pytest.mark.parametrize(
        "text",
        [
            "- Include type information in docstrings for complex parameters",
            "- Document expected exceptions in docstrings.",
            "- Document raised exceptions in the docstring",
            "- Put usage examples into docstrings",
            "- Include parameter descriptions, return values, and examples in docstrings.",
            "- Place function and class docstrings immediately after the `def` or `class` keyword.",
            "- Docstrings go immediately after the def line",
        ],
    )
    def test_content_and_placement_are_not_enforced(self, text: str) -> None:
        assert _enforced(text) == []

    @pytest.mark.parametrize(
        "text",
        [
            "- Add docstrings to all public functions",
            "- Include docstrings for public functions using Google style format",
            "All functions need NumPy-style or Google-style docstrings",
        ],
    )
    def test_a_request_for_them_still_is(self, text: str) -> None:
        assert _ids(text) == ["quality.docstrings"]

    @pytest.mark.parametrize(
        "text",
        [
            "- Use Google-style or NumPy-style docstring format.",
            "Use Sphinx-style or Google-style docstrings",
        ],
    )
    def test_every_style_named_is_a_style(self, text: str) -> None:
        assert _enforced(text) == []


class TestAVagueWordOnTheReplacement:
    """`proper` after `instead of` describes the replacement; the ban before it stands."""

    @pytest.mark.parametrize(
        "text",
        [
            "Never use `print()` instead of proper logging",
            "Use proper logging instead of print",
        ],
    )
    def test_the_ban_is_read(self, text: str) -> None:
        assert _ids(text) == ["quality.no-print"]


class TestWordsOfAnotherKind:
    """URL query parameters, formatting by hand, TypeScript's exhaustiveness assertions."""

    @pytest.mark.parametrize(
        "text",
        [
            "- All inputs (query params, request bodies, headers) must be validated before use.",
            "Validate query params, headers and request bodies before use in queries",
            "Don't hand-format; let black own it.",
            "Never format code by hand; let ruff do it",
            "- Use exhaustive `switch` statements and assert on the `never` case.",
            "Assert on the never case in exhaustive switches",
        ],
    )
    def test_they_name_no_check(self, text: str) -> None:
        assert _enforced(text) == []

    @pytest.mark.parametrize(
        ("text", "check_id"),
        [
            ("Always use parameterized queries", "security.no-sql-string-building"),
            ("Use query parameters for SQL", "security.no-sql-string-building"),
            ("Never use assert for runtime checks", "security.no-assert"),
            ("Format strings with f-strings, never .format()", "quality.prefer-fstrings"),
        ],
    )
    def test_the_checks_own_wordings_still_do(self, text: str, check_id: str) -> None:
        assert _ids(text) == [check_id]


class TestAQuestion:
    """A self-check list asks ("Are all secrets in environment variables?"); it requires nothing."""

    @pytest.mark.parametrize(
        "text",
        [
            "3. Are all secrets in environment variables?",
            "Did I add type hints to every function?",
            "Should functions have docstrings?",
            "- Does any function exceed 50 lines?",
        ],
    )
    def test_a_question_is_not_enforced(self, text: str) -> None:
        assert _enforced(text) == []

    def test_a_rule_beside_a_question_is(self) -> None:
        assert _ids("Use type hints. Are you sure?") == ["quality.type-hints"]


class TestAForOfALaterVerb:
    """`... and use context managers for resources`: the `for` is the later verb's."""

    def test_the_check_before_it_is_read(self) -> None:
        text = "- Prefer pathlib over os.path and use context managers for resources"
        assert _ids(text) == ["quality.prefer-pathlib"]

    @pytest.mark.parametrize(
        "text",
        ["Use type hints for route loaders", "Prefer pathlib over os.path for route loaders"],
    )
    def test_a_for_on_the_checks_own_clause_still_restricts(self, text: str) -> None:
        assert _enforced(text) == []


class TestIdealIsAHedge:
    """`ideal` is the same hedge as `ideally`: "(< 20 lines ideal)" is a wish, no hard limit."""

    @pytest.mark.parametrize(
        "text",
        [
            "- Keep functions small and focused (< 20 lines ideal)",
            "Functions under 30 lines is ideal",
            "Ideal function length: under 20 lines",
            "Keep lines < 100 characters (ideal)",
        ],
    )
    def test_the_limit_is_not_enforced(self, text: str) -> None:
        assert _enforced(text) == []

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Functions: max 100 lines (50 ideal)", ("quality.max-function-length", 100)),
            ("Keep functions under 40 lines; 20 is ideal", ("quality.max-function-length", 39)),
        ],
    )
    def test_a_hard_limit_beside_the_ideal_one_holds(
        self, text: str, expected: tuple[str, int]
    ) -> None:
        check_id, limit = expected
        assert _enforced(text) == [(check_id, {"max": limit})]


class TestExplicitReturnTypes:
    """`explicit return types` asks for annotated returns; on exports it is the boundary's rule."""

    @pytest.mark.parametrize(
        ("text", "annotate"),
        [
            ("- Use explicit return types for functions and methods", ("returns",)),
            ("Always declare explicit return types", ("returns",)),
            ("Functions need explicit parameter types", ("parameters",)),
        ],
    )
    def test_the_annotations_are_asked_for(self, text: str, annotate: tuple[str, ...]) -> None:
        assert _enforced(text) == [("quality.type-hints", {"annotate": annotate})]

    @pytest.mark.parametrize(
        "text",
        [
            "- Add **explicit return types** for exported functions and public APIs.",
            "- Explicit return types on exports",
            "   - Explicit return types for public APIs",
            "Avoid explicit return types",
            "Prefer explicit return types where it helps",
        ],
    )
    def test_narrowed_or_turned_round_they_are_not(self, text: str) -> None:
        assert _enforced(text) == []


class TestAMeansOfWritingIt:
    """`Use the typing module for type annotations` says how to annotate, not that one must."""

    @pytest.mark.parametrize(
        "text",
        [
            "- Use the `typing` module for type annotations (e.g., `List[str]`, `Dict[str, int]`).",
            "Use the typing module for type hints",
            "Use TypedDict for type hints of dictionaries",
            "Use Google style for docstrings",
        ],
    )
    def test_it_is_not_enforced(self, text: str) -> None:
        assert _enforced(text) == []

    @pytest.mark.parametrize(
        ("text", "check_id"),
        [
            ("Use type hints for all functions", "quality.type-hints"),
            ("Use annotations for function signatures", "quality.type-hints"),
            ("Use docstrings for all public functions", "quality.docstrings"),
            ("Use environment variables for secrets", "security.no-hardcoded-secrets"),
        ],
    )
    def test_the_things_own_words_to_use_are_a_request(self, text: str, check_id: str) -> None:
        assert _ids(text) == [check_id]


class TestAHedgeInASentenceOfItsOwn:
    """A hedge in a later sentence with a requirement of its own leaves the first rule whole."""

    @pytest.mark.parametrize(
        "text",
        [
            "- **Type Hints:** Use the typing library for all function parameters and return "
            "values. Prefer concrete types over Any when possible, but do not reduce readability.",
            "- Use type hints everywhere. Prefer dataclasses where possible.",
        ],
    )
    def test_the_first_rule_is_enforced(self, text: str) -> None:
        assert _ids(text) == ["quality.type-hints"]

    @pytest.mark.parametrize(
        "text",
        [
            "- Use type hints. Do this where possible.",
            "- Avoid magic numbers; extract constants when relevant",
            "- Use type hints for public functions where practical",
        ],
    )
    def test_a_hedge_pointing_back_or_in_the_same_sentence_reaches_it(self, text: str) -> None:
        assert _enforced(text) == []


class TestAnExceptionAnotherClauseAllows:
    """A later clause allowing what the rule before it bans leaves the rule to judgement."""

    @pytest.mark.parametrize(
        "text",
        [
            "- **Named exports**: Prefer named exports. Default exports are allowed only when a "
            "module clearly has a single primary export.",
            "- Use type hints for all functions. Type hints are optional in tests.",
        ],
    )
    def test_the_rule_is_not_enforced(self, text: str) -> None:
        assert _enforced(text) == []

    def test_a_permission_for_another_check_leaves_it(self) -> None:
        text = "- Use named exports. Print statements are fine in scripts."
        assert _enforced(text) == [("quality.export-style", {"style": "named"})]


class TestWritingThemIsHavingThem:
    """`Write clear docstrings` asks for docstrings; `docstrings should be clear` only of them."""

    @pytest.mark.parametrize(
        "text", ["- Write clear docstrings", "Write concise, clear docstrings"]
    )
    def test_the_docstrings_are_asked_for(self, text: str) -> None:
        assert _ids(text) == ["quality.docstrings"]

    @pytest.mark.parametrize(
        "text",
        ["Docstrings should be clear", "Keep docstrings short", "Write docstrings in Google style"],
    )
    def test_how_they_read_is_not_enforced(self, text: str) -> None:
        assert _enforced(text) == []


class TestSecretsInPartOfTheCode:
    """Secrets banned from frontend code only: the check reads every file, so not enforced."""

    @pytest.mark.parametrize(
        "text",
        [
            "- **Rule:** Secrets such as API keys, credentials, or tokens must not appear in "
            "frontend code, public repositories, or client-distributed files.",
            "Never put API keys in frontend code",
            "No tokens in browser bundles",
        ],
    )
    def test_the_ban_is_not_enforced(self, text: str) -> None:
        assert _enforced(text) == []

    def test_a_ban_on_hardcoding_them_is(self) -> None:
        assert _ids("Never hardcode API keys") == ["security.no-hardcoded-secrets"]


class TestABanWiderThanTheCheck:
    """A list of banned calls beside the check's own that it does not check: not its rule."""

    @pytest.mark.parametrize(
        "text",
        [
            "- **Rule:** Avoid using `os.system`, `subprocess.run`, or similar functions. Use "
            "parameterized APIs or sandboxed environments if needed.",
            "Never call `os.system` or `subprocess.call`",
        ],
    )
    def test_the_dedicated_check_does_not_claim_it(self, text: str) -> None:
        assert _enforced(text) == []

    @pytest.mark.parametrize(
        ("text", "check_ids"),
        [
            ("Avoid `os.system`, `os.popen`", ["security.no-shell-injection"]),
            ("Never use `shell=True` in `subprocess.run`", ["security.no-shell-injection"]),
            (
                "Avoid `os.system` and `pickle.loads`",
                ["security.no-shell-injection", "security.no-unsafe-deserialization"],
            ),
        ],
    )
    def test_what_it_checks_exactly_it_still_claims(self, text: str, check_ids: list[str]) -> None:
        assert _ids(text) == check_ids


class TestDynamicallyBuiltCode:
    """Executing dynamically constructed code is what eval and exec do."""

    @pytest.mark.parametrize(
        "text",
        [
            "- **Rule:** Dynamically constructed code or expressions must not be executed at "
            "runtime.",
            "Never execute dynamically generated code",
            "Never run dynamic code",
        ],
    )
    def test_it_is_no_eval(self, text: str) -> None:
        assert _ids(text) == ["security.no-eval"]

    @pytest.mark.parametrize(
        "text",
        [
            "Dynamically constructed SQL queries must not be executed",
            "Avoid dynamic imports in code run at startup",
        ],
    )
    def test_other_dynamic_things_are_not(self, text: str) -> None:
        assert "security.no-eval" not in _ids(text)


class TestALengthRightBeforeItsNumber:
    """`black (line length 88)`: a length needs no `of` or `:` before the number it is."""

    @pytest.mark.parametrize(
        ("text", "limit"),
        [
            ("- Format with **black** (line length 88). Don't hand-format; let black own it.", 88),
            ("Use ruff (line length 100)", 100),
            ("Max line length 120", 120),
        ],
    )
    def test_the_limit_is_read(self, text: str, limit: int) -> None:
        assert ("quality.max-line-length", {"max": limit}) in _enforced(text)

    def test_a_number_in_another_unit_is_not_the_length(self) -> None:
        assert _enforced("Keep function length 50 lines") == []


class TestExceptionsInAnotherClause:
    """An exemption in a clause of its own: a scope it names is no scope of the rule."""

    @pytest.mark.parametrize(
        "text",
        [
            "Docstrings required; optional for tests.",
            "Type hints are required for public functions; optional in tests.",
            "Type hints required; not needed in scripts/",
        ],
    )
    def test_an_exemption_for_a_place_leaves_the_rule_unenforced(self, text: str) -> None:
        rule = parse_instructions(text).rules[0]
        assert rule.kind is not RuleKind.ENFORCED
        assert rule.scope == ()

    def test_an_exemption_for_what_the_rule_leaves_out_changes_nothing(self) -> None:
        text = "- Docstrings for all public functions; docstrings are optional for private helpers"
        enforced = [r for r in parse_instructions(text).rules if r.kind is RuleKind.ENFORCED]
        assert [(r.id, dict(r.params)) for r in enforced] == [
            ("quality.docstrings", {"visibility": "public"})
        ]
