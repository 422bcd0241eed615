"""`socratic check`'s result cache: each file's results, kept on disk between runs.

A run over an unchanged tree (pre-commit, a CI re-run, an editor) then costs little more than
reading and hashing the files, as with ruff's `.ruff_cache`. The layout:

```
.socratic_cache/           # in the project root (the config file's folder), or --cache-dir
  .gitignore  CACHEDIR.TAG # `*`, and the cache directory tag backup tools skip
  results-v1/<key>.json    # one file per run configuration (below), entries by path
  ruff/                    # ruff's own cache, for the ruff-backed rules
```

The key of a results file is a hash of everything a file's results depend on besides the file
itself: the cache format, socratic's version and the code of socratic and of every plugin
(file sizes and times), the Python version, the versions of socratic's dependencies (ruff and
the parsers among them), every registered check with its plugin and version, the analysis
limits and every rule in full (id, parameters, severity, scope, text, span, source: violations
carry them). An entry is used only for the same path, module name and content (sha256).

What an entry holds is what the engine found in that file (`FileResults` for one file): its
violations with suppressions applied, its diagnostic, the summary the cross-file checks read
(imports, suppressions) and its coverage counts; so a warm run reports exactly what a cold run
does. Everything is JSON, never pickle: a cache folder is writable by whoever can write the
tree. A file that is not valid JSON of this format, or an entry of the wrong shape, is ignored
(and rewritten), never an error. A tampered cache cannot run code, but it can hide findings,
as ruff's can: `--no-cache` is the choice for a tree you do not trust.

Files are written atomically (a temporary file, then `os.replace`); a folder that cannot be
written means a run without a cache, with one warning.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import json
import os
import re
import secrets
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socratic_core.rules._analysis import LineIndex, SourceFile
from socratic_core.rules._nodes import Category, Severity, SourceSpan
from socratic_core.rules._results import FileDiagnostic, Location, Violation
from socratic_core.rules._script_imports import ScriptImport
from socratic_core.rules._sites import ImportSite, PythonIndex
from socratic_core.rules._suppressions import Suppression

if TYPE_CHECKING:
    from socratic_core.rules import AnalysisLimits, FileResults, Rule, RuleEngine

__all__ = ["CacheView", "Lookup", "ResultCache", "fingerprint", "prepare"]

FORMAT = 1
"""The version of the results files' format; another version is a different folder."""

_KEPT = 8  # results files kept (run configurations); the least recently written go first
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by socratic.\n"
    "# For information about cache directory tags, see: https://bford.info/cachedir/\n"
)
_CODE_SUFFIXES = (".py", ".lark", ".json")


class _ShapeError(ValueError):
    """An entry (or a part of one) that does not have the shape this format writes."""


# --- the key -------------------------------------------------------------------------------------
def fingerprint(engine: RuleEngine, rules: tuple[Rule, ...], limits: AnalysisLimits) -> str:
    """Return the key of one run configuration: what a file's results depend on besides it.

    Args:
        engine: The engine (its registered checks and plugins).
        rules: The rules the run checks, as the engine gets them.
        limits: The analysis limits.

    Returns:
        A hex digest.
    """
    from socratic_core.__about__ import __version__  # noqa: PLC0415
    from socratic_core.rules import rule_to_dict  # noqa: PLC0415

    checks = [
        (check_id, each.plugin, each.version)
        for check_id, registered in sorted(engine.checks.items())
        for each in registered.implementations
    ]
    plugins = sorted((name, dist.project_name, dist.version) for name, dist in _dist_info(engine))
    parts = {
        "format": FORMAT,
        "socratic": __version__,
        "python": [sys.implementation.cache_tag, sys.version],
        "code": _code_stamp(engine),
        "dependencies": _dependencies(),
        "checks": checks,
        "plugins": plugins,
        "limits": [limits.max_file_bytes, limits.unreadable.value],
        "rules": [rule_to_dict(rule) for rule in rules],
    }
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _dist_info(engine: RuleEngine) -> list[tuple[str, Any]]:
    return [
        (str(engine.pm.get_name(plugin)), dist) for plugin, dist in engine.pm.list_plugin_distinfo()
    ]


def _code_stamp(engine: RuleEngine) -> list[tuple[str, int, int]]:
    """The size and time of every source file of socratic and of each registered plugin."""
    folders = {Path(__file__).resolve().parents[1]}
    for plugin in engine.pm.get_plugins():
        module = sys.modules.get(getattr(plugin, "__name__", type(plugin).__module__))
        where = getattr(module, "__file__", None)
        if where:
            folders.add(Path(where).resolve().parent)
    return [stamp for folder in sorted(folders) for stamp in _stamps(folder)]


def _stamps(folder: Path) -> Iterator[tuple[str, int, int]]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(_CODE_SUFFIXES):
                path = os.path.join(root, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue  # gone meanwhile: the next run's key differs anyway
                yield path, info.st_size, info.st_mtime_ns


@functools.cache
def _dependencies() -> list[tuple[str, str]]:
    """The installed version of each of socratic's own dependencies (ruff, the parsers...)."""
    from importlib import metadata  # noqa: PLC0415

    try:
        required = metadata.distribution("socratic-core").requires or []
    except metadata.PackageNotFoundError:
        return []
    found = []
    for requirement in required:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement)
        if name is None or "extra ==" in requirement:
            continue
        try:
            found.append((name.group(), metadata.version(name.group())))
        except metadata.PackageNotFoundError:
            found.append((name.group(), ""))
    return sorted(found)


# --- the cache on disk ---------------------------------------------------------------------------
@dataclass
class ResultCache:
    """One run configuration's entries, read from disk and written back after the run.

    Attributes:
        folder: The cache folder.
        key: The run configuration's `fingerprint`.
        entries: Path -> entry (as JSON values), from disk and from this run.
        changed: Whether this run added or replaced an entry (else nothing is written).
    """

    folder: Path
    key: str
    entries: dict[str, Any] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def open(cls, folder: Path, key: str) -> ResultCache:
        """Read the entries of this configuration; a missing or unusable file gives none.

        Args:
            folder: The cache folder (it need not exist).
            key: The run configuration's `fingerprint`.

        Returns:
            The cache.
        """
        cache = cls(folder, key)
        try:
            data = json.loads(cache.file.read_bytes())
        except (OSError, ValueError, RecursionError):
            return cache  # missing, unreadable or not JSON: start again
        if (
            isinstance(data, dict)
            and data.get("format") == FORMAT
            and data.get("key") == key
            and isinstance(data.get("entries"), dict)
        ):
            cache.entries = data["entries"]
        return cache

    @property
    def file(self) -> Path:
        """The results file of this configuration."""
        return self.folder / f"results-v{FORMAT}" / f"{self.key}.json"

    def lookup(self, paths: list[str], modules: Mapping[str, str]) -> Lookup:
        """Read and hash every file, and split the run into what the cache has and the rest.

        Args:
            paths: Every file of the run, in path order.
            modules: Their module names, as the engine gets them.

        Returns:
            The results the cache has, and the files still to check (per file, and with ruff).
        """
        found = Lookup()
        for path in paths:
            entry = self._fresh(path, modules.get(path))
            try:
                if entry is not None:
                    found.add(path, decode(path, entry), entry)
                    continue
            except (ValueError, TypeError, KeyError, IndexError, RecursionError):
                del self.entries[path]  # not what this format writes: check it again
            found.check.append(path)
            found.ruff_paths.append(path)
        return found

    def _fresh(self, path: str, module: str | None) -> dict[str, Any] | None:
        """The file's entry, when it was made for this module and these bytes."""
        entry = self.entries.get(path)
        if not isinstance(entry, dict) or entry.get("module") != module:
            return None
        try:
            digest = _digest(Path(path).read_bytes())
        except OSError:
            return None  # the engine reads it again and reports what is wrong
        return entry if entry.get("sha256") == digest else None

    def absorb(self, new: Mapping[str, Any]) -> None:
        """Take the entries a batch's store gathered."""
        if new:
            self.entries.update(new)
            self.changed = True

    def absorb_ruff(self, batches: FileResults, paths: list[str]) -> None:
        """Keep ruff's violations (suppressions not applied yet) in the entries of its files.

        Nothing is kept when ruff failed for a rule: those files go to ruff again next time.

        Args:
            batches: What the batched checks found over `paths`.
            paths: The files ruff was given.
        """
        if batches.failures:
            return
        by_path: dict[str, list[list[Any]]] = {path: [] for path in paths}
        for violation in batches.violations:
            where = violation.location.path
            if where is not None and where in by_path:
                by_path[where].append(_violation_out(violation))
        for path, found in by_path.items():
            entry = self.entries.get(path)
            if isinstance(entry, dict):
                entry["ruff"] = found
                self.changed = True

    def save(self) -> str | None:
        """Write the entries back, when this run changed them.

        Returns:
            None, or why the cache could not be written (the run goes on without it).
        """
        if not self.changed:
            return None
        data = {"format": FORMAT, "key": self.key, "entries": self.entries}
        try:
            _prepare(self.folder)
            self.file.parent.mkdir(exist_ok=True)
            _write_atomically(self.file, json.dumps(data, separators=(",", ":")))
            _prune(self.file.parent, keep=self.file)
        except OSError as exc:
            return f"{exc.strerror or exc}: {exc.filename or self.folder}"
        return None


def prepare(folder: Path) -> str | None:
    """Create the cache folder (with its `.gitignore` and `CACHEDIR.TAG`) if it is not there.

    Args:
        folder: The cache folder.

    Returns:
        None, or why it cannot be used (not a folder, not writable).
    """
    try:
        _prepare(folder)
    except OSError as exc:
        return f"{exc.strerror or exc}: {exc.filename or folder}"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"not writable: {folder}"
    return None


def _prepare(folder: Path) -> None:
    """Create the cache folder with its `.gitignore` and `CACHEDIR.TAG`, as ruff does."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (
        (".gitignore", "# Created by socratic automatically.\n*\n"),
        ("CACHEDIR.TAG", _TAG),
    ):
        if not (folder / name).is_file():
            _write_atomically(folder / name, text)


def _write_atomically(path: Path, text: str) -> None:
    """Write a file whole or not at all: a new file beside it, then renamed over it."""
    temporary = path.parent / f".tmp-{os.getpid()}-{secrets.token_hex(6)}"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # umask applies
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _prune(folder: Path, *, keep: Path) -> None:
    """Remove the results files of all but the `_KEPT` most recently written configurations."""
    files = []
    for path in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            files.append((path.stat().st_mtime_ns, path))
    files.sort(reverse=True)
    for _, path in files[_KEPT:]:
        if path != keep:
            with contextlib.suppress(OSError):
                path.unlink()


@dataclass
class Lookup:
    """What the cache has for a run's files, and what is left to check.

    Attributes:
        results: The per-file results of each file the cache has (one `FileResults` each).
        ruff: ruff's violations in the files whose entry has them.
        check: The files the per-file checks must read.
        ruff_paths: The files ruff must read (those above, and any entry without ruff's).
    """

    results: list[FileResults] = field(default_factory=list)
    ruff: list[Violation] = field(default_factory=list)
    check: list[str] = field(default_factory=list)
    ruff_paths: list[str] = field(default_factory=list)

    def add(self, path: str, results: FileResults, entry: Mapping[str, Any]) -> None:
        """Take one file's results from its entry, and ruff's when the entry has them."""
        ruff = entry.get("ruff")
        if ruff is None:
            self.ruff_paths.append(path)
        else:
            self.ruff += [_violation_in(_list(v)) for v in _list(ruff)]
        self.results.append(results)


@dataclass
class CacheView:
    """The `FileStore` of one batch: the entries of the files the engine checked in it.

    Attributes:
        modules: Path -> module name, as the engine was given them (part of an entry's key).
        new: Path -> entry for each file checked without a failure.
    """

    modules: Mapping[str, str] = field(default_factory=dict)
    new: dict[str, Any] = field(default_factory=dict)

    def put(self, path: str, content: str | bytes, results: FileResults) -> None:
        """Keep a file's results as an entry (results that JSON cannot hold are not kept)."""
        try:
            entry = encode(results)
        except (ValueError, TypeError):
            return
        module = self.modules.get(path)
        self.new[path] = {"sha256": _digest(content), "module": module, **entry}


def _digest(content: str | bytes) -> str:
    data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


# --- entries: FileResults of one file <-> JSON ---------------------------------------------------
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
