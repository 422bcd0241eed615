"""Built-in performance checks: blocking calls in async code, queries and concatenation in loops."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from socratic_core.rules._pywalk import AssignSite
from socratic_core.rules.analysis import SourceFile
from socratic_core.rules.builtin._common import make_check
from socratic_core.rules.checks import Check, CheckContext, Finding
from socratic_core.rules.vocabulary import builtin_declaration

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


@make_check(builtin_declaration("performance.no-blocking-in-async"))
def no_blocking_in_async(context: CheckContext) -> Iterator[Finding]:
    """Blocking calls (sleep, HTTP with requests, sync file or socket I/O) in async functions."""
    for source in context.python_files:
        assert source.index is not None  # noqa: S101 - python_files are indexed
        names = [name for name in source.index.call_names if _is_blocking(name)]
        for call in source.index.calls_named(*names):
            if isinstance(call.function, ast.AsyncFunctionDef):
                message = f"{call.name}() blocks the event loop in async {call.function.name}()"
                yield Finding.at_node(source, call.node, message)


# Calls that send a query. Methods on a call's result (`execute(...).fetchall()`) read the rows
# of a query already sent, so a name starting with `*.` is never a new query.
_QUERY_TAILS = frozenset(
    {"execute", "executemany", "fetch", "fetchrow", "fetchval", "scalar", "scalars", "query"}
    | {"raw", "get_or_create"}
)


def _is_query(name: str) -> bool:
    head, _, tail = name.rpartition(".")
    if not head or head == "*" or head.startswith("*."):
        return False
    return tail in _QUERY_TAILS or (".objects." in f"{name}." and tail in ("get", "filter", "all"))


@make_check(builtin_declaration("performance.no-query-in-loop"))
def no_query_in_loop(context: CheckContext) -> Iterator[Finding]:
    """Database queries executed inside a loop (N+1)."""
    for source in context.python_files:
        assert source.index is not None  # noqa: S101
        names = [name for name in source.index.call_names if _is_query(name)]
        for call in source.index.calls_named(*names):
            if call.loop is not None:
                message = f"{call.name}() runs a query on every iteration of a loop"
                yield Finding.at_node(source, call.node, message)


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


def _string_names(source: SourceFile) -> set[tuple[int, str]]:
    assert source.index is not None  # noqa: S101
    names = set()
    for site in source.index.assigns:
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


@make_check(builtin_declaration("performance.no-string-concat-in-loop"))
def no_string_concat_in_loop(context: CheckContext) -> Iterator[Finding]:
    """Strings built with `+=` (or `s = s + ...`) inside a loop."""
    for source in context.python_files:
        assert source.index is not None  # noqa: S101
        strings: set[tuple[int, str]] | None = None
        for site in source.index.assigns:
            if site.loop is None:
                continue
            strings = _string_names(source) if strings is None else strings
            name = _concatenates(site, strings)
            if name is not None:
                message = f"string {name!r} is built by concatenation in a loop"
                yield Finding.at_node(source, site.node, message)


CHECKS: tuple[Check, ...] = (no_blocking_in_async, no_query_in_loop, no_string_concat_in_loop)
