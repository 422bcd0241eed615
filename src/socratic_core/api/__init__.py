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
FastAPI is imported only inside this package: `import socratic_core` never needs it.
"""

from socratic_core.api._problems import PROBLEM_MEDIA_TYPE, Problem, install_exception_handlers
from socratic_core.api._router import ROUTE_GROUPS, create_router
from socratic_core.api._routing import CursorPage

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "ROUTE_GROUPS",
    "CursorPage",
    "Problem",
    "create_router",
    "install_exception_handlers",
]
