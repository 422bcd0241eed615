"""Public names that load on first use (PEP 562), for a package's `__init__`.

A package lists each public name once, with the module that defines it, and gets the
`__getattr__` and `__dir__` that import it the first time it is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, table: Mapping[str, str], public: Iterable[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return the module-level `__getattr__` and `__dir__` of `package`.

    Args:
        package: The package's `__name__` (for the error message).
        table: Public name -> the module that defines it.
        public: The package's `__all__`.

    Returns:
        `__getattr__`, which imports a name on first use and caches it in the package's
        namespace, and `__dir__`, which lists the public names beside what is loaded.
    """
    namespace = vars(importlib.import_module(package))
    names = tuple(public)

    def load(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def listing() -> list[str]:
        return sorted({*namespace, *names})

    return load, listing
