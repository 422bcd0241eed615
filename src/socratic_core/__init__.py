"""socratic_core: records of AI-assisted software projects, and AI agents under their users' rules.

Importing this package does no work: it creates no engine, opens no file and loads no plugin.
The public API is what `__all__` lists; everything else is private.
"""

from socratic_core.__about__ import __version__
from socratic_core.errors import (
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
from socratic_core.hookspecs import hookimpl, hookspec
from socratic_core.plugin_manager import RegisteredCheck, collect_checks, make_plugin_manager

__all__ = [
    "AgentError",
    "ConfigurationError",
    "ConflictError",
    "IntegrityError",
    "InvalidInputError",
    "NotFoundError",
    "PermissionDeniedError",
    "PluginError",
    "RegisteredCheck",
    "RepositoryError",
    "RuleSyntaxError",
    "SocraticError",
    "__version__",
    "collect_checks",
    "hookimpl",
    "hookspec",
    "make_plugin_manager",
]
