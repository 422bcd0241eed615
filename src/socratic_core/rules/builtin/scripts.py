"""TypeScript/JavaScript implementations of the built-in security checks: eval, shell, hashes, SQL.

Each function checks the same rule as the Python check of its id and shares that check's
declaration (one rule, several languages); only what is looked for differs:

- `security.no-eval`: `eval(...)`, `new Function(...)`, and `setTimeout`/`setInterval` given
  a string, a template literal or a concatenation to evaluate;
- `security.no-shell-injection`: a command built from pieces (`` `ls ${dir}` ``, `"ls " + dir`)
  passed to `child_process` `exec`/`execSync`, or to `spawn`/`execFile` with `{ shell: true }`;
- `security.no-weak-hashes`: `createHash("md5")` and the other weak algorithms,
  `crypto.subtle.digest("SHA-1", ...)`, and `createHmac` with an MD-family hash (HMAC-SHA1 is
  not broken);
- `security.no-sql-string-building`: SQL built from a template literal or a concatenation (or
  a variable bound to one) passed to `query`, `execute`, `raw`, knex's `whereRaw` and friends,
  or Prisma's `$queryRawUnsafe`/`$executeRawUnsafe`. Tagged templates (`` sql`...${id}` ``,
  Prisma's `` $queryRaw`...` ``) bind their values and are never reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from socratic_core.rules._checks import Check, Finding, mentions
from socratic_core.rules._declare import check
from socratic_core.rules.builtin._scripts import (
    arguments,
    call_name,
    is_built_string,
    key_name,
    method_name,
    module_bindings,
    string_value,
)
from socratic_core.rules.builtin.security import _NO_EVAL, _NO_SHELL_INJECTION, _WEAK_DECLARATION
from socratic_core.rules.builtin.sql import _NO_SQL_STRING_BUILDING, SQL_WORDS

if TYPE_CHECKING:
    from tree_sitter import Node

    from socratic_core.rules._script import ScriptFile

__all__ = ["CHECKS"]

_GLOBALS = ("", "window.", "globalThis.", "self.", "global.")
_EVALS = frozenset(f"{scope}eval" for scope in _GLOBALS)
_FUNCTION = frozenset(f"{scope}Function" for scope in _GLOBALS)
_TIMERS = frozenset(
    f"{scope}{timer}" for scope in _GLOBALS for timer in ("setTimeout", "setInterval")
)


def _first(call: Node) -> Node | None:
    given = arguments(call)
    return given[0] if given else None


def _is_text(node: Node | None) -> bool:
    return node is not None and (
        node.type in ("string", "template_string") or is_built_string(node)
    )


@check(_NO_EVAL, prefilter=mentions("eval", "Function", "setTimeout", "setInterval"))
def no_eval_in_scripts(file: ScriptFile) -> Iterator[Finding]:
    """`eval(...)`, `new Function(...)` and `setTimeout`/`setInterval` given code as a string."""
    for call in file.nodes("call_expression", "new_expression"):
        name = call_name(file, call)
        if name in _EVALS and call.type == "call_expression":
            yield Finding.at_script_node(file, call, "eval() runs arbitrary code")
        elif name in _FUNCTION and arguments(call):
            message = "the Function constructor compiles a string into code"
            yield Finding.at_script_node(file, call, message)
        elif name in _TIMERS and _is_text(_first(call)):
            timer = name.rpartition(".")[2]
            message = f"{timer}() given a string evaluates it as code"
            yield Finding.at_script_node(file, call, message)


_CHILD_PROCESS = frozenset({"child_process", "node:child_process"})
_SHELL_ALWAYS = frozenset({"exec", "execSync"})
_SHELL_OPTION = frozenset({"spawn", "spawnSync", "execFile", "execFileSync"})


def _with_shell(file: ScriptFile, call: Node) -> bool:
    for argument in arguments(call)[1:]:
        if argument.type != "object":
            continue
        for pair in argument.named_children:
            value = pair.child_by_field_name("value")
            key = key_name(file, pair.child_by_field_name("key"))
            if pair.type == "pair" and key == "shell" and value is not None:
                return value.type not in ("false", "null", "undefined")
    return False


def _process_calls(file: ScriptFile) -> Iterator[tuple[Node, str]]:
    named, namespaces = module_bindings(file, _CHILD_PROCESS)
    if not named and not namespaces:
        return
    for call in file.nodes("call_expression"):
        name = call_name(file, call)
        owner, _, method = name.rpartition(".")
        if owner in namespaces:
            yield call, method
        elif not owner and name in named:
            yield call, named[name]


@check(_NO_SHELL_INJECTION, prefilter=mentions("child_process"))
def no_shell_injection_in_scripts(file: ScriptFile) -> Iterator[Finding]:
    """`child_process` commands built from pieces and run through a shell."""
    for call, method in _process_calls(file):
        if not is_built_string(_first(call)):
            continue
        if method in _SHELL_ALWAYS or (method in _SHELL_OPTION and _with_shell(file, call)):
            message = f"{method}() runs a command built from pieces through a shell"
            yield Finding.at_script_node(file, call, message)


_HMAC_WEAK = frozenset({"md2", "md4", "md5"})


def _algorithm(file: ScriptFile, node: Node | None) -> str:
    text = (string_value(file, node) or "").lower().replace("-", "").replace("_", "")
    return text.removeprefix("rsa")


@check(_WEAK_DECLARATION, prefilter=mentions("createHash", "createHmac", "digest"))
def no_weak_hashes_in_scripts(file: ScriptFile, algorithms: tuple[str, ...]) -> Iterator[Finding]:
    """`createHash`, `createHmac` and `crypto.subtle.digest` with a weak algorithm."""
    for call in file.nodes("call_expression"):
        name = call_name(file, call)
        function = name.rpartition(".")[2]
        if function not in ("createHash", "createHmac") and not name.endswith("subtle.digest"):
            continue
        algorithm = _algorithm(file, _first(call))
        if algorithm not in algorithms or (
            function == "createHmac" and algorithm not in _HMAC_WEAK
        ):
            continue
        yield Finding.at_script_node(file, call, f"{algorithm} is a weak hash algorithm")


_SQL_PREFILTER = mentions("query", "execute", "raw", "Raw", "unsafe", "Unsafe")
_SQL_SINKS = frozenset({"query", "execute", "raw", "unsafe"})
# Sinks whose argument is SQL by definition (a knex `whereRaw` fragment need not say SELECT).
_UNSAFE_SINKS = frozenset(
    {"$queryRawUnsafe", "$executeRawUnsafe", "whereRaw", "orWhereRaw", "havingRaw", "orHavingRaw"}
    | {"orderByRaw", "groupByRaw", "joinRaw", "fromRaw"}
)


def _literal_text(file: ScriptFile, node: Node) -> str:
    """The literal pieces of a built string (`` `SELECT ${a} FROM t` `` -> `SELECT  FROM t`)."""
    pieces = [file.text_of(part) for part in _walk(node) if part.type == "string_fragment"]
    return " ".join(pieces)


def _walk(node: Node) -> Iterator[Node]:
    work = [node]
    while work:
        current = work.pop()
        yield current
        if current.type not in ("template_substitution", "call_expression"):
            work.extend(reversed(current.children))


def _built_sql(file: ScriptFile) -> dict[str, Node]:
    """Names bound (or grown with `+=`) to SQL built from pieces, by name."""
    built: dict[str, Node] = {}
    constants: dict[str, str] = {}
    for node in file.nodes("variable_declarator", "augmented_assignment_expression"):
        grown = node.type == "augmented_assignment_expression"
        target = node.child_by_field_name("left" if grown else "name")
        value = node.child_by_field_name("right" if grown else "value")
        if target is None or target.type != "identifier" or value is None:
            continue
        name = file.text_of(target)
        literal = string_value(file, value)
        if literal is not None and not grown:
            constants[name] = literal
        elif is_built_string(value) or (grown and _is_text(value)):
            text = constants.get(name, "") if grown else ""
            if SQL_WORDS.search(f"{text} {_literal_text(file, value)}"):
                built[name] = value
    return built


@check(_NO_SQL_STRING_BUILDING, prefilter=_SQL_PREFILTER)
def no_sql_string_building_in_scripts(file: ScriptFile) -> Iterator[Finding]:
    """SQL built from template literals or concatenation passed to a query call."""
    built: dict[str, Node] | None = None
    for call in file.nodes("call_expression"):
        method = method_name(file, call)
        first = _first(call)
        if first is None or (method not in _SQL_SINKS and method not in _UNSAFE_SINKS):
            continue
        if first.type == "identifier":
            built = _built_sql(file) if built is None else built
            if file.text_of(first) in built:
                name = file.text_of(first)
                message = f"{name}, SQL built from pieces, reaches {method}()"
                yield Finding.at_script_node(file, call, message)
        elif is_built_string(first) and (
            method in _UNSAFE_SINKS or SQL_WORDS.search(_literal_text(file, first))
        ):
            message = f"SQL built from pieces reaches {method}()"
            yield Finding.at_script_node(file, call, message)


CHECKS: tuple[Check, ...] = (
    no_eval_in_scripts,
    no_shell_injection_in_scripts,
    no_weak_hashes_in_scripts,
    no_sql_string_building_in_scripts,
)
