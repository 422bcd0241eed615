"""The built-in checks as a default plugin, registered through the same hook a third party uses."""

from __future__ import annotations

from collections.abc import Callable

from socratic_core.hookspecs import hookimpl
from socratic_core.rules.builtin import (
    architecture,
    performance,
    quality,
    ruff,
    secrets,
    security,
    sql,
    text,
)
from socratic_core.rules.checks import Check

__all__ = ["register_checks"]


@hookimpl
def register_checks(register: Callable[[Check], None]) -> None:
    """Register every built-in check (the ruff-backed ones are in `ruff.CHECKS`)."""
    for module in (secrets, security, sql, quality, architecture, performance, text, ruff):
        for check in module.CHECKS:
            register(check)
