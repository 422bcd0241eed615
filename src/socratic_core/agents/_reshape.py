"""Fixers that reshape code to fit a limit: long functions split into helpers, long lines wrapped.

Both keep what the code does: a split only moves statements that share no local variable into
helpers called in order with the function's own arguments, and a wrapped statement must parse to
the same tree as before (a docstring is re-flowed, its words kept).
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Sequence

from socratic_core.agents._edits import Site, indent_of, statement_at

__all__ = ["split_functions", "wrap_lines"]

_Function = ast.FunctionDef


def _limit(site: Site) -> int | None:
    value = site.params.get("max")
    return value if isinstance(value, int) and value > 0 else None


# --- function length -----------------------------------------------------------------------------
def _splittable(node: _Function) -> bool:
    body = node.body[1:] if _docstring(node) else node.body
    for index, statement in enumerate(body):
        for inner in ast.walk(statement):
            if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store | ast.Del):
                return False
            if isinstance(inner, ast.Global | ast.Nonlocal | ast.Yield | ast.YieldFrom):
                return False
            last = index == len(body) - 1
            if isinstance(inner, ast.Return) and not (last and inner is statement):
                return False
    return bool(body)


def _docstring(node: ast.FunctionDef | ast.Module) -> bool:
    first = node.body[0] if node.body else None
    return isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)


def _chunks(body: Sequence[ast.stmt], budget: int) -> list[list[ast.stmt]] | None:
    chunks: list[list[ast.stmt]] = [[]]
    used = 0
    for statement in body:
        size = (statement.end_lineno or statement.lineno) - statement.lineno + 1
        if size > budget:
            return None
        if used + size > budget:
            chunks.append([])
            used = 0
        chunks[-1].append(statement)
        used += size
    return chunks


def _arguments(args: ast.arguments) -> str:
    passed = [a.arg for a in (*args.posonlyargs, *args.args)]
    passed += [f"*{args.vararg.arg}"] if args.vararg else []
    passed += [f"{a.arg}={a.arg}" for a in args.kwonlyargs]
    passed += [f"**{args.kwarg.arg}"] if args.kwarg else []
    return ", ".join(passed)


def _split(source: str, node: _Function, limit: int) -> str:
    lines = source.split("\n")
    has_doc = _docstring(node)
    body = node.body[1:] if has_doc else node.body
    chunks = _chunks(body, limit - 2)
    if chunks is None or len(chunks) + 1 + has_doc > limit or len(chunks) < 2:
        return source
    indent = indent_of(source, node)
    signature = ast.unparse(node.args)
    returns = ast.unparse(node.returns) if node.returns else "None"
    call = _arguments(node.args)
    helpers: list[str] = []
    calls: list[str] = []
    for number, chunk in enumerate(chunks, start=1):
        name = f"_{node.name.lstrip('_')}_part_{number}"
        ends = isinstance(chunk[-1], ast.Return)
        helpers += ["", "", f"{indent}def {name}({signature}) -> {returns if ends else 'None'}:"]
        helpers.append(f'{indent}    """Part {number} of {node.name}()."""')
        helpers += lines[chunk[0].lineno - 1 : chunk[-1].end_lineno]
        calls.append(f"{indent}    {'return ' if ends else ''}{name}({call})")
    start = body[0].lineno - 1
    lines[start : node.end_lineno] = calls + helpers
    return "\n".join(lines)


def split_functions(source: str, sites: Sequence[Site]) -> str:
    """Split each flagged top-level function into helpers that fit the rule's `max` lines."""
    tree = ast.parse(source)
    by_line = {n.lineno: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    for site in sorted(sites, key=lambda s: -s.line):
        node, limit = by_line.get(site.line), _limit(site)
        if node is not None and limit is not None and limit >= 3 and _splittable(node):
            source = _split(source, node, limit)
    return source


# --- line length ---------------------------------------------------------------------------------
_BINARY = {
    ast.Pow: 7, ast.Mult: 6, ast.Div: 6, ast.FloorDiv: 6, ast.Mod: 6, ast.MatMult: 6,
    ast.Add: 5, ast.Sub: 5, ast.LShift: 4, ast.RShift: 4, ast.BitAnd: 3, ast.BitXor: 2,
    ast.BitOr: 1,
}  # fmt: skip


def _precedence(node: ast.expr) -> int:
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)]
    if isinstance(node, ast.Compare):
        return 0
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return -1
    if isinstance(node, ast.BoolOp):
        return -2 if isinstance(node.op, ast.And) else -3
    if isinstance(node, ast.IfExp | ast.Lambda | ast.NamedExpr):
        return -4
    return 10


def _operand(node: ast.expr, parent: int, *, right: bool) -> str:
    """`node` as an operand of an operator of precedence `parent`, in brackets if it needs them."""
    text = ast.unparse(node)
    own = _precedence(node)
    needs = own < parent or (right and own == parent) or (own == parent == 0)
    return f"({text})" if needs else text


def _chain(node: ast.expr) -> list[str] | None:
    """The operands of `a + b - c`, `a < b`, `a and b` with their operators, or None."""
    level = _precedence(node)
    if isinstance(node, ast.BoolOp):
        word = "and" if isinstance(node.op, ast.And) else "or"
        first, *rest = (_operand(v, level, right=True) for v in node.values)
        return [first] + [f"{word} {text}" for text in rest]
    if isinstance(node, ast.Compare):
        parts = [_operand(node.left, level, right=False)]
        for op, right in zip(node.ops, node.comparators, strict=True):
            symbol = ast.unparse(ast.Compare(ast.Name("a"), [op], [ast.Name("b")]))[2:-2]
            parts.append(f"{symbol} {_operand(right, level, right=True)}")
        return parts
    if isinstance(node, ast.BinOp) and not isinstance(node.op, ast.Pow):
        symbol = ast.unparse(ast.BinOp(ast.Name("a"), node.op, ast.Name("b")))[2:-2]
        left = node.left
        same = isinstance(left, ast.BinOp) and _precedence(left) == level
        head = _chain(left) if same else [_operand(left, level, right=False)]
        return [*(head or []), f"{symbol} {_operand(node.right, level, right=True)}"]
    return None


def _fill(
    opening: str, parts: list[str], closing: str, column: int, width: int, *, sep: str
) -> str:
    """`opening` + the parts packed into lines of `width`, continued under the first part."""
    inner = column + len(opening)
    lines: list[str] = []
    current = ""
    for part in parts:
        joined = f"{current}{sep} {part}" if current else part
        if current and inner + len(joined) + len(closing) > width:
            lines.append(current + sep)
            current = part
        else:
            current = joined
    lines.append(current + closing)
    pad = "\n" + " " * inner
    return opening + pad.join(lines)


def _receiver(node: ast.Call | ast.Attribute) -> ast.expr:
    attribute = node.func if isinstance(node, ast.Call) else node
    return attribute.value if isinstance(attribute, ast.Attribute) else attribute


def _is_method_chain(node: ast.Call | ast.Attribute) -> bool:
    """`x.f(...).g()`: a call (or attribute) without arguments on the result of a call."""
    if isinstance(node, ast.Call) and (node.args or node.keywords):
        return False
    return (
        isinstance(_receiver(node), ast.Call | ast.Attribute)
        and not isinstance(_receiver(node), ast.Name)
        and (isinstance(node, ast.Attribute) or isinstance(node.func, ast.Attribute))
    )


def _expr(node: ast.expr, column: int, width: int) -> str:
    """`node` as source, packed over lines inside its brackets where it is too wide."""
    flat = ast.unparse(node)
    if column + len(flat) <= width:
        return flat
    if isinstance(node, ast.Call | ast.Attribute) and _is_method_chain(node):
        suffix = flat[len(ast.unparse(_receiver(node))) :]
        return _expr(_receiver(node), column, width - len(suffix)) + suffix
    bracketed = _bracketed(node, column, width)
    if bracketed is not None:
        return bracketed
    chain = _chain(node)
    if chain is not None:
        return _fill("(", chain, ")", column, width, sep="")
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        size = max(10, width - column - 4)
        parts = [repr(node.value[i : i + size]) for i in range(0, len(node.value), size)]
        return _fill("(", parts, ")", column, width, sep="")
    return flat


def _bracketed(node: ast.expr, column: int, width: int) -> str | None:
    """A call's arguments or a collection's items packed over lines, None for other nodes."""
    if isinstance(node, ast.Call) and (node.args or node.keywords):
        items = [ast.unparse(a) for a in node.args]
        items += [ast.unparse(k) for k in node.keywords]
        return _fill(f"{ast.unparse(node.func)}(", items, ")", column, width, sep=",")
    if isinstance(node, ast.List | ast.Set) or (isinstance(node, ast.Tuple) and len(node.elts) > 1):
        brackets = {ast.List: "[]", ast.Tuple: "()", ast.Set: "{}"}[type(node)]
        items = [ast.unparse(e) for e in node.elts]
        return _fill(brackets[0], items, brackets[1], column, width, sep=",")
    return None


def _statement(node: ast.stmt, column: int, width: int) -> str | None:
    if isinstance(node, ast.Return) and node.value is not None:
        return "return " + _expr(node.value, column + 7, width)
    if isinstance(node, ast.Expr):
        return _expr(node.value, column, width)
    if isinstance(node, ast.Assign):
        head = " = ".join(ast.unparse(t) for t in node.targets) + " = "
        return head + _expr(node.value, column + len(head), width)
    if isinstance(node, ast.Assert) and node.msg is None:
        return "assert " + _expr(node.test, column + 7, width)
    if isinstance(node, ast.ImportFrom) and len(node.names) > 1:
        names = [ast.unparse(alias) for alias in node.names]
        module = "." * node.level + (node.module or "")
        return _fill(f"from {module} import (", names, ")", column, width, sep=",")
    return None


def _docstring_text(node: ast.Expr, column: int, width: int) -> str | None:
    value = node.value
    if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
        return None
    words = " ".join(value.value.split()).replace("\\", "\\\\").replace('"', '\\"')
    lines = textwrap.wrap(words, max(20, width - column - 6))
    pad = " " * column
    return '"""' + f"\n{pad}".join(lines) + '"""'


def _is_docstring(tree: ast.Module, node: ast.stmt) -> bool:
    for owner in ast.walk(tree):
        body = getattr(owner, "body", None)
        if isinstance(body, list) and body and body[0] is node:
            return isinstance(
                owner, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
            )
    return False


def _wrapped(source: str, tree: ast.Module, node: ast.stmt, width: int) -> str | None:
    column = len(indent_of(source, node))
    if isinstance(node, ast.Expr) and _is_docstring(tree, node):
        return _docstring_text(node, column, width)
    text = _statement(node, column, width)
    if text is None:
        return None
    same = ast.dump(ast.parse(textwrap.dedent(text)).body[0]) == ast.dump(node)
    return text if same else None


def wrap_lines(source: str, sites: Sequence[Site]) -> str:
    """Break each flagged statement over lines (docstrings re-flowed) to fit the rule's `max`."""
    done: set[int] = set()
    for site in sorted(sites, key=lambda s: -s.line):
        tree = ast.parse(source)
        node, width = statement_at(tree, site.line), _limit(site)
        if node is None or width is None or node.lineno in done:
            continue
        text = _wrapped(source, tree, node, width)
        if text is None:
            continue
        done.add(node.lineno)
        lines = source.split("\n")
        lines[node.lineno - 1 : node.end_lineno] = [indent_of(source, node) + text]
        source = "\n".join(lines)
    return source
