"""Built-in check for SQL built from strings.

SQL is *built* when values are formatted or concatenated into SQL text: an f-string with
replacement fields, `%`, `+` or `.format()` on SQL-shaped text, a module or function constant
formatted at the call (`QUERY.format(name)`, `QUERY % name`), or a name grown with `sql += ...`
across statements. Built SQL that reaches a sink (DB-API `execute*`, SQLAlchemy `text()` and
`exec_driver_sql()`, pandas `read_sql*`, Django `raw()`, `extra()` and `RawSQL`) is an error; a
statement-shaped SQL string built and returned from a function (a query builder whose caller
executes it) is reported at warning severity at most.

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
from socratic_core.rules.builtin._common import (
    first_names,
    imports_relatively,
    last_names,
    may_splice,
    string_value,
)

__all__ = ["CHECKS", "SQL_WORDS"]

_SINK_TAILS = frozenset(
    {"execute", "executemany", "executescript", "exec_driver_sql", "raw", "mogrify"}
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
    r"^[\s(]*(?:select\s.+\sfrom|delete\s+from|insert\s+into\s.+\svalues|update\s.+\sset)\s",
    re.I | re.S,
)
_ANY = lazy("")  # extra(where=[...]) fragments are SQL by definition
_Scope = ast.AST | None


class _Tracer:
    """What one module binds to names: string constants, and SQL built by formatting."""

    def __init__(self, python: PythonFile) -> None:
        self.constants: dict[tuple[int, str], str] = {}
        self.built: dict[tuple[int, str], str] = {}
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
            if isinstance(node.op, ast.Add) and text_like and not self._constant(node.value, scope):
                self.built[key] = (prior or "") + self.text(node.value, scope)
                self.constants.pop(key, None)  # no longer a constant: `sql + "'"` is built too
            return
        literal = string_value(node.value)
        if literal is not None:
            self.constants[key] = literal
        elif self.dynamic(node.value, scope):
            self.built[key] = self.text(node.value, scope)

    def lookup(self, name: str, scope: int, table: dict[tuple[int, str], str]) -> str | None:
        found = table.get((scope, name))
        return found if found is not None else table.get((0, name))

    def _constant(self, node: ast.AST, scope: int) -> bool:
        if string_value(node) is not None:
            return True
        return (
            isinstance(node, ast.Name) and self.lookup(node.id, scope, self.constants) is not None
        )

    def text(self, node: ast.AST, scope: int) -> str:
        """The SQL text an expression holds: its literals and the constants it names."""
        parts: list[str] = []
        work: list[ast.AST] = [node]
        while work:  # depth first, children in field order: the text in source order
            child = work.pop()
            literal = string_value(child)
            if literal is None and isinstance(child, ast.Name):
                literal = self.lookup(child.id, scope, self.constants)
                if literal is None:
                    literal = self.lookup(child.id, scope, self.built)
            if literal is not None:
                parts.append(literal)
            else:
                work.extend(reversed(list(ast.iter_child_nodes(child))))
        return " ".join(parts)

    def dynamic(self, node: ast.AST | None, scope: int) -> bool:
        """Whether an expression formats or concatenates values into text."""
        if isinstance(node, ast.JoinedStr):
            return any(isinstance(v, ast.FormattedValue) for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
            return not (self._constant(node.left, scope) and self._constant(node.right, scope))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            return node.func.attr == "format" and self._constant(node.func.value, scope)
        return False

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
                    "query parameter",
                    "placeholder",
                    "prepared statement",
                ),
            ),
            forbids=False,
        ),
        Frame(
            concepts=(
                (
                    "parameterized query",
                    "parameterized sql",
                    "parameterized statement",
                    "parameterized operation",
                    "bound parameter",
                    "query parameter",
                    "prepared statement",
                ),
            ),
            forbids=False,
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
    """Whether the file calls a sink by its last name, or may return a built SQL statement.

    A sink: a call whose last name is one of `_SINK_TAILS` or `extra`, or `text` of SQLAlchemy
    or SQLModel (written in the file, or reached by a relative import). A returned statement:
    a literal whose value starts with one of `_STATEMENT_WORDS` (see `_STATEMENT`).
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
    return names_in(text, ("return",)) and _may_start_statement(text)


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


# A sink by its last name, or a `return` of built SQL.
@check(_NO_SQL_STRING_BUILDING, prefilter=_may_build_sql)
def no_sql_string_building(python: PythonFile) -> Iterator[Finding]:
    """SQL built by formatting or concatenation that reaches a query, or is returned."""
    tracer: _Tracer | None = None
    sinks = [
        *python.index.calls_ending(*_SINK_TAILS, "extra"),
        *python.index.calls_named(*_SINK_NAMES),
    ]
    for call in sorted(sinks, key=lambda site: (site.node.lineno, site.node.col_offset)):
        if call.name.rpartition(".")[2] == "extra" and not call.node.keywords:
            continue
        tracer = tracer or _Tracer(python)
        scope = id(call.function) if call.function is not None else 0
        arguments = [p for a in _query_arguments(call.node, call.name) for p in _pieces(a)]
        shape = _ANY if call.name.endswith(".extra") else SQL_WORDS
        if any(tracer.built_sql(argument, scope, shape) for argument in arguments):
            message = f"SQL built from strings is passed to {call.name}()"
            yield Finding.at_node(python, call.node, message)
    for node, function in python.index.returns:
        if function is None or node.value is None:
            continue
        tracer = tracer or _Tracer(python)
        if tracer.built_sql(node.value, id(function), _STATEMENT):
            message = "SQL built from strings is returned; its caller may run it"
            yield replace(Finding.at_node(python, node, message), severity=Severity.WARNING)


CHECKS: tuple[Check, ...] = (no_sql_string_building,)
