"""The entry point of the instruction language: `parse_instructions(text) -> RuleSet`.

`get_parser()` loads the document parser from its prebuilt tables once per process; lark errors
are translated into the library's terms here and nowhere else.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

from socratic_core.rules._assemble import assemble
from socratic_core.rules._blocks import Document
from socratic_core.rules._diagnostics import Diagnostic, Problem, caret_context
from socratic_core.rules._lalr import ParseError, TableParser
from socratic_core.rules._nodes import CheckDeclaration, Rule, Severity
from socratic_core.rules._prebuilt import load_table_parser
from socratic_core.rules._resolver import Resolver
from socratic_core.rules._ruleset import Example, RuleSet
from socratic_core.rules._statements import Statement
from socratic_core.rules._transformer import DocumentTransformer
from socratic_core.rules._vocabulary import declarations_or_default

if TYPE_CHECKING:
    from lark import Token, Tree
    from lark.exceptions import UnexpectedInput

__all__ = ["get_parser", "get_resolver", "parse_instructions"]

# Known-bad canonical lines, labelled in the instruction language's terms (for match_examples).
_CANONICAL_ERRORS: dict[str, list[str]] = {
    "the parameter list is not closed: add ')'": [
        "quality.max-line-length(max=100",
        "quality.max-line-length(max=100 severity=warning",
        "quality.max-line-length(max=100, visibility=public",
    ],
    "a parameter needs a value: write name=value": [
        "quality.max-line-length(max=)",
        "quality.max-line-length(max)",
        "quality.max-line-length(=100)",
        "quality.max-line-length(100)",
        "quality.max-line-length(max=100,)",
    ],
    "severity and modality need a value: severity=warning": [
        "quality.docstrings severity",
        "quality.docstrings severity=",
        "quality.docstrings modality=",
    ],
    'a scope is a quoted glob: in "src/**"': [
        "quality.docstrings in src/**",
        "quality.docstrings in",
        'quality.docstrings in "src/**",',
    ],
    'a rationale is a quoted sentence: because "..."': [
        "quality.docstrings because readers",
        "quality.docstrings because",
    ],
    "a string is not closed: add '\"'": [
        'quality.docstrings in "src/**',
        'quality.docstrings because "readers',
    ],
    "unexpected text after the rule": [
        "quality.docstrings now",
        'quality.docstrings in "src/**" now',
        "quality.docstrings(visibility=all) now",
    ],
}
_TERMS = {
    "RPAR": "')'",
    "LPAR": "'('",
    "COMMA": "','",
    "EQUAL": "'='",
    "NAME": "a parameter name",
    "NUMBER": "a number",
    "WORD": "a word",
    "STRING": 'a "quoted string"',
    "LSQB": "'['",
    "RSQB": "']'",
    "UNIT": "a unit",
    "IN": "in",
    "BECAUSE": "because",
    "SEVERITY": "severity=",
    "MODALITY": "modality=",
    "UNENFORCED": "unenforced",
    "$END": "the end of the line",
}


@functools.cache
def get_parser() -> TableParser:
    """Return the document parser, loaded once per process from the tables the package ships.

    LALR with the contextual lexer, and the transformer run inside the parser so a document
    becomes its blocks in one pass; every terminal is a whole line and carries its own line
    and column, which is all a span needs. No grammar is analysed at run time, and lark is
    not imported: see `socratic_core.rules._prebuilt` and `socratic_core.rules._lalr`.
    """
    return load_table_parser("instructions.lark", DocumentTransformer())


@functools.lru_cache(maxsize=32)
def _resolver_for(declarations: tuple[CheckDeclaration, ...]) -> Resolver:
    return Resolver(declarations)


def get_resolver(declarations: Iterable[CheckDeclaration] | None = None) -> Resolver:
    """Return a resolver for `declarations` (the built-in vocabulary when `None`), cached.

    Args:
        declarations: The checks statements may resolve to.

    Returns:
        The resolver.
    """
    return _resolver_for(declarations_or_default(declarations))


def _expected(error: UnexpectedInput) -> tuple[str, ...]:
    names = sorted(getattr(error, "expected", None) or getattr(error, "allowed", None) or ())
    return tuple(dict.fromkeys(_TERMS.get(name, name.lower()) for name in names))


def _label(error: UnexpectedInput, text: str) -> str:
    from socratic_core.rules._canonical import lark_canonical_parser  # noqa: PLC0415 - on demand

    def parse(example: str) -> Tree[Token]:
        return lark_canonical_parser().parse(example)

    from lark.exceptions import UnexpectedCharacters  # noqa: PLC0415 (start-up: errors only)

    if isinstance(error, UnexpectedCharacters) and text[error.pos_in_stream :][:1] == '"':
        return "a string is not closed: add '\"'"

    label = error.match_examples(parse, _CANONICAL_ERRORS, use_accepts=True)
    return str(label) if label else "this is not a rule in the canonical form"


@functools.lru_cache(maxsize=1024)
def _built(text: str, resolver: Resolver) -> tuple[Rule, tuple[Problem, ...]]:
    """A canonical line's rule and problems (memoised: both are immutable values).

    The canonical form's module (and its parser) loads with the first canonical line.
    """
    from socratic_core.rules._canonical import build_rule, read_canonical  # noqa: PLC0415

    rule, problems = build_rule(read_canonical(text), resolver.by_id)
    return rule, tuple(problems)


def _failed(
    error: Exception, causes: dict[int, Exception], line: int, column: int, context: str
) -> Diagnostic:
    message = "a quoted string holds an unknown escape"
    hint = "escapes are JSON's: \\\\ for a backslash, \\\" for a quote"
    diagnostic = Diagnostic(line, column, message, hint, Severity.ERROR, context=context)
    causes[id(diagnostic)] = error
    return diagnostic


def _canonical_reader(
    resolver: Resolver, lines: list[str], causes: dict[int, Exception]
) -> Callable[[Statement, str], tuple[Rule | None, list[Diagnostic]]]:
    """A reader for canonical lines; lark errors it translates are kept in `causes` by id."""

    def read(statement: Statement, text: str) -> tuple[Rule | None, list[Diagnostic]]:
        offset = statement.text.find(text) if text else 0
        line, column = statement.position(max(offset, 0))
        try:
            rule, problems = _built(text, resolver)
        except ParseError as refused:
            error = _lark_error(text, refused)
            diagnostic = _syntax_diagnostic(error, text, lines, line, column)
            causes[id(diagnostic)] = error
            return None, [diagnostic]
        except ValueError as error:  # raised inside the (inline) transformer: a bad escape
            context = caret_context(lines[line - 1], column)
            return None, [_failed(error, causes, line, column, context)]
        diagnostics = []
        for problem in problems:
            at = column + (problem.offset or 0)
            diagnostics.append(
                Diagnostic(
                    line,
                    at,
                    problem.message,
                    problem.hint,
                    problem.severity,
                    problem.expected,
                    caret_context(lines[line - 1], at),
                )
            )
        return rule, diagnostics

    return read


def _lark_error(text: str, refused: ParseError) -> UnexpectedInput:
    """Lark's error for a canonical line the table parser refused.

    Lark's own parser reads the line again, from the same tables: its error says what was
    expected, and `match_examples` labels it (lark is imported here, for it).
    """
    from lark.exceptions import UnexpectedInput  # noqa: PLC0415 (start-up: errors only)

    from socratic_core.rules._canonical import lark_canonical_parser  # noqa: PLC0415

    try:
        lark_canonical_parser().parse(text)
    except UnexpectedInput as error:
        return error
    raise AssertionError(f"Lark reads {text!r}, which the same tables refused") from refused


def _syntax_diagnostic(
    error: UnexpectedInput, text: str, lines: list[str], line: int, column: int
) -> Diagnostic:
    from lark.exceptions import UnexpectedToken  # noqa: PLC0415 (start-up: errors only)

    at_end = isinstance(error, UnexpectedToken) and error.token.type == "$END"
    offset = len(text) if at_end else max((error.column or 1) - 1, 0)
    at = column + offset
    return Diagnostic(
        line=line,
        column=at,
        message=_label(error, text),
        hint="see the canonical form in docs/reference/grammar.md",
        severity=Severity.ERROR,
        expected=_expected(error),
        context=caret_context(lines[line - 1], at),
    )


def _prepare(text: str) -> str:
    """Normalise line ends, drop a byte-order mark, end with a newline."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") else text + "\n"


def _parse_document(prepared: str, lines: list[str], strict: bool) -> Document | Diagnostic:
    """The document's blocks, or (lenient) the diagnostic for text the grammar refused."""
    try:
        return cast(Document, get_parser().parse(prepared))
    except ParseError as error:  # the grammar accepts any text; this is a safety net
        line, column = error.line, error.column
        diagnostic = Diagnostic(
            line,
            column,
            "cannot read this line",
            severity=Severity.ERROR,
            context=caret_context(lines[line - 1] if line <= len(lines) else "", column),
        )
        if strict:
            raise diagnostic.to_error() from error
        return diagnostic


def parse_instructions(
    text: str,
    *,
    strict: bool = False,
    declarations: Iterable[CheckDeclaration] | None = None,
    source: str | None = None,
) -> RuleSet:
    """Parse instruction text (AGENTS.md, CLAUDE.md, .cursorrules, canonical lines) into rules.

    Args:
        text: The instruction document.
        strict: Raise `RuleSyntaxError` on the first malformed statement (an unknown rule id,
            a bad number, unit or severity) instead of collecting it as a diagnostic.
        declarations: The checks statements may resolve to; `None` means the built-in
            vocabulary.
        source: Which document this is, recorded on every rule.

    Returns:
        The rules in document order, with diagnostics, front matter and code examples.

    Raises:
        RuleSyntaxError: In strict mode only, for the first malformed statement.
    """
    prepared = _prepare(text)
    lines = prepared.split("\n")
    document = _parse_document(prepared, lines, strict)
    if isinstance(document, Diagnostic):
        return RuleSet(diagnostics=(document,), source=source)
    resolver = get_resolver(declarations)
    causes: dict[int, Exception] = {}
    reader = _canonical_reader(resolver, lines, causes)
    rules, diagnostics, fences, prose = assemble(
        document, resolver, reader, lines=lines, source=source
    )
    if strict:
        for diagnostic in diagnostics:
            if diagnostic.severity is Severity.ERROR:
                raise diagnostic.to_error() from causes.get(id(diagnostic))
    front_matter = document.front_matter
    return RuleSet(
        rules=tuple(rules),
        diagnostics=tuple(diagnostics),
        metadata=dict(front_matter.metadata) if front_matter else {},
        examples=tuple(Example(f.info, f.code, f.span.line) for f in fences),
        source=source,
        prose=tuple(prose),
    )
