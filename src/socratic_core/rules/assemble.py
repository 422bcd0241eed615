"""From document blocks to rules: statements, categories from headings, scopes from front matter.

Each list item is one statement (without a modal word, a requirement, or a preference when it
reads `X over Y`); in a paragraph each line (a lowercase line continues the one before it) is
split into sentences and each sentence is one. A statement is read (see
`statements`), offered to the resolver, and becomes a `Rule`: enforced when a declared check
claims it, unenforced (with a generated `<category>.<slug>` id) when none does. A claimed rule's
modality is relative to the check: `must`/`should`/`prefer` when the statement agrees with it,
`must-not`/`should-not` (and unenforced) when it asks for the opposite.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from socratic_core.rules.blocks import (
    Block,
    Comment,
    Document,
    Fence,
    Heading,
    Item,
    Paragraph,
    TableRow,
    TextLine,
)
from socratic_core.rules.canonical import CANONICAL_START
from socratic_core.rules.diagnostics import Diagnostic, caret_context
from socratic_core.rules.nodes import Category, Modality, ParamValue, Rule, RuleKind, Severity
from socratic_core.rules.nodes import SourceSpan as Span
from socratic_core.rules.normalise import Word, words
from socratic_core.rules.resolver import Resolver, bound_for
from socratic_core.rules.ruleset import Prose
from socratic_core.rules.statements import (
    COUNTED_UNITS,
    Problem,
    Quantity,
    Reading,
    clean_markdown,
    has_modality,
    read_statement,
)

__all__ = [
    "MAX_STATEMENT_LENGTH",
    "Statement",
    "assemble",
    "category_of",
    "default_scope",
    "heading_category",
]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*_\"'(\[])")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_CATEGORY_WORDS: tuple[tuple[Category, frozenset[str]], ...] = (
    (
        Category.SECURITY,
        frozenset(
            [
                "security",
                "secure",
                "secret",
                "password",
                "credential",
                "token",
                "injection",
                "xss",
                "csrf",
                "encrypt",
                "encryption",
                "tls",
                "ssl",
                "auth",
                "authentication",
                "authorization",
                "sanitize",
                "sanitise",
                "vulnerability",
                "cve",
                "permission",
                "hardcoded",
                "eval",
                "exec",
                "pickle",
            ]
        ),
    ),
    (
        Category.TESTING,
        frozenset(
            [
                "test",
                "testing",
                "coverage",
                "pytest",
                "unittest",
                "mock",
                "fixture",
                "tdd",
                "qa",
                "spec",
            ]
        ),
    ),
    (
        Category.PERFORMANCE,
        frozenset(
            [
                "performance",
                "latency",
                "fast",
                "faster",
                "slow",
                "cache",
                "caching",
                "memory",
                "async",
                "await",
                "optimize",
                "optimise",
                "efficient",
                "efficiency",
                "throughput",
                "speed",
                "n+1",
                "blocking",
            ]
        ),
    ),
    (
        Category.ARCHITECTURE,
        frozenset(
            [
                "architecture",
                "import",
                "module",
                "layer",
                "dependency",
                "depend",
                "package",
                "circular",
                "coupling",
                "interface",
                "service",
                "repository",
                "structure",
                "folder",
                "directory",
                "design",
                "boundary",
            ]
        ),
    ),
    (
        Category.QUALITY,
        frozenset(
            [
                "quality",
                "style",
                "name",
                "naming",
                "docstring",
                "comment",
                "type",
                "typing",
                "lint",
                "linter",
                "format",
                "formatting",
                "readable",
                "readability",
                "function",
                "variable",
                "class",
                "clean",
                "refactor",
                "snake_case",
                "camelcase",
                "indentation",
                "line",
                "duplication",
                "dry",
                "magic",
                "constant",
                "logging",
                "log",
                "exception",
                "error",
                "convention",
                "print",
                "debug",
                "debugging",
                "conventions",
            ]
        ),
    ),
)
_TIME_UNITS = frozenset({"ms", "s", "minutes"})
# A statement longer than this is listed as prose, unread: no rule is that long, and the bound
# keeps the cost of reading any one statement constant, so a document costs time linear in its
# length however it is written.
MAX_STATEMENT_LENGTH = 2_000
_TOO_LONG = (
    "kept as prose, not read as a rule: it is {} characters long"
    f" (at most {MAX_STATEMENT_LENGTH:,} are read)"
)
# A list item without a modal word is a requirement, or a preference (`- Composition over
# inheritance`); a paragraph sentence without one is prose.
_ITEM_MODALITY = {False: Modality.MUST, True: Modality.PREFER}


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement: its text as written and where each of its pieces sits."""

    pieces: tuple[TextLine, ...]
    end: tuple[int, int]
    text: str = field(init=False)  # the pieces joined by one space
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        text = self.pieces[0].text if len(self.pieces) == 1 else None
        object.__setattr__(self, "text", text or " ".join(p.text for p in self.pieces))
        starts, position = [], 0
        for piece in self.pieces:
            starts.append(position)
            position += len(piece.text) + 1
        object.__setattr__(self, "_starts", tuple(starts))

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, column) of a character offset into `text` (a binary search)."""
        index = max(bisect_right(self._starts, offset) - 1, 0)
        piece = self.pieces[index]
        return piece.line, piece.column + min(offset - self._starts[index], len(piece.text))

    @property
    def span(self) -> Span:
        """Where the statement starts and ends."""
        first = self.pieces[0]
        return Span(first.line, first.column, self.end[0], self.end[1])


CanonicalReader = Callable[[Statement, str], tuple[Rule | None, list[Diagnostic]]]


def heading_category(text: str) -> Category | None:
    """The category a heading names (`## Security`, `### Code quality`), if any.

    Args:
        text: The heading text.

    Returns:
        The category, or `None` for a heading that names none.
    """
    return category_of(words(clean_markdown(text)), ())


def category_of(found: Iterable[str], quantities: Sequence[Quantity]) -> Category | None:
    """The category that statement words (or a time limit, for performance) point to, if any.

    Args:
        found: Normalised words.
        quantities: The statement's quantities.

    Returns:
        The first category whose keywords appear, in order security, testing, performance,
        architecture, quality; or `None`.
    """
    present = set(found)
    for category, keywords in _CATEGORY_WORDS:
        if present & keywords:
            return category
    if any(quantity.unit in _TIME_UNITS for quantity in quantities):
        return Category.PERFORMANCE
    return None


def _slug(subject: Sequence[str]) -> str:
    slug = _SLUG_JUNK.sub("-", "-".join(subject[:6]).lower()).strip("-")
    return slug[:60].rstrip("-") or "statement"


def _free_params(quantities: Sequence[Quantity]) -> dict[str, ParamValue]:
    """Parameters of an unenforced rule: its first limit and unit."""
    if not quantities:
        return {}
    quantity = quantities[0]
    counted = quantity.unit is None or quantity.unit in COUNTED_UNITS
    integer = counted and isinstance(quantity.value, int)
    upper = bound_for(quantity, True, integer)
    lower = bound_for(quantity, False, integer)
    params: dict[str, ParamValue] = (
        {"max": upper} if upper is not None else {"min": lower} if lower is not None else {}
    )
    if quantity.unit is not None:
        params["unit"] = quantity.unit
    return params


@dataclass
class _Assembler:
    resolver: Resolver
    read_canonical: CanonicalReader
    lines: Sequence[str]
    default_scope: tuple[str, ...]
    source: str | None
    rules: list[Rule] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    headings: list[tuple[int, Category | None]] = field(default_factory=list)
    list_heads: list[tuple[int, Category | None]] = field(default_factory=list)
    prose_statements: list[Prose] = field(default_factory=list)
    # Whether the table being read has a header that carries the force ("Do" / "Don't").
    forceful_header: bool = False

    @property
    def heading_category(self) -> Category | None:
        heads = [*self.headings, *self.list_heads]
        return next((cat for _, cat in reversed(heads) if cat is not None), None)

    def heading(self, block: Heading) -> None:
        self.list_heads.clear()
        while self.headings and self.headings[-1][0] >= block.level:
            self.headings.pop()
        self.headings.append((block.level, heading_category(block.text)))

    def item(self, block: Item) -> None:
        while self.list_heads and self.list_heads[-1][0] >= block.depth:
            self.list_heads.pop()
        statement = Statement(block.lines, (block.span.end_line, block.span.end_column))
        short = len(statement.text) <= MAX_STATEMENT_LENGTH
        if short and statement.text.rstrip("*_ ").endswith(":"):
            cleaned = clean_markdown(statement.text)
            if not has_modality(cleaned):  # `- Security:` heads a sublist
                self.list_heads.append((block.depth, heading_category(cleaned)))
                return
        self.statement(statement, True)

    def paragraph(self, block: Paragraph) -> None:
        for statement in _sentences(block.lines):
            self.statement(statement, False)

    def statement(self, statement: Statement, is_item: bool) -> None:
        raw = statement.text
        if not _HAS_LETTER.search(raw):
            return
        if len(raw) > MAX_STATEMENT_LENGTH:  # reading meaning costs at most this much each
            self.note(statement, _TOO_LONG.format(len(raw)), Severity.WARNING)
            self.prose_statements.append(Prose(statement.text, statement.span))
            return
        if CANONICAL_START.match(raw):  # the exact form: no Markdown cleaning inside strings
            canonical = raw.strip()
            if canonical.startswith("`") and canonical.endswith("`"):
                canonical = canonical.strip("`")
            rule, found = self.read_canonical(statement, canonical.rstrip("."))
            self.diagnostics.extend(found)
            if rule is not None:
                self.add(rule, statement)
            return
        self.prose(statement, clean_markdown(raw), is_item)

    def prose(self, statement: Statement, cleaned: str, is_item: bool) -> None:
        reading = read_statement(cleaned)
        for problem in reading.problems:
            self.diagnostics.append(self.diagnostic(statement, problem))
        subject = words(reading.subject, preference=reading.preference)
        subject = subject or words(reading.title or "")
        modality = reading.modality or (_ITEM_MODALITY[reading.preference] if is_item else None)
        if modality is None:
            self.note(statement, "kept as prose, not a rule: it has no must, should, never, ...")
            self.prose_statements.append(Prose(statement.text, statement.span))
            return
        forbidding = modality.negative
        claim = self.resolver.claim(subject, reading.quantities, forbidding=forbidding)
        if claim is None and reading.title:  # `**Type hints:** annotate everything`
            titled = words(reading.title) + subject
            claim = self.resolver.claim(titled, reading.quantities, forbidding=forbidding)
        for note in claim.notes if claim else ():
            self.note(statement, note, Severity.WARNING)
        severity = reading.severity or modality.default_severity
        kind = RuleKind.ENFORCED if claim and claim.agrees else RuleKind.UNENFORCED
        if claim is not None:
            rule_id, category = claim.declaration.id, claim.declaration.category
            params = dict(claim.params)
            modality = claim.modality(modality)
        else:
            rule_id, category, params = self.unclaimed(reading, subject)
        self.rules.append(
            Rule(
                id=rule_id,
                category=category,
                params=params,
                severity=severity,
                modality=modality,
                scope=reading.scope or self.default_scope,
                rationale=reading.rationale,
                text=statement.text,
                span=statement.span,
                kind=kind,
                source=self.source,
            )
        )

    def table_row(self, block: TableRow, header: bool) -> None:
        """Header cells are prose; each other cell is a statement (prose too under "Do/Don't")."""
        if block.separator:
            return
        if header:
            cleaned = [clean_markdown(cell.text) for cell in block.cells]
            self.forceful_header = any(has_modality(text) for text in cleaned)
        for cell in block.cells:
            statement = Statement((cell,), (cell.line, cell.column + len(cell.text)))
            if header or self.forceful_header:
                if _HAS_LETTER.search(cell.text):
                    self.prose_statements.append(Prose(statement.text, statement.span))
            else:
                self.statement(statement, False)

    def unclosed(self, block: Fence | Comment) -> None:
        """Say that a fence or comment nobody closed swallowed the rest of the document."""
        what = "code fence" if isinstance(block, Fence) else "HTML comment"
        read_as = "code" if isinstance(block, Fence) else "a comment"
        line, column = block.span.line, block.span.column
        self.diagnostics.append(
            Diagnostic(
                line=line,
                column=column,
                message=f"this {what} is never closed: the rest of the document is read as "
                f"{read_as}, lines {line}-{block.span.end_line}",
                hint="close it"
                + (" with a line like its opening fence" if read_as == "code" else " with -->"),
                severity=Severity.WARNING,
                context=caret_context(self.lines[line - 1], column),
            )
        )

    def unclaimed(
        self, reading: Reading, subject: Sequence[Word]
    ) -> tuple[str, Category, dict[str, ParamValue]]:
        """Id, category and parameters of a statement no check claims."""
        category = (
            self.heading_category
            or category_of(words(reading.title or ""), ())
            or category_of(subject, reading.quantities)
            or Category.CUSTOM
        )
        rule_id = f"{category.value}.{_slug([word.raw for word in subject])}"
        return rule_id, category, _free_params(reading.quantities)

    def add(self, rule: Rule, statement: Statement) -> None:
        scope = rule.scope or self.default_scope
        self.rules.append(
            replace(rule, scope=scope, text=statement.text, span=statement.span, source=self.source)
        )

    def diagnostic(self, statement: Statement, problem: Problem) -> Diagnostic:
        offset = problem.offset
        if offset is None:
            found = statement.text.lower().find(problem.fragment.lower())
            offset = max(found, 0)
        line, column = statement.position(offset)
        return Diagnostic(
            line=line,
            column=column,
            message=problem.message,
            hint=problem.hint,
            severity=problem.severity,
            expected=problem.expected,
            context=caret_context(self.lines[line - 1], column) if line <= len(self.lines) else "",
        )

    def note(self, statement: Statement, message: str, severity: Severity = Severity.INFO) -> None:
        self.diagnostics.append(
            self.diagnostic(statement, Problem("", message, None, severity, offset=0))
        )


def _logical_lines(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    """Group paragraph lines: a line that starts in lowercase continues the one before.

    Canonical-form lines (`quality.docstrings`) always stand alone, and a line of punctuation
    alone (the `[` of a JSON list) is continued by nothing.
    """
    groups: list[list[TextLine]] = []
    for line in lines:
        previous = groups[-1][-1].text if groups else ""
        canonical = CANONICAL_START.match(line.text) or CANONICAL_START.match(previous)
        continues = line.text[:1].islower() and previous[-1:] not in ".!?"
        if groups and continues and _HAS_LETTER.search(previous) and not canonical:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _sentences(lines: Sequence[TextLine]) -> list[Statement]:
    statements = []
    for group in _logical_lines(lines):
        whole = Statement(tuple(group), (group[-1].line, group[-1].column + len(group[-1].text)))
        text, start = whole.text, 0
        for match in [*_SENTENCE_END.finditer(text), None]:
            end = match.start() if match else len(text)
            if text[start:end].strip():
                statements.append(_slice(whole, start, end))
            start = match.end() if match else start
    return statements


def _slice(statement: Statement, start: int, end: int) -> Statement:
    line, column = statement.position(start)
    end_line, end_column = statement.position(end)
    text = statement.text[start:end]
    return Statement((TextLine(text, line, column),), (end_line, end_column))


def assemble(
    document: Document,
    resolver: Resolver,
    read_canonical: CanonicalReader,
    *,
    lines: Sequence[str],
    source: str | None,
) -> tuple[list[Rule], list[Diagnostic], list[Fence], list[Prose]]:
    """Turn a parsed document into rules, diagnostics, the code examples and the prose it holds.

    Args:
        document: The parsed document.
        resolver: Matches statements to declared checks.
        read_canonical: Reads a statement written in the canonical form.
        lines: The document's lines (for diagnostic context).
        source: Which instruction document this is, recorded on every rule.

    Returns:
        The rules in document order, the diagnostics, the code fences, and the statements
        that are not rules (prose), in document order.
    """
    metadata = document.front_matter.metadata if document.front_matter else {}
    assembler = _Assembler(resolver, read_canonical, lines, default_scope(metadata), source)
    fences = []
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            assembler.heading(block)
        elif isinstance(block, Item):
            assembler.item(block)
        elif isinstance(block, Paragraph):
            assembler.paragraph(block)
        elif isinstance(block, TableRow):
            assembler.table_row(block, _is_separator(blocks[index + 1 : index + 2]))
        elif isinstance(block, Fence):
            fences.append(block)
        if isinstance(block, Fence | Comment) and not block.closed:
            assembler.unclosed(block)
    return assembler.rules, assembler.diagnostics, fences, assembler.prose_statements


def _is_separator(blocks: Sequence[Block]) -> bool:
    """Whether the (at most one) block is a table's header separator row."""
    return bool(blocks) and isinstance(blocks[0], TableRow) and blocks[0].separator


def default_scope(metadata: Mapping[str, object]) -> tuple[str, ...]:
    """The scope front matter sets (`globs:`, `applyTo:`, `paths:`, `files:`), if any.

    Args:
        metadata: The front matter.

    Returns:
        The globs, or `()` for everywhere.
    """
    for key in ("globs", "applyTo", "apply_to", "paths", "files"):
        value = metadata.get(key)
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        if isinstance(value, tuple) and value:
            return tuple(str(part) for part in value)
    return ()
