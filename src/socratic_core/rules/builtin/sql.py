"""Built-in check for SQL built from strings.

SQL is *built* when values are formatted or concatenated into SQL text: an f-string with
replacement fields, `%`, `+` or `.format()` on SQL-shaped text, a module or function constant
formatted at the call (`QUERY.format(name)`, `QUERY % name`), or a name grown with `sql += ...`
across statements. Built SQL that reaches a sink (DB-API `execute*`, SQLAlchemy `text()` and
`exec_driver_sql()`, pandas `read_sql*`, Django `raw()`, `extra()` and `RawSQL`) is an error; a
statement-shaped SQL string built and returned from a function (a query builder whose caller
executes it), or built and handed to any other call (asyncpg's `conn.fetch(...)`, a helper), is
reported at warning severity at most.

Only values that could carry input build SQL: placeholders joined from literals
(`", ".join(["%s"] * len(ids))`), numbers (`int(limit)`) and identifiers quoted by the
database's own function (`connection.ops.quote_name(table)`) do not.

DDL (`CREATE`, `DROP`, `ALTER`) is not SQL-shaped here: identifiers cannot be bound parameters,
so formatting them in is the only way to write such statements (bandit and ruff agree).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace

from socratic_core.rules._analysis import PythonFile
from socratic_core.rules._checks import Check, Finding, lowered_spellings, names_in, spellings
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import Category, CheckDeclaration, Frame, ParamValue, Severity
from socratic_core.rules._patterns import LazyPattern, lazy
from socratic_core.rules._sites import dotted_name
from socratic_core.rules.builtin._common import (
    first_names,
    imports_relatively,
    last_names,
    may_splice,
    string_value,
)

__all__ = ["CHECKS", "SQL_STATEMENT", "SQL_WORDS"]

_SINK_TAILS = frozenset(
    {"execute", "executemany", "executescript", "exec_driver_sql", "raw", "mogrify"}
    | {"execute_sql"}  # peewee's `database.execute_sql(sql, params)`
    | {"read_sql", "read_sql_query", "RawSQL"}
)
_SINK_NAMES = frozenset(
    {"sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text"} | {"sqlmodel.text"}
)
_SQL_KEYWORDS = ("sql", "query", "statement", "stmt", "operation")
_EXTRA_KEYWORDS = ("where", "select", "tables", "order_by")
# Words that make formatted text SQL at a sink.
SQL_WORDS = lazy(r"\b(?:select|insert|update|delete|where|values|from|join|union)\b", re.I)
# A whole statement, as bandit and ruff (S608) recognise one; used for strings that are returned.
_STATEMENT = lazy(
    r"^[\s(]*(?:select\s.+\sfrom\s|delete\s+from\s|insert\s+into\s.+\svalues[\s(]|update\s.+\sset\s)",
    re.I | re.S,
)
SQL_STATEMENT = _STATEMENT  # for the TypeScript/JavaScript check's generic call names
_ANY = lazy("")  # extra(where=[...]) fragments are SQL by definition
_Scope = ast.AST | None


class _Tracer:
    """What one module binds to names: string constants, and SQL built by formatting."""

    def __init__(self, python: PythonFile) -> None:
        self.constants: dict[tuple[int, str], str] = {}
        self.built: dict[tuple[int, str], str] = {}
        self.safe: set[tuple[int, str]] = set()  # names bound to text that cannot inject
        for site in python.index.assigns:
            self._bind(site.node, id(site.function) if site.function is not None else 0)

    def _bind(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign, scope: int) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if len(targets) != 1 or not isinstance(targets[0], ast.Name) or node.value is None:
            return
        key = (scope, targets[0].id)
        if isinstance(node, ast.AugAssign):
            # `+=` builds SQL only onto text: a name bound to a string before, or a value that
            # formats one (`rows += cursor.execute("... ?", args).fetchall()` is a list).
            prior = self.constants.get(key, self.built.get(key))
            text_like = prior is not None or self.dynamic(node.value, scope)
            if isinstance(node.op, ast.Add) and text_like and not self.safe_text(node.value, scope):
                self.built[key] = (prior or "") + self.text(node.value, scope)
                self.constants.pop(key, None)  # no longer a constant: `sql + "'"` is built too
                self.safe.discard(key)
            return
        literal = string_value(node.value)
        self.safe.discard(key)
        if literal is not None:
            self.constants[key] = literal
        elif self.dynamic(node.value, scope):
            self.built[key] = self.text(node.value, scope)
        elif self.safe_text(node.value, scope):
            self.safe.add(key)

    def lookup(self, name: str, scope: int, table: dict[tuple[int, str], str]) -> str | None:
        found = table.get((scope, name))
        return found if found is not None else table.get((0, name))

    def _template(self, node: ast.AST, scope: int) -> str | None:
        """The text a `%` formats: a literal's, or the constant a name is bound to."""
        literal = string_value(node)
        name = _constant_name(node)
        if literal is None and name is not None:
            literal = self.lookup(name, scope, self.constants)
        return literal

    def _constant(self, node: ast.AST, scope: int) -> bool:
        if string_value(node) is not None:
            return True
        name = _constant_name(node)
        return name is not None and self.lookup(name, scope, self.constants) is not None

    def text(self, node: ast.AST, scope: int) -> str:
        """The SQL text an expression holds: its literals and the constants it names."""
        parts: list[str] = []
        work: list[ast.AST] = [node]
        while work:  # depth first, children in field order: the text in source order
            child = work.pop()
            literal = string_value(child)
            name = _constant_name(child)
            if literal is None and name is not None:
                literal = self.lookup(name, scope, self.constants)
                if literal is None:
                    literal = self.lookup(name, scope, self.built)
            if literal is not None:
                parts.append(literal)
            else:
                work.extend(reversed(list(ast.iter_child_nodes(child))))
        return " ".join(parts)

    def dynamic(self, node: ast.AST | None, scope: int) -> bool:
        """Whether an expression formats or concatenates values into text.

        Only values that could carry input count: text made of literals alone (the placeholders
        `", ".join(["%s"] * len(ids))`), numbers (`int(limit)`, `len(rows)`) and identifiers
        quoted by the database's quoting function (`connection.ops.quote_name(table)`) cannot
        inject anything, and identifiers cannot be bound parameters.
        """
        if isinstance(node, ast.JoinedStr):
            return not all(self.safe_text(field, scope) for field in _fields(node))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
            if isinstance(node.op, ast.Mod) and _is_number(node.left):
                return False  # `2 % count`: arithmetic, not formatting
            values = _formatted(node, self._template(node.left, scope))
            return not all(self.safe_text(v, scope) for v in (node.left, *values))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr != "format" or not self._constant(node.func.value, scope):
                return False
            arguments = [*node.args, *(kw.value for kw in node.keywords)]
            return not all(self.safe_text(argument, scope) for argument in arguments)
        return False

    def safe_text(self, node: ast.AST | None, scope: int) -> bool:
        """Whether an expression's text cannot carry input into SQL.

        Literals and the names bound to them, numbers, placeholders joined from literals
        (`", ".join(["?"] * n)`), identifiers quoted by the database's function, and text
        formatted or concatenated from these only. (A loop, not recursion: a concatenation of
        thousands of pieces is one deep tree.)
        """
        work: list[ast.AST | None] = [node]
        while work:
            parts = self._safe_parts(work.pop(), scope)
            if parts is None:
                return False
            work.extend(parts)
        return True

    def _safe_parts(self, node: ast.AST | None, scope: int) -> list[ast.expr] | None:
        """The parts whose safety makes `node` safe: [] when it is safe, None when it is not."""
        if node is None or self._constant(node, scope):
            return []
        if isinstance(node, ast.Constant):
            return [] if isinstance(node.value, int | float | bool) or node.value is None else None
        if isinstance(node, ast.Name):
            return [] if self._safe_name(node.id, scope) else None
        if isinstance(node, ast.BinOp):
            return _operands(node)
        if isinstance(node, ast.JoinedStr):
            return _fields(node)
        return self._safe_call_parts(node) if isinstance(node, ast.Call) else None

    def _safe_name(self, name: str, scope: int) -> bool:
        if (scope, name) in self.safe:
            return True
        local = (scope, name) in self.built or (scope, name) in self.constants
        return not local and (0, name) in self.safe

    def _safe_call_parts(self, node: ast.Call) -> list[ast.expr] | None:
        name = dotted_name(node.func).rpartition(".")[2]
        if isinstance(node.func, ast.Name) and name in _NUMBERS:
            return []
        if name in _QUOTING or name.endswith(_QUOTING_TAILS):  # `self.geo_quote_name(table)`
            return []
        if name == "join" and isinstance(node.func, ast.Attribute) and len(node.args) == 1:
            items = _items(node.args[0])
            return None if items is None else [node.func.value, *items]
        return None

    def built_sql(self, node: ast.AST | None, scope: int, shape: LazyPattern) -> bool:
        """Whether an expression is SQL of this shape built from strings (here or earlier)."""
        if isinstance(node, ast.Name):
            built = self.lookup(node.id, scope, self.built)
            return built is not None and bool(shape.search(built))
        return (
            node is not None
            and self.dynamic(node, scope)
            and bool(shape.search(self.text(node, scope)))
        )


# Calls whose result is a number; and the functions that quote an identifier for SQL (Django's
# `connection.ops.quote_name`, SQLAlchemy's `preparer.quote`... by their last name).
_NUMBERS = frozenset({"int", "float", "len", "round", "abs", "bool"})
_QUOTING = frozenset(
    {"quote_name", "quote_name_unless_alias", "quote_ident", "quote_identifier"}
    | {"quote_identifiers", "escape_identifier", "quote_schema", "format_table", "format_column"}
    | {"format_schema", "format_sequence", "format_table_seq"}
)
_QUOTING_TAILS = ("_quote_name", "_quote_ident", "_quote_identifier")


def _is_number(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, int | float)


def _constant_name(node: ast.AST) -> str | None:
    """The name a constant may be bound to: `QUERY`, or a class's `self.QUERY`, `cls.QUERY`."""
    if isinstance(node, ast.Name):
        return node.id
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("self", "cls")
    ):
        return node.attr
    return None


def _operands(node: ast.BinOp) -> list[ast.expr] | None:
    """The operands whose safety makes text built with `+` or `%` safe; `"?, " * n` is."""
    if isinstance(node.op, ast.Mult):
        literal = any(string_value(side) is not None for side in (node.left, node.right))
        return [] if literal else None
    if isinstance(node.op, ast.Add):
        return [node.left, *_values(node.right)]
    if isinstance(node.op, ast.Mod):
        return [node.left, *_formatted(node, string_value(node.left))]
    return None


# A `%` conversion: `%s`, `%(name)s`, `%-5d`, `%.2f`, `%%`; a numeric one (`d`, `i`, `f`, `x`...)
# turns its value into a number, or raises, so it writes no input into the text.
_CONVERSION = lazy(
    r"%(?:\((?P<key>[^()]*)\))?[#0 +-]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?"
    r"[hlL]?(?P<type>.)",
    re.S,
)
_NUMERIC_TYPES = frozenset("diouxXeEfFgG")
# A replacement field's format spec that makes its value a number (`{n:d}`, `{x:.2f}`, `{n:,}`).
_NUMERIC_SPEC = lazy(r"^[^{}]*[bdoxXneEfFgG%,_]$")


def _formatted(node: ast.BinOp, template: str | None) -> list[ast.expr]:
    """The values `template % values` writes as text: all of them, less the numeric conversions'.

    `"... where x = %d" % i` writes a number; when the template cannot be read (not a literal, a
    `*` width taking a value of its own) every value counts.
    """
    values = _values(node.right)
    if template is None:
        return values
    conversions = [m for m in _CONVERSION.finditer(template) if m["type"] != "%"]
    if any("*" in (m["width"] or "") + (m["precision"] or "") for m in conversions):
        return values
    numeric = [m["type"] in _NUMERIC_TYPES for m in conversions]
    if isinstance(node.right, ast.Dict):
        keyed = {m["key"]: m["type"] in _NUMERIC_TYPES for m in conversions}
        pairs = zip(node.right.keys, node.right.values, strict=True)
        return [v for k, v in pairs if not keyed.get(string_value(k) or "", False)]
    if len(numeric) != len(values) or any(m["key"] is not None for m in conversions):
        return values
    return [value for value, number in zip(values, numeric, strict=True) if not number]


def _fields(node: ast.JoinedStr) -> list[ast.expr]:
    """The values an f-string writes as text: its fields, less those formatted as numbers."""
    fields: list[ast.expr] = []
    for part in node.values:
        if not isinstance(part, ast.FormattedValue):
            continue
        spec = part.format_spec
        literal = (
            len(spec.values) == 1 and string_value(spec.values[0])
            if isinstance(spec, ast.JoinedStr)
            else None
        )
        if not (part.conversion == -1 and literal and _NUMERIC_SPEC.match(literal)):
            fields.append(part.value)
    return fields


def _items(node: ast.expr) -> list[ast.expr] | None:
    """The items a joined sequence is made of (`["?"] * n`, `("%s" for _ in ids)`), or None."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        sides = [side for side in (node.left, node.right) if not isinstance(side, ast.BinOp)]
        found = [_items(side) for side in sides]
        return next((items for items in found if items is not None), None)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return list(node.elts)
    if isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp):
        return [node.elt]
    return [] if string_value(node) is not None else None  # `",".join("??")`


def _values(node: ast.expr) -> list[ast.expr]:
    """The values `%` formats in: a tuple's items, a dictionary's values, or the one value."""
    if isinstance(node, ast.Tuple):
        return list(node.elts)
    if isinstance(node, ast.Dict):
        return [v for v in node.values if v is not None]
    return [node]


def _query_arguments(call: ast.Call, name: str) -> list[ast.expr]:
    tail = name.rpartition(".")[2]
    if tail == "extra":
        return [kw.value for kw in call.keywords if kw.arg in _EXTRA_KEYWORDS]
    found = [kw.value for kw in call.keywords if kw.arg in _SQL_KEYWORDS]
    return [call.args[0], *found] if call.args else found


def _pieces(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.List | ast.Tuple):
        return list(node.elts)
    if isinstance(node, ast.Dict):
        return [v for v in node.values if v is not None]
    return [node]


# Beside these, "query parameters" are a URL's ("validate query params, request bodies and
# headers"), not the bound parameters of SQL.
_HTTP_PARTS = ("headers", "header", "bodies", "cookies", "url", "urls")

_NO_SQL_STRING_BUILDING = CheckDeclaration(
    id="security.no-sql-string-building",
    category=Category.SECURITY,
    frames=(
        Frame(concepts=(("sql injection",),)),
        Frame(
            concepts=(
                ("sql", "query", "queries"),
                (
                    "string",
                    "f-string",
                    "format",
                    "formatting",
                    "concatenation",
                    "concatenate",
                    "interpolation",
                    "interpolate",
                    "raw string",
                    "build",
                    "built",
                    "building",
                ),
            )
        ),
        Frame(
            concepts=(
                ("sql", "query", "queries", "database"),
                (
                    "parameterized",
                    "bound parameter",
                    "bind parameter",
                    "bind variable",
                    "query parameter",
                    "placeholder",
                    "prepared statement",
                ),
            ),
            forbids=False,
            excludes=_HTTP_PARTS,
        ),
        Frame(
            concepts=(
                (
                    "parameterized query",
                    "parameterized sql",
                    "parameterized statement",
                    "parameterized operation",
                    "bound parameter",
                    "bind parameter",
                    "bind variable",
                    "query parameter",
                    "prepared statement",
                ),
            ),
            forbids=False,
            excludes=_HTTP_PARTS,
        ),
    ),
    description="SQL built by string formatting or concatenation and passed to execute().",
    fix_hint="Pass values as bound parameters instead of formatting them into the SQL.",
    forbids=True,
)


# A returned statement starts with one of these words and a blank (see `_STATEMENT`), at the
# start of a literal's value (after a quote, or an f-string's brace or format colon) or after only
# blanks, parentheses and escapes there. The blank may be the literal's end (the parts of built
# SQL are joined with spaces), an escape, or (in lower-cased text, where `?` stands for any
# character that is not ASCII) a blank that is not ASCII.
_STATEMENT_WORDS = ("select", "delete", "insert", "update")
_LEAD = r"""(?:[\s(?]|\\(?:[^xu0-7]|x[0-9a-f]{2}|u[0-9a-f]{4}(?:[0-9a-f]{4})?|[0-7]{1,3}))*"""
# `sql = "sel"; sql += f"ect {x} from t"`: `+=` joins text with nothing between, so a statement
# word may start in one literal and end in the next.
_WORD_START = "|".join(word[:n] for word in _STATEMENT_WORDS for n in range(1, len(word)))
# One pattern per opening character: a pattern that starts with a literal is searched quickly.
_STATEMENT_PIECES = tuple(
    lazy(re.escape(opener) + rf"""{_LEAD}(?:{_WORD_START})["'{{]""") for opener in "\"'}:"
)
# What may open a literal's value, and follow a statement word in it (besides blanks): the end
# of the literal, an f-string's field, an escape, a character that is not ASCII.
_OPENERS, _AFTER_WORD = frozenset("\"'}:"), frozenset("\\?\"'{")
# Characters a case-insensitive pattern reads as ASCII letters (`\u017f` matches `s`).
_CASE_ALIASES = "\u017f\u212a\u0131\u0130"


_TEXT_CALLS, _TEXT_MODULES = last_names(_SINK_NAMES), first_names(_SINK_NAMES)


def _may_build_sql(text: str, _params: Mapping[str, ParamValue]) -> bool:
    """Whether the file calls a sink by its last name, or may build a SQL statement.

    A sink: a call whose last name is one of `_SINK_TAILS` or `extra`, or `text` of SQLAlchemy
    or SQLModel (written in the file, or reached by a relative import). A statement (returned,
    or built anywhere else): a literal whose value starts with one of `_STATEMENT_WORDS` (see
    `_STATEMENT`).
    """
    if names_in(text, _SINK_TAILS, called=True):
        return True
    if names_in(text, ("extra",), called=True) and names_in(text, _EXTRA_KEYWORDS, assigned=True):
        return True  # `extra()` reads only its `where=`, `select=`... arguments
    if names_in(text, _TEXT_CALLS, called=True) and (
        any(m in form for form in spellings(text) for m in _TEXT_MODULES)
        or imports_relatively(text)
    ):
        return True
    return _may_start_statement(text)


def _may_start_statement(text: str) -> bool:
    """Whether a literal may start a statement, here or joined by `+=` (see `_STATEMENT`)."""
    if may_splice(text) or any(alias in text for alias in _CASE_ALIASES):
        return True
    written = lowered_spellings(text)[0]  # a string's contents: as written
    if any(_starts_a_literal(written, word) for word in _STATEMENT_WORDS):
        return True
    return "+=" in text and any(piece.search(written) for piece in _STATEMENT_PIECES)


def _starts_a_literal(written: str, word: str) -> bool:
    """Whether `word` and a blank may start a literal's value, after blanks and parentheses."""
    start = written.find(word)
    while start >= 0:
        end = start + len(word)
        if end == len(written) or written[end].isspace() or written[end] in _AFTER_WORD:
            index = start
            while index and (written[index - 1].isspace() or written[index - 1] in "(?"):
                index -= 1
            before = written[index - 1] if index else ""
            if before and (before in _OPENERS or "\\" in written[max(0, index - 10) : index]):
                return True  # a quote, brace or colon; or maybe an escape (`"\\tselect`)
        start = written.find(word, end)
    return False


# Calls that show text rather than run it: logging, printing, warnings, exceptions, and the
# assertions of tests (`self.assert_compile(stmt, "SELECT ...")` compares text).
_TEXT_TAILS = frozenset(
    {"print", "debug", "info", "warning", "warn", "error", "exception", "critical", "fatal"}
    | {"log", "write", "echo", "secho", "fail", "skip", "gettext", "ngettext"}
)
_MESSAGE_CLASS = lazy(r"(?:Error|Exception|Warning|Exit)$")


def _shows_text(name: str) -> bool:
    """Whether a call shows its argument (a log line, an exception's message)."""
    tail = name.rpartition(".")[2]
    return tail in _TEXT_TAILS or tail.startswith("assert") or bool(_MESSAGE_CLASS.search(tail))


def _scope_of(function: ast.AST | None) -> int:
    return id(function) if function is not None else 0


# A sink by its last name, or a `return` of built SQL.
@check(_NO_SQL_STRING_BUILDING, prefilter=_may_build_sql)
def no_sql_string_building(python: PythonFile) -> Iterator[Finding]:
    """SQL built by formatting or concatenation that reaches a query, or is returned.

    A whole statement (`SELECT ... FROM`, `INSERT INTO ... VALUES`, `UPDATE ... SET`, `DELETE
    FROM`) built from strings that neither reaches a known sink nor is returned (an argument
    of another call, such as asyncpg's `conn.fetch(...)`, or a name bound to it that no sink
    reads) is reported at warning severity, at the place it is built.
    """
    tracer = _Tracer(python)
    index = python.index
    sinks = [*index.calls_ending(*_SINK_TAILS, "extra"), *index.calls_named(*_SINK_NAMES)]
    read: set[int] = set()  # the expressions a sink or a return reads
    read_names: set[tuple[int, str]] = set()  # and the names
    for call in sorted(sinks, key=lambda site: (site.node.lineno, site.node.col_offset)):
        if call.name.rpartition(".")[2] == "extra" and not call.node.keywords:
            continue
        scope = _scope_of(call.function)
        arguments = [p for a in _query_arguments(call.node, call.name) for p in _pieces(a)]
        _mark_read(arguments, scope, read, read_names)
        shape = _ANY if call.name.endswith(".extra") else SQL_WORDS
        if any(tracer.built_sql(argument, scope, shape) for argument in arguments):
            message = f"SQL built from strings is passed to {call.name}()"
            yield Finding.at_node(python, call.node, message)
    for node, function in index.returns:
        if function is None or node.value is None:
            continue
        _mark_read([node.value], id(function), read, read_names)
        if tracer.built_sql(node.value, id(function), _STATEMENT):
            message = "SQL built from strings is returned; its caller may run it"
            yield replace(Finding.at_node(python, node, message), severity=Severity.WARNING)
    for expression, scope in _elsewhere(python, read, read_names):
        if tracer.built_sql(expression, scope, _STATEMENT):
            message = "SQL built from strings; whatever runs it is open to injection"
            yield replace(Finding.at_node(python, expression, message), severity=Severity.WARNING)


def _mark_read(
    nodes: list[ast.expr], scope: int, read: set[int], read_names: set[tuple[int, str]]
) -> None:
    for node in nodes:
        read.add(id(node))
        if isinstance(node, ast.Name):
            read_names.add((scope, node.id))


def _elsewhere(
    python: PythonFile, read: set[int], read_names: set[tuple[int, str]]
) -> Iterator[tuple[ast.expr, int]]:
    """Expressions that may build SQL outside sinks and returns.

    The value of an assignment to a name no sink or return reads, and the arguments of calls
    that do not show text.
    """
    for site in python.index.assigns:
        node = site.node
        if isinstance(node, ast.AugAssign) or node.value is None:
            continue
        scope = _scope_of(site.function)
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [(scope, t.id) for t in targets if isinstance(t, ast.Name)]
        if not any(name in read_names or (0, name[1]) in read_names for name in names):
            yield node.value, scope
    for call in python.index.calls:
        if _shows_text(call.name):
            continue
        scope = _scope_of(call.function)
        for argument in (*call.node.args, *(kw.value for kw in call.node.keywords)):
            if id(argument) not in read and not isinstance(argument, ast.Name):
                yield argument, scope


CHECKS: tuple[Check, ...] = (no_sql_string_building,)
