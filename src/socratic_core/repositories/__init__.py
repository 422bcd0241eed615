"""Repositories: the ports (Protocols), filter objects, `Page`, and `SqlAlchemyRepository`.

Names load on first use, so code that only depends on a port never imports an adapter
(`SqlAlchemyRepository`, the generic SQLAlchemy adapter a repository extends). Each
aggregate's SQLAlchemy repository lives in its own module here
(`socratic_core.repositories.users`, ...) and is reached through the unit of work
(`socratic_core.uow`, whose registry names them); the in-memory fakes are `socratic_core.testing`.
"""

import typing as _typing

from socratic_core import _lazy

_PUBLIC: dict[str, tuple[str, ...]] = {
    "socratic_core.repositories.filters": (
        "After",
        "AnyOf",
        "Between",
        "Equals",
        "Filter",
        "LimitOffset",
        "OrderBy",
        "Search",
        "WhereFilter",
        "escape_like",
    ),
    "socratic_core.repositories.pagination": (
        "Page",
        "Paginated",
    ),
    "socratic_core.repositories.ports": (
        "AuditLogRepository",
        "CodebaseRepository",
        "CollaboratorRepository",
        "FileRepository",
        "InstructionRepository",
        "MessageRepository",
        "ProjectRepository",
        "Repository",
        "RunRepository",
        "SessionAccess",
        "SessionRepository",
        "SpecificationRepository",
        "UserRepository",
    ),
    "socratic_core.repositories.base": ("SqlAlchemyRepository",),
}

if _typing.TYPE_CHECKING:
    from socratic_core.repositories.base import SqlAlchemyRepository as SqlAlchemyRepository
    from socratic_core.repositories.filters import After as After
    from socratic_core.repositories.filters import AnyOf as AnyOf
    from socratic_core.repositories.filters import Between as Between
    from socratic_core.repositories.filters import Equals as Equals
    from socratic_core.repositories.filters import Filter as Filter
    from socratic_core.repositories.filters import LimitOffset as LimitOffset
    from socratic_core.repositories.filters import OrderBy as OrderBy
    from socratic_core.repositories.filters import Search as Search
    from socratic_core.repositories.filters import WhereFilter as WhereFilter
    from socratic_core.repositories.filters import escape_like as escape_like
    from socratic_core.repositories.pagination import Page as Page
    from socratic_core.repositories.pagination import Paginated as Paginated
    from socratic_core.repositories.ports import AuditLogRepository as AuditLogRepository
    from socratic_core.repositories.ports import CodebaseRepository as CodebaseRepository
    from socratic_core.repositories.ports import CollaboratorRepository as CollaboratorRepository
    from socratic_core.repositories.ports import FileRepository as FileRepository
    from socratic_core.repositories.ports import InstructionRepository as InstructionRepository
    from socratic_core.repositories.ports import MessageRepository as MessageRepository
    from socratic_core.repositories.ports import ProjectRepository as ProjectRepository
    from socratic_core.repositories.ports import Repository as Repository
    from socratic_core.repositories.ports import RunRepository as RunRepository
    from socratic_core.repositories.ports import SessionAccess as SessionAccess
    from socratic_core.repositories.ports import SessionRepository as SessionRepository
    from socratic_core.repositories.ports import SpecificationRepository as SpecificationRepository
    from socratic_core.repositories.ports import UserRepository as UserRepository

if not _typing.TYPE_CHECKING:  # type checkers read the imports above, not the table
    __getattr__, __dir__, __all__ = _lazy.public_api(__name__, _PUBLIC)
