"""The resolver: which declared check, if any, claims a statement.

Nothing here knows which words mean which check. Each `CheckDeclaration` lists the phrases that
name it; the resolver normalises them the same way as statements (case, plurals, hyphens,
spellings, filler words) and picks the declaration whose phrase matches the most words of the
statement's subject. `{param}` placeholders in a phrase capture a word, a dotted module name, a
glob, or a list (`argon2, bcrypt or scrypt`) into that parameter.

A claim also says whether the statement agrees with the check's direction. A phrase names what
the check forbids or what it asks for (`forbids`, turned round for `opposites`); the statement
forbids or asks for what the phrase names (its modality, turned round when the phrase follows
`instead of`, `rather than` or a negation). A limit in the unit the check measures carries its
own direction (`must not exceed 50 lines` is `max=50`), so such a statement always agrees. A
phrase with placeholders claims only statements that agree: what it would capture from one that
asks for the opposite ("use `from __future__ import annotations`") is rarely a real parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from socratic_core.rules.nodes import CheckDeclaration, Modality, ParamSpec, ParamValue
from socratic_core.rules.normalise import LIST_SEPARATOR, NEGATION, Word, words
from socratic_core.rules.statements import Quantity, normal_unit

__all__ = ["Claim", "Resolver", "bound_for"]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_NUMERIC = ("int", "float")
_CACHE_SIZE = 4096
# "use logging instead of print", "use safe_load, never yaml.load": what follows these words
# is named in opposition, what the statement rejects. A placeholder never captures a negation
# ("must not import each other" names no module).
_REPLACED = frozenset({"instead", "rather", "replace", "replacing", NEGATION})
# Nor a generic noun: "modules in domain/ must not import x" does not name the source module.
_NOT_VALUES = frozenset(
    {"other", "another", "anything", "everything", "something", "one", "module", "package"}
    | {"code", "file", "layer", "class", "function", "component", "service", "library"}
)
# Phrases made only of these words name a check only when the statement gives a limit:
# "Keep functions under 50 lines" is about function length, "Name functions well" is not.
_GENERIC_NOUNS = frozenset({"function", "line", "file", "module", "class"})
# A statement's force relative to the check that claims it: agreeing, or asking the opposite.
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
    """A `{param}` placeholder in a phrase."""

    name: str
    is_list: bool


@dataclass(frozen=True, slots=True)
class _Phrase:
    declaration: CheckDeclaration
    text: str
    items: tuple[str | _Slot, ...]
    literals: frozenset[str]
    names_forbidden: bool  # whether the phrase names what the check forbids


@dataclass(frozen=True, slots=True)
class Claim:
    """A declaration that claims a statement, the phrase that matched, and the parameters.

    Attributes:
        declaration: The claiming check's declaration.
        phrase: The phrase (as declared) that matched.
        params: Parameter values: defaults, then captures, then the statement's quantity.
        notes: What could not be applied (a quantity pointing the wrong way).
        agrees: Whether the statement asks for what the check enforces; `False` when it asks
            for the opposite ("use print for debugging", "use relative imports").
    """

    declaration: CheckDeclaration
    phrase: str
    params: dict[str, ParamValue]
    notes: tuple[str, ...] = field(default_factory=tuple)
    agrees: bool = True

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
    """Match statements against a set of check declarations."""

    def __init__(self, declarations: Iterable[CheckDeclaration]) -> None:
        """Index the phrases of `declarations` by their words.

        Args:
            declarations: The checks that may claim statements (built-in and plugins').
        """
        self.declarations = tuple(declarations)
        self.by_id = {declaration.id: declaration for declaration in self.declarations}
        self._index: dict[str, list[_Phrase]] = {}
        self._cache: dict[object, Claim | None] = {}
        for declaration in self.declarations:
            named = [(text, False) for text in declaration.phrases]
            for text, opposite in [*named, *((text, True) for text in declaration.opposites)]:
                phrase = _compile(declaration, text, opposite)
                first = next((item for item in phrase.items if isinstance(item, str)), "")
                self._index.setdefault(first, []).append(phrase)

    def claim(
        self, subject: Sequence[Word], quantities: Sequence[Quantity], *, forbidding: bool = True
    ) -> Claim | None:
        """Return the best claim on a statement, or `None` when no declaration matches.

        Args:
            subject: The statement's normalised subject words.
            quantities: The statement's quantities.
            forbidding: Whether the statement forbids (`never`, `avoid`) what it names.

        Returns:
            The claim of the best-matching phrase (most words; a quantity in the unit a check
            measures counts extra; on a tie, the phrase named first), or `None`.
        """
        words_key = tuple((str(word), word.raw) for word in subject)
        key = (words_key, tuple(quantities), forbidding)
        if key in self._cache:
            return self._cache[key]
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = claim = self._claim(subject, quantities, forbidding)
        return claim

    def _claim(
        self, subject: Sequence[Word], quantities: Sequence[Quantity], forbidding: bool
    ) -> Claim | None:
        present = {str(word) for word in subject}
        best: tuple[float, int, Claim] | None = None
        order = 0
        for word in dict.fromkeys([*subject, ""]):
            for phrase in self._index.get(word, ()):
                order += 1
                scored = self._score(phrase, subject, present, quantities, forbidding)
                if scored is not None and (best is None or scored[0] > best[0]):
                    best = (scored[0], order, scored[1])
        return None if best is None else best[2]

    def _score(
        self,
        phrase: _Phrase,
        subject: Sequence[Word],
        present: set[str],
        quantities: Sequence[Quantity],
        forbidding: bool,
    ) -> tuple[float, Claim] | None:
        if not phrase.literals <= present:
            return None
        found = _find(phrase.items, subject)
        if found is None:
            return None
        start, captures = found
        declaration = phrase.declaration
        measured = _measured_quantity(declaration, quantities)
        if phrase.literals <= _GENERIC_NOUNS and measured is None:
            return None  # "functions" alone names the length check only with a limit
        required = {spec.name for spec in declaration.params if spec.default is None}
        if not required <= captures.keys():
            return None
        # "use print" asks for what no-print forbids; "use logging instead of print" does not.
        rejects = forbidding != bool(_REPLACED & set(subject[:start]))
        agrees = measured is not None or rejects == phrase.names_forbidden
        if not agrees and captures:
            return None  # "use `from __future__ import x`" names no module to forbid importing
        params, notes = _params(declaration, captures, measured)
        score = len(phrase.literals) + 0.5 * (len(phrase.items) - len(phrase.literals))
        score += 2 if measured is not None else 0
        return score, Claim(declaration, phrase.text, params, notes, agrees)


def _compile(declaration: CheckDeclaration, text: str, opposite: bool) -> _Phrase:
    specs = {spec.name: spec for spec in declaration.params}
    items: list[str | _Slot] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        items.extend(str(word) for word in words(text[position : match.start()]))
        spec = specs.get(match.group(1))
        items.append(_Slot(match.group(1), spec is not None and spec.type == "list"))
        position = match.end()
    items.extend(str(word) for word in words(text[position:]))
    literals = frozenset(item for item in items if isinstance(item, str))
    return _Phrase(declaration, text, tuple(items), literals, declaration.forbids != opposite)


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


def _numeric_spec(declaration: CheckDeclaration) -> ParamSpec | None:
    return next((spec for spec in declaration.params if spec.type in _NUMERIC), None)


def _measured_quantity(
    declaration: CheckDeclaration, quantities: Sequence[Quantity]
) -> Quantity | None:
    """The first quantity in a unit the declaration's numeric parameter measures."""
    spec = _numeric_spec(declaration)
    if spec is None:
        return None
    units = {normal_unit(unit) for unit in spec.units}
    for quantity in quantities:
        if quantity.unit is None or quantity.unit in units:
            return quantity
    return None


def _params(
    declaration: CheckDeclaration,
    captures: dict[str, ParamValue],
    quantity: Quantity | None,
) -> tuple[dict[str, ParamValue], tuple[str, ...]]:
    params: dict[str, ParamValue] = {
        spec.name: spec.default for spec in declaration.params if spec.default is not None
    }
    params.update(captures)
    spec = _numeric_spec(declaration)
    if quantity is None or spec is None:
        return params, ()
    upper = not spec.name.startswith("min")
    value = bound_for(quantity, upper, spec.type == "int")
    if value is None:
        side = "a minimum" if upper else "a maximum"
        return params, (f"{quantity.text!r} reads as {side}, but {spec.name} is the other side",)
    params[spec.name] = int(value) if spec.type == "int" else float(value)
    return params, ()
