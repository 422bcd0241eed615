"""Frames ready to match: compiled concepts and patterns, and the extractors of their slots.

`compile_frame` turns a declared `Frame` (or a `phrases=` shorthand) into word tuples the
resolver can look for; `fill_slots` reads the parameters a matched frame takes from the text:
a limit from a quantity in the parameter's units, values from its choices. The misspelling
index (`deletions`, `one_slip`) and the canonical-form start of registered ids live here too,
since both are derived from the declarations when a resolver is built.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from socratic_core.rules._diagnostics import Problem
from socratic_core.rules._nodes import (
    Category,
    CheckDeclaration,
    Frame,
    ParamSpec,
    ParamValue,
    Severity,
)
from socratic_core.rules._normalise import LIST_SEPARATOR, NEGATION, STOPWORDS, Word, words
from socratic_core.rules._patterns import lazy
from socratic_core.rules._quantities import Quantity, normal_unit

__all__ = [
    "CompiledFrame",
    "Slot",
    "bound_for",
    "canonical_start",
    "compile_frame",
    "deletions",
    "distinctive_words",
    "fill_slots",
    "one_slip",
    "shorthand",
]

_PLACEHOLDER = lazy(r"\{(\w+)\}")
# Words after which a frame's choice slot expects its value: "hash passwords with argon3".
_VALUE_AFTER = frozenset({"with", "using", "via", "by", "use"})
_ENDINGS = frozenset({"s", "es", "ed", "d", "ing", "er", "ers", "ly", "al", "ion", "ions"})
# Check words one letter away from everyday words ("print" / "point", "paint").
_COMMON_NEIGHBOURS = frozenset({"print", "block", "loop", "state", "cycle", "line", "file"})


@dataclass(frozen=True, slots=True)
class Slot:
    """A `{param}` placeholder in a pattern."""

    name: str
    is_list: bool


@dataclass(frozen=True, slots=True)
class CompiledFrame:
    """A frame ready to match: its concepts as word tuples, or its pattern as items."""

    declaration: CheckDeclaration
    label: str
    concepts: tuple[tuple[tuple[str, ...], ...], ...]
    pattern: tuple[str | Slot, ...]
    names_forbidden: bool
    flips: frozenset[str]
    excludes: frozenset[str]
    slots: tuple[str, ...]
    shape: str = ""  # a statement shape read instead of concepts (`replacement`)
    vocabulary: frozenset[str] = frozenset()  # the words of every frame of the declaration
    shorthand: bool = False  # compiled from `phrases`: a limit the text omits takes its default
    reads_limit: bool = False  # one of its slots is a limit
    limit_units: frozenset[str] = frozenset()  # the normal units of the limits its slots read

    @property
    def words(self) -> frozenset[str]:
        """Every word the frame may match."""
        found = {w for concept in self.concepts for synonym in concept for w in synonym}
        return frozenset(found | {item for item in self.pattern if isinstance(item, str)})


def canonical_start(ids: Iterable[str]) -> re.Pattern[str]:
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


def distinctive_words(compiled: CompiledFrame) -> set[str]:
    """Words that name the check on their own (`eval`, `pickle`, `import`): misspelling targets."""
    found = set()
    if len(compiled.concepts) == 1:
        found = {synonym[0] for synonym in compiled.concepts[0] if len(synonym) == 1}
    literals = [item for item in compiled.pattern if isinstance(item, str)]
    found |= set(literals) if len(literals) == 1 else set()
    return {word for word in found if len(word) >= 4 and word not in _COMMON_NEIGHBOURS}


def deletions(word: str) -> set[str]:
    """The word and every string made by dropping one of its letters (a one-slip index key)."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def one_slip(word: str, target: str) -> bool:
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


def shorthand(phrase: str) -> Frame:
    """A phrase as a frame: an ordered pattern with placeholders, else its words in any order."""
    if _PLACEHOLDER.search(phrase):
        return Frame(pattern=phrase)
    # "imports that are not used": a negation or a list separator is no concept.
    kept = [str(word) for word in words(phrase) if word not in (NEGATION, LIST_SEPARATOR)]
    return Frame(concepts=tuple((word,) for word in kept))


def compile_frame(declaration: CheckDeclaration, frame: Frame, opposite: bool) -> CompiledFrame:
    forbids = declaration.forbids if frame.forbids is None else frame.forbids
    concepts = tuple(
        tuple(
            dict.fromkeys(
                found for synonym in concept if (found := tuple(str(w) for w in words(synonym)))
            )
        )
        for concept in frame.concepts
    )
    pattern: list[str | Slot] = []
    if frame.pattern:
        specs = {spec.name: spec for spec in declaration.params}
        position = 0
        for placeholder in _PLACEHOLDER.finditer(frame.pattern):
            pattern.extend(str(w) for w in words(frame.pattern[position : placeholder.start()]))
            spec = specs.get(placeholder.group(1))
            pattern.append(Slot(placeholder.group(1), spec is not None and spec.type == "list"))
            position = placeholder.end()
        pattern.extend(str(w) for w in words(frame.pattern[position:]))
    # A frame of a check with a limit reads the limit unless it names its slots itself.
    limits = [spec.name for spec in declaration.params if spec.is_limit]
    slots = list(frame.slots) if frame.slots is not None else limits
    label = frame.pattern or frame.shape or " + ".join(c[0] for c in frame.concepts)
    read = [spec for spec in declaration.params if spec.is_limit and spec.name in slots]
    return CompiledFrame(
        declaration,
        label,
        tuple(c for c in concepts if c),
        tuple(pattern),
        forbids != opposite,
        frozenset(str(w) for flip in frame.flips for w in words(flip)),
        frozenset(str(w) for exclude in frame.excludes for w in words(exclude)),
        tuple(dict.fromkeys(slots)),
        frame.shape,
        reads_limit=bool(read),
        limit_units=frozenset(normal_unit(unit) for spec in read for unit in spec.units),
    )


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


def fill_slots(
    compiled: CompiledFrame,
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
            filled, problem = _fill_limit(spec, quantities, params, missing, bare)
            measured = measured or filled
            problems.extend([problem] if problem else [])
        elif spec.choices or spec.aliases:
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
) -> tuple[bool, Problem | None]:
    """Read a limit from the first quantity in the parameter's units (or bare, if allowed).

    Returns whether it was read, and the problem when the text gave the number its unit
    is missing from (`must not exceed 50` for a limit in lines).
    """
    units = {normal_unit(unit) for unit in spec.units}
    allowed: set[str | None] = {*units, None} if bare or not units else set(units)
    measured = next((q for q in quantities if q.unit in allowed), None)
    unitless = next((q for q in quantities if q.unit is None), None) if units else None
    if measured is None and unitless is not None:
        value = bound_for(unitless, not spec.name.startswith("min"), spec.type == "int")
        if value is not None:
            params[spec.name] = int(value) if spec.type == "int" else float(value)
        message = f"{unitless.text!r} has no unit ({', '.join(spec.units)})"
        missing.append(message)
        if not unitless.bare:
            return False, None
        hint = f"write the unit: '{unitless.text} {spec.units[0]}'"
        return False, Problem(unitless.text, message, hint, Severity.ERROR, spec.units, limit=True)
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
        return False, None
    upper = not spec.name.startswith("min")
    value = bound_for(measured, upper, spec.type == "int")
    if value is None:
        side = "a minimum" if upper else "a maximum"
        missing.append(f"{measured.text!r} reads as {side}, but {spec.name} is the other side")
        return False, None
    params[spec.name] = int(value) if spec.type == "int" else float(value)
    return True, None


def _fill_choice(
    spec: ParamSpec, vocabulary: frozenset[str], subject: Sequence[Word]
) -> tuple[ParamValue | None, Problem | None]:
    """The parameter's values named in the clause, or the problem with the one it names."""
    choices = {choice.lower(): choice for choice in spec.choices}
    named = {**choices, **{word.lower(): value for word, value in spec.aliases}}
    found = [named[str(w)] for w in subject if str(w) in named]
    if found:
        values = tuple(dict.fromkeys(found))
        return (values if spec.type == "list" else values[0]), None
    for word in subject if choices else ():
        if word in vocabulary or word in (LIST_SEPARATOR, NEGATION) or word in STOPWORDS:
            continue
        close = difflib.get_close_matches(word.raw.lower(), choices, 1, 0.7)
        if close or word.after in _VALUE_AFTER:
            hint = f"did you mean {choices[close[0]]!r}?" if close else None
            message = f"unknown {spec.name.rstrip('s')} {word.raw!r}"
            return None, Problem(word.raw, message, hint, Severity.ERROR, spec.choices)
    return None, None
