"""TypeScript and JavaScript files as the checks read them: parsed once with tree-sitter.

`language_of()` says by a file's suffix which grammar reads it (`.ts .mts .cts` TypeScript,
`.tsx` TSX, `.js .mjs .cjs` JavaScript, `.jsx` JSX; `.vue`, `.svelte` and `.astro` by their
script blocks, see `_embedded`). `load_script()` parses a decoded file once and returns a
`ScriptFile`: the tree, the file's text and line index, and its `// socratic: allow` comments.
A file that does not parse (`root.has_error`: tree-sitter had to recover from a syntax error)
fails closed with a `FileDiagnostic`, exactly like a Python syntax error.

tree-sitter is imported on the first script file, never before: importing `socratic_core.rules`
costs nothing for a caller that checks Python only. The grammars are loaded once per process
(`functools.cache`); a parser is made per file (about 2 microseconds), so threads that check
files side by side never share one (a tree-sitter parser is not thread-safe).

Nothing here recurses: tree-sitter parses with its own stack, and every walk below keeps an
explicit one, so a file that nests 100,000 levels deep costs what its size costs.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from socratic_core.rules._embedded import EMBEDDING_SUFFIXES, script_source
from socratic_core.rules._nodes import Severity
from socratic_core.rules._results import FileDiagnostic
from socratic_core.rules._suppressions import Suppression, comment_suppression, widen

if TYPE_CHECKING:
    import tree_sitter

    from socratic_core.rules._analysis import LineIndex

__all__ = [
    "SCRIPT_LANGUAGES",
    "SCRIPT_SUFFIXES",
    "Language",
    "ScriptFile",
    "is_script",
    "language_of",
    "load_script",
    "parse_script",
    "suffixes_of",
]


class Language(StrEnum):
    """A language the engine reads, and so a language a check may say it reads."""

    PYTHON = "python"
    TYPESCRIPT = "typescript"
    TSX = "tsx"
    JAVASCRIPT = "javascript"
    JSX = "jsx"


SCRIPT_LANGUAGES = frozenset({Language.TYPESCRIPT, Language.TSX, Language.JAVASCRIPT, Language.JSX})
"""Every language tree-sitter reads for the engine (what a `ScriptFile` check reads by default)."""

_SUFFIXES: dict[Language, tuple[str, ...]] = {
    Language.PYTHON: (".py", ".pyi"),
    Language.TYPESCRIPT: (".ts", ".mts", ".cts"),
    Language.TSX: (".tsx",),
    Language.JAVASCRIPT: (".js", ".mjs", ".cjs"),
    Language.JSX: (".jsx",),
}
SCRIPT_SUFFIXES = (*(s for lang in SCRIPT_LANGUAGES for s in _SUFFIXES[lang]), *EMBEDDING_SUFFIXES)
"""Every suffix whose files are read as scripts (component files included)."""


def language_of(path: str) -> Language | None:
    """Return the language a file is read in by its suffix, or None for a file no grammar reads.

    Args:
        path: The file's path.

    Returns:
        The language; for `.vue`, `.svelte` and `.astro` files `JAVASCRIPT` (their blocks
        decide when the file is loaded: `load_script`).
    """
    if path.endswith(EMBEDDING_SUFFIXES):
        return Language.JAVASCRIPT
    for language, suffixes in _SUFFIXES.items():
        if path.endswith(suffixes):
            return language
    return None


def is_script(path: str) -> bool:
    """Whether a file is read as TypeScript or JavaScript (component files included)."""
    return path.endswith(SCRIPT_SUFFIXES)


def suffixes_of(languages: frozenset[Language]) -> tuple[str, ...]:
    """Return the file suffixes that hold code in any of these languages.

    Args:
        languages: Languages.

    Returns:
        Their suffixes, component files (`.vue`, `.svelte`, `.astro`) included for scripts.
    """
    found = [s for lang in Language if lang in languages for s in _SUFFIXES[lang]]
    return (*found, *EMBEDDING_SUFFIXES) if languages & SCRIPT_LANGUAGES else tuple(found)


@dataclass(frozen=True, slots=True)
class ScriptFile:
    """A TypeScript or JavaScript file (or the script blocks of a component) that parsed.

    The engine calls a script check (`@check` on a function whose first parameter is a
    `ScriptFile`) only with files that parsed, so nothing here is Optional.

    Attributes:
        path: The file's path as given in the output (forward slashes).
        text: The whole decoded file text.
        lines: The line index of `text` (positions are positions in the real file).
        language: The grammar the file was parsed with.
        source: The UTF-8 bytes that were parsed. For `.vue`, `.svelte` and `.astro` files
            everything outside the script blocks is blanked to spaces (newlines kept), so byte
            offsets and rows are the file's own.
        tree: The tree-sitter tree.
        suppressions: The file's `// socratic: allow <rule-id> -- <reason>` comments.
    """

    path: str
    text: str
    lines: LineIndex
    language: Language
    source: bytes
    tree: tree_sitter.Tree
    suppressions: tuple[Suppression, ...] = ()
    _index: dict[str, list[tree_sitter.Node]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _wide: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def root(self) -> tree_sitter.Node:
        """The tree's root node (`program`)."""
        return self.tree.root_node

    def text_of(self, node: tree_sitter.Node) -> str:
        """Return a node's source text."""
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def position(self, node: tree_sitter.Node) -> tuple[int, int]:
        """Return the 1-based (line, column in characters) where a node starts."""
        point = node.start_point
        return point.row + 1, self._column(node.start_byte, point.column)

    def end_position(self, node: tree_sitter.Node) -> tuple[int, int]:
        """Return the 1-based (line, column in characters) just past a node's end."""
        point = node.end_point
        return point.row + 1, self._column(node.end_byte, point.column)

    def nodes(self, *types: str) -> Iterator[tree_sitter.Node]:
        """Yield every named node of these types, in source order.

        The first call walks the tree once and indexes every named node by type; every later
        call (from any check) reads that index.

        Args:
            *types: tree-sitter node types (`call_expression`, `arrow_function`, ...).

        Yields:
            The nodes, outer before inner where two start at the same place.
        """
        index = self._index or self._build_index()
        found = [index[kind] for kind in types if kind in index]
        if len(found) == 1:
            yield from found[0]
        elif found:
            yield from heapq.merge(*found, key=_document_order)

    def _build_index(self) -> dict[str, list[tree_sitter.Node]]:
        index = self._index
        cursor = self.tree.walk()
        first, following, up = cursor.goto_first_child, cursor.goto_next_sibling, cursor.goto_parent
        found = index.get
        while True:  # preorder: every list comes out in source order, outer before inner
            node = cursor.node
            if node is not None and node.is_named:
                nodes = found(node.type)
                if nodes is None:
                    index[node.type] = [node]
                else:
                    nodes.append(node)
            if first():
                continue
            while not following():
                if not up():
                    return index

    def _column(self, offset: int, byte_column: int) -> int:
        """The 1-based character column of a byte offset whose column in bytes is known."""
        if self.text.isascii():  # O(1) in CPython: the common case costs nothing
            return byte_column + 1
        if not self._wide:
            self._wide.extend(_wide_bytes(self.text))
        line_start = offset - byte_column
        extra = bisect.bisect_left(self._wide, offset) - bisect.bisect_left(self._wide, line_start)
        return byte_column - extra + 1


# A UTF-8 continuation byte: one a character takes beyond its first.
_CONTINUATION = re.compile(rb"[\x80-\xbf]")


def _wide_bytes(text: str) -> Iterator[int]:
    """Yield the offset of every byte a character takes beyond its first, in order."""
    for match in _CONTINUATION.finditer(text.encode("utf-8", "surrogatepass")):
        yield match.start()


def _document_order(node: tree_sitter.Node) -> tuple[int, int]:
    return node.start_byte, -node.end_byte


@functools.cache
def _grammar(language: Language) -> tree_sitter.Language:
    """The tree-sitter grammar of a language, loaded once per process."""
    import tree_sitter  # noqa: PLC0415 - only once a script file is analysed

    if language in (Language.TYPESCRIPT, Language.TSX):
        import tree_sitter_typescript  # noqa: PLC0415

        if language is Language.TSX:
            return tree_sitter.Language(tree_sitter_typescript.language_tsx())
        return tree_sitter.Language(tree_sitter_typescript.language_typescript())
    import tree_sitter_javascript  # noqa: PLC0415

    return tree_sitter.Language(tree_sitter_javascript.language())


def parse_script(source: bytes, language: Language) -> tree_sitter.Tree:
    """Parse script source with the language's grammar (a fresh parser: thread-safe).

    Args:
        source: UTF-8 bytes.
        language: The grammar to read them with.

    Returns:
        The tree (check `tree.root_node.has_error`).
    """
    import tree_sitter  # noqa: PLC0415 - only once a script file is analysed

    return tree_sitter.Parser(_grammar(language)).parse(source)


def load_script(
    path: str, text: str, lines: LineIndex
) -> tuple[ScriptFile | None, FileDiagnostic | None]:
    """Parse one decoded script file once.

    Args:
        path: The file's path (its suffix says the language).
        text: Its decoded text.
        lines: The line index of `text`.

    Returns:
        The parsed file, or None and the diagnostic why it could not be read (a syntax error
        tree-sitter had to recover from fails closed, at error severity).
    """
    language = language_of(path)
    if language is None or language is Language.PYTHON:
        raise ValueError(f"{path}: not a TypeScript or JavaScript file")
    source = text.encode("utf-8", "surrogatepass")
    if path.endswith(EMBEDDING_SUFFIXES):
        source, named = script_source(path, source)
        language = Language(named)
    tree = parse_script(source, language)
    if tree.root_node.has_error:
        return None, _syntax_error(path, language, tree.root_node, lines)
    script = ScriptFile(path, text, lines, language, source, tree)
    if b"socratic:" not in source:
        return script, None
    suppressions = tuple(sorted(_suppressions(script), key=lambda s: (s.line, s.column)))
    return ScriptFile(path, text, lines, language, source, tree, suppressions), None


def _syntax_error(
    path: str, language: Language, root: tree_sitter.Node, lines: LineIndex
) -> FileDiagnostic:
    bad = _first_error(root)
    line = bad.start_point.row + 1
    what = "is missing " + bad.type if bad.is_missing else "has a syntax error"
    message = f"does not parse as {language.value}: line {line} {what}; script checks skipped"
    column = _char_column(lines.line(line), bad.start_point.column)
    return FileDiagnostic(path, "syntax-error", message, Severity.ERROR, line=line, column=column)


def _char_column(line_text: str, byte_column: int) -> int:
    head = line_text.encode("utf-8", "surrogatepass")[:byte_column]
    return len(head.decode("utf-8", "replace")) + 1


def _first_error(root: tree_sitter.Node) -> tree_sitter.Node:
    """The first ERROR or MISSING node, found without recursion (the tree may be deep)."""
    node = root
    while True:
        for child in node.children:
            if child.is_error or child.is_missing:
                return child
            if child.has_error:
                node = child
                break
        else:
            return node  # has_error set on a node none of whose children is the error


# Nodes whose start a suppression above a statement covers up to (like a Python block header).
_BODIES = frozenset({"statement_block", "class_body", "switch_body", "interface_body"})
_HEADER_NODES = 256


def _suppressions(script: ScriptFile) -> Iterator[Suppression]:
    """The file's `socratic: allow` comments, each widened to the statement it covers."""
    for comment, following in _marked_comments(script):
        line, column = script.position(comment)
        before = script.lines.line(line)[: column - 1]
        found = comment_suppression(script.text_of(comment), line, column, alone=not before.strip())
        if found is None:
            continue
        target = following if found.target_line != line else None
        if target is None or target.start_point.row + 1 != found.target_line:
            yield found
            continue
        yield widen(found, found.target_line, _header_end(target))


def _marked_comments(
    script: ScriptFile,
) -> Iterator[tuple[tree_sitter.Node, tree_sitter.Node | None]]:
    """Each comment that says `socratic:`, with the named node after it at its level, if any.

    One walk with a list per level of the comments still waiting for what follows them (a
    sibling lookup in tree-sitter starts from the root: asked per comment, it would cost the
    file's depth each time).
    """
    cursor, source = script.tree.walk(), script.source
    waiting: list[list[tree_sitter.Node]] = [[]]
    while True:
        node = cursor.node
        if node is not None and node.is_named:
            if node.type == "comment":
                if b"socratic:" in source[node.start_byte : node.end_byte]:
                    waiting[-1].append(node)
            elif waiting[-1]:
                yield from ((comment, node) for comment in waiting[-1])
                waiting[-1].clear()
        if cursor.goto_first_child():
            waiting.append([])
            continue
        while not cursor.goto_next_sibling():
            yield from ((comment, None) for comment in waiting.pop())
            if not cursor.goto_parent():
                return


def _header_end(node: tree_sitter.Node) -> int:
    """The last line of a statement's header: up to its first body, or its whole extent.

    The search looks at the statement's first nodes only (`_HEADER_NODES`), so many
    suppressions over one large statement stay linear; past them, the suppression covers the
    statement's first line only (less, never more, than it asked for).
    """
    cursor = node.walk()
    for _ in range(_HEADER_NODES):
        current = cursor.node
        if current is not None and current.type in _BODIES:
            return max(node.start_point.row, current.start_point.row) + 1
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.node == node:
                return node.end_point.row + 1
    return node.start_point.row + 1
