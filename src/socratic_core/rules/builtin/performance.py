"""Built-in performance checks: blocking calls in async code, queries and concatenation in loops."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from socratic_core.rules._analysis import PythonFile
from socratic_core.rules._checks import Check, Finding, matches, mentions
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import Category, CheckDeclaration, Frame
from socratic_core.rules._patterns import lazy
from socratic_core.rules._pywalk import AssignSite, dotted_name
from socratic_core.rules.builtin.secrets import target_name

__all__ = ["CHECKS"]

_BLOCKING = frozenset(
    {"time.sleep", "open", "io.open", "input", "os.system", "os.popen", "os.wait"}
    | {"urllib.request.urlopen", "urllib.urlopen", "socket.create_connection"}
    | {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output"}
    | {"http.client.HTTPConnection", "http.client.HTTPSConnection", "smtplib.SMTP"}
    | {"sqlite3.connect", "psycopg2.connect", "pymysql.connect"}
)
_BLOCKING_MODULES = ("requests.", "urllib3.", "httplib2.", "httpx.")
_ASYNC_CLIENTS = ("httpx.AsyncClient", "httpx.AsyncHTTPTransport")


def _is_blocking(name: str) -> bool:
    if name.startswith(_ASYNC_CLIENTS):
        return False
    return name in _BLOCKING or name.startswith(_BLOCKING_MODULES)


_NO_BLOCKING_IN_ASYNC = CheckDeclaration(
    id="performance.no-blocking-in-async",
    category=Category.PERFORMANCE,
    frames=(
        Frame(
            concepts=(
                ("blocking", "block", "time.sleep", "sync io", "synchronous", "requests"),
                ("async", "event loop", "coroutine", "asyncio"),
            )
        ),
    ),
    description="Blocking calls (time.sleep, requests, sync file or socket I/O) in async code.",
    fix_hint="Use the async equivalent or run the call in a thread.",
    forbids=True,
)


# Only a call in an `async def` is reported: the two keywords, blanks or continuations between.
_ASYNC_DEF = r"async(?<!\wasync)(?:[ \t\f]|\\(?:\r\n|\r|\n))+def\b"


@check(_NO_BLOCKING_IN_ASYNC, prefilter=matches(_ASYNC_DEF, names=False))
def no_blocking_in_async(python: PythonFile) -> Iterator[Finding]:
    """Blocking calls (sleep, HTTP with requests, sync file or socket I/O) in async functions."""
    names = [name for name in python.index.call_names if _is_blocking(name)]
    for call in python.index.calls_named(*names):
        if isinstance(call.function, ast.AsyncFunctionDef):
            message = f"{call.name}() blocks the event loop in async {call.function.name}()"
            yield Finding.at_node(python, call.node, message)


# Calls that send a query, on an object that is a database session, cursor or connection. Methods
# on a call's result (`execute(...).fetchall()`) read the rows of a query already sent.
_QUERY_TAILS = frozenset(
    {"execute", "executemany", "exec_driver_sql", "exec", "fetch", "fetchrow", "fetchval"}
    | {"scalar", "scalars", "query", "get", "raw", "get_or_create"}
)
_DB_WORDS = frozenset(
    {"session", "sess", "db", "cursor", "cur", "conn", "connection", "cnx", "con", "engine"}
    | {"tx", "txn", "transaction", "uow", "database"}
)
# Calls and annotations that make a name a session, cursor or connection whatever it is called.
_DB_FACTORIES = frozenset(
    {"connect", "cursor", "Session", "sessionmaker", "scoped_session", "begin", "AsyncSession"}
    | {"create_engine", "create_async_engine", "session", "raw_connection", "acquire"}
)
_DB_TYPES = ("Session", "Connection", "Cursor", "Engine", "AsyncSession", "AsyncConnection")
_WORD = lazy(r"[a-z]+|[A-Z][a-z]*")


def _receiver(name: str) -> str | None:
    head, _, _ = name.rpartition(".")
    if not head or head == "*" or head.startswith("*."):
        return None
    return head


def _db_word(receiver: str) -> str | None:
    """The last word of the receiver's name when it names a database object (`db_session`)."""
    words = _WORD.findall(receiver.rpartition(".")[2])
    last = words[-1].lower() if words else ""
    return last if last in _DB_WORDS else None


def _typed_db_names(python: PythonFile) -> set[str]:
    """Names bound to a session, cursor or connection by a factory call or an annotation."""
    names: set[str] = set()
    for site in python.index.assigns:
        node = site.node
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        factory = (
            isinstance(node.value, ast.Call)
            and dotted_name(node.value.func).rpartition(".")[2] in _DB_FACTORIES
        )
        typed = isinstance(node, ast.AnnAssign) and ast.unparse(node.annotation).endswith(_DB_TYPES)
        if factory or typed:
            names |= {target_name(t) for t in targets}
    for function in python.index.functions:
        args = function.node.args
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
            if arg.annotation is not None and ast.unparse(arg.annotation).endswith(_DB_TYPES):
                names.add(arg.arg)
    return names - {""}


def _is_query(name: str, typed: set[str]) -> bool:
    receiver = _receiver(name)
    tail = name.rpartition(".")[2]
    if receiver is None:
        return False
    if ".objects" in f".{receiver}" and receiver.endswith("objects"):
        return tail in ("get", "filter", "all", "exclude", "raw", "get_or_create")
    if tail not in _QUERY_TAILS:
        return False
    word = _db_word(receiver)
    if tail == "get":  # `session.get(Model, id)`; any other `.get` is a lookup
        return word in ("session", "sess") or receiver.rpartition(".")[2] in typed
    return word is not None or receiver.rpartition(".")[2] in typed


_NO_QUERY_IN_LOOP = CheckDeclaration(
    id="performance.no-query-in-loop",
    category=Category.PERFORMANCE,
    frames=(
        Frame(concepts=(("n+1", "n+1 query", "n + 1"),)),
        Frame(
            concepts=(
                (
                    "query",
                    "queries",
                    "querying",
                    "database call",
                    "db call",
                    "database access",
                    "orm call",
                ),
                ("loop", "inside a loop", "iteration", "per item", "per row"),
            )
        ),
    ),
    description="Database queries executed inside a loop (N+1).",
    fix_hint="Fetch everything in one query before the loop.",
    forbids=True,
)


@check(_NO_QUERY_IN_LOOP, prefilter=mentions("for", "while"))
def no_query_in_loop(python: PythonFile) -> Iterator[Finding]:
    """Database queries executed inside a loop (N+1), on sessions, cursors and connections."""
    looped = [call for call in python.index.calls if call.loop is not None]
    if not looped:
        return
    typed = _typed_db_names(python)
    for call in looped:
        if _is_query(call.name, typed):
            message = f"{call.name}() runs a query on every iteration of a loop"
            yield Finding.at_node(python, call.node, message)


def _stringy(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id in ("str", "repr", "format")
    if isinstance(node, ast.BinOp):
        return _stringy(node.left) or _stringy(node.right)
    return False


def _string_names(python: PythonFile) -> set[tuple[int, str]]:
    names = set()
    for site in python.index.assigns:
        node = site.node
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if _stringy(node.value):
                names |= {(id(site.function), t.id) for t in targets if isinstance(t, ast.Name)}
    return names


def _concatenates(site: AssignSite, strings: set[tuple[int, str]]) -> str | None:
    node = site.node
    target: ast.expr
    if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
        target, addend = node.target, node.value
    elif isinstance(node, ast.Assign) and len(node.targets) == 1:
        value = node.value
        if not (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add)):
            return None
        left = value.left
        if not (isinstance(left, ast.Name) and ast.unparse(node.targets[0]) == left.id):
            return None
        target, addend = node.targets[0], value.right
    else:
        return None
    if not isinstance(target, ast.Name):
        return None
    known = (id(site.function), target.id) in strings
    return target.id if known or _stringy(addend) else None


_NO_STRING_CONCAT_IN_LOOP = CheckDeclaration(
    id="performance.no-string-concat-in-loop",
    category=Category.PERFORMANCE,
    frames=(
        Frame(
            concepts=(
                (
                    "string concatenation",
                    "concatenate string",
                    "concatenating string",
                    "string +=",
                    "build string",
                    "building string",
                    "string building",
                ),
                ("loop",),
            )
        ),
    ),
    description="Strings built with += inside a loop.",
    fix_hint="Collect the parts in a list and ''.join() them.",
    forbids=True,
)


@check(_NO_STRING_CONCAT_IN_LOOP, prefilter=mentions("for", "while"))
def no_string_concat_in_loop(python: PythonFile) -> Iterator[Finding]:
    """Strings built with `+=` (or `s = s + ...`) inside a loop."""
    strings: set[tuple[int, str]] | None = None
    for site in python.index.assigns:
        if site.loop is None:
            continue
        strings = _string_names(python) if strings is None else strings
        name = _concatenates(site, strings)
        if name is not None:
            message = f"string {name!r} is built by concatenation in a loop"
            yield Finding.at_node(python, site.node, message)


CHECKS: tuple[Check, ...] = (no_blocking_in_async, no_query_in_loop, no_string_concat_in_loop)
