"""The service layer: business rules, authorization, audit and events over the data layer.

Each service method is one unit of work: its writes and its audit row commit together or not at
all, and its events go out after the commit. The building blocks here (password hashing,
validation, redaction, the permission matrix, phase rules, the audit hash chain, event sinks)
are plain code with no database. Hosts normally reach the services through
`socratic_core.Socratic`, and the root re-exports what a host handles: the schemas, the roles
and actions, the password options, `AuditEntry` and the event sinks. The service classes,
`ServiceContext` and the helpers are documented and imported here.
"""

from socratic_core.services._base import ServiceContext
from socratic_core.services._trail import AuditEntry
from socratic_core.services.audit import AuditService
from socratic_core.services.authorization import (
    PERMISSIONS,
    ProjectAction,
    ProjectRole,
    is_allowed,
)
from socratic_core.services.codebases import CodebaseService, detect_language
from socratic_core.services.events import (
    CallbackEventSink,
    EventSink,
    NullEventSink,
    PluginEventSink,
)
from socratic_core.services.instructions import InstructionService
from socratic_core.services.passwords import PasswordHasher, PasswordPolicy
from socratic_core.services.phases import PHASE_ORDER
from socratic_core.services.projects import ProjectService
from socratic_core.services.redaction import REDACTED, redact
from socratic_core.services.schemas import (
    AuditAnchor,
    AuditEntryRead,
    ChainVerification,
    CodebaseDetail,
    CodebaseRead,
    CollaboratorRead,
    FileRead,
    InstructionRead,
    InstructionResult,
    InstructionRevisionRead,
    MessageRead,
    ProjectRead,
    SessionRead,
    SpecificationRead,
    UserRead,
)
from socratic_core.services.sessions import SessionService
from socratic_core.services.specifications import SpecificationService
from socratic_core.services.users import UserService

__all__ = [
    "PERMISSIONS",
    "PHASE_ORDER",
    "REDACTED",
    "AuditAnchor",
    "AuditEntry",
    "AuditEntryRead",
    "AuditService",
    "CallbackEventSink",
    "ChainVerification",
    "CodebaseDetail",
    "CodebaseRead",
    "CodebaseService",
    "CollaboratorRead",
    "EventSink",
    "FileRead",
    "InstructionRead",
    "InstructionResult",
    "InstructionRevisionRead",
    "InstructionService",
    "MessageRead",
    "NullEventSink",
    "PasswordHasher",
    "PasswordPolicy",
    "PluginEventSink",
    "ProjectAction",
    "ProjectRead",
    "ProjectRole",
    "ProjectService",
    "ServiceContext",
    "SessionRead",
    "SessionService",
    "SpecificationRead",
    "SpecificationService",
    "UserRead",
    "UserService",
    "detect_language",
    "is_allowed",
    "redact",
]
