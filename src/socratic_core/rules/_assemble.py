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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from socratic_core.rules._blocks import (
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
from socratic_core.rules._clauses import (
    Clause,
    ClauseGroup,
    carried_over,
    exempts_a_place,
    group_clauses,
    hedged_elsewhere,
    read_clause,
    segments,
)
from socratic_core.rules._diagnostics import Diagnostic, Problem, caret_context
from socratic_core.rules._markup import clean_markdown
from socratic_core.rules._modality import has_modality
from socratic_core.rules._nodes import Category, Modality, ParamValue, Rule, RuleKind, Severity
from socratic_core.rules._normalise import Word, words
from socratic_core.rules._patterns import lazy
from socratic_core.rules._quantities import COUNTED_UNITS, Quantity
from socratic_core.rules._resolver import Match, Resolver, bound_for
from socratic_core.rules._ruleset import Prose
from socratic_core.rules._statements import (
    Reading,
    Statement,
    sentences,
    slice_statement,
)
from socratic_core.rules._vocabulary import (
    category_of,
    foreign_languages,
    heading_category,
    heading_scope,
    names_read_language,
)

__all__ = ["MAX_STATEMENT_LENGTH", "assemble", "default_scope"]

_SLUG_JUNK = lazy(r"[^a-z0-9]+")
_HAS_LETTER = lazy(r"[^\W\d_]")
# "Named exports only", "**1. Named Exports Only:**": a verbless line ending in `only` asks for
# what it names, as a list item does (read so only when it names a check).
_ENDS_IN_ONLY = lazy(r"(?i:\bonly[\s.:!*_]*$)")
_MAX_ONLY_WORDS = 6
# "Type hints for public functions only": `only` narrows a place, not the thing asked for.
_NARROWED = lazy(r"(?i:\b(?:for|in|on|within|inside|under|at|from|with|when|if|except)\b)")
# A heading that is itself a rule says so outright ("### Critical: NEVER Use `any` Type"); one
# that names a topic ("## Type hints", "## Avoiding globals") stays a heading.
_FORCEFUL_HEADING = lazy(r"(?i:\b(?:never|always|must|do\s+not|don't)\b)")
# "## Why we never use eval", "## When must code be typed?": a question names a topic.
_QUESTION_HEADING = lazy(r"(?i:^\W*(?:why|when|how|what|where|which)\b)")
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


CanonicalReader = Callable[[Statement, str], tuple[Rule | None, list[Diagnostic]]]


def _ends_in_only(clause: Clause) -> bool:
    """Whether a short line naming a check ends in `only` ("f-strings only"): it asks for it."""
    text = clause.text
    return (
        clause.match is not None
        and _ENDS_IN_ONLY.search(text) is not None
        and len(text.split()) <= _MAX_ONLY_WORDS
        and _NARROWED.search(text) is None
    )


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


def _stated_limit(clause: Clause) -> Modality | None:
    """A sentence with no modal word that gives a check its limit is a requirement.

    "Max 1,000 lines per file" and "Functions: 50 lines max" ask for something as plainly as
    "must"; a sentence without a modal word or a limit stays prose.
    """
    match = clause.match
    return Modality.MUST if match is not None and match.complete and match.limited else None


def _in_prose(problem: Problem, match: Match | None) -> Problem:
    """A problem in text that names no check is a warning: prose never fails strict mode."""
    if match is None:
        return replace(problem, severity=Severity.WARNING) if problem.severity.rank > 1 else problem
    return problem


def _suggest(match: Match, modality: Modality) -> str:
    """The canonical line that would enforce what a partial match names."""
    from socratic_core.rules._canonical import render_canonical  # noqa: PLC0415 - on demand

    declaration = match.declaration
    params = {
        spec.name: match.params[spec.name]
        for spec in declaration.params
        if spec.name in match.params and (spec.is_limit or match.params[spec.name] != spec.default)
    }
    rule = Rule(declaration.id, declaration.category, params, modality=match.modality(modality))
    return render_canonical(replace(rule, severity=rule.modality.default_severity))


@dataclass(frozen=True, slots=True)
class _Understood:
    """What a clause asks for: the rule's id, category, parameters, why, kind and suggestion."""

    rule_id: str
    category: Category
    params: dict[str, ParamValue]
    why: str
    kind: RuleKind = RuleKind.UNENFORCED
    suggestion: str | None = None


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
    # Headings that name a language or framework (`## TypeScript`): the files they scope.
    scopes: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    # Headings that name a language no check reads (`## Perl`), or reset that (`### Python`).
    foreign_heads: list[tuple[int, frozenset[str]]] = field(default_factory=list)
    list_heads: list[tuple[int, Category | None]] = field(default_factory=list)
    prose_statements: list[Prose] = field(default_factory=list)
    # Whether the table being read has a header that carries the force ("Do" / "Don't").
    forceful_header: bool = False
    # The sentence before the one being read, within a paragraph: its restrictions may reach
    # a sentence that only says how ("Avoid X with untrusted input. Use Y instead of Z.").
    sentence_before: str = ""

    @property
    def heading_category(self) -> Category | None:
        heads = [*self.headings, *self.list_heads]
        return next((cat for _, cat in reversed(heads) if cat is not None), None)

    @property
    def heading_scope(self) -> tuple[str, ...]:
        """The files the innermost heading naming a language scopes its rules to, if any."""
        return self.scopes[-1][1] if self.scopes else ()

    def heading(self, block: Heading) -> None:
        self.list_heads.clear()
        while self.headings and self.headings[-1][0] >= block.level:
            self.headings.pop()
        while self.scopes and self.scopes[-1][0] >= block.level:
            self.scopes.pop()
        while self.foreign_heads and self.foreign_heads[-1][0] >= block.level:
            self.foreign_heads.pop()
        self.headings.append((block.level, heading_category(block.text)))
        scope = heading_scope(block.text)
        if scope:
            self.scopes.append((block.level, scope))
        foreign = foreign_languages(block.text, heading=True)
        if foreign or (scope and self.foreign_heads):
            self.foreign_heads.append((block.level, foreign))
        if (
            _FORCEFUL_HEADING.search(block.text)
            and _QUESTION_HEADING.match(block.text) is None
            and not block.text.rstrip(" *_#").endswith("?")
            and self.read(block.text).match is not None
        ):
            span = block.span
            column = max(span.column, span.end_column - len(block.text))
            line = TextLine(block.text, span.line, column)
            self.statement(Statement((line,), (span.end_line, span.end_column)), False)

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
        for statement in sentences(block.lines, self.resolver.canonical_start):
            self.statement(statement, False)
            self.sentence_before = statement.text
        self.sentence_before = ""

    def statement(self, statement: Statement, is_item: bool) -> None:
        raw = statement.text
        if not _HAS_LETTER.search(raw):
            return
        if len(raw) > MAX_STATEMENT_LENGTH:  # reading meaning costs at most this much each
            self.note(statement, _TOO_LONG.format(len(raw)), Severity.WARNING)
            self.prose_statements.append(Prose(statement.text, statement.span))
            return
        if self.resolver.canonical_start.match(
            raw
        ):  # the exact form: no Markdown cleaning inside strings
            canonical = raw.strip()
            if canonical.startswith("`") and canonical.endswith("`"):
                canonical = canonical.strip("`")
            rule, found = self.read_canonical(statement, canonical.rstrip("."))
            self.diagnostics.extend(found)
            if rule is not None:
                self.add(rule, statement)
            return
        self.prose(statement, is_item)

    def prose(self, statement: Statement, is_item: bool) -> None:
        whole = self.read(statement.text)
        default = whole.reading.modality or (
            _ITEM_MODALITY[whole.reading.preference] if is_item or _ends_in_only(whole) else None
        )
        groups = group_clauses(statement.text, self.resolver)
        if self.sentence_before:  # a paragraph's sentences are read one by one
            groups = tuple(self.carry_over(statement.text, group) for group in groups)
        named = [group for group in groups if group.check is not None]
        if len(groups) > 1 and named:  # the clauses that name no check are comment: prose
            for group in groups:
                if group.check is None:
                    piece = slice_statement(statement, group.start, group.end)
                    self.prose_statements.append(Prose(piece.text, piece.span))
        # Several clauses: one rule per clause that names a check; the others are comment.
        pieces = [
            (slice_statement(statement, group.start, group.end), group.reads or "", group)
            for group in (named if len(groups) > 1 else ())
        ]
        clauses = [self.read(reads or piece.text) for piece, reads, _ in pieces] or [whole]
        allowed = _allowed_elsewhere(clauses)
        exempting = _exempting(statement.text, groups) if len(named) < len(groups) else None
        for (piece, reads, group), read in zip(
            pieces or [(statement, "", groups[0])], clauses, strict=True
        ):
            carried = group.carried
            clause = read
            if clause.match is not None and clause.match.declaration.id in allowed:
                permission = allowed[clause.match.declaration.id]
                if permission is not clause:  # "Prefer named exports. Default ones are allowed"
                    clause = _excepted(clause, permission.text)
            elif clause.match is not None and exempting is not None:
                clause = _excepted(clause, exempting)  # "Docstrings required; optional for tests"
            modality = clause.reading.modality or default or _stated_limit(clause)
            if pieces and clause.reading.modality is None:
                clause = self.listed_under(statement.text, group.start, reads or piece.text, clause)
            if carried:  # restrictions another piece of the statement states for this one
                clause = replace(clause, qualifiers=(*clause.qualifiers, *carried))
            if modality is None:
                self.note(piece, "kept as prose, not a rule: it has no must, should, never, ...")
                self.prose_statements.append(Prose(piece.text, piece.span))
                continue
            hedged = bool(whole.hedges and pieces) and hedged_elsewhere(
                statement.text, group, groups
            )
            self.rule(piece, clause, modality, replace(whole, hedges=()) if hedged else whole)

    def listed_under(self, text: str, start: int, item: str, clause: Clause) -> Clause:
        """A list item read under the ban that opens its list: "never use eval, exec or pickle".

        An item with no modal word of its own takes the modality of the nearest piece before it
        in its sentence that has one. When that piece bans what a check names, the item is read
        under the same ban (with the piece's qualifiers: what restricts the ban restricts the
        item too), so it names its check as forbidden as well. "Don't use print, use logging
        and pickle" asks for pickle; "never store tokens in localStorage or sessionStorage"
        opens with a ban no check names. An item its own words already read right is left as
        it is.

        Args:
            text: The statement's text.
            start: Where the item starts in it.
            item: The item's text (what it reads: a bare conjunct shares the words before it).
            clause: The item as read on its own.

        Returns:
            The item read under the ban, or `clause`.
        """
        match = clause.match
        if match is None or match.agrees:
            return clause
        opening = self.modal_before(text, start)
        if opening is None or opening.match is None or not opening.match.agrees:
            return clause
        modality = opening.reading.modality
        if modality is None or not modality.negative:
            return clause
        negated = self.read(f"never {item}")
        found = negated.match
        if found is None or not found.agrees or found.declaration.id != match.declaration.id:
            return clause
        return replace(negated, qualifiers=(*negated.qualifiers, *opening.qualifiers))

    def modal_before(self, text: str, start: int) -> Clause | None:
        """The nearest piece before `start`, in its sentence, that has a modality, as read."""
        for sentence in segments(text):
            if not any(begin == start for begin, _, _ in sentence):
                continue
            earlier = [(begin, end) for begin, end, _ in sentence if begin < start]
            for begin, end in reversed(earlier):
                piece = self.read(text[begin:end])
                if piece.reading.modality is not None:
                    return piece
        return None

    def carry_over(self, text: str, group: ClauseGroup) -> ClauseGroup:
        """The clause with the restrictions the paragraph's sentence before states for it."""
        carried = carried_over(self.sentence_before, text, group, self.resolver)
        return group._replace(carried=(*group.carried, *carried)) if carried else group

    def read(self, text: str) -> Clause:
        """Read one statement or clause and offer it to the resolver."""
        return read_clause(text, self.resolver)

    def rule(self, statement: Statement, clause: Clause, modality: Modality, whole: Clause) -> None:
        """Turn one clause into a rule: enforced only when its check is read exactly."""
        reading, match = clause.reading, clause.match
        if clause.subject and match is None:
            self.misspelled(statement, clause)
        for problem in reading.problems:
            found = _in_prose(problem, match)
            if match is not None and problem.limit and not (problem.hint or "").startswith("did"):
                hint = f"did you mean `{_suggest(match, modality)}`? ({problem.hint})"
                found = replace(problem, hint=hint)
            self.diagnostics.append(self.diagnostic(statement, found))
        for problem in match.problems if match else ():
            self.diagnostics.append(self.diagnostic(statement, problem))
        severity = reading.severity or whole.reading.severity or modality.default_severity
        rationale = reading.rationale or whole.reading.rationale
        understood = self.understand(clause, whole, modality)
        # "No `any` in TypeScript code" is for those files (when its check reads them)
        named = clause.scope if understood.kind is RuleKind.ENFORCED else ()
        scope = (
            reading.scope
            or whole.reading.scope
            or named
            or self.default_scope
            or self.heading_scope
        )
        if match is not None and understood.rule_id == match.declaration.id:
            modality = match.modality(modality)
        if understood.suggestion is not None:
            message = f"not enforced: {understood.why}"
            self.note(statement, message, Severity.WARNING, understood.suggestion)
        self.rules.append(
            Rule(
                id=understood.rule_id,
                category=understood.category,
                params=understood.params,
                severity=severity,
                modality=modality,
                scope=scope,
                rationale=rationale,
                text=statement.text,
                span=statement.span,
                kind=understood.kind,
                source=self.source,
                reading=understood.why,
                suggestion=understood.suggestion,
            )
        )

    def understand(self, clause: Clause, whole: Clause, modality: Modality) -> _Understood:
        """The rule a clause asks for: its id, parameters, why, and whether it is enforced."""
        match = clause.match
        if match is None:
            rule_id, category, params = self.unclaimed(clause.reading, clause.subject)
            return _Understood(rule_id, category, params, "no check's frame matched")
        declaration = match.declaration
        frame = f"frame '{match.frame}' of {declaration.id}"
        if not match.agrees:
            why = f"{frame} matched, but the statement asks for the opposite of it"
            return _Understood(declaration.id, declaration.category, dict(match.params), why)
        said = (*clause.qualifiers, *whole.hedges)
        foreign = clause.foreign | whole.foreign
        if not foreign and self.foreign_heads and not names_read_language(whole.text):
            foreign = self.foreign_heads[-1][1]  # a rule under `## Perl` is about Perl code
        if foreign:  # "Avoid: `print STDERR ...`" is about Perl code
            named = ", ".join(sorted(foreign))
            said = (*said, f"a language {declaration.id} does not read ({named})")
        wrong = [*match.missing, *(dict.fromkeys(said) if said else ())]
        if not wrong:
            return _Understood(
                declaration.id,
                declaration.category,
                dict(match.params),
                f"{frame} matched",
                RuleKind.ENFORCED,
            )
        rule_id, _, params = self.unclaimed(clause.reading, clause.subject)
        rule_id = f"{declaration.category.value}.{rule_id.split('.', 1)[1]}"
        why = f"{frame} matched in part: {'; '.join(wrong)}"
        return _Understood(
            rule_id, declaration.category, params, why, suggestion=_suggest(match, modality)
        )

    def misspelled(self, statement: Statement, clause: Clause) -> None:
        """A word one slip from a check's word (`evall`): an error strict mode raises."""
        close = self.resolver.misspelled(clause.subject)
        if close is not None:
            written, meant, check_id = close
            hint = f"did you mean {meant!r} ({check_id})?"
            message = f"{written!r} names no check"
            problem = Problem(written, message, hint, Severity.ERROR, (meant,))
            self.diagnostics.append(self.diagnostic(statement, problem))

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
        scope = rule.scope or self.default_scope or self.heading_scope
        self.rules.append(
            replace(
                rule,
                scope=scope,
                text=statement.text,
                span=statement.span,
                source=self.source,
                reading="written in the canonical form",
            )
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

    def note(
        self,
        statement: Statement,
        message: str,
        severity: Severity = Severity.INFO,
        suggestion: str | None = None,
    ) -> None:
        hint = f"did you mean `{suggestion}`?" if suggestion else None
        self.diagnostics.append(
            self.diagnostic(statement, Problem("", message, hint, severity, offset=0))
        )


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


def _exempting(text: str, groups: Sequence[ClauseGroup]) -> str | None:
    """The clause naming no check that exempts something from the others ("optional for tests")."""
    for group in groups:
        piece = text[group.start : group.end]
        if group.check is None and exempts_a_place(piece):
            return piece.strip()
    return None


# What `visibility=public` already leaves out: an exception for it changes nothing.
_NOT_PUBLIC = lazy(r"\b(?:private|internal|non-public|helpers?|underscored?|_\w+)\b")


def _excepted(clause: Clause, exception: str) -> Clause:
    """The clause, not enforced for an exception its check cannot tell apart.

    An exception for what the rule already leaves out is none: "docstrings for public
    functions; optional for private helpers" holds as written.
    """
    if clause.match is None:
        return clause
    if clause.match.params.get("visibility") == "public" and _NOT_PUBLIC.search(exception.lower()):
        return clause
    said = f"an exception another clause allows {exception!r}"
    return replace(clause, qualifiers=(*clause.qualifiers, said))


def _allowed_elsewhere(clauses: Sequence[Clause]) -> dict[str, Clause]:
    """The checks a clause of a statement allows exceptions to, each with that clause.

    "Prefer named exports. Default exports are allowed only when ...": the permission names
    the same check as the rule before it, so the rule holds only where the exception does not,
    which the check cannot tell apart.
    """
    allowed: dict[str, Clause] = {}
    if len(clauses) < 2:
        return allowed
    for clause in clauses:
        if clause.match is not None and any(
            said.startswith("a permission") for said in clause.qualifiers
        ):
            allowed.setdefault(clause.match.declaration.id, clause)
    return allowed
