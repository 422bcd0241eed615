"""The error tree: one root, structured context, readable messages."""

from __future__ import annotations

import pytest

from socratic_core import (
    AgentError,
    ConfigurationError,
    ConflictError,
    IntegrityError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    PluginError,
    RepositoryError,
    RuleSyntaxError,
    SocraticError,
)


class TestTree:
    """Every error derives from SocraticError, so a host can catch them all at once."""

    @pytest.mark.parametrize(
        "error",
        [
            ConfigurationError("x"),
            PluginError("x"),
            RuleSyntaxError("x", line=1, column=1),
            InvalidInputError("x"),
            PermissionDeniedError("x"),
            NotFoundError("x"),
            ConflictError("x"),
            IntegrityError("x"),
            AgentError("x"),
        ],
    )
    def test_every_error_is_a_socratic_error(self, error: SocraticError) -> None:
        """Each error class is caught by `except SocraticError`."""
        with pytest.raises(SocraticError):
            raise error

    def test_repository_errors_share_a_base(self) -> None:
        """Not-found, conflict and integrity errors are all repository errors."""
        for cls in (NotFoundError, ConflictError, IntegrityError):
            assert issubclass(cls, RepositoryError)

    def test_codes_are_distinct(self) -> None:
        """Each error class has its own machine-readable code."""
        classes = [
            SocraticError,
            ConfigurationError,
            PluginError,
            RuleSyntaxError,
            InvalidInputError,
            PermissionDeniedError,
            RepositoryError,
            NotFoundError,
            ConflictError,
            IntegrityError,
            AgentError,
        ]
        assert len({cls.code for cls in classes}) == len(classes)


class TestContext:
    """Errors carry structured context and render it readably."""

    def test_conflict_names_the_field(self) -> None:
        """A conflict says which entity and column clashed."""
        error = ConflictError("username taken", entity="user", field="username")
        assert (error.entity, error.field, error.code) == ("user", "username", "conflict")

    def test_rule_syntax_error_shows_position_context_and_hint(self) -> None:
        """A syntax error renders its position, the line with a caret, what was expected, a hint."""
        error = RuleSyntaxError(
            "unknown rule id",
            line=3,
            column=5,
            context="    qualty.docstrings\n    ^",
            expected=("a rule id",),
            hint="did you mean 'quality.docstrings'?",
        )
        text = str(error)
        assert text.startswith("line 3, column 5: unknown rule id")
        assert "    ^" in text
        assert "expected a rule id" in text
        assert text.endswith("did you mean 'quality.docstrings'?")

    def test_plugin_error_names_the_plugin(self) -> None:
        """A plugin error says which plugin broke."""
        assert str(PluginError("hook failed", plugin="socratic-license")) == (
            "hook failed (plugin 'socratic-license')"
        )

    def test_invalid_input_defaults_reason_to_message(self) -> None:
        """An input error without a reason uses its message as the reason."""
        error = InvalidInputError("email is malformed", field="email")
        assert (error.field, error.reason) == ("email", "email is malformed")
