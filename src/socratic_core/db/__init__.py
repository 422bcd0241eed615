"""The database: `Database` (engine + sessionmaker), the migrations, and driver-error translation.

Everything that talks to a database driver lives here: `translate_errors` (`db/errors.py`) is
the one place driver errors become socratic_core errors, for the repositories, the unit of work
(`socratic_core.uow`) and the migrations alike. Names load on first use.
"""

from typing import TYPE_CHECKING

from socratic_core._lazy import lazy_names as _lazy_names

if TYPE_CHECKING:
    from socratic_core.db.database import Database, create_engine
    from socratic_core.db.errors import translate_errors
    from socratic_core.db.migrate import current_revision, upgrade

__all__ = ["Database", "create_engine", "current_revision", "translate_errors", "upgrade"]

_LAZY = {
    "Database": "socratic_core.db.database",
    "create_engine": "socratic_core.db.database",
    "translate_errors": "socratic_core.db.errors",
    "current_revision": "socratic_core.db.migrate",
    "upgrade": "socratic_core.db.migrate",
}
__getattr__, __dir__ = _lazy_names(__name__, _LAZY, __all__)
