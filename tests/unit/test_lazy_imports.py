"""Importing socratic_core does not pull in the migration machinery or a database driver."""

from __future__ import annotations

import subprocess
import sys


class TestLazyImports:
    """Heavy, optional modules load only when they are used."""

    def test_alembic_and_psycopg_load_on_demand(self) -> None:
        """A fresh interpreter importing socratic_core has neither alembic nor psycopg loaded."""
        code = (
            "import sys, socratic_core\n"
            "loaded = [m for m in ('alembic', 'psycopg') if m in sys.modules]\n"
            "print(','.join(loaded))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == ""
