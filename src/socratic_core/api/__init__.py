"""The optional HTTP layer (extra `api`): FastAPI routers over the services.

```python
from fastapi import FastAPI, Header
from socratic_core import Socratic
from socratic_core.api import create_router, install_exception_handlers

app = Socratic.from_url("sqlite:///socratic.db")

def current_user(x_user_id: str = Header()) -> str:   # the host authenticates
    return x_user_id

api = FastAPI()
api.include_router(create_router(app, current_user=current_user))
install_exception_handlers(api)
```

Errors answer as RFC 9457 `application/problem+json` with a stable `code`; the original
design's `{success, error_code, message, data}` envelope is an opt-in (`envelope=True`).
FastAPI is imported only inside this package, and only by the names that need it: `import
socratic_core` never needs it, nor does `from socratic_core.api import envelope`.
"""

import typing as _typing

from socratic_core import _lazy

_PUBLIC: dict[str, tuple[str, ...]] = {
    "socratic_core.api._router": ("ROUTE_GROUPS", "create_router"),
    "socratic_core.api._problems": ("PROBLEM_MEDIA_TYPE", "Problem", "install_exception_handlers"),
    "socratic_core.api._routing": ("CursorPage",),
    "socratic_core.api._envelope": ("Envelope", "envelope"),
}

if _typing.TYPE_CHECKING:
    from socratic_core.api._envelope import Envelope as Envelope
    from socratic_core.api._envelope import envelope as envelope
    from socratic_core.api._problems import PROBLEM_MEDIA_TYPE as PROBLEM_MEDIA_TYPE
    from socratic_core.api._problems import Problem as Problem
    from socratic_core.api._problems import install_exception_handlers as install_exception_handlers
    from socratic_core.api._router import ROUTE_GROUPS as ROUTE_GROUPS
    from socratic_core.api._router import create_router as create_router
    from socratic_core.api._routing import CursorPage as CursorPage

if not _typing.TYPE_CHECKING:  # type checkers read the imports above, not the table
    __getattr__, __dir__, __all__ = _lazy.public_api(__name__, _PUBLIC)
