"""The database: `Database` (engine + sessionmaker), the unit of work, and the migrations."""

from socratic_core.db.database import Database, create_engine
from socratic_core.db.migrate import current_revision, upgrade
from socratic_core.db.uow import SqlAlchemyUnitOfWork

__all__ = ["Database", "SqlAlchemyUnitOfWork", "create_engine", "current_revision", "upgrade"]
