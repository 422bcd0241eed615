"""Every exception socratic_core raises, in one tree.

```
SocraticError
├── ConfigurationError        bad settings, a database URL or engine that can't be used
├── PluginError               a plugin that fails to load, registers a clash, or breaks a hook
├── RuleSyntaxError           instruction text that strict mode can't parse (line, column, hint)
├── InvalidInputError         a value that breaks a business rule (field, reason)
├── PermissionDeniedError     the acting user may not do this (action, entity, entity_id)
├── AuthenticationError       unknown user, wrong password or an account that may not sign in
├── RepositoryError           the database refused an operation (entity, entity_id, field)
│   ├── NotFoundError         no row with that key (or one the caller may not see)
│   ├── ConflictError         a duplicate unique value or a stale optimistic-lock version
│   └── IntegrityError        a broken reference or another constraint (foreign key, not null)
└── AgentError                an agent failed, timed out or kept violating the rules
    └── AgentRejectedError    a run ended without an accepted result (carries the RunResult)
```

A rule *violation* is data (a `Violation` in a report), never an exception: exceptions mean
misuse, a broken plugin or an infrastructure failure. Errors raised because of another error
(a database driver's, a parser's) keep it as `__cause__`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socratic_core.agents import RunResult

__all__ = [
    "AgentError",
    "AgentRejectedError",
    "AuthenticationError",
    "ConfigurationError",
    "ConflictError",
    "IntegrityError",
    "InvalidInputError",
    "NotFoundError",
    "PermissionDeniedError",
    "PluginError",
    "RepositoryError",
    "RuleSyntaxError",
    "SocraticError",
]


class SocraticError(Exception):
    """The root of every error socratic_core raises.

    Attributes:
        message: The human-readable description, without the context below.
        code: A stable, machine-readable code (`"not_found"`, `"conflict"`, ...), also used as the
            `error_code` of audit rows and response envelopes.
    """

    code: str = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigurationError(SocraticError):
    """Settings, a database URL or a handed-over engine that cannot be used."""

    code = "configuration_error"


class PluginError(SocraticError):
    """A plugin that fails to load, registers something that clashes, or breaks a hook.

    Attributes:
        plugin: The name of the plugin at fault, when it is known.
    """

    code = "plugin_error"

    def __init__(self, message: str, *, plugin: str | None = None) -> None:
        super().__init__(message)
        self.plugin = plugin

    def __str__(self) -> str:
        return f"{self.message} (plugin {self.plugin!r})" if self.plugin else self.message


class RuleSyntaxError(SocraticError):
    """Instruction text that strict mode cannot parse.

    Attributes:
        line: 1-based line of the offending text.
        column: 1-based column of the offending text.
        context: The offending line with a caret under the column.
        expected: What would have been accepted there, in the instruction language's own terms.
        hint: A "did you mean" suggestion, when there is one.
    """

    code = "rule_syntax_error"

    def __init__(
        self,
        message: str,
        *,
        line: int,
        column: int,
        context: str = "",
        expected: tuple[str, ...] = (),
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.context = context
        self.expected = expected
        self.hint = hint

    def __str__(self) -> str:
        parts = [f"line {self.line}, column {self.column}: {self.message}"]
        if self.context:
            parts.append(self.context.rstrip("\n"))
        if self.expected:
            parts.append("expected " + " or ".join(self.expected))
        if self.hint:
            parts.append(self.hint)
        return "\n".join(parts)


class InvalidInputError(SocraticError):
    """A value that breaks a business rule: a malformed email, a weak password, text too long.

    Attributes:
        field: The name of the offending input field.
        reason: Why the value was refused.
    """

    code = "invalid_input"

    def __init__(
        self, message: str, *, field: str | None = None, reason: str | None = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.reason = reason or message


class PermissionDeniedError(SocraticError):
    """The acting user may not perform this action on this entity.

    Attributes:
        action: What was attempted (`"project.update"`).
        entity: The kind of entity (`"project"`).
        entity_id: Its id, when there is one.
    """

    code = "permission_denied"

    def __init__(
        self,
        message: str,
        *,
        action: str | None = None,
        entity: str | None = None,
        entity_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.action = action
        self.entity = entity
        self.entity_id = entity_id


class AuthenticationError(SocraticError):
    """Credentials that do not check out, or an account that may not sign in.

    An unknown user and a wrong password give the same message, so neither can be told apart.
    """

    code = "authentication_failed"


class RepositoryError(SocraticError):
    """The database refused an operation.

    Attributes:
        entity: The kind of entity (`"user"`), when it is known.
        entity_id: The entity's id, when it is known.
        field: The column at fault (a duplicate username names `"username"`), when it is known.
    """

    code = "repository_error"

    def __init__(
        self,
        message: str,
        *,
        entity: str | None = None,
        entity_id: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.entity = entity
        self.entity_id = entity_id
        self.field = field


class NotFoundError(RepositoryError):
    """No row with that key, or one the acting user may not see."""

    code = "not_found"


class ConflictError(RepositoryError):
    """A duplicate unique value, or an update based on a stale optimistic-lock version."""

    code = "conflict"


class IntegrityError(RepositoryError):
    """A broken reference (foreign key) or another constraint the database enforces."""

    code = "integrity_error"


class AgentError(SocraticError):
    """An agent failed, timed out, or kept violating the rules after every retry.

    Attributes:
        agent: The agent's name, when it is known.
    """

    code = "agent_error"

    def __init__(self, message: str, *, agent: str | None = None) -> None:
        super().__init__(message)
        self.agent = agent


class AgentRejectedError(AgentError):
    """A run ended without an accepted result, and its caller asked for an error.

    Raised by `app.runs.run(..., on_exhausted="raise")` when every attempt was rejected, failed
    or ran out of time. Every attempt is on the result, and in the audit trail.

    Attributes:
        result: The run's result: its status, every attempt and the last report.
    """

    code = "agent_rejected"

    def __init__(self, message: str, *, result: RunResult) -> None:
        super().__init__(message, agent=result.agent)
        self.result = result
