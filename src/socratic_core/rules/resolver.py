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

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from socratic_core.rules.nodes import (
    Category,
    CheckDeclaration,
    Frame,
    Modality,
    ParamSpec,
    ParamValue,
    Severity,
)
from socratic_core.rules.normalise import LIST_SEPARATOR, NEGATION, STOPWORDS, Word, words
from socratic_core.rules.statements import Problem, Quantity, normal_unit

__all__ = ["Match", "Resolver", "bound_for"]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_CACHE_SIZE = 4096
# "use logging instead of print", "prefer logging over print" (read as `instead`), "never call
# requests without a timeout": what follows these words is named in opposition.
_REPLACED = frozenset({"instead", "rather", "replace", "replacing", NEGATION})
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
_MODULE_LIKE = re.compile(r"[._/*]")
# Words after which a frame's choice slot expects its value: "hash passwords with argon3".
_VALUE_AFTER = frozenset({"with", "using", "via", "by", "use"})
_ENDINGS = frozenset({"s", "es", "ed", "d", "ing", "er", "ers", "ly", "al", "ion", "ions"})
# Check words one letter away from everyday words ("print" / "point", "paint").
_COMMON_NEIGHBOURS = frozenset({"print", "block", "loop", "state", "cycle", "line", "file"})
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
class _Slot:
    """A `{param}` placeholder in a pattern."""

    name: str
    is_list: bool


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A frame ready to match: its concepts as word tuples, or its pattern as items."""

    declaration: CheckDeclaration
    label: str
    concepts: tuple[tuple[tuple[str, ...], ...], ...]
    pattern: tuple[str | _Slot, ...]
    names_forbidden: bool
    flips: frozenset[str]
    excludes: frozenset[str]
    slots: tuple[str, ...]
    installed: bool
    vocabulary: frozenset[str] = frozenset()  # the words of every frame of the declaration
    shorthand: bool = False  # compiled from `phrases`: a limit the text omits takes its default

    @property
    def words(self) -> frozenset[str]:
        """Every word the frame may match."""
        found = {w for concept in self.concepts for synonym in concept for w in synonym}
        return frozenset(found | {item for item in self.pattern if isinstance(item, str)})


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
        installed: Whether a registered check has this id (a known id with no check installed
            is named, never enforced).
        words: The words of the frame, for finding what else the clause says.
        limited: Whether the text gave the check its limit (a number in its units).
    """

    declaration: CheckDeclaration
    frame: str
    params: dict[str, ParamValue]
    complete: bool = True
    missing: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    agrees: bool = True
    installed: bool = True
    words: frozenset[str] = field(default_factory=frozenset)
    limited: bool = False

    def modality(self, stated: Modality) -> Modality:
        """The claimed rule's modality, relative to the check, from the statement's own.

        Args:
            stated: The statement's modality (`never` is `must-not`).

        Returns:
            `must`, `should` or `prefer` when the statement agrees with the check (its strength
            kept); `must-not` or `should-not` when it asks for the opposite.
        """
        return (_AGREEING if self.agrees else _OPPOSING)[stated]


def bound_for(quantity: Quantity, upper: bool, integer: bool) -> int | float | None:
    """The limit a quantity sets for a maximum (`upper`) or a minimum, or `None` if it can't.

    `under 100` allows at most 99 (integers); `more than 50` on a minimum allows at least 51.

    Args:
        quantity: The quantity, its op already the allowed region.
        upper: Whether the parameter is a maximum.
        integer: Whether the parameter is an integer.

    Returns:
        The inclusive limit, or `None` when the quantity bounds the other side.
    """
    step = 1 if integer else 0
    value = quantity.value
    table = {
        True: {"<=": value, "~": value, "<": value - step},
        False: {">=": value, "~": value, ">": value + step},
    }
    return table[upper].get(quantity.op)


class Resolver:
    """Match clauses against the frames of a set of check declarations."""

    def __init__(
        self,
        declarations: Iterable[CheckDeclaration],
        known: Mapping[str, CheckDeclaration] | None = None,
    ) -> None:
        """Compile the frames of `declarations` and index them by their words.

        Args:
            declarations: The registered checks (built-in and plugins').
            known: Declarations of checks that may not be installed (by id): their frames
                are added to a registered declaration with the same id that declares none,
                and name the check (unenforced) when no check with that id is registered.
        """
        self.declarations = tuple(declarations)
        self.by_id = {declaration.id: declaration for declaration in self.declarations}
        self._index: dict[str, list[_Compiled]] = {}
        self._cache: dict[object, Match | None] = {}
        self.check_words: dict[str, str] = {}  # word -> the id of a check it names
        self.canonical_start = _canonical_start(self.by_id)
        self._slips: dict[str, list[str]] = {}  # a check word with one letter dropped -> words
        known = known or {}
        for declaration in self.declarations:
            extra = known.get(declaration.id)
            frames = declaration.frames or (extra.frames if extra else ())
            self._add(declaration, frames, installed=True)
        for check_id, declaration in known.items():
            if check_id not in self.by_id:
                self._add(declaration, declaration.frames, installed=False)

    def _add(self, declaration: CheckDeclaration, frames: Sequence[Frame], installed: bool) -> None:
        shorthand = [(_shorthand(text), False) for text in declaration.phrases]
        shorthand += [(_shorthand(text), True) for text in declaration.opposites]
        pairs = [*((frame, False) for frame in frames), *shorthand]
        compiled_frames = [_compile(declaration, frame, opp, installed) for frame, opp in pairs]
        for index in range(len(frames), len(compiled_frames)):
            compiled_frames[index] = replace(compiled_frames[index], shorthand=True)
        vocabulary = frozenset().union(*(compiled.words for compiled in compiled_frames))
        for each in compiled_frames:
            compiled = replace(each, vocabulary=vocabulary)
            firsts = {synonym[0] for concept in compiled.concepts[:1] for synonym in concept}
            firsts |= {next((i for i in compiled.pattern if isinstance(i, str)), "")}
            for first in firsts - {""} or {""}:
                self._index.setdefault(first, []).append(compiled)
        for compiled in compiled_frames:
            for word in _distinctive(compiled) - self.check_words.keys():
                self.check_words[word] = declaration.id
                for key in _deletions(word):
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

    def misspelled(self, subject: Sequence[Word]) -> tuple[str, str, str] | None:
        """A word of the clause that is one slip from a word that names a check (`evall`).

        Args:
            subject: The clause's normalised words.

        Returns:
            The word as written, the check word it is close to, and that check's id; or `None`.
        """
        for word in subject:
            if len(word) < 4 or not word.isalpha() or word in self.check_words:
                continue
            for key in _deletions(str(word)):
                for target in self._slips.get(key, ()):
                    if _one_slip(str(word), target):
                        return word.raw, target, self.check_words[target]
        return None

    def _claim(
        self,
        subject: Sequence[Word],
        quantities: Sequence[Quantity],
        forbidding: bool,
        attempted: bool,
    ) -> Match | None:
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


def _canonical_start(ids: Iterable[str]) -> re.Pattern[str]:
    """How a statement in the canonical form starts.

    With a category or a registered id's prefix and a dot (`quality.`, `license.`), or with a
    registered id that has no dot, followed by `(` (`ruff(`).
    """
    ids = tuple(ids)
    prefixes = {category.value for category in Category} | {i.split(".")[0] for i in ids}
    bare = sorted(re.escape(i) for i in ids if "." not in i)
    dotted = "|".join(sorted(map(re.escape, prefixes)))
    alone = rf"|(?:{'|'.join(bare)})\(" if bare else ""
    return re.compile(rf"`?(?:(?:{dotted})\.[A-Za-z0-9]{alone})")


def _distinctive(compiled: _Compiled) -> set[str]:
    """Words that name the check on their own (`eval`, `pickle`, `import`): misspelling targets."""
    found = set()
    if len(compiled.concepts) == 1:
        found = {synonym[0] for synonym in compiled.concepts[0] if len(synonym) == 1}
    literals = [item for item in compiled.pattern if isinstance(item, str)]
    found |= set(literals) if len(literals) == 1 else set()
    return {word for word in found if len(word) >= 4 and word not in _COMMON_NEIGHBOURS}


def _deletions(word: str) -> set[str]:
    """The word and every string made by dropping one of its letters (a one-slip index key)."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _one_slip(word: str, target: str) -> bool:
    """Whether `word` is `target` with one letter added, dropped, changed or swapped.

    A word that is the target plus an English ending (`pickled`, `imports`) is not a slip.
    """
    if word.startswith(target) and word[len(target) :] in _ENDINGS:
        return False
    if len(word) == len(target):
        diff = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == target[diff[1]]
        return len(diff) == 1 or (swapped and word[diff[1]] == target[diff[0]])
    shorter, longer = sorted((word, target), key=len)
    if len(longer) - len(shorter) != 1:
        return False
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _shorthand(phrase: str) -> Frame:
    """A phrase as a frame: an ordered pattern with placeholders, else its words in any order."""
    if _PLACEHOLDER.search(phrase):
        return Frame(pattern=phrase)
    return Frame(concepts=tuple((str(word),) for word in words(phrase)))


def _compile(
    declaration: CheckDeclaration, frame: Frame, opposite: bool, installed: bool
) -> _Compiled:
    forbids = declaration.forbids if frame.forbids is None else frame.forbids
    concepts = tuple(
        tuple(
            dict.fromkeys(
                found for synonym in concept if (found := tuple(str(w) for w in words(synonym)))
            )
        )
        for concept in frame.concepts
    )
    pattern: list[str | _Slot] = []
    slots = list(frame.slots)
    if frame.pattern:
        specs = {spec.name: spec for spec in declaration.params}
        position = 0
        for placeholder in _PLACEHOLDER.finditer(frame.pattern):
            pattern.extend(str(w) for w in words(frame.pattern[position : placeholder.start()]))
            spec = specs.get(placeholder.group(1))
            pattern.append(_Slot(placeholder.group(1), spec is not None and spec.type == "list"))
            position = placeholder.end()
        pattern.extend(str(w) for w in words(frame.pattern[position:]))
    # A frame of a check with a limit reads the limit unless it names its slots itself.
    slots += [spec.name for spec in declaration.params if spec.is_limit and not frame.slots]
    label = frame.pattern or " + ".join(concept[0] for concept in frame.concepts)
    return _Compiled(
        declaration,
        label,
        tuple(c for c in concepts if c),
        tuple(pattern),
        forbids != opposite,
        frozenset(str(w) for flip in frame.flips for w in words(flip)),
        frozenset(str(w) for exclude in frame.excludes for w in words(exclude)),
        tuple(dict.fromkeys(slots)),
        installed,
    )


def _find_synonym(synonym: tuple[str, ...], subject: Sequence[Word]) -> int | None:
    size = len(synonym)
    for start in range(len(subject) - size + 1):
        if all(subject[start + i] == synonym[i] for i in range(size)):
            return start
    return None


def _match_concepts(
    compiled: _Compiled, subject: Sequence[Word], present: set[str]
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


def _score(
    compiled: _Compiled,
    subject: Sequence[Word],
    present: set[str],
    quantities: Sequence[Quantity],
    flags: tuple[bool, bool],
) -> tuple[tuple[float, int], Match] | None:
    forbidding, attempted = flags
    if compiled.excludes & present:
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
    params, missing, problems, measured = _fill(compiled, captures, subject, quantities, bare)
    limited = any(
        spec.is_limit for spec in compiled.declaration.params if spec.name in compiled.slots
    )
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
        compiled.installed,
        compiled.vocabulary | _captured_words(params),
        measured,
    )
    return (weight, int(not missing)), match


def _unit_words(compiled: _Compiled, quantities: Sequence[Quantity]) -> tuple[Word, ...]:
    """The words of the limits written in a unit the frame's limit measures."""
    specs = [s for s in compiled.declaration.params if s.is_limit and s.name in compiled.slots]
    units = {normal_unit(unit) for spec in specs for unit in spec.units}
    found: list[Word] = []
    for quantity in quantities:
        if quantity.unit is not None and quantity.unit in units:
            found.extend(word for word in words(quantity.text) if word.isalpha())
    return tuple(found)


def _locate(
    compiled: _Compiled, subject: Sequence[Word], present: set[str]
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
    items: Sequence[str | _Slot], subject: Sequence[Word]
) -> tuple[int, dict[str, ParamValue]] | None:
    for start in range(len(subject)):
        captures = _match_at(items, subject, start)
        if captures is not None:
            return start, captures
    return None


def _match_at(
    items: Sequence[str | _Slot], subject: Sequence[Word], index: int
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
        captures[item.name] = tuple(values) if item.is_list else values[0]
    return captures


def _fill(
    compiled: _Compiled,
    captures: dict[str, ParamValue],
    subject: Sequence[Word],
    quantities: Sequence[Quantity],
    bare: bool,
) -> tuple[dict[str, ParamValue], list[str], list[Problem], bool]:
    """Parameters (defaults, captures, slots), what is missing, problems, whether measured."""
    declaration = compiled.declaration
    params: dict[str, ParamValue] = {
        spec.name: spec.default for spec in declaration.params if spec.default is not None
    }
    params.update(captures)
    missing: list[str] = []
    problems: list[Problem] = []
    measured = False
    specs = {spec.name: spec for spec in declaration.params}
    for name in compiled.slots:
        spec = specs.get(name)
        if spec is None or name in captures:
            continue
        if spec.is_limit:
            if compiled.shorthand and not quantities:
                continue  # a phrase-only declaration keeps its default, as it always did
            measured = _fill_limit(spec, quantities, params, missing, bare) or measured
        elif spec.choices:
            value, problem = _fill_choice(spec, compiled.vocabulary, subject)
            if value is not None:
                params[name] = value
            if problem is not None:
                problems.append(problem)
                missing.append(problem.message)
    for spec in declaration.params:
        if spec.default is None and spec.name not in params and spec.name not in compiled.slots:
            missing.append(f"no value for {spec.name}")
    return params, missing, problems, measured


def _fill_limit(
    spec: ParamSpec,
    quantities: Sequence[Quantity],
    params: dict[str, ParamValue],
    missing: list[str],
    bare: bool,
) -> bool:
    """Read a limit from the first quantity in the parameter's units (or bare, if allowed)."""
    units = {normal_unit(unit) for unit in spec.units}
    allowed: set[str | None] = {*units, None} if bare or not units else set(units)
    measured = next((q for q in quantities if q.unit in allowed), None)
    unitless = next((q for q in quantities if q.unit is None), None) if units else None
    if measured is None and unitless is not None:
        value = bound_for(unitless, not spec.name.startswith("min"), spec.type == "int")
        if value is not None:
            params[spec.name] = int(value) if spec.type == "int" else float(value)
        missing.append(f"{unitless.text!r} has no unit ({', '.join(spec.units)})")
        return False
    if measured is None:
        if quantities:
            want = " or ".join(sorted(units)) if units else "no unit"
            missing.append(f"{quantities[0].text!r} is not a limit in {want}")
        else:
            missing.append(
                f"no limit for {spec.name} (a number in {', '.join(spec.units)})"
                if spec.units
                else f"no limit for {spec.name}"
            )
        return False
    upper = not spec.name.startswith("min")
    value = bound_for(measured, upper, spec.type == "int")
    if value is None:
        side = "a minimum" if upper else "a maximum"
        missing.append(f"{measured.text!r} reads as {side}, but {spec.name} is the other side")
        return False
    params[spec.name] = int(value) if spec.type == "int" else float(value)
    return True


def _fill_choice(
    spec: ParamSpec, vocabulary: frozenset[str], subject: Sequence[Word]
) -> tuple[ParamValue | None, Problem | None]:
    """The parameter's values named in the clause, or the problem with the one it names."""
    choices = {choice.lower(): choice for choice in spec.choices}
    found = [choices[str(w)] for w in subject if str(w) in choices]
    if found:
        values = tuple(dict.fromkeys(found))
        return (values if spec.type == "list" else values[0]), None
    for word in subject:
        if word in vocabulary or word in (LIST_SEPARATOR, NEGATION) or word in STOPWORDS:
            continue
        close = difflib.get_close_matches(word.raw.lower(), choices, 1, 0.7)
        if close or word.after in _VALUE_AFTER:
            hint = f"did you mean {choices[close[0]]!r}?" if close else None
            message = f"unknown {spec.name.rstrip('s')} {word.raw!r}"
            return None, Problem(word.raw, message, hint, Severity.ERROR, spec.choices)
    return None, None
