"""Instructions on real databases: parse on write, revisions, active rule sets."""

from __future__ import annotations

import pytest

from socratic_core.errors import InvalidInputError, NotFoundError, RuleSyntaxError
from socratic_core.services.instructions import MAX_INSTRUCTION_LENGTH

from .conftest import Harness

TEXT = """# Security
- No hardcoded secrets

# Code quality
- Functions must not exceed 50 lines
- Be kind to future readers
"""


class TestCreateAndUpdate:
    """Text is parsed on write; each update is a new revision."""

    def test_create_stores_parsed_rules(self, harness: Harness) -> None:
        """Parsed rules and categories are stored; the unclaimed statement is kept unenforced."""
        user = harness.user()
        result = harness.app.instructions.create(user.id, title="House rules", text=TEXT)
        stored = result.instruction
        assert stored.categories == ["quality", "security"]
        ids = [rule["id"] for rule in stored.parsed_rules]
        assert "quality.max-function-length" in ids
        assert len(stored.parsed_rules) == 3
        assert (stored.revision, stored.is_active, stored.rules_text) == (1, True, TEXT)

    def test_update_keeps_earlier_revisions(self, harness: Harness) -> None:
        """An update is revision 2; revision 1 stays readable with its own text."""
        user = harness.user()
        created = harness.app.instructions.create(user.id, title="R", text=TEXT).instruction
        updated = harness.app.instructions.update(
            user.id, created.id, text="- Functions must not exceed 30 lines", title="R2"
        ).instruction
        assert (updated.revision, updated.title) == (2, "R2")
        revisions = harness.app.instructions.revisions(user.id, created.id)
        assert [(r.revision, r.title) for r in revisions] == [(1, "R"), (2, "R2")]
        assert harness.app.instructions.revision(user.id, created.id, 1).rules_text == TEXT

    def test_strict_mode_refuses_malformed_text(self, harness: Harness) -> None:
        """Strict mode raises RuleSyntaxError with a position; lenient mode returns diagnostics."""
        user = harness.user()
        bad = "- Functions must not exceed fifty-ish lines\n- quality.no-such-check(max=3)\n"
        lenient = harness.app.instructions.create(user.id, title="L", text=bad)
        assert lenient.diagnostics
        assert {"line", "column", "message"} <= set(lenient.diagnostics[0])
        with pytest.raises(RuleSyntaxError) as caught:
            harness.app.instructions.create(user.id, title="S", text=bad, strict=True)
        assert caught.value.line >= 1
        failed = harness.app.audit.entries(action="instruction.create").items[-1]
        assert (failed.success, failed.error_code) == (False, "rule_syntax_error")

    def test_oversized_text_is_refused(self, harness: Harness) -> None:
        """Text over the limit is refused with a clear error on field rules_text."""
        user = harness.user()
        with pytest.raises(InvalidInputError, match="too long") as caught:
            harness.app.instructions.create(
                user.id, title="Big", text="x" * (MAX_INSTRUCTION_LENGTH + 1)
            )
        assert caught.value.field == "rules_text"


class TestActiveRules:
    """The active rule set merges global and project instructions, project first."""

    def test_project_rules_take_precedence(self, harness: Harness) -> None:
        """A project limit replaces the global one for the same check."""
        user = harness.user()
        project = harness.app.projects.create(user.id, name="P")
        harness.app.instructions.create(
            user.id, title="G", text="- Functions must not exceed 80 lines\n- No eval"
        )
        harness.app.instructions.create(
            user.id, title="P", text="- Functions must not exceed 30 lines", project_id=project.id
        )
        merged = harness.app.instructions.active_rules(user.id, project.id)
        limits = [r.params["max"] for r in merged.rules if r.id == "quality.max-function-length"]
        assert limits == [30]
        global_only = harness.app.instructions.active_rules(user.id)
        limits = [
            r.params["max"] for r in global_only.rules if r.id == "quality.max-function-length"
        ]
        assert limits == [80]

    def test_deactivated_and_deleted_rules_drop_out(self, harness: Harness) -> None:
        """Deactivating leaves an instruction out; activating brings it back; delete removes it."""
        user = harness.user()
        created = harness.app.instructions.create(user.id, title="G", text="- No eval").instruction
        assert len(harness.app.instructions.active_rules(user.id)) == 1
        harness.app.instructions.deactivate(user.id, created.id)
        assert len(harness.app.instructions.active_rules(user.id)) == 0
        harness.app.instructions.activate(user.id, created.id)
        assert len(harness.app.instructions.active_rules(user.id)) == 1
        harness.app.instructions.delete(user.id, created.id)
        assert len(harness.app.instructions.active_rules(user.id)) == 0
        with pytest.raises(NotFoundError):
            harness.app.instructions.get(user.id, created.id)

    def test_other_users_instructions_are_hidden(self, harness: Harness) -> None:
        """Another user cannot read or change an instruction; it looks missing."""
        owner, other = harness.user(), harness.user()
        created = harness.app.instructions.create(owner.id, title="Mine", text="- No eval")
        with pytest.raises(NotFoundError):
            harness.app.instructions.get(other.id, created.instruction.id)
        with pytest.raises(NotFoundError):
            harness.app.instructions.update(other.id, created.instruction.id, text="- Use eval")
        assert harness.app.instructions.list(other.id) == []
