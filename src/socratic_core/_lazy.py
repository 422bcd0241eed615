"""Public names that load on first use (PEP 562), from one table per package.

A package writes its public API once, as a table of module -> the names it serves, and gets
from it the `__getattr__` that imports a name the first time it is asked for, the `__dir__`
that lists them, and its `__all__`:

```python
_PUBLIC = {"socratic_core.app": ("Socratic",), "socratic_core.config": ("Settings",)}
__getattr__, __dir__, __all__ = _lazy.public_api(__name__, _PUBLIC)
```

Type checkers cannot read the table, so the package also imports every name under
`TYPE_CHECKING` (`from socratic_core.app import Socratic as Socratic`); `tests/test_public_api.py`
checks that those imports and the table list the same names from the same modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["public_api"]


def public_api(
    package: str, table: Mapping[str, Iterable[str]], *, eager: Iterable[str] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """Return the module-level `__getattr__`, `__dir__` and `__all__` of `package`.

    Args:
        package: The package's `__name__` (for the error message).
        table: Module -> the public names it serves, each name once.
        eager: Public names the package defines or imports itself (`__version__`).

    Returns:
        `__getattr__`, which imports a name on first use and caches it in the package's
        namespace; `__dir__`, which lists the public names beside what is loaded; and the
        sorted `__all__`.

    Raises:
        ValueError: A name is listed twice.
    """
    homes: dict[str, str] = {}
    for module, names in table.items():
        for name in names:
            if name in homes:
                raise ValueError(f"{package}: {name!r} is listed under {homes[name]} and {module}")
            homes[name] = module
    namespace = vars(importlib.import_module(package))
    public = sorted({*homes, *eager})

    def load(name: str) -> Any:
        module = homes.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def listing() -> list[str]:
        return sorted({*namespace, *public})

    return load, listing, public
