"""The hook implementations: thin, all logic lives in `validators`."""

from __future__ import annotations

from collections.abc import Callable

from socratic_core import hookimpl
from socratic_core.rules import Check
from socratic_license.validators import LICENSE_HEADER

__all__ = ["register_checks"]


@hookimpl
def register_checks(register: Callable[[Check], None]) -> None:
    """Register the `license.header` check."""
    register(LICENSE_HEADER)
