"""What a plugin registers: a `Check` (declaration + function), and what the function works with.

The short way is the `@check` decorator (`socratic_core.rules.check`): write the function,
and its signature and docstring become the declaration. Underneath, every check function takes a
`CheckContext` (the rule being checked, its parameters with defaults filled in, and the shared
`Analysis`) and returns or yields `Finding`s. It is pure: no I/O, no database, no parsing of its
own (the analysis has parsed everything once).

A per-file check (the default) is called once for each generated file, with an analysis that
holds that one file (parsed, indexed), and once more with an analysis that holds only the agent's
text answer; what it finds in a file must not depend on other files. A cross-file check
(`Check(..., cross_file=True)`) is called once, with every file's summary (path, module name,
import index, suppressions; no tree and no text), the import graph and the text answer.

A check may declare a prefilter (`Check(..., prefilter=mentions("eval", "exec"))`): a cheap test
of a file's text that is False only when the check certainly finds nothing in it. The engine
then skips that call, and a file that no check is left to read is not parsed at all.

A batched check (`Check(..., batch=Batch(...))`) is run by an external tool that checks many rules
in one pass (ruff): the engine calls the batch's function once per validation, with the context
of every rule whose check shares that batch and a `Workspace` that names every file on disk.
"""

from __future__ import annotations

import ast
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeVar

from socratic_core.rules._analysis import Analysis, PythonFile, SourceFile
from socratic_core.rules._nodes import CheckDeclaration, ParamValue, Rule, Severity
from socratic_core.rules._patterns import lazy
from socratic_core.rules._results import Location
from socratic_core.rules._script import Language, ScriptFile, language_of

if TYPE_CHECKING:
    import tree_sitter

__all__ = [
    "Batch",
    "BatchFunction",
    "Check",
    "CheckContext",
    "CheckFunction",
    "Finding",
    "Prefilter",
    "Workspace",
    "in_rule_scope",
    "lowered_spellings",
    "matches",
    "mentions",
    "names_in",
    "per_text",
    "spellings",
    "writes_names",
]


def in_rule_scope(rule: Rule, path: str) -> bool:
    """Whether a file path is inside a rule's scope (every file when it has none)."""
    return not rule.scope or any(fnmatchcase(path, glob) for glob in rule.scope)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a check found, before the engine turns it into a `Violation`.

    Build one with `at_node`, `at_script_node`, `at_line` or `in_text`, or directly as
    `Finding(message, Location(path, line, column, ...))`.

    Attributes:
        message: What is wrong, in one sentence.
        location: Where: the file (None for the agent's text answer) and the span in it; it
            becomes the violation's location as it is.
        fix_hint: A fix hint for this finding; the declaration's hint when None.
        severity: At most this severity (a weaker signal of the same problem); the rule's
            severity when None.
    """

    message: str
    location: Location
    fix_hint: str | None = None
    severity: Severity | None = None

    @classmethod
    def at_node(cls, source: SourceFile | PythonFile, node: ast.AST, message: str) -> Finding:
        """Return a finding at an AST node of a file.

        Args:
            source: The file.
            node: A node with a position (statement, expression, handler...).
            message: What is wrong.

        Returns:
            The finding, spanning the node.
        """
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", None)
        end_col = getattr(node, "end_col_offset", None)
        column = getattr(node, "col_offset", 0) + 1
        end_column = None if end_col is None else end_col + 1
        return cls(message, Location(source.path, line, column, end_line, end_column))

    @classmethod
    def at_script_node(cls, file: ScriptFile, node: tree_sitter.Node, message: str) -> Finding:
        """Return a finding at a tree-sitter node of a TypeScript or JavaScript file.

        Args:
            file: The file.
            node: A node of its tree.
            message: What is wrong.

        Returns:
            The finding, spanning the node (columns in characters, as everywhere).
        """
        line, column = file.position(node)
        end_line, end_column = file.end_position(node)
        return cls(message, Location(file.path, line, column, end_line, end_column))

    @classmethod
    def at_line(
        cls, source: SourceFile | PythonFile | ScriptFile, line: int, message: str, column: int = 1
    ) -> Finding:
        """Return a finding on a whole line of a file.

        Args:
            source: The file.
            line: 1-based line.
            message: What is wrong.
            column: 1-based column where the problem starts.

        Returns:
            The finding, from `column` to the end of the line.
        """
        end = len(source.lines.line(line)) + 1
        return cls(message, Location(source.path, line, column, line, max(end, column)))

    @classmethod
    def in_text(cls, analysis: Analysis, start: int, end: int, message: str) -> Finding:
        """Return a finding on a character span of the agent's text answer.

        Args:
            analysis: The analysis that holds the text.
            start: Start offset.
            end: End offset (exclusive).
            message: What is wrong.

        Returns:
            The finding, with offsets and 1-based line/column.
        """
        line, column = analysis.text_lines.position(start)
        end_line, end_column = analysis.text_lines.position(end)
        return cls(message, Location(None, line, column, end_line, end_column, start, end))


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What a check function gets: the rule, its parameters and the shared analysis.

    Attributes:
        rule: The rule being checked.
        params: The rule's parameters, with the declaration's defaults filled in.
        analysis: The shared analysis: one file, the text answer, or (for cross-file checks)
            every file's summary.
    """

    rule: Rule
    params: Mapping[str, ParamValue]
    analysis: Analysis

    def in_scope(self, source: SourceFile | str) -> bool:
        """Whether a file (or a path) is inside the rule's scope (every file when it has none)."""
        return in_rule_scope(self.rule, source if isinstance(source, str) else source.path)

    @property
    def python_files(self) -> Iterator[SourceFile]:
        """The parsed Python files in the rule's scope."""
        return (f for f in self.analysis.python_files if self.in_scope(f))

    @property
    def python_sources(self) -> Iterator[PythonFile]:
        """The parsed Python files in the rule's scope, with tree and index never None."""
        for source in self.python_files:
            python = PythonFile.of(source)
            if python is not None:
                yield python

    @property
    def text_files(self) -> Iterator[SourceFile]:
        """Every decoded file (Python or not) in the rule's scope."""
        return (f for f in self.analysis.files if f.text is not None and self.in_scope(f))

    @property
    def script_files(self) -> Iterator[ScriptFile]:
        """The TypeScript/JavaScript files that parsed, in the rule's scope."""
        for source in self.analysis.files:
            if source.script is not None and self.in_scope(source):
                yield source.script

    def int_param(self, name: str) -> int:
        """Return an integer parameter (a float is truncated, a bool refused)."""
        value = self.params[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"parameter {name!r} must be a number, not {value!r}")
        return int(value)

    def list_param(self, name: str) -> tuple[str, ...]:
        """Return a list parameter as lower-case words (a single word becomes a 1-tuple)."""
        value = self.params[name]
        words = (value,) if isinstance(value, str) else value
        if not isinstance(words, tuple):
            raise TypeError(f"parameter {name!r} must be a list of words, not {value!r}")
        return tuple(str(word).lower() for word in words)


CheckFunction = Callable[[CheckContext], Iterable[Finding]]
"""The function that checks one rule: context in, findings out."""

Prefilter = Callable[[str, Mapping[str, ParamValue]], bool]
"""Whether a check can find anything in a file with this text, for a rule with these parameters.

It must be conservative: False only when the check certainly finds nothing in the file (the
engine then neither calls the check on it nor, if no other check is left, parses it); True
whenever in doubt. `mentions()` builds the common kind."""


def mentions(*words: str, ignore_case: bool = False) -> Prefilter:
    """Return a prefilter that passes the files whose text contains any of `words`.

    Use it for what a check finds by name (a call's last attribute, a keyword argument's
    name, an imported module): those names are spelled out in the source. The words are looked
    for in every spelling of the text (`spellings()`), as Python reads identifiers
    NFKC-normalised (a full-width `eval` is `eval`). String contents are not spelled out
    (escapes, implicit concatenation): a check that finds something by what a string says needs
    a prefilter of its own, or none.

    Args:
        words: The words; the file must contain at least one (as a substring).
        ignore_case: Match the words in any case.

    Returns:
        The prefilter (it ignores the rule's parameters).
    """
    source = "|".join(re.escape(word) for word in words)
    pattern = f"(?i:{source})" if ignore_case else source
    return _searching(pattern, names=True, name=f"mentions{words!r}")


_Result = TypeVar("_Result")


def per_text(function: Callable[[str], _Result]) -> Callable[[str], _Result]:
    """Remember what `function` returned for the last text it was called with.

    The engine runs every prefilter on one file before it moves to the next: a test several
    prefilters share (a lower-cased copy of the text, whether its literals are spelled in
    pieces) then runs once per file, whichever prefilter asks first. The text is recognised by
    identity, so the memory costs one comparison and holds one result.
    """
    last: list[tuple[str, _Result]] = []

    def remembered(text: str) -> _Result:
        if last and last[0][0] is text:
            return last[0][1]
        result = function(text)
        last[:] = [(text, result)]  # one assignment: a reader in another thread sees one pair
        return result

    functools.update_wrapper(remembered, function)
    return remembered


@per_text
def _spelled(text: str) -> tuple[str, ...]:
    """The text's spellings (see `spellings`)."""
    return (text,) if text.isascii() else (text, unicodedata.normalize("NFKC", text))


@per_text
def _lowered(text: str) -> tuple[str, ...]:
    """The text's spellings lower-cased (see `lowered_spellings`)."""
    if text.isascii():
        return (text.lower(),)
    # Non-ASCII characters become `?`: case-folding them could make ASCII letters (the Kelvin
    # sign lowers to `k`) that the name-splitting patterns, all ASCII, never see.
    return tuple(f.encode("ascii", "replace").decode("ascii").lower() for f in _spelled(text))


def spellings(text: str) -> tuple[str, ...]:
    """Return a file's text as written and, when it is not ASCII, NFKC-normalised.

    Python reads identifiers NFKC-normalised (a full-width `eval` is `eval`) and string
    literals as written: a test for a name looks at every spelling, one for a string's contents
    at the first (the text as written). Computed once per file, whichever prefilter asks first.
    """
    return _spelled(text)


def lowered_spellings(text: str) -> tuple[str, ...]:
    """Return `spellings(text)` with ASCII letters lower-cased and other characters as `?`.

    For case-insensitive tests of ASCII words (`passw`, `api_key`): a substring test on these is
    as fast as a case-sensitive one, and each character keeps its position.
    """
    return _lowered(text)


def names_in(
    text: str,
    names: Iterable[str],
    *,
    ignore_case: bool = False,
    called: bool = False,
    assigned: bool = False,
) -> bool:
    """Whether any of `names` is written as a whole identifier in `text` (in any spelling).

    A whole identifier is not preceded by a letter or `_` and not followed by a letter, digit or
    `_`: `eval(`, `.exec(`, `import eval as` count, `execute` and `medieval` do not. (A digit
    before a name is allowed: `1if` reads as `1 if`.) Comments and strings count too: the test
    is conservative.

    Args:
        text: A file's text.
        names: The names.
        ignore_case: Match in any case (the names must then be lower-case).
        called: Count only a name that a call's `(` follows, or an import's `as`: the import
            index resolves a call's name through the aliases imports bind (`from os import
            system as run` makes `run()` a call of `os.system`), so the last name of a call it
            resolves is written either before the call's parenthesis or before an `as`.
        assigned: Count only a name that `=` follows (not `==`): a keyword argument
            (`shell=True`) or an assignment's target.

    Returns:
        Whether one of the names is written whole (and called, if asked).
    """
    forms = lowered_spellings(text) if ignore_case else spellings(text)
    follow = _CALL_OR_ALIAS if called else _ASSIGNED if assigned else None
    for gate, gated in _gates(tuple(names)):  # one substring search stands for many names
        for form in forms:
            if gate in form and any(_has_name(form, n, follow) for n in gated):
                return True
    return False


@functools.cache
def _gates(names: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The names that contain none of the others, each with the names that contain it."""
    unique = set(names)
    gates = sorted(n for n in unique if not any(o != n and o in n for o in unique))
    return tuple((gate, tuple(sorted(n for n in unique if gate in n))) for gate in gates)


def writes_names(*names: str, called: bool = False) -> Prefilter:
    """Return a prefilter that passes the files that write any of `names` as a whole identifier.

    Stronger than `mentions` for what a check finds by a name (a call's last attribute, a
    keyword argument): `exec` does not pass a file that only says `execute`, and a file that is
    not ASCII is tested NFKC-normalised rather than passed.

    Args:
        names: The identifiers (see `names_in`).
        called: Pass only a file that calls one of them (or imports it under another name).

    Returns:
        The prefilter (it ignores the rule's parameters).
    """

    def passes(text: str, _params: Mapping[str, ParamValue]) -> bool:
        return names_in(text, names, called=called)

    passes.__qualname__ = passes.__name__ = f"writes_names{names!r}"
    return passes


# What may stand between a called name and its `(` (or an import's `as`), or a keyword and its
# `=`: blanks, line continuations, comments (and, before a call, the parentheses that close
# around the function). Possessive, so a line of `####` cannot make it backtrack.
_GAP = r"(?:\s|\\\r?\n|#[^\n]*+)*+"
_CALL_OR_ALIAS = re.compile(r"(?:\s|\\\r?\n|#[^\n]*+|\))*+(?:\(|as\b)")  # `(eval)(x)`
_ASSIGNED = re.compile(_GAP + "=(?!=)")


def _has_name(text: str, name: str, follow: re.Pattern[str] | None) -> bool:
    for match in _name_end(name).finditer(text):
        start = match.start()
        before = text[start - 1] if start else " "
        if before.isalpha() or before == "_":
            continue
        if follow is None or follow.match(text, match.end()):
            return True
    return False


@functools.cache
def _name_end(name: str) -> re.Pattern[str]:
    """`name` where no letter, digit or `_` follows.

    A pattern that starts with a literal is searched for about as fast as a substring.
    """
    return re.compile(re.escape(name) + r"(?![A-Za-z0-9_])")


def matches(pattern: str, *, names: bool = True) -> Prefilter:
    """Return a prefilter that passes the files in whose text a regular expression matches.

    For what `mentions()` cannot say: a word in a place (`except` followed by `:`), or a count.
    The pattern must match wherever the check could find something, however the source is
    spelled (line continuations, comments inside brackets, several spaces, ...).

    Args:
        pattern: The regular expression (compiled on first use).
        names: Whether the pattern spells identifiers (`print`, `Exception`). Python reads
            identifiers NFKC-normalised, so then the pattern is searched in every spelling of
            the text (`spellings()`); a pattern of keywords and punctuation only (`except`,
            `async def`) is searched in the text as written, as Python's keywords are ASCII.
    """
    return _searching(pattern, names=names, name=f"matches({pattern!r})")


def _searching(pattern: str, *, names: bool, name: str) -> Prefilter:
    """A prefilter that searches `pattern` (compiled on first use) in the text's spellings."""
    compiled = lazy(pattern)

    def passes(text: str, _params: Mapping[str, ParamValue]) -> bool:
        forms = spellings(text) if names else (text,)
        return any(compiled.search(form) is not None for form in forms)

    passes.__qualname__ = passes.__name__ = name
    return passes


@dataclass(frozen=True, slots=True)
class Workspace:
    """The files of one validation as a tool that reads files sees them.

    `RuleEngine.validate()` writes in-memory files into a private temporary directory for the
    length of the run; `socratic check` hands over the files on disk as they are.

    Attributes:
        files: Path in the output (as reports show it) -> the file's path on disk, read-only.
        root: The private directory the files were written to, or None for files on disk.
        cache_dir: A folder where a tool may keep its own cache between runs, each tool in a
            subfolder named after it (`socratic check` gives ruff `<cache>/ruff`), or None:
            no cache (ruff runs with `--no-cache`).
    """

    files: Mapping[str, str]
    root: str | None = None
    cache_dir: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "files", MappingProxyType(dict(self.files)))


BatchFunction = Callable[
    [Sequence[CheckContext], Workspace], Sequence[Iterable[Finding] | Exception]
]
"""Checks many rules in one pass: every rule's context in, one result per context out (its
findings, or the exception that fails that rule alone)."""


@dataclass(frozen=True, slots=True)
class Batch:
    """An external tool that checks every rule of its checks in one run per validation.

    Attributes:
        name: The tool's name (`ruff`), shown in failures.
        function: Called once with the contexts of every rule to check and the workspace;
            returns one result per context, in the same order: its findings, or an exception
            that fails that rule alone (a rule the tool cannot run). If it raises, every one of
            those rules gets a plugin failure (fail closed).
    """

    name: str
    function: BatchFunction = field(compare=False)


@dataclass(frozen=True, slots=True)
class Check:
    """A check a plugin registers: what it is (declaration) and how it checks (function).

    Attributes:
        declaration: Id, category, parameters, phrases for the resolver, description, fix hint.
        function: The function that checks.
        cross_file: Whether the check reads across files (the import graph). Such a check is
            called once with every file's summary instead of once per file.
        batch: The tool that runs this check together with others in one pass per validation
            (the engine then calls the batch, not `function`; `function` checks one rule on the
            files of its context on its own, for a caller without an engine).
        reads: The file suffixes the check reads (`(".py", ".pyi")`), `()` for the text answer
            only, or None for any file. Reports use it to say which files no rule looked at.
        validate: Checks a rule's parameters when the rules are compiled (`RuleEngine.compile`)
            and returns what is wrong, or None: a rule it refuses is a rules error, reported
            with its line like a syntax error, instead of a failure when the output is checked.
        languages: The languages whose parsed code the check reads; empty for a check that
            reads files as text or only the text answer. When not given, it follows from
            `reads` (`.py` is Python, `.ts` TypeScript, ...). Two checks may share one id
            when their languages do not overlap (the Python and the TypeScript side of one
            rule): the engine runs each on its own files.
        prefilter: A cheap, conservative test of a file's text (see `Prefilter`): the engine
            skips the check on files it rejects. None: the check reads every file.
    """

    declaration: CheckDeclaration
    function: CheckFunction = field(compare=False)
    cross_file: bool = False
    batch: Batch | None = None
    reads: tuple[str, ...] | None = None
    validate: Callable[[Mapping[str, ParamValue]], str | None] | None = field(
        default=None, compare=False
    )
    prefilter: Prefilter | None = field(default=None, compare=False)
    languages: frozenset[Language] = frozenset()

    def __post_init__(self) -> None:
        if not self.languages and self.reads:
            found = {language_of(suffix) for suffix in self.reads}
            object.__setattr__(self, "languages", frozenset(x for x in found if x is not None))

    def reads_file(self, path: str) -> bool:
        """Whether the check reads this file (by its suffix)."""
        return self.reads is None or path.endswith(self.reads)

    @property
    def id(self) -> str:
        """The check's id (its declaration's)."""
        return self.declaration.id
