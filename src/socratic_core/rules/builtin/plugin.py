"""The built-in checks as a default plugin, registered through the same hook a third party uses."""

from __future__ import annotations

from collections.abc import Callable

from socratic_core.hookspecs import hookimpl
from socratic_core.rules._checks import Check
from socratic_core.rules.builtin import (
    architecture,
    banned,
    performance,
    placeholders,
    quality,
    react,
    ruff,
    script_structure,
    scripts,
    secrets,
    security,
    sql,
    text,
    typescript,
)

__all__ = ["builtin_checks", "register_checks"]


_MODULES = (
    secrets,
    security,
    sql,
    quality,
    architecture,
    performance,
    text,
    ruff,
    script_structure,
    banned,
    scripts,
    placeholders,
    typescript,
    react,
)


def builtin_checks() -> tuple[Check, ...]:
    """Every built-in check, in registration order (the default vocabulary comes from these)."""
    return tuple(check for module in _MODULES for check in module.CHECKS)


@hookimpl
def register_checks(register: Callable[[Check], None]) -> None:
    """Register every built-in check (the ruff-backed ones are in `ruff.CHECKS`)."""
    for check in builtin_checks():
        register(check)
