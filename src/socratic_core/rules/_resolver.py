"""The resolver: which declared check, if any, a clause names, and whether it is read exactly.

Nothing here knows which words mean which check. Each `CheckDeclaration` declares frames (see
`Frame`): concepts that must all be present in one clause, in any order, each a set of
synonyms normalised the same way as statements (case, plurals, hyphens, spellings); or an
ordered pattern whose `{param}` placeholders capture a module name, a glob or a list. The
declaration's `phrases` and `opposites` compile into frames of the same kind, so older
declarations keep working.

A match is **complete** when every concept (or the whole pattern) is present and every slot
the frame reads from the text is filled from it: a number in the units the parameter measures
(`50 lines`, never a bare `50` or `3 tests` for a length in lines), a value from the
parameter's choices. A complete match names the rule exactly; a partial one (a concept without
its number) is what the assembler keeps unenforced, with the canonical line it would take as a
suggestion.

A match also says whether the clause agrees with the check's direction. A frame names what the
check forbids or what it asks for (`forbids`, turned round for `opposites` and by its polarity
words: "disable verification"); the clause forbids or asks for what it names (its modality,
turned round when the frame's words follow `instead of`, `rather than` or a negation). A limit
in the unit the check measures carries its own direction (`must not exceed 50 lines` is
`max=50`), so such a clause always agrees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from socratic_core.rules._diagnostics import Problem
from socratic_core.rules._frames import (
    CompiledFrame,
    Slot,
    bound_for,
    canonical_start,
    compile_frame,
    deletions,
    distinctive_words,
    fill_slots,
    one_slip,
    shorthand,
)
from socratic_core.rules._nodes import (
    CheckDeclaration,
    Modality,
    ParamValue,
)
from socratic_core.rules._normalise import LIST_SEPARATOR, NEGATION, Word, words
from socratic_core.rules._patterns import lazy
from socratic_core.rules._quantities import Quantity
from socratic_core.rules._replacement import (
    ApiPattern,
    PatternKind,
    Replacement,
    Unsafe,
    banned_pattern,
    has_code,
    read_replacement,
)

__all__ = ["Match", "Resolver", "bound_for"]

_CACHE_SIZE = 4096
# "use logging instead of print", "prefer logging over print" (read as `instead`), "never call
# requests without a timeout": what follows these words is named in opposition.
# "use hooks, avoid class components": `avoid` turns round what follows it, as a negation does;
# so do the verbs of leaving a thing out ("do not skip type hints" asks for them).
_REPLACED = frozenset({"instead", "rather", "replace", "replacing", "avoid", "avoiding", NEGATION})
_REPLACED |= {"skip", "skipping", "omit", "omitting", "forget", "forgetting", "neglect"}
# A placeholder never captures a generic noun: "modules in domain/ must not import x".
_NOT_VALUES = frozenset(
    {"other", "another", "anything", "everything", "something", "one", "module", "package"}
    | {"code", "file", "layer", "class", "function", "component", "service", "library"}
    | {"wildcard", "star", "*", "unused", "relative", "absolute"}
)
# A frame matched only by these words names a limit check only when the clause gives a limit
# in its unit: "Keep functions under 50 lines" is about length, "Name functions well" is not.
_GENERIC = frozenset(
    {"function", "method", "file", "module", "line", "class", "code", "response", "answer"}
    | {"reply"}
)
_MODULE_LIKE = lazy(r"[._/*]")
# A word before `one`/`ones` describes the things the sentence names, it does not name one.
_PRONOUN = "one"
# Where a clause only places its object beside something: "one blank line between methods and
# between the docstring and the first method", "a blank line after the docstring". What these
# words name, up to the next separator (`between` takes its `and` too), is a passing mention,
# not what the rule asks for. So is a source, "generate API docs from docstrings" (`from` is a
# stopword: the word it stands before starts the mention), except in imports, where `from`
# names the module ("do not import app.db from app.api", `from module import *`).
_PASSING = {"between": 2, "after": 1, "before": 1, "from": 1}
_SOURCE = "from"
_AGREEING = {
    Modality.MUST: Modality.MUST,
    Modality.MUST_NOT: Modality.MUST,
    Modality.SHOULD: Modality.SHOULD,
    Modality.SHOULD_NOT: Modality.SHOULD,
    Modality.PREFER: Modality.PREFER,
}
_OPPOSING = {
    Modality.MUST: Modality.MUST_NOT,
    Modality.MUST_NOT: Modality.MUST_NOT,
    Modality.SHOULD: Modality.SHOULD_NOT,
    Modality.SHOULD_NOT: Modality.SHOULD_NOT,
    Modality.PREFER: Modality.SHOULD_NOT,
}


@dataclass(frozen=True, slots=True)
class Match:
    """A check a clause names, how it was named, and how much of it the text gave.

    Attributes:
        declaration: The named check's declaration.
        frame: The frame that matched, in words (`concepts: function + limit in lines`).
        params: Parameter values: defaults, then what the text gave.
        complete: Whether every slot was filled from the text.
        missing: What the text did not give (empty when complete).
        problems: What names the check but cannot be read (`argon3`): errors in strict mode.
        agrees: Whether the clause asks for what the check enforces; `False` when it asks for
            the opposite ("use print for debugging").
        words: The words of the frame, for finding what else the clause says.
        limited: Whether the text gave the check its limit (a number in its units).
        values: The words of the values a pattern captured (`tests` in "module tests must
            not import x"): what the rule is about, so they qualify nothing.
        opposed: Whether the frame's words follow `instead of`, `rather than`, `avoid` or a
            negation: the clause names the check's object in opposition ("use proper types
            instead of `any`"), so what it says before them describes the replacement.
    """

    declaration: CheckDeclaration
    frame: str
    params: dict[str, ParamValue]
    complete: bool = True
    missing: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    agrees: bool = True
    words: frozenset[str] = field(default_factory=frozenset)
    limited: bool = False
    values: frozenset[str] = field(default_factory=frozenset)
    opposed: bool = False

    def modality(self, stated: Modality) -> Modality:
        """The claimed rule's modality, relative to the check, from the statement's own.

        Args:
            stated: The statement's modality (`never` is `must-not`).

        Returns:
            `must`, `should` or `prefer` when the statement agrees with the check (its strength
            kept); `must-not` or `should-not` when it asks for the opposite.
        """
        return (_AGREEING if self.agrees else _OPPOSING)[stated]


class Resolver:
    """Match clauses against the frames of a set of check declarations."""

    def __init__(self, declarations: Iterable[CheckDeclaration]) -> None:
        """Compile the frames of `declarations` and index them by their words.

        Args:
            declarations: The registered checks (built-in and plugins').
        """
        self.declarations = tuple(declarations)
        self.by_id = {declaration.id: declaration for declaration in self.declarations}
        self._index: dict[str, list[CompiledFrame]] = {}
        self._cache: dict[object, Match | None] = {}
        self.check_words: dict[str, str] = {}  # word -> the id of a check it names
        self.vocabulary: dict[str, frozenset[str]] = {}  # check id -> the words of its frames
        self.canonical_start = canonical_start(self.by_id)
        self._slips: dict[str, list[str]] = {}  # a check word with one letter dropped -> words
        self._slipped: dict[str, str | None] = {}  # a word -> the check word it is a slip of
        self._shaped: list[CompiledFrame] = []  # frames that read a statement shape
        for declaration in self.declarations:
            self._add(declaration)

    def _add(self, declaration: CheckDeclaration) -> None:
        frames = declaration.frames
        short = [(shorthand(text), False) for text in declaration.phrases]
        short += [(shorthand(text), True) for text in declaration.opposites]
        pairs = [*((frame, False) for frame in frames), *short]
        compiled_frames = [compile_frame(declaration, frame, opp) for frame, opp in pairs]
        for index in range(len(frames), len(compiled_frames)):
            compiled_frames[index] = replace(compiled_frames[index], shorthand=True)
        vocabulary = frozenset().union(*(compiled.words for compiled in compiled_frames))
        self.vocabulary[declaration.id] = vocabulary
        self._shaped += [frame for frame in compiled_frames if frame.shape == "replacement"]
        for each in compiled_frames:
            if each.shape:
                continue
            compiled = replace(each, vocabulary=vocabulary)
            firsts = {synonym[0] for concept in compiled.concepts[:1] for synonym in concept}
            firsts |= {next((i for i in compiled.pattern if isinstance(i, str)), "")}
            for first in firsts - {""} or {""}:
                self._index.setdefault(first, []).append(compiled)
        for compiled in compiled_frames:
            for word in distinctive_words(compiled) - self.check_words.keys():
                self.check_words[word] = declaration.id
                for key in deletions(word):
                    self._slips.setdefault(key, []).append(word)

    def claim(
        self,
        subject: Sequence[Word],
        quantities: Sequence[Quantity],
        *,
        forbidding: bool = True,
        attempted: bool = False,
    ) -> Match | None:
        """Return the best match on a clause, or `None` when no frame's concepts are present.

        Args:
            subject: The clause's normalised subject words.
            quantities: The clause's quantities.
            forbidding: Whether the clause forbids (`never`, `avoid`) what it names.
            attempted: Whether the clause tried to give a limit it could not (`abc lines`):
                then a frame of generic words (`functions`) names its check even without one.

        Returns:
            The best match (the most words matched, a limit in the unit the check measures
            counting extra; then complete before partial; on a tie, the frame declared
            first), or `None`.
        """
        raw = tuple((str(word), word.raw, word.after) for word in subject)
        key = (raw, tuple(quantities), forbidding, attempted)
        if key in self._cache:
            return self._cache[key]
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = found = self._claim(subject, quantities, forbidding, attempted)
        return found

    def replaced(self, text: str, forbidding: bool) -> Match | None:
        """The "never X, use Y" reading of a clause no other frame claims, if it has the shape.

        Args:
            text: The clause as written (backticks kept: they say what is code).
            forbidding: Whether the clause forbids (`never`, `avoid`) what it names.

        Returns:
            A complete match when the banned side is one API pattern; a partial one, with the
            reason, when it cannot be made one safely but either side is written as code; `None`
            when no frame reads the shape or the statement is prose on both sides ("prefer
            composition over inheritance").
        """
        found = read_replacement(text) if self._shaped else None
        if found is None:
            return None
        pattern = banned_pattern(found.banned)
        if not _names_code(found, pattern):
            return None
        return _replacement_match(self._shaped[0], found, pattern, forbidding)

    def misspelled(self, subject: Sequence[Word]) -> tuple[str, str, str] | None:
        """A word of the clause that is one slip from a word that names a check (`evall`).

        Args:
            subject: The clause's normalised words.

        Returns:
            The word as written, the check word it is close to, and that check's id; or `None`.
        """
        for word in subject:
            target = self._slip_of(str(word))
            if target is not None:
                return word.raw, target, self.check_words[target]
        return None

    def _slip_of(self, word: str) -> str | None:
        """The check word that `word` is one slip from, if any (memoised: words repeat)."""
        if word in self._slipped:
            return self._slipped[word]
        found = None
        if len(word) >= 4 and word.isalpha() and word not in self.check_words:
            candidates = (target for key in deletions(word) for target in self._slips.get(key, ()))
            found = next((target for target in candidates if one_slip(word, target)), None)
        if len(self._slipped) >= _CACHE_SIZE:
            self._slipped.clear()
        self._slipped[word] = found
        return found

    def _claim(
        self,
        subject: Sequence[Word],
        quantities: Sequence[Quantity],
        forbidding: bool,
        attempted: bool,
    ) -> Match | None:
        subject = _without_passing_mentions(subject)
        present = {str(word) for word in subject}
        best: tuple[tuple[float, int], Match] | None = None
        seen: set[int] = set()
        for word in dict.fromkeys([*subject, ""]):
            for compiled in self._index.get(word, ()):
                if id(compiled) in seen:
                    continue
                seen.add(id(compiled))
                scored = _score(compiled, subject, present, quantities, (forbidding, attempted))
                if scored is not None and (best is None or scored[0] > best[0]):
                    best = scored
        return None if best is None else best[1]


def _names_code(found: Replacement, pattern: ApiPattern | Unsafe) -> bool:
    """Whether a replacement statement is about code, so banned-api may claim it.

    "no `requests`" alone, "never put credentials in `settings.py`" say nothing of what is
    banned; "prefer composition over inheritance" is prose on both sides.
    """
    said = found.verb or found.instead is not None
    if isinstance(pattern, ApiPattern):
        return said or pattern.kind is not PatternKind.NAME
    if not pattern.close:
        return False
    first = found.banned.text.split(maxsplit=1)[:1]
    if not (said or (first and first[0] in found.banned.spans)):
        return False
    return has_code(found.banned) or (found.instead is not None and has_code(found.instead))


def _replacement_match(
    compiled: CompiledFrame,
    found: Replacement,
    pattern: ApiPattern | object,
    forbidding: bool,
) -> Match:
    """The match of a replacement frame: the pattern and the hint in its slots, or the reason."""
    declaration = compiled.declaration
    banned_slot, instead_slot = (*compiled.slots, "", "")[:2]
    params: dict[str, ParamValue] = {
        spec.name: spec.default for spec in declaration.params if spec.default is not None
    }
    missing: tuple[str, ...] = ()
    guess = pattern if isinstance(pattern, ApiPattern) else getattr(pattern, "guess", None)
    if not isinstance(pattern, ApiPattern):
        missing = (str(getattr(pattern, "reason", "")),)
    elif pattern.kind is PatternKind.NAME and "." not in pattern.name and not found.hint:
        # "do not use `dangerouslySetInnerHTML`": a bare name with no replacement may be a
        # prop, a type or a global; the forms say which
        missing = (
            f"{pattern.name!r} with no replacement may be a call, a prop or an import: write"
            f" `{pattern.name}()`, `{pattern.name}=` or `import:{pattern.name}`",
        )
    read = {banned_slot: guess.render() if guess else None, instead_slot: found.hint or None}
    for spec in declaration.params:  # in the declaration's order, as the canonical form is
        value = read.get(spec.name) or params.pop(spec.name, None)
        if value is not None:
            params[spec.name] = value
    named = frozenset(str(word) for side in (found.banned.text, found.hint) for word in words(side))
    # "Never X" forbids what it names; "use Y instead of X" asks for Y and so forbids X.
    agrees = forbidding == found.shape.startswith(("never", "X is"))
    return Match(
        declaration,
        found.shape,
        params,
        complete=not missing,
        missing=missing,
        agrees=agrees,
        words=named,
        values=named,
    )


def _find_synonym(synonym: tuple[str, ...], subject: Sequence[Word]) -> int | None:
    size = len(synonym)
    for start in range(len(subject) - size + 1):
        if all(subject[start + i] == synonym[i] for i in range(size)):
            return start
    return None


def _match_concepts(
    compiled: CompiledFrame, subject: Sequence[Word], present: set[str]
) -> tuple[tuple[tuple[str, ...], ...], int] | None:
    """(the synonym matched for each concept, where the last starts) when all are present."""
    matched: list[tuple[str, ...]] = []
    last = 0
    for concept in compiled.concepts:
        best: tuple[tuple[str, ...], int] | None = None
        for synonym in concept:
            if synonym[0] not in present:
                continue
            start = _find_synonym(synonym, subject)
            if start is not None and (best is None or len(synonym) > len(best[0])):
                best = (synonym, start)
        if best is None:
            return None
        matched.append(best[0])
        last = max(last, best[1])
    return tuple(matched), last


def _without_passing_mentions(subject: Sequence[Word]) -> Sequence[Word]:
    """The subject without what it only mentions in passing (see `_PASSING`)."""
    sourced = "import" not in subject and any(word.after == _SOURCE for word in subject)
    if _PASSING.keys().isdisjoint(subject) and not sourced:
        return subject
    kept: list[Word] = []
    separators = 0  # the separators a passing mention still reaches across
    for word in subject:
        if word in _PASSING:
            separators = _PASSING[word]
        elif sourced and word.after == _SOURCE and not separators:
            separators = _PASSING[_SOURCE]
        elif separators and word == LIST_SEPARATOR:
            separators -= 1
            if not separators:
                kept.append(word)
        elif not separators:
            kept.append(word)
    return kept


def _score(
    compiled: CompiledFrame,
    subject: Sequence[Word],
    present: set[str],
    quantities: Sequence[Quantity],
    flags: tuple[bool, bool],
) -> tuple[tuple[float, int], Match] | None:
    forbidding, attempted = flags
    if not compiled.excludes.isdisjoint(present):
        return None
    unit_words = _unit_words(compiled, quantities)
    if unit_words:  # "at most 4 arguments": the unit is one of the frame's concepts
        subject = (*subject, *unit_words)
        present = present | {str(word) for word in unit_words}
    located = _locate(compiled, subject, present)
    if located is None:
        return None
    matched, position, captures = located
    matched_words = frozenset(word for synonym in matched for word in synonym)
    weight = 2.0 * sum(map(len, matched)) + 2.5 * len(captures)
    bare = not matched_words <= _GENERIC  # "line length 120" names the measure itself
    params, missing, problems, measured = fill_slots(compiled, captures, subject, quantities, bare)
    limited = compiled.reads_limit
    unitless = any(quantity.unit is None for quantity in quantities)
    if limited and not measured and not (attempted or unitless) and matched_words <= _GENERIC:
        return None
    flipped = not compiled.flips.isdisjoint(present)
    opposed = not _REPLACED.isdisjoint(subject[:position])
    names_forbidden = compiled.names_forbidden != flipped
    # A limit carries its own direction ("must not exceed 50 lines" asks for max=50).
    agrees = limited or (forbidding != opposed) == names_forbidden
    if not agrees and captures:
        return None  # "use `from __future__ import x`" names no module to forbid importing
    weight += 2 if measured else 0
    label = compiled.label if compiled.pattern else " + ".join(" ".join(m) for m in matched)
    if measured:
        units = next((s.units for s in compiled.declaration.params if s.is_limit), ())
        label += f" + a limit in {units[0]}" if units else " + a limit"
    match = Match(
        compiled.declaration,
        label,
        params,
        not missing,
        tuple(missing),
        tuple(problems),
        agrees,
        compiled.vocabulary | _captured_words(params),
        measured,
        _captured_words(captures),
        opposed,
    )
    return (weight, int(not missing)), match


def _unit_words(compiled: CompiledFrame, quantities: Sequence[Quantity]) -> tuple[Word, ...]:
    """The words of the limits written in a unit the frame's limit measures."""
    units = compiled.limit_units
    found: list[Word] = []
    for quantity in quantities:
        if quantity.unit is not None and quantity.unit in units:
            found.extend(word for word in words(quantity.text) if word.isalpha())
    return tuple(found)


def _locate(
    compiled: CompiledFrame, subject: Sequence[Word], present: set[str]
) -> tuple[tuple[tuple[str, ...], ...], int, dict[str, ParamValue]] | None:
    """What a frame matched (synonyms or pattern words), where, and what its pattern captured."""
    if not compiled.pattern:
        concepts = _match_concepts(compiled, subject, present)
        return None if concepts is None else (*concepts, {})
    literals = tuple(item for item in compiled.pattern if isinstance(item, str))
    if not set(literals) <= present:
        return None
    found = _find(compiled.pattern, subject)
    if found is None:
        return None
    # "{source} import {target}" alone would read "guess an import path": with one word to
    # anchor it, a pattern captures only what looks like a module (`app.db`, `src/api/*`).
    named = [v for v in found[1].values() if isinstance(v, str)]
    if len(literals) == 1 and not all(_MODULE_LIKE.search(v) for v in named):
        return None
    return tuple((w,) for w in literals), found[0], found[1]


def _captured_words(params: Mapping[str, ParamValue]) -> frozenset[str]:
    """The words of the parameter values, which qualify nothing ("header for MIT")."""
    found: set[str] = set()
    for value in params.values():
        for item in value if isinstance(value, tuple) else (value,):
            found.update(str(word) for word in words(str(item)))
    return frozenset(found)


def _find(
    items: Sequence[str | Slot], subject: Sequence[Word]
) -> tuple[int, dict[str, ParamValue]] | None:
    for start in range(len(subject)):
        captures = _match_at(items, subject, start)
        if captures is not None:
            return start, captures
    return None


def _match_at(
    items: Sequence[str | Slot], subject: Sequence[Word], index: int
) -> dict[str, ParamValue] | None:
    captures: dict[str, ParamValue] = {}
    for item in items:
        if index >= len(subject) or subject[index] in (LIST_SEPARATOR, NEGATION):
            return None
        if isinstance(item, str):
            if subject[index] != item:
                return None
            index += 1
            continue
        if subject[index] in _NOT_VALUES:
            return None
        values = [subject[index].raw]
        index += 1
        while item.is_list and index + 1 < len(subject) and subject[index] == LIST_SEPARATOR:
            values.append(subject[index + 1].raw)
            index += 2
        if _PRONOUN in subject[index : index + 2]:
            return None  # "... must not import peripheral (or high-level) ones": a kind, no name
        captures[item.name] = tuple(values) if item.is_list else values[0]
    return captures
