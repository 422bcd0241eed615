"""The database: `Database` (engine + sessionmaker), the migrations, and driver-error translation.

Everything that talks to a database driver lives here: `translate_errors` (`db/errors.py`) is
the one place driver errors become socratic_core errors, for the repositories, the unit of work
(`socratic_core.uow`) and the migrations alike. Names load on first use.
"""

import typing as _typing

from socratic_core import _lazy

_PUBLIC: dict[str, tuple[str, ...]] = {
    "socratic_core.db.database": (
        "Database",
        "create_engine",
    ),
    "socratic_core.db.errors": ("translate_errors",),
    "socratic_core.db.migrate": (
        "current_revision",
        "upgrade",
    ),
}

if _typing.TYPE_CHECKING:
    from socratic_core.db.database import Database as Database
    from socratic_core.db.database import create_engine as create_engine
    from socratic_core.db.errors import translate_errors as translate_errors
    from socratic_core.db.migrate import current_revision as current_revision
    from socratic_core.db.migrate import upgrade as upgrade

if not _typing.TYPE_CHECKING:  # type checkers read the imports above, not the table
    __getattr__, __dir__, __all__ = _lazy.public_api(__name__, _PUBLIC)
