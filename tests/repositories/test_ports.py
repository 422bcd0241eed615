"""Depending on a port costs no adapter: the Protocols import without the implementations.

The ports name models, which are SQLAlchemy declarative classes, so `sqlalchemy.orm` itself does
load; what must not is any module of ours that implements a port: the SQLAlchemy repositories,
the units of work and their registry, driver-error translation, the in-memory fakes.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

ADAPTERS = (
    "socratic_core.repositories.base",
    "socratic_core.repositories.users",
    "socratic_core.repositories.audit",
    "socratic_core.uow._registry",
    "socratic_core.uow._sqlalchemy",
    "socratic_core.db.database",
    "socratic_core.db.errors",
    "socratic_core.testing._base",
    "socratic_core.testing._store",
)


def _loaded_after(statement: str) -> list[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return list(json.loads(result.stdout))


class TestPortsImportNoAdapter:
    """Importing a Protocol loads neither the SQLAlchemy adapters nor the in-memory fakes."""

    @pytest.mark.parametrize(
        "statement",
        [
            "from socratic_core.repositories.ports import UserRepository",
            "from socratic_core.repositories import UserRepository, Equals, Page",
            "from socratic_core.uow import UnitOfWork",
        ],
    )
    def test_no_adapter_module_is_loaded(self, statement: str) -> None:
        """No SQLAlchemy repository, unit of work, driver-error or in-memory module loads."""
        loaded = _loaded_after(statement)
        assert [name for name in ADAPTERS if name in loaded] == []

    def test_the_check_sees_adapters_when_they_load(self) -> None:
        """Asking for an adapter does load it, so the check above can fail."""
        loaded = _loaded_after("from socratic_core.uow import SqlAlchemyUnitOfWork")
        expected = ["socratic_core.repositories.users", "socratic_core.testing._base"]
        assert [name for name in expected if name not in loaded] == []
