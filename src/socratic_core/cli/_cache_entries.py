"""The result cache's entries: one file's `FileResults` as JSON values, and back.

`decode` trusts nothing: every value's type is checked on the way in (a cache folder is
writable by whoever can write the tree), and an entry of any other shape raises one of
`ENTRY_ERRORS`, so the file is checked again instead. Lists stand for records (a violation is
`[rule_id, category, severity, message, location, rule_span, ...]`) to keep the files small;
`FORMAT` in `_cache` changes with them.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from socratic_core.rules._analysis import LineIndex, SourceFile
from socratic_core.rules._nodes import Category, Severity, SourceSpan
from socratic_core.rules._results import FileDiagnostic, Location, Violation
from socratic_core.rules._sites import ImportSite, PythonIndex
from socratic_core.rules._suppressions import Suppression

if TYPE_CHECKING:
    from socratic_core.rules import FileResults
    from socratic_core.rules._script_imports import ScriptImport

__all__ = ["ENTRY_ERRORS", "decode", "decode_violations", "encode", "encode_violation"]

ENTRY_ERRORS = (ValueError, TypeError, KeyError, IndexError, RecursionError)
"""What reading an entry of the wrong shape raises."""


class _ShapeError(ValueError):
    """An entry (or a part of one) that does not have the shape this format writes."""


def encode(results: FileResults) -> dict[str, Any]:
    """Return one file's results as JSON values.

    Args:
        results: What the engine found in one file (one summary, no failure).

    Returns:
        The entry (without its key: hash and module).

    Raises:
        ValueError: Results of another shape (several files, failures).
    """
    if len(results.summaries) != 1 or results.failures:
        raise _ShapeError("one file's results, without failures")
    return {
        "violations": [_violation_out(v) for v in results.violations],
        "diagnostics": [_diagnostic_out(d) for d in results.diagnostics],
        "summary": _summary_out(results.summaries[0]),
        "coverage": [list(entry) for entry in results.coverage],
    }


def decode(path: str, entry: Mapping[str, Any]) -> FileResults:
    """Return one file's results from its entry, checking every value's type on the way.

    Args:
        path: The file's path, as the engine was given it.
        entry: What `encode` wrote (read back from disk: anything at all).

    Returns:
        The results.

    Raises:
        ValueError: The entry does not have the shape `encode` writes.
    """
    from socratic_core.rules import FileResults  # noqa: PLC0415

    summary = _summary_in(path.replace("\\", "/"), _dict(entry["summary"]))
    coverage = tuple(
        (_str(rule_id), _str(label), _int(n))
        for rule_id, label, n in (_list(item) for item in _list(entry["coverage"]))
    )
    return FileResults(
        tuple(_violation_in(_list(v)) for v in _list(entry["violations"])),
        (),
        tuple(_diagnostic_in(_list(d)) for d in _list(entry["diagnostics"])),
        (summary,),
        coverage,
    )


def encode_violation(v: Violation) -> list[Any]:
    """Return a violation as JSON values (a list)."""
    return _violation_out(v)


def decode_violations(value: object) -> list[Violation]:
    """Return the violations of a list `encode_violation` wrote; raises on any other shape."""
    return [_violation_in(_list(item)) for item in _list(value)]


def _violation_out(v: Violation) -> list[Any]:
    where, span = v.location, v.rule_span
    location = [where.path, where.line, where.column, where.end_line, where.end_column]
    location += [where.offset, where.end_offset]
    spanned = None if span is None else [span.line, span.column, span.end_line, span.end_column]
    return [
        *(v.rule_id, v.category.value, v.severity.value, v.message, location, spanned),
        *(v.rule_text, v.rule_source, v.fix_hint, v.plugin, v.suppressed, v.suppression_reason),
    ]


def _violation_in(item: list[Any]) -> Violation:
    rule_id, category, severity, message, location, span, *rest = item
    rule_text, rule_source, fix_hint, plugin, suppressed, reason = rest
    path, line, column, end_line, end_column, offset, end_offset = _list(location, 7)
    return Violation(
        rule_id=_str(rule_id),
        category=Category(_str(category)),
        severity=Severity(_str(severity)),
        message=_str(message),
        location=Location(
            _opt(_str, path),
            _int(line),
            _int(column),
            *(_opt(_int, end_line), _opt(_int, end_column)),
            *(_opt(_int, offset), _opt(_int, end_offset)),
        ),
        rule_span=None if span is None else SourceSpan(*(_int(n) for n in _list(span, 4))),
        rule_text=_str(rule_text),
        rule_source=_opt(_str, rule_source),
        fix_hint=_str(fix_hint),
        plugin=_str(plugin),
        suppressed=_bool(suppressed),
        suppression_reason=_opt(_str, reason),
    )


def _diagnostic_out(d: FileDiagnostic) -> list[Any]:
    return [d.path, d.kind, d.message, d.severity.value, d.line, d.column]


def _diagnostic_in(item: list[Any]) -> FileDiagnostic:
    path, kind, message, severity, line, column = item
    return FileDiagnostic(
        *(_str(path), _str(kind), _str(message), Severity(_str(severity))),
        *(_opt(_int, line), _opt(_int, column)),
    )


def _summary_out(source: SourceFile) -> dict[str, Any]:
    index = source.index
    return {
        "module": source.module,
        "suppressions": [_suppression_out(s) for s in source.suppressions],
        "aliases": dict(source.aliases),
        "index": None
        if index is None
        else {"imports": [_import_out(i) for i in index.imports], "aliases": dict(index.aliases)},
        "script_imports": [_script_import_out(i) for i in source.script_imports],
    }


def _summary_in(path: str, data: dict[str, Any]) -> SourceFile:
    index = data["index"]
    if index is not None:
        index = _dict(index)
        imports = tuple(_import_in(_dict(i)) for i in _list(index["imports"]))
        index = PythonIndex(imports=imports, aliases=_aliases(index["aliases"]))
    return SourceFile(
        path,
        None,
        LineIndex(""),
        module=_opt(_str, data["module"]),
        index=index,
        suppressions=tuple(_suppression_in(_list(s)) for s in _list(data["suppressions"])),
        aliases=_aliases(data["aliases"]),
        script_imports=tuple(_script_import_in(_list(i)) for i in _list(data["script_imports"])),
    )


def _suppression_out(s: Suppression) -> list[Any]:
    rule_ids = list(s.rule_ids)
    return [s.line, s.column, s.target_line, rule_ids, s.reason, s.problem, s.target_end_line]


def _suppression_in(item: list[Any]) -> Suppression:
    line, column, target, rule_ids, reason, problem, end = item
    return Suppression(
        *(_int(line), _int(column), _int(target), tuple(_str(r) for r in _list(rule_ids))),
        *(_str(reason), _opt(_str, problem), _int(end)),
    )


def _script_import_out(i: ScriptImport) -> list[Any]:
    return [i.specifier, i.kind, i.type_only, i.line, i.column, i.end_line, i.end_column]


def _script_import_in(item: list[Any]) -> ScriptImport:
    from socratic_core.rules._script_imports import ScriptImport  # noqa: PLC0415 - scripts only

    specifier, kind, type_only, *position = item
    line, column, end_line, end_column = (_int(n) for n in _list(position, 4))
    return ScriptImport(
        _str(specifier), _str(kind), _bool(type_only), line, column, end_line, end_column
    )


# An import site's statement is rebuilt as the `ast` node it was, with its positions (the
# cross-file checks report at it); only these three node types are read back.
_POSITION = ("lineno", "col_offset", "end_lineno", "end_col_offset")


def _import_out(site: ImportSite) -> dict[str, Any]:
    node = site.node
    statement: dict[str, Any] = {"names": [_alias_out(a) for a in node.names]}
    if isinstance(node, ast.ImportFrom):
        statement |= {"module": node.module, "level": node.level}
    return {
        "names": list(site.names),
        "runtime": site.runtime,
        "in_function": site.in_function,
        "statement": statement | _positions(node),
    }


def _alias_out(alias: ast.alias) -> dict[str, Any]:
    return {"name": alias.name, "asname": alias.asname} | _positions(alias)


def _positions(node: ast.AST) -> dict[str, Any]:
    return {name: getattr(node, name, None) for name in _POSITION}


def _import_in(data: dict[str, Any]) -> ImportSite:
    statement = _dict(data["statement"])
    names = [_alias_in(_dict(a)) for a in _list(statement["names"])]
    node: ast.Import | ast.ImportFrom
    if "module" in statement:
        module, level = _opt(_str, statement["module"]), _int(statement["level"])
        node = ast.ImportFrom(module=module, names=names, level=level)
    else:
        node = ast.Import(names=names)
    _place(node, statement)
    return ImportSite(
        node,
        tuple(_str(n) for n in _list(data["names"])),
        _bool(data["runtime"]),
        _bool(data["in_function"]),
    )


def _alias_in(data: dict[str, Any]) -> ast.alias:
    alias = ast.alias(name=_str(data["name"]), asname=_opt(_str, data["asname"]))
    _place(alias, data)
    return alias


def _place(node: ast.AST, data: dict[str, Any]) -> None:
    line, column, end_line, end_column = (data[name] for name in _POSITION)
    node.lineno, node.col_offset = _int(line), _int(column)  # type: ignore[attr-defined]
    node.end_lineno = _opt(_int, end_line)  # type: ignore[attr-defined]
    node.end_col_offset = _opt(_int, end_column)  # type: ignore[attr-defined]


# --- checked JSON values -------------------------------------------------------------------------
def _str(value: object) -> str:
    if not isinstance(value, str):
        raise _ShapeError(f"expected a string, got {type(value).__name__}")
    return value


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _ShapeError(f"expected an integer, got {type(value).__name__}")
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise _ShapeError(f"expected true or false, got {type(value).__name__}")
    return value


def _opt(read: Any, value: object) -> Any:
    return None if value is None else read(value)


def _list(value: object, length: int | None = None) -> list[Any]:
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise _ShapeError("expected a list" + ("" if length is None else f" of {length}"))
    return value


def _dict(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _ShapeError(f"expected an object, got {type(value).__name__}")
    return value


def _aliases(value: object) -> dict[str, str]:
    return {_str(k): _str(v) for k, v in _dict(value).items()}
