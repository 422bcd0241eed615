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

import itertools
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from socratic_core.rules._checks import Check, Finding, matches, mentions
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import ParamValue
from socratic_core.rules._patterns import lazy
from socratic_core.rules.builtin._scripts import (
    arguments,
    bound_names,
    call_name,
    is_built_string,
    key_name,
    method_name,
    module_bindings,
    operator_of,
    string_value,
)
from socratic_core.rules.builtin.security import (
    _NO_EVAL,
    _NO_SHELL_INJECTION,
    _TLS_VERIFICATION,
    _WEAK_DECLARATION,
    runs_command_line,
)
from socratic_core.rules.builtin.sql import _NO_SQL_STRING_BUILDING, SQL_STATEMENT, SQL_WORDS

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


_VM = frozenset({"vm", "node:vm"})
# node:vm's functions that compile their first argument as code (`new vm.Script(code)` too).
_VM_RUNS = frozenset({"runInNewContext", "runInThisContext", "runInContext", "compileFunction"})
_VM_RUNS_ALL = _VM_RUNS | {"Script"}


def _indirect_eval(file: ScriptFile, call: Node) -> bool:
    """`(0, eval)(code)`: eval called through a comma expression (global, indirect eval)."""
    callee = call.child_by_field_name("function")
    if callee is None or callee.type != "parenthesized_expression" or not callee.named_children:
        return False
    inner = callee.named_children[-1]
    last = inner.named_children[-1] if inner.type == "sequence_expression" else None
    return last is not None and last.type == "identifier" and file.text_of(last) == "eval"


def _vm_call(file: ScriptFile, call: Node, named: dict[str, str], spaces: set[str]) -> str:
    """The node:vm function a call or `new` runs (`runInNewContext`, `Script`), or ''."""
    owner, _, function = call_name(file, call).rpartition(".")
    if owner in spaces and function in _VM_RUNS_ALL:
        return function
    if not owner and named.get(function, "") in _VM_RUNS_ALL:
        return named[function]
    return ""


_EVAL_NAMES = mentions("eval", "Function", "setTimeout", "setInterval")
_VM_MODULE = matches(r"""["'](?:node:)?vm["']""", names=False)


def _may_eval(text: str, params: Mapping[str, ParamValue]) -> bool:
    """Whether a file names eval, the Function constructor or a timer, or imports node:vm."""
    return _EVAL_NAMES(text, params) or _VM_MODULE(text, params)


@check(_NO_EVAL, prefilter=_may_eval)
def no_eval_in_scripts(file: ScriptFile) -> Iterator[Finding]:
    """`eval(...)`, `new Function(...)`, node:vm, and timers given code as a string.

    `(0, eval)(code)` is eval too; node:vm's `runInNewContext`, `runInThisContext`,
    `runInContext`, `compileFunction` and `new vm.Script(code)` compile their first argument.
    """
    named, spaces = module_bindings(file, _VM) if _VM_MODULE(file.text, {}) else ({}, set())
    for call in file.nodes("call_expression", "new_expression"):
        name = call_name(file, call)
        vm = _vm_call(file, call, named, spaces) if named or spaces else ""
        if (name in _EVALS and call.type == "call_expression") or _indirect_eval(file, call):
            yield Finding.at_script_node(file, call, "eval() runs arbitrary code")
        elif name in _FUNCTION and arguments(call):
            message = "the Function constructor compiles a string into code"
            yield Finding.at_script_node(file, call, message)
        elif name in _TIMERS and _is_text(_first(call)):
            timer = name.rpartition(".")[2]
            message = f"{timer}() given a string evaluates it as code"
            yield Finding.at_script_node(file, call, message)
        elif vm and arguments(call):
            yield Finding.at_script_node(file, call, f"vm {vm}() compiles a string into code")


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


def _module_call(
    file: ScriptFile, call: Node, named: dict[str, str], spaces: set[str], modules: frozenset[str]
) -> str:
    """The function of `modules` a call calls (`exec`), by import, namespace or `require()`."""
    name = call_name(file, call)
    owner, _, method = name.rpartition(".")
    if owner in spaces:
        return method
    if not owner and name in named:
        return named[name]
    callee = call.child_by_field_name("function")
    inline = callee.child_by_field_name("object") if callee is not None else None
    if (  # `require("child_process").exec(...)`
        inline is not None
        and inline.type == "call_expression"
        and call_name(file, inline) == "require"
        and string_value(file, _first(inline)) in modules
    ):
        return method_name(file, call)
    return ""


def _shell_line(file: ScriptFile, call: Node) -> Node | None:
    """The command line of `spawn("sh", ["-c", line])` and the like (a shell told to run it)."""
    given = arguments(call)
    program = string_value(file, given[0]) if given else None
    if program is None or len(given) < 2 or given[1].type != "array":
        return None
    words = [word for word in given[1].named_children if word.type != "comment"]
    for flag, line in itertools.pairwise(words):
        if runs_command_line(program, string_value(file, flag) or ""):
            return line
    return None


@check(_NO_SHELL_INJECTION, prefilter=mentions("child_process"))
def no_shell_injection_in_scripts(file: ScriptFile) -> Iterator[Finding]:
    """`child_process` commands built from pieces and run through a shell.

    The command may be built where it is passed or in a variable bound before (`cmd` in
    `exec(cmd)`); a shell given a built line to run (`spawn("sh", ["-c", line])`) counts too.
    """
    named, spaces = module_bindings(file, _CHILD_PROCESS)
    for call, bindings in _calls(file):
        method = _module_call(file, call, named, spaces, _CHILD_PROCESS)
        if not method:
            continue
        command = _first(call) if method in _SHELL_ALWAYS else None
        if method in _SHELL_OPTION:
            command = _first(call) if _with_shell(file, call) else _shell_line(file, call)
        if command is not None and _built(bindings, command) is not None:
            message = f"{method}() runs a command built from pieces through a shell"
            yield Finding.at_script_node(file, call, message)


_HMAC_WEAK = frozenset({"md2", "md4", "md5"})


def _algorithm(file: ScriptFile, node: Node | None) -> str:
    text = (string_value(file, node) or "").lower().replace("-", "").replace("_", "")
    return text.removeprefix("rsa")


# Hash libraries whose function names its algorithm: crypto-js (`CryptoJS.MD5(text)`, `import
# { SHA1 } from "crypto-js"`), and the packages whose default export is one (`md5(text)`).
_CRYPTO_JS = frozenset({"crypto-js"})
_CRYPTO_JS_HASHES = {"MD5": "md5", "SHA1": "sha1"}
_HASH_PACKAGES = {
    "md5": frozenset({"md5", "blueimp-md5", "js-md5", "crypto-js/md5", "md5-hex"}),
    "sha1": frozenset({"sha1", "js-sha1", "crypto-js/sha1"}),
}


def _hash_functions(file: ScriptFile) -> tuple[dict[str, str], dict[str, str]]:
    """Local names that hash with a named algorithm, and crypto-js namespaces' function names."""
    functions: dict[str, str] = {}
    for algorithm, modules in _HASH_PACKAGES.items():
        named, spaces = module_bindings(file, modules)
        functions.update(dict.fromkeys(spaces, algorithm))
        functions.update(dict.fromkeys(named, algorithm))
    named, spaces = module_bindings(file, _CRYPTO_JS)
    for local, imported in named.items():
        if imported in _CRYPTO_JS_HASHES:
            functions[local] = _CRYPTO_JS_HASHES[imported]
    members = {
        f"{space}.{name}": alg for space in spaces for name, alg in _CRYPTO_JS_HASHES.items()
    }
    return functions, members


@check(
    _WEAK_DECLARATION,
    prefilter=mentions("createHash", "createHmac", "digest", "md5", "MD5", "sha1", "SHA1"),
)
def no_weak_hashes_in_scripts(file: ScriptFile, algorithms: tuple[str, ...]) -> Iterator[Finding]:
    """`createHash`, `createHmac`, `crypto.subtle.digest`, crypto-js and md5 packages.

    `require("crypto").createHash("md5")` counts as `crypto.createHash("md5")`;
    `CryptoJS.MD5(text)`, `CryptoJS.SHA1(text)` and the default export of the `md5` and `sha1`
    packages hash with the algorithm they are named after.
    """
    functions, members = _hash_functions(file)
    for call in file.nodes("call_expression"):
        name = call_name(file, call)
        function = method_name(file, call)
        named = functions.get(name) or members.get(name)
        if named is not None:
            if named in algorithms:
                yield Finding.at_script_node(file, call, f"{named} is a weak hash algorithm")
            continue
        if function not in ("createHash", "createHmac") and not name.endswith("subtle.digest"):
            continue
        algorithm = _algorithm(file, _first(call))
        if algorithm not in algorithms or (
            function == "createHmac" and algorithm not in _HMAC_WEAK
        ):
            continue
        yield Finding.at_script_node(file, call, f"{algorithm} is a weak hash algorithm")


_SQL_SINK_NAMES = mentions("query", "execute", "raw", "Raw", "unsafe", "Unsafe")
# The generic calls count only for a whole statement: a file must say both.
_STATEMENT_CALLS = matches(r"\.\s*(?:all|run|get|each|prepare|exec)\b")
# A statement's verb, as a cheap test (the precise shape is read at the call).
_STATEMENT_WORDS = matches(
    r"select|insert|update|delete|SELECT|INSERT|UPDATE|DELETE|Select|Insert|Update|Delete",
    names=False,
)


def _may_build_sql(text: str, params: Mapping[str, ParamValue]) -> bool:
    """Whether a file names a query call, or a generic one and an SQL statement's verb."""
    if _SQL_SINK_NAMES(text, params):
        return True
    return _STATEMENT_CALLS(text, params) and _STATEMENT_WORDS(text, params)


_SQL_SINKS = frozenset({"query", "execute", "raw", "unsafe"})
# node-sqlite3's and better-sqlite3's calls: generic names, so only for a whole statement.
_STATEMENT_SINKS = frozenset({"all", "run", "get", "each", "prepare", "exec"})
# ... called on what a database is named by (`db.all`, `this.database.run`, `conn.prepare`).
_DATABASE = lazy(r"(?i)^(?:db|database|sqlite\w*|\w*conn(?:ection)?|client|pool|tx|trx)$")
_SQL_KEYS = frozenset({"text", "sql"})  # `pool.query({ text, values })`, mysql's `{ sql }`
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
        if current.type not in _OPAQUE:
            work.extend(reversed(current.children))


# What the literal text of a built string does not look into: values, calls, and bindings and
# functions of their own (each is read where it is: nested ones would be read again and again).
_OPAQUE = frozenset(
    {"template_substitution", "call_expression", "new_expression", "assignment_expression"}
    | {"augmented_assignment_expression", "arrow_function", "function_expression", "function"}
)


# What a name is bound to, for the SQL and shell checks: fixed text, text that cannot carry
# input (a number, a placeholder list), text built from pieces, or anything else (a parameter).
_CONSTANT, _SAFE, _BUILT, _OTHER = "constant", "safe", "built", "other"
_FUNCTIONS = (
    "function_declaration",
    "function_expression",
    "function",
    "arrow_function",
    "method_definition",
    "generator_function_declaration",
    "generator_function",
)
_PARAMETER_WRAPPERS = frozenset({"required_parameter", "optional_parameter"})
# Calls whose result is a number (and `Array(n)`, holes filled next: `Array(n).fill("?")`), and
# functions that escape or quote a value by name (`this.escapePath(table)`,
# `connection.escapeId(column)`, `client.quoteIdentifier(name)`, shell-quote's `quote(args)`).
_NUMBER_CALLS = frozenset({"Number", "parseInt", "parseFloat", "toFixed", "BigInt", "Array"})
_ESCAPING = lazy(r"^(?:escape|quote)|^wrapIdentifier$|^format(?:Identifier|Ident)$", re.I)
_NUMERIC = frozenset({"-", "*", "/", "%", "**", "<", ">", "<=", ">=", "===", "!=="})
_FIXED_NODES = frozenset(
    {"string", "number", "true", "false", "null", "undefined", "escape_sequence", "comment"}
)
_CONSTANT_NAME = lazy(r"^[A-Z][A-Z0-9_]*$")
_CONTAINERS = frozenset({"template_string", "template_substitution", "parenthesized_expression"})
_TEXT_PIECES = frozenset({"string_fragment", "escape_sequence", "comment"})


class _Bindings:
    """What each name is bound to where a call reads it, in one pass in source order.

    Functions open a scope; their parameters shadow outer names; a scope's bindings end where
    the function does. Each name keeps a stack of its bindings, so a lookup costs O(1) and the
    pass stays linear however deep functions nest.
    """

    def __init__(self, file: ScriptFile) -> None:
        self.file = file
        self._names: dict[str, list[tuple[str, str, Node | None]]] = {}
        self._frames: list[tuple[int, list[str]]] = [(len(file.source) + 1, [])]

    def enter(self, node: Node) -> None:
        """Close the scopes that end before `node`; open one if `node` is a function."""
        while self._frames[-1][0] <= node.start_byte:
            for name in self._frames.pop()[1]:
                self._names[name].pop()
        if node.type in _FUNCTIONS:
            self._frames.append((node.end_byte, []))
            for parameter in _parameters(node):
                self.bind(self.file.text_of(parameter), _OTHER, "", None)

    def bind(self, name: str, kind: str, text: str, value: Node | None) -> None:
        """Bind `name` in the innermost scope."""
        self._names.setdefault(name, []).append((kind, text, value))
        self._frames[-1][1].append(name)

    def rebind(self, name: str, kind: str, text: str, value: Node | None) -> None:
        """Assign to `name` where it is bound (SQL once built stays built: branches join)."""
        stack = self._names.get(name)
        if not stack:
            self.bind(name, kind, text, value)
        elif stack[-1][0] != _BUILT:
            stack[-1] = (kind, text, value)

    def lookup(self, name: str) -> tuple[str, str, Node | None] | None:
        """The binding of `name` here, or None."""
        stack = self._names.get(name)
        return stack[-1] if stack else None


def _parameters(function: Node) -> Iterator[Node]:
    single = function.child_by_field_name("parameter")  # `x => ...`
    if single is not None:
        yield from bound_names(single)
    given = function.child_by_field_name("parameters")
    for parameter in given.named_children if given is not None else ():
        wrapped = parameter.type in _PARAMETER_WRAPPERS
        yield from bound_names(parameter.child_by_field_name("pattern") if wrapped else parameter)


def _safe(bindings: _Bindings, node: Node) -> bool:
    """Whether an expression's text cannot carry input (into SQL, or a command line).

    Literals and names bound to them, numbers, escaped or quoted values, placeholder lists
    (`ids.map(() => "?").join(", ")`) and text built from these only. (A loop, not recursion.)
    """
    work = [node]
    while work:
        parts = _safe_parts(bindings, work.pop())
        if parts is None:
            return False
        work.extend(parts)
    return True


def _safe_parts(bindings: _Bindings, node: Node) -> list[Node] | None:
    """The parts whose safety makes `node` safe: [] when it is safe, None when it is not."""
    file, kind = bindings.file, node.type
    parts: list[Node] | None = None
    if kind in _FIXED_NODES:
        parts = []
    elif kind in _CONTAINERS:  # a template's substitutions, a parenthesis's inside
        parts = [part for part in node.named_children if part.type not in _TEXT_PIECES]
    elif kind == "binary_expression":
        operator = operator_of(node)
        parts = node.named_children if operator == "+" else [] if operator in _NUMERIC else None
    elif kind == "ternary_expression":
        branches = (node.child_by_field_name(field) for field in ("consequence", "alternative"))
        parts = [branch for branch in branches if branch is not None]
    elif kind == "identifier":
        bound = bindings.lookup(file.text_of(node))
        parts = [] if bound is not None and bound[0] in (_CONSTANT, _SAFE) else None
    elif kind == "member_expression" and _fixed_member(file, node):
        parts = []
    elif kind in ("call_expression", "new_expression"):
        parts = _safe_call_parts(bindings, node)
    return parts


def _fixed_member(file: ScriptFile, member: Node) -> bool:
    """`xs.length` (a number), or an enum's or a constant's member (`TableType.VIEW`)."""
    name = key_name(file, member)
    owner = member.child_by_field_name("object")
    while owner is not None and owner.type == "member_expression":
        owner = owner.child_by_field_name("object")
    return name == "length" or (
        bool(_CONSTANT_NAME.match(name)) and owner is not None and owner.type == "identifier"
    )


def _safe_call_parts(bindings: _Bindings, call: Node) -> list[Node] | None:
    """What must be safe for a call's result to be: numbers and escaping calls need nothing."""
    file = bindings.file
    dotted = call_name(file, call)
    name = dotted.rpartition(".")[2] or method_name(file, call)
    given, owner = arguments(call), _owner(call)
    parts: list[Node] | None = None
    if name in _NUMBER_CALLS or dotted.startswith("Math.") or _ESCAPING.search(name):
        parts = []
    elif name in ("fill", "repeat") and owner is not None:  # `.fill("?")`, `"?, ".repeat(n)`
        parts = [owner, *given[:1]] if name == "fill" else [owner]
    elif name == "map" and given and given[0].type == "arrow_function":
        body = given[0].child_by_field_name("body")
        parts = [body] if body is not None and body.type != "statement_block" else None
    elif name == "join" and owner is not None and owner.type == "array":
        parts = [*owner.named_children, *given]
    elif (
        name == "join" and owner is not None and owner.type in ("call_expression", "new_expression")
    ):
        parts = [owner, *given]
    return parts


def _owner(call: Node) -> Node | None:
    """The object a method is called on (`ids` in `ids.join(",")`), or None."""
    callee = call.child_by_field_name("function")
    if callee is None or callee.type != "member_expression":
        return None
    return callee.child_by_field_name("object")


def _sql_text(file: ScriptFile, bindings: _Bindings, node: Node) -> tuple[str, str]:
    """What text an expression is (`_CONSTANT`, `_SAFE`, `_BUILT`, `_OTHER`), and its words."""
    literal = string_value(file, node)
    if literal is not None:
        return _CONSTANT, literal
    if node.type in ("string", "template_string", "binary_expression", "parenthesized_expression"):
        text = _literal_text(file, node)
        if _safe(bindings, node):
            return _SAFE, text
        return (_BUILT, text) if is_built_string(node) else (_OTHER, text)
    return (_SAFE, "") if _safe(bindings, node) else (_OTHER, "")


def _track(bindings: _Bindings, node: Node) -> None:
    """Record what a declaration or an assignment binds, growing text with `+=`."""
    file = bindings.file
    grown = node.type == "augmented_assignment_expression"
    declared = node.type == "variable_declarator"
    target = node.child_by_field_name("name" if declared else "left")
    value = node.child_by_field_name("value" if declared else "right")
    if target is None or target.type != "identifier" or value is None:
        if declared and target is not None:  # `let sql;`, `const { sql } = ...` shadow
            for bound in bound_names(target):
                bindings.bind(file.text_of(bound), _OTHER, "", None)
        return
    if grown and operator_of(node) != "+=":
        return
    name = file.text_of(target)
    kind, text = _sql_text(file, bindings, value)
    if grown or (not declared and _leftmost(file, value) == name):  # `sql = sql + " AND ..."`
        before = bindings.lookup(name)
        if before is not None and before[0] in (_CONSTANT, _SAFE, _BUILT):
            text = f"{before[1]} {text}"
            kind = _BUILT if _BUILT in (before[0], kind) or kind == _OTHER else _SAFE
        else:
            kind = _OTHER
    (bindings.bind if declared else bindings.rebind)(name, kind, text, value)


def _leftmost(file: ScriptFile, node: Node) -> str:
    """The name a `+` chain starts with (`sql` in `sql + " WHERE " + x`), or ''."""
    while node.type == "binary_expression" and operator_of(node) == "+":
        left = node.child_by_field_name("left")
        if left is None:
            return ""
        node = left
    return file.text_of(node) if node.type == "identifier" else ""


def _calls(file: ScriptFile) -> Iterator[tuple[Node, _Bindings]]:
    """Yield every call and `new`, with what each name is bound to where it is made."""
    bindings = _Bindings(file)
    kinds = (*_FUNCTIONS, "variable_declarator", "assignment_expression")
    for node in file.nodes(*kinds, "augmented_assignment_expression", *_CALLS):
        bindings.enter(node)
        if node.type in _CALLS:
            yield node, bindings
        elif node.type not in _FUNCTIONS:
            _track(bindings, node)


_CALLS = ("call_expression", "new_expression")


def _built(bindings: _Bindings, node: Node) -> str | None:
    """The literal text of text built from pieces that may carry input (here or bound), or None.

    `` `a ${b}` ``, `"a" + b`, or a name bound (or grown) to such text in scope; text whose
    pieces cannot carry input (numbers, escaped values, fixed text) is not built.
    """
    if node.type == "identifier":
        bound = bindings.lookup(bindings.file.text_of(node))
        return bound[1] if bound is not None and bound[0] == _BUILT else None
    if is_built_string(node) and not _safe(bindings, node):
        return _literal_text(bindings.file, node)
    return None


def _query_text(file: ScriptFile, call: Node) -> Node | None:
    """The SQL a query call is given: its first argument, or a config's `text`/`sql` (pg, mysql)."""
    first = _first(call)
    if first is None or first.type != "object":
        return first
    for pair in first.named_children:
        if pair.type == "pair" and key_name(file, pair.child_by_field_name("key")) in _SQL_KEYS:
            return pair.child_by_field_name("value")
    return None


_ALL_SINKS = _SQL_SINKS | _UNSAFE_SINKS | _STATEMENT_SINKS


def _sink(file: ScriptFile, call: Node) -> str:
    """The query method a call calls (`query`, `whereRaw`, a database's `all`), or ''."""
    method = method_name(file, call)
    if method not in _STATEMENT_SINKS:
        return method if method in _ALL_SINKS else ""
    callee = call.child_by_field_name("function")
    owner = callee.child_by_field_name("object") if callee is not None else None
    named = key_name(file, owner) or (file.text_of(owner) if owner is not None else "")
    return method if _DATABASE.match(named) else ""


def _sinks_taking_text(file: ScriptFile) -> set[str]:
    """The query calls of a file given a name or built text."""
    sinks: set[str] = set()
    for call in file.nodes("call_expression"):
        method = _sink(file, call)
        if method and method not in sinks:
            given = _query_text(file, call)
            if given is not None and (given.type == "identifier" or is_built_string(given)):
                sinks.add(method)
    return sinks


@check(_NO_SQL_STRING_BUILDING, prefilter=_may_build_sql)
def no_sql_string_building_in_scripts(file: ScriptFile) -> Iterator[Finding]:
    """SQL built from template literals or concatenation passed to a query call.

    Values that cannot carry input build no SQL: numbers, escaped or quoted identifiers and
    values (`this.escapePath(table)`, `connection.escapeId(column)`), placeholder lists
    (`ids.map(() => "?").join(", ")`) and fixed text. Names are read in their scope: a
    function's parameter is not the SQL another function built under the same name. The
    database calls of node-sqlite3 and better-sqlite3 (`db.all`, `db.run`, `db.prepare`...)
    are generic names: they count on what a database is named by (`db`, `conn`, `client`...),
    given a whole statement (`SELECT ... FROM`).
    """
    sinks = _sinks_taking_text(file)
    if not sinks:
        return  # no query call given a name or built text: no need to follow names
    for call, bindings in _calls(file):
        method = _sink(file, call)
        statement = method in _STATEMENT_SINKS
        if method not in sinks:
            continue
        given = _query_text(file, call)
        text = _built(bindings, given) if given is not None else None
        shape = SQL_STATEMENT if statement else SQL_WORDS
        if text is None or (method not in _UNSAFE_SINKS and not shape.search(text.strip())):
            continue
        if given is not None and given.type == "identifier":
            name = file.text_of(given)
            message = f"{name}, SQL built from pieces, reaches {method}()"
        else:
            message = f"SQL built from pieces reaches {method}()"
        yield Finding.at_script_node(file, call, message)


# Options that turn certificate checks off when false (Node's tls/https, `request`'s strictSSL),
# and the environment variable that turns them off for the whole process when "0".
_TLS_OPTIONS = frozenset({"rejectUnauthorized", "strictSSL"})
_TLS_VARIABLE = "NODE_TLS_REJECT_UNAUTHORIZED"


def _tls_off(file: ScriptFile, key: str, value: Node | None) -> bool:
    if value is None:
        return False
    if key in _TLS_OPTIONS:
        return value.type == "false"
    literal = string_value(file, value)
    return key == _TLS_VARIABLE and (literal == "0" or file.text_of(value) == "0")


@check(_TLS_VERIFICATION, prefilter=mentions(*sorted(_TLS_OPTIONS), _TLS_VARIABLE))
def tls_verification_in_scripts(file: ScriptFile) -> Iterator[Finding]:
    """TLS certificate verification turned off in TypeScript/JavaScript.

    `{ rejectUnauthorized: false }` (an `https.Agent`, `tls.connect`, a client's options) or
    `options.rejectUnauthorized = false`, `strictSSL: false`, and
    `process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"` (or `0`, or the variable in an `env`).
    """
    for node in file.nodes("pair", "assignment_expression"):
        pair = node.type == "pair"
        key = key_name(file, node.child_by_field_name("key" if pair else "left"))
        if _tls_off(file, key, node.child_by_field_name("value" if pair else "right")):
            yield Finding.at_script_node(file, node, f"{key} turns TLS verification off")


CHECKS: tuple[Check, ...] = (
    no_eval_in_scripts,
    no_shell_injection_in_scripts,
    no_weak_hashes_in_scripts,
    no_sql_string_building_in_scripts,
    tls_verification_in_scripts,
)
