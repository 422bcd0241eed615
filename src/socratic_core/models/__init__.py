"""The SQLAlchemy 2.0 models of socratic_core, one module per aggregate.

All of them share `Base.metadata`, whose naming convention names every constraint and index.
"""

from socratic_core.models.audit import GLOBAL_CHAIN, AuditLog, chain_for
from socratic_core.models.base import Base, JSONType, UTCDateTime, new_id, utcnow
from socratic_core.models.codebase import CodebaseStatus, GeneratedCodebase, GeneratedFile
from socratic_core.models.instruction import InstructionRevision, UserInstruction
from socratic_core.models.project import (
    CollaboratorRole,
    Project,
    ProjectCollaborator,
    ProjectPhase,
    ProjectStatus,
)
from socratic_core.models.run import AgentRun, RunStatus
from socratic_core.models.session import (
    Message,
    MessageRole,
    Session,
    SessionMode,
    SessionStatus,
)
from socratic_core.models.specification import TechnicalSpecification
from socratic_core.models.user import User, UserStatus

__all__ = [
    "GLOBAL_CHAIN",
    "AgentRun",
    "AuditLog",
    "Base",
    "CodebaseStatus",
    "CollaboratorRole",
    "GeneratedCodebase",
    "GeneratedFile",
    "InstructionRevision",
    "JSONType",
    "Message",
    "MessageRole",
    "Project",
    "ProjectCollaborator",
    "ProjectPhase",
    "ProjectStatus",
    "RunStatus",
    "Session",
    "SessionMode",
    "SessionStatus",
    "TechnicalSpecification",
    "UTCDateTime",
    "User",
    "UserInstruction",
    "UserStatus",
    "chain_for",
    "new_id",
    "utcnow",
]
