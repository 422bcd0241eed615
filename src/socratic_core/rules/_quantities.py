"""Limits as people write them: numbers, comparators, ranges and units in a statement.

`at most 50 lines`, `≤50 lines`, `Functions: 50 lines max`, `50-line limit`, `20-30 lines` (the
upper bound), `~50`, `under thirty lines` (number words), `1,000 lines`, `wrap at 80 columns`:
each becomes a `Quantity` whose op is the allowed region, with its unit normalised (`LOC` is
`lines`, `chars` is `characters`). Numbers that are not one (`abc lines`, `-5 lines`, `5O`,
more than 15 digits) are reported as problems, never converted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from socratic_core.rules._diagnostics import Problem, did_you_mean
from socratic_core.rules._nodes import Modality, Severity
from socratic_core.rules._patterns import LazyPattern, fold, lazy

__all__ = [
    "COUNTED_UNITS",
    "Quantity",
    "leads_with_a_limit",
    "normal_unit",
    "read_quantities",
    "spell_numbers",
]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with a comparison and a unit, as written (`under 100 characters` -> `<`, 100).

    Attributes:
        op: `<=`, `<`, `>=`, `>` for the allowed region; `~` for a bare limit (`Line length: 100`).
        value: The number.
        unit: The normalised unit (`lines`, `characters`, `%`, `ms`, ...), if any.
        text: The words that said it.
        bare: Whether nothing follows a number without a unit (`must not exceed 50`), so
            its unit is missing rather than one this reader does not know (`3 classes`).
    """

    op: str
    value: int | float
    unit: str | None
    text: str
    bare: bool = False


# --- quantities ---------------------------------------------------------------------------------

_UNITS: dict[str, str] = {
    **dict.fromkeys(("line", "lines", "loc", "sloc"), "lines"),
    **dict.fromkeys(("character", "characters", "char", "chars"), "characters"),
    **dict.fromkeys(("column", "columns", "col", "cols"), "columns"),
    **dict.fromkeys(("%", "percent", "pct"), "%"),
    **dict.fromkeys(("ms", "millisecond", "milliseconds"), "ms"),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), "s"),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), "minutes"),
    **dict.fromkeys(("byte", "bytes"), "bytes"),
    **{size: size for size in ("kb", "mb", "gb")},
    **dict.fromkeys(("argument", "arguments", "arg", "args", "parameter", "parameters"), "params"),
    **dict.fromkeys(("param", "params"), "params"),
    **dict.fromkeys(("level", "levels"), "levels"),
    **dict.fromkeys(("branch", "branches"), "branches"),
    **dict.fromkeys(("statement", "statements"), "statements"),
    **dict.fromkeys(("function", "functions", "method", "methods"), "functions"),
    **dict.fromkeys(("file", "files"), "files"),
}
_UNIT_NAMES = sorted(set(_UNITS.values()))
# Units that count whole things: `under 100 characters` allows at most 99. Time, size and
# percentages are measured, so `under 2 s` allows anything below 2 and keeps 2 as the bound.
COUNTED_UNITS = frozenset(
    {
        "branches",
        "characters",
        "columns",
        "files",
        "functions",
        "levels",
        "lines",
        "params",
        "statements",
    }
)
_WORD_AFTER = lazy(r"\s*([A-Za-z]{2,})\b")
# Words after a number that are close to a unit but are not meant as one.
_NOT_UNITS = frozenset({"lives", "times", "mines", "linters", "fines", "lanes"})
_UNIT_WORDS = "|".join(unit for unit in sorted(_UNITS, key=len, reverse=True) if unit != "%")
_UNIT = rf"(?P<unit>%|(?:{_UNIT_WORDS})\b)"


def normal_unit(unit: str) -> str:
    """The normal name of a unit (`chars` -> `characters`, `loc` -> `lines`, `percent` -> `%`).

    Args:
        unit: A unit as written.

    Returns:
        Its normal name; an unknown unit is returned lowercased.
    """
    return _UNITS.get(unit.lower(), unit.lower())


# `50`, `0.5`, `1,000`; a range (`20-30`, `20 to 30`) keeps its upper bound in `hi`. At most
# 15 digits on either side of the point (exact in a float; `int()` of thousands of digits
# raises): a longer run of digits is no number here, and `_check_numbers` says so.
_DIGITS = r"\d{1,3}(?:,\d{3})+(?![\d,])|\d{1,15}(?:\.\d{1,15})?(?!\d|\.\d)"
_NUMBER = rf"(?P<num>{_DIGITS})(?:\s*(?:-|\u2013|\u2014|to)\s*(?P<hi>{_DIGITS}))?"
MAX_DIGITS = 15
_LONG_NUMBER = lazy(r"\d{16,}")
_COMPARATORS: tuple[tuple[str, str], ...] = (
    ("<=", "at most|no more than|not more than|no longer than|not longer than|no greater than"),
    ("<=", "no larger than|up to|maximum of|max of|maximum|max|limit of|limited to|capped at"),
    ("<=", "no bigger than|no wider than|within|limit is|max is|maximum is"),
    # inclusive forms: the bound itself is allowed
    ("<=", "at or below|at or under|at or less than|at or lower than|less than or equal to"),
    ("<=", "fewer than or equal to|lower than or equal to|equal to or less than"),
    ("<=", "equal to or fewer than|equal to or below|equal to or under"),
    ("~", "about|around|roughly|approximately|approx|circa"),
    ("<", "less than|fewer than|shorter than|smaller than|lower than|under|below"),
    (">=", "at least|no less than|not less than|no fewer than|not fewer than|minimum of|min of"),
    (">=", "minimum|min"),
    (">", "more than|greater than|longer than|larger than|bigger than|over|above|exceed|exceeds"),
    (">", "exceeding|past|beyond"),
)
_SYMBOLS = {"<=": "<=", "=<": "<=", "\u2264": "<=", "\u2a7d": "<=", "<": "<"}
_SYMBOLS |= {">=": ">=", "=>": ">=", "\u2265": ">=", "\u2a7e": ">=", ">": ">", "~": "~"}
_OP_OF_WORD = {word: op for op, words in _COMPARATORS for word in words.split("|")}
# Comparators that name the allowed region itself (`max 3`, `at least 80%`): never flipped.
_ABSOLUTE = frozenset(
    word for word, op in _OP_OF_WORD.items() if op in ("<=", ">=") and word != "exceed"
)


def _by_first_word(phrases: list[str]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """The phrases by their first word, in order: each with its words after the first."""
    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for phrase in phrases:
        first, *rest = phrase.split()
        found.setdefault(first, []).append((phrase, tuple(rest)))
    return found


# Comparators by their first word, longest first (the order an alternation would try them in).
_PHRASES = _by_first_word(sorted(_OP_OF_WORD, key=len, reverse=True))
_SYMBOLS_LONGEST_FIRST = sorted(_SYMBOLS, key=len, reverse=True)
# Where a comparator can start, in the folded text: a word one starts with, or a symbol's first
# character (the words written out, not the giant alternation of every comparator's words).
_COMPARATOR_START = lazy(
    rf"\b(?:{'|'.join(sorted(_PHRASES, key=len, reverse=True))})\b"
    rf"|[{''.join(sorted({symbol[0] for symbol in _SYMBOLS}))}]"
)
_NEXT_WORD = lazy(r"\s+(\w+)")


class _Comparator(NamedTuple):
    """A comparator in a statement: `at most`, `under`, `<=` (its words one space apart)."""

    start: int
    end: int
    op: str
    word: str  # empty for a symbol
    following: str  # the first character after it that is not a blank ("" at the end)
    spaced: bool  # whether a blank follows it


def _comparators(text: str) -> list[tuple[_Comparator, ...]]:
    """Every comparator in the text, in order: at each place, the readings longest first.

    One scan of the folded text finds where comparators start; each place is then read for
    every comparator its first word begins (`max`, `max of`, `max is`). That one scan serves
    every question about comparators: what follows one (a number, a bad number, a unit with
    no number) is matched only where one is, with a small pattern.
    """
    folded = fold(text)
    found = []
    for candidate in _COMPARATOR_START.finditer(folded):
        start, first = candidate.start(), candidate.group()
        if first in _PHRASES:
            ends = [
                (end, _OP_OF_WORD[phrase], phrase)
                for phrase, rest in _PHRASES[first]
                if (end := _words_end(folded, candidate.end(), rest)) >= 0
            ]
        else:
            ends = [
                (start + len(symbol), _SYMBOLS[symbol], "")
                for symbol in _SYMBOLS_LONGEST_FIRST
                if text.startswith(symbol, start)
            ]
        if ends:
            found.append(tuple(_comparator(text, start, *end) for end in ends))
    return found


def _comparator(text: str, start: int, end: int, op: str, word: str) -> _Comparator:
    """The comparator from `start` to `end`, with what follows it."""
    after = end
    while after < len(text) and text[after].isspace():
        after += 1
    return _Comparator(start, end, op, word, text[after : after + 1], after > end)


def _words_end(folded: str, position: int, words: tuple[str, ...]) -> int:
    """Where `words` end if they follow `position`, each after blanks; -1 if they do not."""
    if not words:
        return position
    for word in words:
        following = _NEXT_WORD.match(folded, position)
        if following is None or following.group(1) != word:
            return -1
        position = following.end()
    return position


def _after_comparators(
    text: str,
    comparators: list[tuple[_Comparator, ...]],
    rest: LazyPattern,
    *,
    symbols: bool = True,
) -> Iterator[tuple[_Comparator, re.Match[str]]]:
    """Each comparator that `rest` follows, leftmost first and not overlapping (as `finditer`).

    At one place the longest comparator that `rest` follows wins (`max of`, then `max`).
    Symbols are left out when `symbols` is false. `rest` is tried only after a comparator
    followed by what it can start with (see `_CAN_START`): mostly it is never compiled.
    """
    can_start = _CAN_START[rest]
    position = 0
    for readings in comparators:
        if readings[0].start < position or not (symbols or readings[0].word):
            continue
        for comparator in readings:
            if not can_start(comparator):
                continue
            match = rest.match(text, comparator.end)
            if match is not None:
                yield comparator, match
                position = match.end()
                break


# `at most 50 lines`, `<= 50`, `≤ 50`, `under 200 ms`, `> 50 lines`: what follows the comparator
_QUANTITY = lazy(rf"\s*(?:of\s+)?{_NUMBER}\s*{_UNIT}?(?!\w)", re.IGNORECASE)
# `Max function length: 20 lines`, `maximum line length 120`, `min coverage: 80%`
_LEAD = lazy(
    rf"\b(?P<word>max(?:imum)?|min(?:imum)?)\.?\s+(?P<subject>[a-z][a-z _-]{{0,40}}?)"
    rf"\s*(?:[:=]|\bis\b|\bof\b)?\s*{_NUMBER}\s*{_UNIT}?",
    re.IGNORECASE,
)
# `Limit lines to 100 characters`
_LIMIT_TO = lazy(
    rf"\b(?:limit(?:ed)?|keep|restrict(?:ed)?)\b(?P<subject>.{{0,40}}?)\bto\s+{_NUMBER}\s*{_UNIT}?",
    re.I,
)
_LIMIT_VERB = lazy(r"limit|keep|restrict")  # a first look, on `fold(text)`
# `Line length: 100`, `Coverage: 80%`, `ruff (line-length: 120)` (a bare limit: its direction
# comes from the check)
_BARE = lazy(
    rf"(?P<subject>[a-z][a-z _-]{{0,40}}?)\s*[:=]\s*{_NUMBER}\s*{_UNIT}?\s*\)?\.?\s*$", re.I
)
# `a line length of 100 characters`: a measure given as a value, in its unit (direction as bare)
_MEASURE_OF = lazy(
    rf"(?P<subject>\b[a-z][a-z _-]{{0,40}}?\b(?:length|width|size))\s+(?:of|is)\s+{_NUMBER}\s*"
    rf"{_UNIT}",
    re.I,
)
# `a line length of 120`, `black (line length 88)`: a length or width needs no unit, as `Line
# length: 120` does not; the number ends the phrase (`a length of 3 words` is in another unit,
# `of 120ms` too).
_LENGTH_OF = lazy(
    rf"(?P<subject>\b[a-z][a-z _-]{{0,40}}?\b(?:length|width))(?:\s+(?:of|is))?\s+{_NUMBER}"
    r"(?P<unit>)(?!\s*[\w%-]|[.,]\d)",
    re.I,
)
# a first look, on `fold(text)`
_MEASURE_WORD = lazy(r"(?:length|width|size)\s+(?:(?:of|is)\s+)?\d")
# `88-character line length`, `an 80 column width`: the measure's value before the measure, in its
# unit (a bare limit too: its direction comes from the check). The number's unit is a measure's.
_MEASURE_BEFORE = lazy(
    rf"(?<![\w.,-]){_NUMBER}\s*-?\s*(?P<unit>lines?|characters?|chars?|columns?|cols?)"
    r"\s+(?P<subject>(?:line\s+|code\s+)?(?:length|width))\b",
    re.I,
)
_MEASURE_BEFORE_WORD = lazy(r"\d\s*-?\s*(?:line|char|col)\w*\s+(?:\w+\s+)?(?:length|width)")


def _measure_of(text: str) -> re.Match[str] | None:
    folded = fold(text)
    if _MEASURE_WORD.search(folded):
        return _MEASURE_OF.search(text) or _LENGTH_OF.search(text)
    return _MEASURE_BEFORE.search(text) if _MEASURE_BEFORE_WORD.search(folded) else None


def _per(folded: str, text: str) -> re.Match[str] | None:
    """`200 lines per file`, if the text has it (`folded` is `fold(text)`)."""
    return _PER.search(text) if " per " in folded else None


def _lead(text: str, folded: str) -> re.Match[str] | None:
    """`Max function length: 20 lines`, if the text has it (`folded` is `fold(text)`)."""
    return _LEAD.search(text) if "max" in folded or "min" in folded else None


def _limit_to(text: str, folded: str) -> re.Match[str] | None:
    """`Limit lines to 100 characters`, `keep lines to 100 characters`, if the text has it.

    `folded` is `fold(text)`.
    """
    return _LIMIT_TO.search(text) if _LIMIT_VERB.search(folded) else None


def _bare(text: str) -> re.Match[str] | None:
    """`Line length: 100`, if the text ends so (it needs its `:` or `=`)."""
    return _BARE.search(text) if ":" in text or "=" in text else None


# `50 lines max`, `50-line limit`, `50 lines or fewer`: the comparator follows the number.
_POSTFIX = lazy(
    rf"(?<![\w.,-]){_NUMBER}\s*-?\s*{_UNIT}?\s*(?:max(?:imum)?\b|limit\b|cap\b|tops\b"
    r"|or\s+(?:fewer|less|under|below)\b|at\s+most\b)",
    re.IGNORECASE,
)
# Cheap first looks, on the folded text: a word `_POSTFIX` needs one of, and one `_AT_WIDTH` does.
_POSTFIX_HINT = lazy("max|limit|cap|tops|fewer|less|under|below|most")
_AT_WIDTH_HINT = lazy("wrap|break|cap")
# `20-30 lines`, `20 to 30 lines` with no comparator: a range of sizes, read as its upper bound.
_RANGE = lazy(
    rf"(?<![\w.,-])(?P<num>{_DIGITS})\s*(?:-|\u2013|\u2014|to)\s*(?P<hi>{_DIGITS})\s*{_UNIT}",
    re.IGNORECASE,
)
# `between 20 and 50 lines`: a range too, read as its upper bound.
_BETWEEN_RANGE = lazy(
    rf"\bbetween\s+(?P<num>{_DIGITS})\s+and\s+(?P<hi>{_DIGITS})\s*{_UNIT}", re.IGNORECASE
)
# `200 lines per file`, `100 characters per line`: a size per thing, in a measure's unit (a bare
# limit, as `Line length: 100` is: its direction comes from the check).
_PER = lazy(
    rf"(?<![\w.,-]){_NUMBER}\s*(?P<unit>lines?|loc|sloc|characters?|chars?|columns?"
    r"|cols?)\s+per\s+(?=[a-z])",
    re.IGNORECASE,
)
# `wrap code at 80 columns`, `break lines at 100 chars`
_AT_WIDTH = lazy(
    rf"\b(?:wrap|break|cap)\w*\b.{{0,40}}?\b(?P<at>at)\s+{_NUMBER}\s*"
    r"(?P<unit>columns?|cols?|characters?|chars?)\b",
    re.IGNORECASE,
)
# What follows a comparator that is no limit: a negative number (`must not exceed -5 lines`),
# its unit with no number at all (`must not exceed lines`), a word where the number belongs
# (`must not exceed abc lines`), something that starts like a number but is not one (`at most 5O`).
_NEGATIVE = lazy(r"\s*(?P<bad>-\s*\d+)")
_NO_NUMBER = lazy(r"\s+(?P<unit>lines?|loc|characters?|chars?|columns?)\b(?![^\d]*\d)", re.I)
_WORD_NUMBER = lazy(rf"\s+(?P<bad>[a-z]+)\s+{_UNIT}", re.IGNORECASE)
_BAD_NUMBER = lazy(r"\s*(?P<bad>\d[\w.,]*[a-z][\w.,]*)", re.IGNORECASE)
# What each of them (and `_QUANTITY`) needs right after the comparator: a digit (`\d` is
# `isdecimal`), `of`, a `-`, blanks then a letter.
_CAN_START: dict[LazyPattern, Callable[[_Comparator], bool]] = {
    _QUANTITY: lambda c: c.following.isdecimal() or c.following in ("o", "O"),
    _NEGATIVE: lambda c: c.following == "-",
    _NO_NUMBER: lambda c: c.spaced and c.following in ("l", "L", "c", "C"),
    _WORD_NUMBER: lambda c: c.spaced and c.following.isalpha(),
    _BAD_NUMBER: lambda c: c.following.isdecimal(),
}
# `... = rewrite`, `-> split`: the quantity describes what is not allowed.
_ARROW = lazy(r"\s*(?:=|->|=>|\u2192)\s*\w")

_FLIP = {"<=": ">", "<": ">=", ">=": "<", ">": "<=", "~": "~"}
_DIGIT = lazy(r"\d")
# A growth verb before a comparator makes the limit a trigger: "split any module that grows
# past 700 lines" allows 700 at most, as "must not exceed 700 lines" does.
_GROWS = lazy(
    r"\b(?:grows?|grew|growing|gets?|getting|goes|go|going|becomes?|becoming|runs?|running)"
    r"\s+$",
    re.IGNORECASE,
)


# A limit inside an `if` clause is a trigger too: "if a file exceeds 500 lines, split it".
_IF_BEFORE = lazy(r"\b(?:if|when|whenever|once)\b[^,;.:()]{0,60}$", re.IGNORECASE)


def _in_an_if(text: str, start: int) -> bool:
    """Whether the limit at `start` is in an `if` clause, outside brackets.

    In brackets it is an example ("limit file size (e.g., warn if file >300 lines)").
    """
    before = text[:start]
    return before.count("(") <= before.count(")") and _IF_BEFORE.search(before) is not None


def _number(text: str) -> int | float:
    text = text.replace(",", "")
    return float(text) if "." in text else int(text)


def _too_long(match: re.Match[str]) -> bool:
    return any(len(match.group(g) or "") > MAX_DIGITS for g in ("num", "hi"))


# Units a lead-in may name before its number: "Function lines: 50", "Max line chars: 100".
_MEASURES = frozenset({"lines", "characters", "columns"})


def _unit_named_before(match: re.Match[str]) -> str | None:
    """The unit a lead-in's subject names, if it is a measure.

    It ends with it (`Function lines: 50`) or opens with it before `per` (`Max lines per
    function: 50`, `max characters per line: 100`).
    """
    if "subject" not in match.groupdict() or not match.group("subject"):
        return None
    named = match.group("subject").split()
    unit = normal_unit(named[0] if len(named) > 2 and named[1].lower() == "per" else named[-1])
    return unit if unit in _MEASURES else None


def _quantity(match: re.Match[str], op: str, start: int | None = None) -> Quantity:
    """The quantity a match reads; what said it starts at `start` (the match's start)."""
    unit = match.group("unit")
    normal = normal_unit(unit) if unit else _unit_named_before(match)
    number = match.group("hi") or match.group("num")
    said = match.string[match.start() if start is None else start : match.end()]
    return Quantity(op, _number(number), normal, said.strip())


def _find_quantities(
    text: str, comparators: list[tuple[_Comparator, ...]], first_digit: int
) -> tuple[list[Quantity], list[tuple[int, int]], bool]:
    """Every quantity in the text, the spans to cut, and whether the ops may be flipped.

    `comparators` are the text's (see `_comparators`), `first_digit` where its first digit is.

    `Max function length: 20 lines` is a lead-in form: its op is fixed and its subject stays;
    `at most`, `max`, `at least`, `50 lines max` name the allowed region themselves, so their
    op is fixed too. A range (`20-30 lines`) is read as its upper bound.
    """
    folded = fold(text)
    lead = _lead(text, folded) or _limit_to(text, folded)
    if lead is not None and not _too_long(lead):
        op = ">=" if lead.group().lower().startswith("min") else "<="
        spans = [(lead.start(), lead.start("subject")), (lead.end("subject"), lead.end())]
        return [_quantity(lead, op)], spans, False
    quantities, spans = [], []
    flippable = True
    for comparator, match in _after_comparators(text, comparators, _QUANTITY):
        if _too_long(match):
            continue
        flippable = flippable and comparator.word not in _ABSOLUTE
        quantities.append(_quantity(match, comparator.op, comparator.start))
        spans.append((comparator.start, match.end()))
    postfix = [_POSTFIX] if _POSTFIX_HINT.search(folded) else []
    at_width = [_AT_WIDTH] if _AT_WIDTH_HINT.search(folded) else []
    between = [_BETWEEN_RANGE] if "between" in folded else []
    for pattern in (*postfix, *at_width, *between, _RANGE):
        # a postfix limit and a range start with their number: no sooner than the first digit
        begin = 0 if pattern is _AT_WIDTH or pattern is _BETWEEN_RANGE else first_digit
        for match in pattern.finditer(text, begin):
            if _too_long(match) or any(s < match.end() and match.start() < e for s, e in spans):
                continue
            flippable = False
            start = match.start("at") if "at" in pattern.groupindex else match.start()
            quantity = _quantity(match, "<=")
            quantities.append(
                Quantity("<=", quantity.value, quantity.unit, text[start : match.end()])
            )
            spans.append((start, match.end()))
    bare = None if quantities else _bare(text) or _measure_of(text)
    if bare is not None and not _too_long(bare):
        quantities.append(_quantity(bare, "~"))
        if bare.start("subject") > bare.start("num"):
            spans.append((bare.start(), bare.start("subject")))  # the subject follows the value
        else:
            spans.append((bare.end("subject"), bare.end()))
    per = None if quantities else _per(folded, text)
    if per is not None and not _too_long(per):  # the thing it is per stays the subject
        quantities.append(_quantity(per, "~"))
        spans.append((per.start(), per.end("unit")))
    return quantities, spans, flippable


def _orient(
    text: str,
    quantities: list[Quantity],
    spans: list[tuple[int, int]],
    modality: Modality | None,
    modal_span: tuple[int, int] | None,
) -> list[Quantity]:
    """Turn every op into the allowed region.

    A forbidding statement (`must not exceed 50`) and a condition (`functions over 50 lines must
    be split`, `> 50 lines = rewrite`, `lines > 100 chars are not allowed`, `split any module
    that grows past 700 lines`, `if a file exceeds 500 lines, split it`) describe what is not
    allowed, so their op flips (once).
    """
    negative = modality is not None and modality.negative
    oriented = []
    for quantity, (start, end) in zip(quantities, spans, strict=True):
        before_modal = modal_span is not None and start > 0 and end <= modal_span[0]
        condition = before_modal or _ARROW.match(text, end) is not None
        condition = condition or _GROWS.search(text, 0, start) is not None
        condition = condition or _in_an_if(text, start)
        if negative or condition:
            q = quantity
            oriented.append(Quantity(_FLIP[q.op], q.value, q.unit, q.text, q.bare))
        else:
            oriented.append(quantity)
    return oriented


def _check_units(text: str, quantities: list[Quantity], problems: list[Problem]) -> None:
    """A limit without a unit followed by a word close to one (`50 lnes`) gets a hint."""
    for quantity in quantities:
        if quantity.unit is not None:
            continue
        after = _WORD_AFTER.match(text, text.find(quantity.text) + len(quantity.text))
        word = after.group(1).lower() if after else ""
        hint = did_you_mean(word, _UNITS, 0.8) if word and word not in _UNITS else None
        if hint is not None and word not in _NOT_UNITS:
            message = f"unknown unit {after.group(1)!r}"  # type: ignore[union-attr]
            problems.append(
                Problem(word, message, hint, Severity.ERROR, tuple(_UNIT_NAMES), limit=True)
            )


def _marked(text: str, quantity: Quantity) -> Quantity:
    """The quantity, marked `bare` when it has no unit and no word follows it."""
    if quantity.unit is not None:
        return quantity
    if _WORD_AFTER.match(text, text.find(quantity.text) + len(quantity.text)) is not None:
        return quantity
    return Quantity(quantity.op, quantity.value, None, quantity.text, bare=True)


def _not_a_number(bad: str, message: str) -> Problem:
    hint = "write the limit as a positive number, e.g. 'at most 50 lines'"
    return Problem(bad, message, hint, Severity.ERROR, ("a number such as 50 or 0.5",), limit=True)


def _check_numbers(
    text: str, comparators: list[tuple[_Comparator, ...]], problems: list[Problem]
) -> None:
    for match in _LONG_NUMBER.finditer(text):
        digits = match.group()
        problems.append(
            Problem(
                digits,
                f"a number of {len(digits)} digits is too long to be a limit",
                "write the limit with at most 15 digits, e.g. 'at most 50 lines'",
                Severity.ERROR,
                ("a number such as 50 or 0.5",),
                limit=True,
            )
        )
    for _, match in _after_comparators(text, comparators, _BAD_NUMBER):
        bad = match.group("bad")
        if re.fullmatch(rf"{_NUMBER}\s*{_UNIT}?", bad, re.IGNORECASE) is None:
            problems.append(_not_a_number(bad, f"{bad!r} is not a number"))
    for _, match in _after_comparators(text, comparators, _NEGATIVE):
        bad = "".join(match.group("bad").split())
        problems.append(_not_a_number(bad, f"{bad!r} is not a limit: a limit cannot be negative"))
    for _, match in _after_comparators(text, comparators, _NO_NUMBER, symbols=False):
        unit = match.group("unit")
        problems.append(_not_a_number(unit, f"the limit before {unit!r} has no number"))
    for _, match in _after_comparators(text, comparators, _WORD_NUMBER, symbols=False):
        bad = match.group("bad")
        if bad.lower() not in _NOT_NUMBER_WORDS:
            problems.append(_not_a_number(bad, f"{bad!r} is not a number"))


# Words between a comparator and a unit that are not a number written wrong (`under the 5`).
_NOT_NUMBER_WORDS = frozenset(
    {"a", "an", "the", "few", "several", "some", "many", "those", "these", "all", "your", "our"}
)


# --- number words -------------------------------------------------------------------------------

_ONES: tuple[str, ...] = ("zero", "one", "two", "three", "four", "five", "six", "seven")
_ONES += ("eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen")
_ONES += ("sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUES = {word: value for value, word in enumerate(_ONES)}
_WORD_VALUES |= {word: 20 + 10 * index for index, word in enumerate(_TENS)}
_SCALES = {"hundred": 100, "thousand": 1000}
_NUMBER_WORD = "|".join([*_WORD_VALUES, *_SCALES])
_NUMBER_WORDS = lazy(
    rf"\b(?:{_NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_NUMBER_WORD}))*\b", re.IGNORECASE
)
_NUMBER_WORD_SET = frozenset([*_WORD_VALUES, *_SCALES])
_WORD_RUN = lazy(r"\w+")


def _has_number_word(text: str) -> bool:
    """Whether a word of the text is a number word (a cheap first look for `_NUMBER_WORDS`)."""
    return not _NUMBER_WORD_SET.isdisjoint(_WORD_RUN.findall(fold(text)))


_BEFORE_UNIT = lazy(rf"[\s-]*{_UNIT}", re.IGNORECASE)


# `1k lines`, `1.5K LOC`, `2k-line files`: a thousands suffix, read only before a unit.
_THOUSANDS = lazy(rf"(?<![\w.,])(?P<n>\d{{1,6}}(?:\.\d{{1,3}})?)k(?=[\s-]*{_UNIT})", re.IGNORECASE)


_K_SUFFIX = lazy(r"\dk", re.I)  # a cheap first look for `_THOUSANDS`


def _thousands(match: re.Match[str]) -> str:
    whole, _, part = match.group("n").partition(".")
    return str(int(whole) * 1000 + int(part.ljust(3, "0")) if part else int(whole) * 1000)


def _word_value(text: str) -> int:
    total = current = 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "thousand":
            total, current = total + (current or 1) * 1000, 0
    return total + current


def spell_numbers(text: str) -> str:
    """Write number words as digits where they are a limit (`under thirty lines` -> `30`).

    Only a number word that a unit follows or a comparator precedes is a limit; "one of the
    reviewers" keeps its words. A thousands suffix before a unit is written out too: `1k
    lines` is `1000 lines`, `1.5K LOC` is `1500 LOC` ("10k users" keeps its words).

    Args:
        text: Statement text.

    Returns:
        The text with those number words written in digits.
    """
    if _K_SUFFIX.search(text) is not None:
        text = _THOUSANDS.sub(_thousands, text)
    if not _has_number_word(text):
        return text
    # where comparators end: a number word after one (and blanks) is a limit
    compared = {reading.end for readings in _comparators(text) for reading in readings}

    def replace(match: re.Match[str]) -> str:
        unit = _BEFORE_UNIT.match(text, match.end())
        before = match.start()
        while before and text[before - 1].isspace():
            before -= 1
        limit = (unit is not None and unit.group("unit")) or before in compared
        return str(_word_value(match.group())) if limit else match.group()

    return _NUMBER_WORDS.sub(replace, text)


def leads_with_a_limit(text: str) -> bool:
    """Whether the text is a limit written `Max function length: 20` or `Line length: 100`.

    Args:
        text: Statement text.

    Returns:
        True when its colon belongs to the limit, not to a title or a rationale.
    """
    return _lead(text, fold(text)) is not None or _bare(text) is not None


def read_quantities(
    text: str, modality: Modality | None, modal_span: tuple[int, int] | None
) -> tuple[str, list[Quantity], list[tuple[int, int]], list[Problem]]:
    """Every limit in a statement, as the allowed region, and what could not be read.

    Args:
        text: The statement, severity, rationale and scopes already cut.
        modality: Its modality (a forbidding one turns the limits round).
        modal_span: Where the modal words are (a limit before them is a condition).

    Returns:
        The text with number words in digits, the quantities, the spans to cut from the
        subject, and the problems.
    """
    problems: list[Problem] = []
    quantities: list[Quantity] = []
    spans: list[tuple[int, int]] = []
    text = spell_numbers(text)
    comparators = _comparators(text)
    digit = _DIGIT.search(text)
    if digit is not None:
        quantities, spans, flippable = _find_quantities(text, comparators, digit.start())
        _check_units(text, quantities, problems)
        quantities = [_marked(text, quantity) for quantity in quantities]
        if flippable:
            quantities = _orient(text, quantities, spans, modality, modal_span)
    _check_numbers(text, comparators, problems)
    return text, quantities, spans, problems
