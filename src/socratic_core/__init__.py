"""socratic_core: records of AI-assisted software projects, and AI agents under their users' rules.

Importing this package does no work: it creates no engine, opens no file and loads no plugin.
The root holds what a host application uses: the `Socratic` facade and its `Settings`, the
errors, the schemas its services answer with and their enums, the events, and the plugin
markers. The layers beneath have their own public modules: `socratic_core.rules` (the rule
engine, which needs no database), `socratic_core.agents`, `socratic_core.services`,
`socratic_core.repositories`, `socratic_core.models`, `socratic_core.db`,
`socratic_core.testing` and `socratic_core.api` (the optional HTTP layer).

Every public name is written once, in `_PUBLIC` below, and loads on first use, so that
`import socratic_core.rules` does not import SQLAlchemy, pydantic or the services. The
`TYPE_CHECKING` imports repeat the table for type checkers; a test keeps the two equal.
"""

import typing as _typing

from socratic_core import _lazy
from socratic_core.__about__ import __version__ as __version__

_PUBLIC: dict[str, tuple[str, ...]] = {
    "socratic_core.app": ("Socratic",),
    "socratic_core.config": ("Settings",),
    "socratic_core.errors": (
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
    ),
    "socratic_core.services.schemas": (
        "AuditAnchor",
        "AuditEntryRead",
        "ChainVerification",
        "CodebaseDetail",
        "CodebaseRead",
        "CollaboratorRead",
        "FileRead",
        "InstructionRead",
        "InstructionResult",
        "InstructionRevisionRead",
        "MessageRead",
        "ProjectRead",
        "SessionRead",
        "SpecificationRead",
        "UserRead",
    ),
    "socratic_core.repositories": ("Page",),
    "socratic_core.models": (
        "CodebaseStatus",
        "CollaboratorRole",
        "MessageRole",
        "ProjectPhase",
        "ProjectStatus",
        "SessionMode",
        "SessionStatus",
        "UserStatus",
    ),
    "socratic_core.services.authorization": ("ProjectAction", "ProjectRole"),
    "socratic_core.services.passwords": ("PasswordHasher", "PasswordPolicy"),
    "socratic_core.services._trail": ("AuditEntry",),
    "socratic_core._events": ("Event", "EventName"),
    "socratic_core.services.events": ("CallbackEventSink", "EventSink", "NullEventSink"),
    "socratic_core.hookspecs": ("hookimpl",),
    "socratic_core.plugin_manager": ("make_plugin_manager",),
}

if _typing.TYPE_CHECKING:
    from socratic_core._events import Event as Event
    from socratic_core._events import EventName as EventName
    from socratic_core.app import Socratic as Socratic
    from socratic_core.config import Settings as Settings
    from socratic_core.errors import AgentError as AgentError
    from socratic_core.errors import AgentRejectedError as AgentRejectedError
    from socratic_core.errors import AuthenticationError as AuthenticationError
    from socratic_core.errors import ConfigurationError as ConfigurationError
    from socratic_core.errors import ConflictError as ConflictError
    from socratic_core.errors import IntegrityError as IntegrityError
    from socratic_core.errors import InvalidInputError as InvalidInputError
    from socratic_core.errors import NotFoundError as NotFoundError
    from socratic_core.errors import PermissionDeniedError as PermissionDeniedError
    from socratic_core.errors import PluginError as PluginError
    from socratic_core.errors import RepositoryError as RepositoryError
    from socratic_core.errors import RuleSyntaxError as RuleSyntaxError
    from socratic_core.errors import SocraticError as SocraticError
    from socratic_core.hookspecs import hookimpl as hookimpl
    from socratic_core.models import CodebaseStatus as CodebaseStatus
    from socratic_core.models import CollaboratorRole as CollaboratorRole
    from socratic_core.models import MessageRole as MessageRole
    from socratic_core.models import ProjectPhase as ProjectPhase
    from socratic_core.models import ProjectStatus as ProjectStatus
    from socratic_core.models import SessionMode as SessionMode
    from socratic_core.models import SessionStatus as SessionStatus
    from socratic_core.models import UserStatus as UserStatus
    from socratic_core.plugin_manager import make_plugin_manager as make_plugin_manager
    from socratic_core.repositories import Page as Page
    from socratic_core.services._trail import AuditEntry as AuditEntry
    from socratic_core.services.authorization import ProjectAction as ProjectAction
    from socratic_core.services.authorization import ProjectRole as ProjectRole
    from socratic_core.services.events import CallbackEventSink as CallbackEventSink
    from socratic_core.services.events import EventSink as EventSink
    from socratic_core.services.events import NullEventSink as NullEventSink
    from socratic_core.services.passwords import PasswordHasher as PasswordHasher
    from socratic_core.services.passwords import PasswordPolicy as PasswordPolicy
    from socratic_core.services.schemas import AuditAnchor as AuditAnchor
    from socratic_core.services.schemas import AuditEntryRead as AuditEntryRead
    from socratic_core.services.schemas import ChainVerification as ChainVerification
    from socratic_core.services.schemas import CodebaseDetail as CodebaseDetail
    from socratic_core.services.schemas import CodebaseRead as CodebaseRead
    from socratic_core.services.schemas import CollaboratorRead as CollaboratorRead
    from socratic_core.services.schemas import FileRead as FileRead
    from socratic_core.services.schemas import InstructionRead as InstructionRead
    from socratic_core.services.schemas import InstructionResult as InstructionResult
    from socratic_core.services.schemas import InstructionRevisionRead as InstructionRevisionRead
    from socratic_core.services.schemas import MessageRead as MessageRead
    from socratic_core.services.schemas import ProjectRead as ProjectRead
    from socratic_core.services.schemas import SessionRead as SessionRead
    from socratic_core.services.schemas import SpecificationRead as SpecificationRead
    from socratic_core.services.schemas import UserRead as UserRead

if not _typing.TYPE_CHECKING:  # type checkers read the imports above, not the table
    __getattr__, __dir__, __all__ = _lazy.public_api(__name__, _PUBLIC, eager=["__version__"])
