"""RuleSet: ordered, iterable, JSON to and from, and merged by precedence."""

from __future__ import annotations

import json

import pytest

from socratic_core.rules import (
    Category,
    CheckDeclaration,
    Diagnostic,
    Modality,
    ParamSpec,
    RuleKind,
    RuleSet,
    Severity,
    parse_instructions,
    rule_from_dict,
    rule_to_dict,
)

DOCUMENT = """---
globs: [src/**]
---
## Security
- Never use eval
- Passwords must be hashed with bcrypt or argon2.
## Testing
- At least 80% coverage
```python
eval("1")
```
- quality.max-func-length(max=5)
"""


class TestRuleSetValue:
    """A rule set is an ordered, iterable, serialisable value."""

    def test_iteration_length_and_categories(self) -> None:
        """Iterating yields the rules in order; categories lists the sorted values present."""
        ruleset = parse_instructions(DOCUMENT)
        assert len(ruleset) == len(ruleset.rules) == 4
        assert list(ruleset) == list(ruleset.rules)
        assert ruleset.categories == ["quality", "security", "testing"]
        assert [r.kind for r in ruleset.unenforced] == [RuleKind.UNENFORCED] * 2

    def test_metadata_and_examples(self) -> None:
        """Front matter is metadata; code fences are examples with their line."""
        ruleset = parse_instructions(DOCUMENT)
        assert ruleset.metadata == {"globs": ("src/**",)}
        assert [(e.language, e.code, e.line) for e in ruleset.examples] == [
            ("python", 'eval("1")', 9)
        ]

    def test_json_round_trip_keeps_everything(self) -> None:
        """to_json/from_json give an equal rule set: rules, diagnostics, metadata, examples."""
        ruleset = parse_instructions(DOCUMENT, source="AGENTS.md")
        assert ruleset.diagnostics
        again = RuleSet.from_json(ruleset.to_json())
        assert again == ruleset
        assert json.loads(ruleset.to_json())["rules"][1]["params"] == {
            "algorithms": ["bcrypt", "argon2"]
        }

    def test_rule_dicts_are_plain_json_values(self) -> None:
        """A rule's dict holds only JSON types and reads back to an equal rule."""
        [rule] = parse_instructions("- Passwords must be hashed with bcrypt\n").rules
        data = rule_to_dict(rule)
        assert json.loads(json.dumps(data)) == data
        assert rule_from_dict(data) == rule

    def test_rules_are_hashable_values(self) -> None:
        """Equal rules hash equally, so a set drops duplicates."""
        a = parse_instructions("- Never use eval\n").rules[0]
        b = parse_instructions("- Never use eval\n").rules[0]
        assert a == b
        assert len({a, b}) == 1


class TestMerge:
    """Session over project over global: duplicates dropped, contradictions reported."""

    def test_duplicates_are_dropped_and_the_higher_copy_kept(self) -> None:
        """A rule in two layers appears once, in its first place, as the higher layer has it."""
        global_ = parse_instructions("- Never use eval\n- Use type hints\n", source="global")
        project = parse_instructions("- Never use eval\n", source="project")
        merged = global_.merge(project)
        assert [(r.id, r.source) for r in merged] == [
            ("security.no-eval", "project"),
            ("quality.type-hints", "global"),
        ]
        assert merged.diagnostics == ()

    def test_a_higher_layer_overrides_a_limit_and_the_contradiction_is_reported(self) -> None:
        """Two different limits for the same thing: the session wins and a warning says why."""
        global_ = parse_instructions("- Functions must not exceed 50 lines\n", source="global")
        project = parse_instructions("- Functions must not exceed 40 lines\n", source="project")
        session = parse_instructions("- Functions must not exceed 30 lines\n", source="session")
        merged = global_.merge(project, session)
        assert [dict(r.params) for r in merged] == [{"max": 30}]
        assert [d.severity for d in merged.diagnostics] == [Severity.WARNING] * 2
        assert "they set different limits" in merged.diagnostics[-1].message
        assert "(session line 1)" in merged.diagnostics[-1].message

    def test_must_and_must_not_contradict(self) -> None:
        """ "Use X" in one layer and "never use X" in another is a contradiction."""
        project = parse_instructions("- Use tabs for indentation\n", source="project")
        session = parse_instructions("- Never use tabs for indentation\n", source="session")
        merged = project.merge(session)
        assert [(r.id, r.modality) for r in merged] == [
            ("quality.tabs-indentation", Modality.MUST_NOT)
        ]
        [diagnostic] = merged.diagnostics
        assert "one requires what the other forbids" in diagnostic.message
        assert (diagnostic.source, diagnostic.line, diagnostic.column) == ("session", 1, 3)
        assert RuleSet.from_json(merged.to_json()).diagnostics == merged.diagnostics

    @pytest.mark.parametrize(
        ("lower", "higher", "rule_id"),
        [
            ("Never use print", "Use logging instead of print", "quality.no-print"),
            (
                "Use parameterized queries",
                "No SQL built from strings",
                "security.no-sql-string-building",
            ),
            ("No relative imports", "Use absolute imports", "architecture.absolute-imports"),
        ],
    )
    def test_two_wordings_of_one_check_do_not_contradict(
        self, lower: str, higher: str, rule_id: str
    ) -> None:
        """A forbidding and a requiring wording of the same check merge as one rule, silently."""
        global_ = parse_instructions(f"- {lower}\n", source="global")
        project = parse_instructions(f"- {higher}\n", source="project")
        merged = global_.merge(project)
        assert [(r.id, r.kind, r.modality, r.source) for r in merged] == [
            (rule_id, RuleKind.ENFORCED, Modality.MUST, "project")
        ]
        assert merged.diagnostics == ()

    def test_asking_for_the_opposite_of_a_check_contradicts_it(self) -> None:
        """`Use print for debugging` over `Never use print` is reported at the session's line."""
        project = parse_instructions("- Never use print\n", source="project")
        session = parse_instructions("- Use print for debugging\n", source="session")
        merged = project.merge(session)
        assert [(r.id, r.kind, r.modality) for r in merged] == [
            ("quality.no-print", RuleKind.UNENFORCED, Modality.MUST_NOT)
        ]
        [diagnostic] = merged.diagnostics
        assert "'Use print for debugging' (session line 1) contradicts" in diagnostic.message
        assert "one requires what the other forbids" in diagnostic.message

    def test_an_opposite_in_the_same_layer_is_kept_beside_the_check_and_reported(self) -> None:
        """`Prefer absolute imports` and `Use relative imports` in one document: both, flagged."""
        ruleset = parse_instructions("- Prefer absolute imports\n- Use relative imports\n")
        merged = ruleset.merge()
        assert [(r.kind, r.modality) for r in merged] == [
            (RuleKind.ENFORCED, Modality.PREFER),
            (RuleKind.UNENFORCED, Modality.MUST_NOT),
        ]
        [diagnostic] = merged.diagnostics
        assert "one requires what the other forbids" in diagnostic.message

    def test_contradictions_within_one_layer_are_kept_and_reported(self) -> None:
        """Within one rule set both rules stay (nothing outranks the other) and it is flagged."""
        ruleset = parse_instructions("- Max 50 lines per function\n- Max 30 lines per function\n")
        merged = ruleset.merge()
        assert [dict(r.params) for r in merged] == [{"max": 50}, {"max": 30}]
        assert len(merged.diagnostics) == 1

    def test_two_import_bans_in_different_layers_both_survive(self) -> None:
        """Bans on different modules are different rules: neither drops the other, none flagged."""
        global_ = parse_instructions("- Module api must not import db\n", source="global")
        project = parse_instructions(
            "- Module web must not import db\n- Module api must not import cache\n",
            source="project",
        )
        merged = global_.merge(project)
        assert [(dict(r.params), r.source) for r in merged] == [
            ({"source": "api", "target": "db"}, "global"),
            ({"source": "web", "target": "db"}, "project"),
            ({"source": "api", "target": "cache"}, "project"),
        ]
        assert merged.diagnostics == ()

    def test_two_import_bans_in_one_document_are_not_a_contradiction(self) -> None:
        """Within one rule set, two bans are kept silently; a repeated ban is one rule."""
        ruleset = parse_instructions(
            "- Module api must not import db\n"
            "- Module web must not import db\n"
            "- Module api must not import db\n"
        )
        merged = ruleset.merge()
        assert [dict(r.params) for r in merged] == [
            {"source": "api", "target": "db"},
            {"source": "web", "target": "db"},
        ]
        assert merged.diagnostics == ()

    def test_the_same_import_ban_in_two_layers_is_one_rule(self) -> None:
        """Identity includes source and target, so the same ban is still a duplicate."""
        global_ = parse_instructions("- Module api must not import db\n", source="global")
        project = parse_instructions("- The api module must not import db\n", source="project")
        merged = global_.merge(project)
        assert [(r.id, r.source) for r in merged] == [("architecture.forbidden-import", "project")]
        assert merged.diagnostics == ()

    def test_different_password_hashing_algorithms_are_different_rules(self) -> None:
        """A list parameter (`algorithms`) says what is checked, so both rules survive."""
        global_ = parse_instructions("- Hash passwords with argon2\n", source="global")
        project = parse_instructions("- Hash passwords with bcrypt\n", source="project")
        merged = global_.merge(project)
        assert [dict(r.params) for r in merged] == [
            {"algorithms": ("argon2",)},
            {"algorithms": ("bcrypt",)},
        ]
        assert merged.diagnostics == ()

    def test_limits_for_one_thing_contradict_and_other_things_do_not(self) -> None:
        """With a word and a limit, the word says what is checked and only the limit contradicts."""
        declaration = CheckDeclaration(
            id="custom.max-calls",
            category=Category.CUSTOM,
            phrases=("calls to {function}",),
            params=(ParamSpec("function", "str"), ParamSpec("max", "int", default=3)),
            forbids=True,
        )
        text = (
            "- custom.max-calls(function=sleep, max=3)\n- custom.max-calls(function=print, max=9)\n"
        )
        global_ = parse_instructions(text, declarations=[declaration], source="global")
        project = parse_instructions(
            "- custom.max-calls(function=sleep, max=5)\n",
            declarations=[declaration],
            source="project",
        )
        merged = global_.merge(project)
        assert [(dict(r.params), r.source) for r in merged] == [
            ({"function": "print", "max": 9}, "global"),
            ({"function": "sleep", "max": 5}, "project"),
        ]
        [diagnostic] = merged.diagnostics
        assert "they set different limits" in diagnostic.message
        assert "custom.max-calls(function=sleep, max=3)" in diagnostic.message

    def test_limits_of_an_unclaimed_rule_contradict_whatever_their_unit(self) -> None:
        """`unit` goes with the limit: `under 200 ms` and `under 2 s` limit one thing twice."""
        global_ = parse_instructions("- Response time must be under 200 ms\n", source="global")
        project = parse_instructions("- Response time must be under 2 s\n", source="project")
        merged = global_.merge(project)
        assert [(r.id, r.params["unit"], r.source) for r in merged] == [
            ("performance.response-time", "s", "project")
        ]
        [diagnostic] = merged.diagnostics
        assert "they set different limits" in diagnostic.message

    def test_different_scopes_do_not_meet(self) -> None:
        """The same check in different scopes is two rules, not a contradiction."""
        merged = parse_instructions("- Max 50 lines per function in src/**\n").merge(
            parse_instructions("- Max 30 lines per function in tests\n")
        )
        assert len(merged) == 2
        assert merged.diagnostics == ()

    def test_layered_names_the_precedence(self) -> None:
        """RuleSet.layered takes the layers by name, in any order, and skips missing ones."""
        session = parse_instructions("- Max 30 lines per function\n", source="session")
        global_ = parse_instructions("- Max 50 lines per function\n", source="global")
        merged = RuleSet.layered(session_rules=session, global_rules=global_)
        assert [(r.source, dict(r.params)) for r in merged] == [("session", {"max": 30})]
        assert RuleSet.layered() == RuleSet()

    def test_diagnostics_survive_the_merge(self) -> None:
        """Each layer's own diagnostics are kept."""
        bad = parse_instructions("- security.no-evil\n")
        also_bad = parse_instructions("- quality.no-such-thing\n")
        assert bad.diagnostics
        assert also_bad.diagnostics
        merged = bad.merge(also_bad)
        assert merged.diagnostics == (*bad.diagnostics, *also_bad.diagnostics)
        assert all(isinstance(d, Diagnostic) for d in merged.diagnostics)
