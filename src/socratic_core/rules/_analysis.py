"""The shared analysis: every generated file read, decoded and parsed once, for every check.

`analyze()` turns an `AgentOutput` into an `Analysis`. For each Python file it parses the source
once and walks the tree once, building per-node-type indexes (calls with their enclosing function
and loop, function and class definitions with their cyclomatic complexity, imports, assignments,
exception handlers, `global` statements, string literals) that checks read instead of walking the
tree again. Across the files it builds the import graph. Files that cannot be analysed (syntax
error, too deep for the parser, not UTF-8, binary, over the size limit) get a `FileDiagnostic`
instead of an exception.
"""

from __future__ import annotations

import ast
import bisect
import io
import tokenize
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from socratic_core.rules._nodes import Severity
from socratic_core.rules._pywalk import FunctionNode, PythonIndex, build_index
from socratic_core.rules._results import AgentOutput, FileDiagnostic
from socratic_core.rules._script import ScriptFile, is_script, load_script
from socratic_core.rules._suppressions import Suppression, cover_statements, find_suppressions

if TYPE_CHECKING:
    from socratic_core.rules._script_imports import ScriptImport

__all__ = [
    "Analysis",
    "AnalysisLimits",
    "FunctionNode",
    "LineIndex",
    "PythonFile",
    "PythonIndex",
    "SourceFile",
    "analyze",
    "import_graph",
    "load_file",
    "module_name",
    "parse_file",
    "summarize",
]

_PYTHON_SUFFIXES = (".py", ".pyi")
_BINARY_SNIFF = 8192


@dataclass(frozen=True, slots=True)
class AnalysisLimits:
    """Limits that keep one bad file from costing the whole run, and what a skipped file means.

    Attributes:
        max_file_bytes: Files larger than this are reported as `too-large` and not analysed.
        unreadable: The severity of a file the engine cannot analyse (over the size limit, not
            decodable, a PEP 263 encoding Python does not know). `error` by default: the rules
            were not verified on it, so the report blocks (fail closed); `warning` relaxes it.
    """

    max_file_bytes: int = 2_000_000
    unreadable: Severity = Severity.ERROR


class LineIndex:
    """The lines of a text, and conversion between character offsets and 1-based positions."""

    __slots__ = ("_lines", "_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None  # split on first use: most files need no line
        self._starts: list[int] | None = None

    @property
    def lines(self) -> list[str]:
        """The lines of the text, without their line endings."""
        if self._lines is None:
            self._lines = [line.removesuffix("\r") for line in self.text.split("\n")]
        return self._lines

    def line(self, number: int) -> str:
        """Return line `number` (1-based) without its line ending, or "" past the end."""
        lines = self.lines
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of a character offset."""
        if self._starts is None:
            starts, total = [], 0
            for raw in self.text.split("\n"):
                starts.append(total)
                total += len(raw) + 1
            self._starts = starts
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One generated file, as every check sees it (read-only: checks share it).

    Attributes:
        path: The file's path as given in the output (forward slashes).
        text: The decoded text, or None when the file is binary, not UTF-8 or too large.
        lines: The line index of `text` (empty when there is no text).
        module: The dotted module name for a Python file (`pkg/api.py` -> `pkg.api`).
        tree: The parsed module, or None when the file is not Python or does not parse.
        index: The per-node-type indexes built from `tree` in one walk.
        suppressions: Inline `# socratic: allow` comments, by the line they cover.
        aliases: Import aliases in the file, local name -> dotted name (`np` -> `numpy`).
        script: The parsed TypeScript/JavaScript file, or None when the file is not one or
            does not parse (it stays in its process: a summary or a pickled copy has none).
        script_imports: A script file's summary: the imports that run when it loads (what
            cross-file checks read instead of its tree).
    """

    path: str
    text: str | None
    lines: LineIndex
    module: str | None = None
    tree: ast.Module | None = None
    index: PythonIndex | None = None
    suppressions: tuple[Suppression, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    script: ScriptFile | None = None
    script_imports: tuple[ScriptImport, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.aliases, MappingProxyType):
            object.__setattr__(self, "aliases", MappingProxyType(dict(self.aliases)))

    def __reduce__(self) -> tuple[type[SourceFile], tuple[object, ...]]:
        """Pickle with a plain dict for the aliases and no script tree (workers send summaries)."""
        fields = (self.path, self.text, self.lines, self.module, self.tree, self.index)
        extra = (self.suppressions, dict(self.aliases), None, self.script_imports)
        return SourceFile, (*fields, *extra)

    @property
    def is_python(self) -> bool:
        """Whether the file is Python source (by its suffix)."""
        return self.path.endswith(_PYTHON_SUFFIXES)


@dataclass(frozen=True, slots=True)
class PythonFile:
    """A Python file that parsed, as a Python check sees it: tree and index are always there.

    The engine calls a Python check (`@check` on a function whose first parameter is a
    `PythonFile`) only with files that parsed, so nothing here is Optional.

    Attributes:
        path: The file's path as given in the output (forward slashes).
        text: The decoded source.
        lines: The line index of `text`.
        module: The dotted module name (`pkg/api.py` -> `pkg.api`).
        tree: The parsed module.
        index: The per-node-type indexes built from `tree` in the engine's one walk.
        aliases: Import aliases in the file, local name -> dotted name (`np` -> `numpy`).
    """

    path: str
    text: str
    lines: LineIndex
    module: str
    tree: ast.Module
    index: PythonIndex
    aliases: Mapping[str, str]

    @classmethod
    def of(cls, source: SourceFile) -> PythonFile | None:
        """Return the Python view of a loaded file, or None when it is not parsed Python.

        Args:
            source: A file from the analysis.

        Returns:
            The view, or None for text files, files that did not parse and summaries.
        """
        if source.tree is None or source.index is None or source.text is None:
            return None
        module = source.module or module_name(source.path)
        return cls(
            source.path,
            source.text,
            source.lines,
            module,
            source.tree,
            source.index,
            source.aliases,
        )


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the engine knows about one agent output, shared by every check (read-only).

    Attributes:
        files: Every generated file, in path order.
        text: The agent's text answer.
        text_lines: The line index of the text answer.
        diagnostics: Files that could not be (fully) analysed.
        import_graph: Module -> the generated modules it imports at run time (module level,
            outside `if TYPE_CHECKING:`).
    """

    files: tuple[SourceFile, ...]
    text: str
    text_lines: LineIndex
    diagnostics: tuple[FileDiagnostic, ...] = ()
    import_graph: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "files", tuple(self.files))
        if not isinstance(self.import_graph, MappingProxyType):
            graph = MappingProxyType(dict(self.import_graph))
            object.__setattr__(self, "import_graph", graph)

    @property
    def python_files(self) -> Iterator[SourceFile]:
        """The Python files that parsed, with their indexes."""
        return (f for f in self.files if f.index is not None)

    def file_by_module(self) -> dict[str, SourceFile]:
        """Return the parsed Python files by dotted module name."""
        return {f.module: f for f in self.python_files if f.module is not None}


def analyze(output: AgentOutput, limits: AnalysisLimits | None = None) -> Analysis:
    """Read, decode and parse every file of `output` once, and build the import graph.

    Args:
        output: The agent output.
        limits: Size limits; the defaults when None.

    Returns:
        The shared analysis. Files that cannot be analysed appear in `diagnostics`.
    """
    limits = limits or AnalysisLimits()
    files: list[SourceFile] = []
    diagnostics: list[FileDiagnostic] = []
    for path in sorted(output.files):
        source, diagnostic = load_file(path.replace("\\", "/"), output.files[path], limits)
        files.append(source)
        if diagnostic is not None:
            diagnostics.append(diagnostic)
    return Analysis(
        files=tuple(files),
        text=output.text,
        text_lines=LineIndex(output.text),
        diagnostics=tuple(diagnostics),
        import_graph=import_graph(files),
    )


def load_file(
    path: str,
    content: str | bytes,
    limits: AnalysisLimits,
    module: str | None = None,
    *,
    parse: bool = True,
) -> tuple[SourceFile, FileDiagnostic | None]:
    """Decode one file and, unless told not to, build its language analysis (`parse_file`).

    Args:
        path: The file's path.
        content: Its content.
        limits: Size limits.
        module: The file's dotted module name; derived from `path` when None.
        parse: Build the language analysis too; False stops at the decoded text (the engine
            parses later only when a check is left to read the file).

    Returns:
        The source file and, when it could not be fully analysed, the diagnostic why.
    """
    text, diagnostic = _decode(path, content, limits)
    if text is None:
        return SourceFile(path, None, LineIndex("")), diagnostic
    # A script's suppressions are its `//` comments, found in its tree (`parse_file`).
    suppressions = () if is_script(path) else find_suppressions(text)
    source = SourceFile(path, text, LineIndex(text), suppressions=suppressions)
    if source.is_python:
        source = replace(source, module=module or module_name(path))
    return parse_file(source) if parse else (source, diagnostic)


def parse_file(source: SourceFile) -> tuple[SourceFile, FileDiagnostic | None]:
    """Build the language analysis of a decoded file (Python tree and index, or `ScriptFile`).

    A file of a language the engine does not parse, or already parsed, comes back unchanged.

    Args:
        source: A file from `load_file(..., parse=False)`.

    Returns:
        The file with its analysis and, when it does not parse, the diagnostic why.
    """
    if source.text is None or source.tree is not None or source.script is not None:
        return source, None
    if is_script(source.path):
        script, diagnostic = load_script(source.path, source.text, source.lines)
        suppressions = script.suppressions if script is not None else ()
        return replace(source, suppressions=suppressions, script=script), diagnostic
    if not source.is_python:
        return source, None
    module = source.module or module_name(source.path)
    tree, index, diagnostic = _parse(source.path, source.text, module)
    if tree is None or index is None:
        return replace(source, module=module), diagnostic
    suppressions = cover_statements(source.suppressions, tree)
    parsed = replace(source, module=module, tree=tree, index=index, suppressions=suppressions)
    return replace(parsed, aliases=index.aliases), diagnostic


def _decode(
    path: str, content: str | bytes, limits: AnalysisLimits
) -> tuple[str | None, FileDiagnostic | None]:
    size = len(content) if isinstance(content, bytes) else len(content.encode("utf-8", "replace"))
    if size > limits.max_file_bytes:
        message = f"{size} bytes is over the limit of {limits.max_file_bytes}; not analysed"
        return None, FileDiagnostic(path, "too-large", message, limits.unreadable)
    head = content[:_BINARY_SNIFF]
    if (b"\x00" in head) if isinstance(head, bytes) else ("\x00" in head):
        return None, FileDiagnostic(path, "binary", "binary file; not analysed", Severity.INFO)
    if isinstance(content, str):
        return content.removeprefix("\ufeff"), None  # a BOM is an encoding mark, not source
    encoding = "utf-8-sig"
    if path.endswith(_PYTHON_SUFFIXES) and b"coding" in b"".join(content.split(b"\n", 2)[:2]):
        try:  # PEP 263: a coding comment on line 1 or 2 (a BOM means UTF-8)
            encoding = tokenize.detect_encoding(io.BytesIO(content).readline)[0]
        except SyntaxError as exc:
            message = f"{exc.msg}; not analysed"
            return None, FileDiagnostic(path, "unknown-encoding", message, limits.unreadable)
    try:
        return content.decode(encoding), None
    except UnicodeDecodeError as exc:
        message = f"not valid {encoding.removesuffix('-sig')} at byte {exc.start}; not analysed"
        kind = "not-utf8" if encoding.startswith("utf-8") else "undecodable"
        return None, FileDiagnostic(path, kind, message, limits.unreadable)


def _parse(
    path: str, text: str, module: str
) -> tuple[ast.Module | None, PythonIndex | None, FileDiagnostic | None]:
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        if "too many nested" in str(exc.msg):
            return None, None, _too_deep(path, str(exc.msg))
        diagnostic = FileDiagnostic(
            path,
            "syntax-error",
            f"does not parse: {exc.msg}; Python checks skipped",
            Severity.ERROR,
            line=exc.lineno,
            column=exc.offset,
        )
        return None, None, diagnostic
    except (RecursionError, MemoryError) as exc:
        return None, None, _too_deep(path, type(exc).__name__)
    return tree, build_index(tree, module, path.endswith("__init__.py")), None


def _too_deep(path: str, why: str) -> FileDiagnostic:
    message = f"nests deeper than the parser can take ({why}); Python checks skipped"
    return FileDiagnostic(path, "too-deep", message, Severity.ERROR)


def module_name(path: str) -> str:
    """Return the dotted module name of a Python file path (`src/pkg/__init__.py` -> `pkg`).

    Args:
        path: A path with forward slashes.

    Returns:
        The module name; a leading `src/` and `./` are dropped.
    """
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if len(parts) > 1 and parts[0] == "src":
        parts = parts[1:]
    last = parts[-1].rsplit(".", 1)[0]
    parts[-1] = last
    if last == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def summarize(source: SourceFile, *, imports: bool = True) -> SourceFile:
    """Return what cross-file checks need of a file, without its trees, text or other indexes.

    Args:
        source: A loaded file.
        imports: Keep the file's imports (a Python file's index of them, a script's runtime
            imports). False when no cross-file check will read them: then the imports and
            their nodes, most of a summary's size, are neither kept nor sent between processes.

    Returns:
        A copy with the module name, imports, aliases and suppressions only: small enough
        to keep for every file of a large tree (and cheap to send between processes).
    """
    index = None
    script_imports: tuple[ScriptImport, ...] = ()
    if source.index is not None and imports:
        index = PythonIndex(imports=source.index.imports, aliases=source.index.aliases)
    if imports:
        script = source.script
        if script is not None:
            from socratic_core.rules._script_imports import runtime_imports  # noqa: PLC0415 - scripts

            script_imports = runtime_imports(script)
        else:
            script_imports = source.script_imports
    return SourceFile(
        source.path,
        None,
        LineIndex(""),
        module=source.module,
        index=index,
        suppressions=source.suppressions,
        aliases=source.aliases,
        script_imports=script_imports,
    )


def import_graph(files: Iterable[SourceFile]) -> dict[str, frozenset[str]]:
    """Return module -> the generated modules it imports at run time, module level only.

    Args:
        files: Loaded (or summarised) files.

    Returns:
        The graph; imports under `if TYPE_CHECKING:` or inside functions are left out.
    """
    files = list(files)
    modules = {f.module for f in files if f.module is not None and f.index is not None}
    graph: dict[str, frozenset[str]] = {}
    for source in files:
        if source.index is None or source.module is None:
            continue
        targets = set()
        for site in source.index.imports:
            if not site.runtime or site.in_function:
                continue
            for name in site.names:
                target = _owning_module(name, modules)
                if target is not None and target != source.module:
                    targets.add(target)
        graph[source.module] = frozenset(targets)
    return graph


def _owning_module(name: str, modules: set[str]) -> str | None:
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None
