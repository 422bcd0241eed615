"""Reading one statement: modality, quantities, scopes, severity and rationale.

A statement is short, free-form English (`Functions must not exceed 50 lines in src/**`), so its
parts are read with a table of compiled, anchored regexes rather than a grammar (see the header
of instructions.lark). Each part found is cut out of the text; what is left is the statement's
subject and object, which the resolver matches against check phrases. The modal words, and
whether the statement prefers one thing over another, are read by `modality`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from socratic_core.rules.diagnostics import did_you_mean
from socratic_core.rules.markup import clean_markdown
from socratic_core.rules.modality import find_modality, has_modality, is_preference
from socratic_core.rules.nodes import Modality, Severity

__all__ = [
    "Problem",
    "Quantity",
    "Reading",
    "clean_markdown",  # re-exported from socratic_core.rules.markup
    "has_modality",  # re-exported from socratic_core.rules.modality
    "normal_unit",
    "read_statement",
]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with a comparison and a unit, as written (`under 100 characters` -> `<`, 100).

    Attributes:
        op: `<=`, `<`, `>=`, `>` for the allowed region; `~` for a bare limit (`Line length: 100`).
        value: The number.
        unit: The normalised unit (`lines`, `characters`, `%`, `ms`, ...), if any.
        text: The words that said it.
    """

    op: str
    value: int | float
    unit: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a statement that could not be read: the words, or the offset, it is about."""

    fragment: str
    message: str
    hint: str | None = None
    severity: Severity = Severity.WARNING
    expected: tuple[str, ...] = ()
    offset: int | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """How one statement was read.

    Attributes:
        modality: The statement's force, or `None` when it has no modal word.
        severity: The explicit severity, if the statement names one.
        quantities: The numeric limits, normalised to the allowed region.
        scope: Path globs the statement is limited to.
        rationale: Why, when the statement says so.
        subject: What is left: the subject and object the resolver matches.
        title: A bold lead-in or `Title:` before the statement, if any.
        problems: What could not be read.
        preference: Whether the statement prefers one thing to another (`prefer logging over
            print`, `choose X over Y`, a bare `X over Y`, `X in preference to Y`), so that what
            follows `over` in the subject is what it rejects (read with
            `words(subject, preference=True)`). An `over` that starts a limit (`functions over
            50 lines`) is cut out with the limit and never counts.
    """

    modality: Modality | None
    severity: Severity | None
    quantities: tuple[Quantity, ...]
    scope: tuple[str, ...]
    rationale: str | None
    subject: str
    title: str | None = None
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    preference: bool = False


# --- severity -----------------------------------------------------------------------------------

SEVERITY_WORDS: dict[str, Severity] = {
    "error": Severity.ERROR,
    "blocker": Severity.ERROR,
    "blocking": Severity.ERROR,
    "critical": Severity.ERROR,
    "high": Severity.ERROR,
    "warning": Severity.WARNING,
    "warn": Severity.WARNING,
    "medium": Severity.WARNING,
    "info": Severity.INFO,
    "note": Severity.INFO,
    "low": Severity.INFO,
    "suggestion": Severity.INFO,
}
_SEVERITY_KNOWN = "|".join(SEVERITY_WORDS)
_SEVERITY = re.compile(
    # `severity: warning` / `severity=info` (any word: an unknown one is reported) ...
    r"[\[(]?\s*\bseverity\s*[:=]?\s*(?P<any>[a-z]+)\s*[\])]?"
    # ... `(warning)`, `[error]`, `as a warning`, or a trailing `- warning`.
    rf"|[\[(]\s*(?P<bracket>{_SEVERITY_KNOWN})\s*[\])]"
    rf"|\bas\s+an?\s+(?P<as>{_SEVERITY_KNOWN})\b"
    rf"|\s[-\u2013\u2014]+\s*(?P<dash>{_SEVERITY_KNOWN})\s*$",
    re.IGNORECASE,
)

# Cheap tests that let most statements skip the full patterns.
_SEVERITY_HINT = re.compile(
    rf"sever|[\[(]|\bas\s+an?\s|\s[-\u2013\u2014]+\s*(?:{_SEVERITY_KNOWN})\s*$", re.I
)

# --- rationale ----------------------------------------------------------------------------------

# `because ...`, `since ...`, `- so that ...`, `(because ...)`: the rest of the statement is why.
_RATIONALE = re.compile(
    r"(?:\s*[,;:]\s*|\s+[-\u2013\u2014]+\s*|\s*\(\s*|\s+)(?P<kw>because|since|so\s+that)\b\s*(?P<why>.*)$",
    re.IGNORECASE,
)
_RATIONALE_HINT = re.compile(r"because|since|so\s+that", re.IGNORECASE)
# `Rule: rationale` or `**Title:** rule`: a colon that is not part of a URL or a time.
_COLON = re.compile(r"^(?P<head>[^:]{2,120}?)\s*:(?!//|\d)\s+(?P<tail>\S.*)$")

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
_WORD_AFTER = re.compile(r"\s*([A-Za-z]{2,})\b")
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


# At most 15 digits on either side of the point (exact in a float; `int()` of thousands of
# digits raises): a longer run of digits is no number here, and `_check_numbers` says so.
_NUMBER = r"(?P<num>\d{1,15}(?:\.\d{1,15})?)(?!\d|\.\d)"
_LONG_NUMBER = re.compile(r"\d{16,}")
_COMPARATORS: tuple[tuple[str, str], ...] = (
    ("<=", "at most|no more than|not more than|no longer than|not longer than|no greater than"),
    ("<=", "no larger than|up to|maximum of|max of|maximum|max|limit of|limited to"),
    ("<", "less than|fewer than|shorter than|smaller than|lower than|under|below"),
    (">=", "at least|no less than|not less than|no fewer than|not fewer than|minimum of|min of"),
    (">=", "minimum|min"),
    (">", "more than|greater than|longer than|larger than|bigger than|over|above|exceed|exceeds"),
    (">", "exceeding"),
)
_SYMBOLS = {"<=": "<=", "=<": "<=", "\u2264": "<=", "\u2a7d": "<=", "<": "<"}
_SYMBOLS |= {">=": ">=", "=>": ">=", "\u2265": ">=", "\u2a7e": ">=", ">": ">"}
_OP_OF_WORD = {word: op for op, words in _COMPARATORS for word in words.split("|")}
# Comparators that name the allowed region itself (`max 3`, `at least 80%`): never flipped.
_ABSOLUTE = frozenset(
    word for word, op in _OP_OF_WORD.items() if op in ("<=", ">=") and word != "exceed"
)
_CMP_WORDS = "|".join(sorted(_OP_OF_WORD, key=len, reverse=True)).replace(" ", r"\s+")
_CMP_SYMBOLS = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
# `at most 50 lines`, `<= 50`, `≤ 50`, `under 200 ms`, `> 50 lines`
_QUANTITY = re.compile(
    rf"(?:\b(?P<word>{_CMP_WORDS})\b|(?P<sym>{_CMP_SYMBOLS}))\s*(?:of\s+)?{_NUMBER}\s*{_UNIT}?(?!\w)",
    re.IGNORECASE,
)
# `Max function length: 20 lines`, `maximum line length 120`, `min coverage: 80%`
_LEAD = re.compile(
    rf"\b(?P<word>max(?:imum)?|min(?:imum)?)\.?\s+(?P<subject>[a-z][a-z _-]{{0,40}}?)"
    rf"\s*(?:[:=]|\bis\b|\bof\b)?\s*{_NUMBER}\s*{_UNIT}?",
    re.IGNORECASE,
)
# `Limit lines to 100 characters`
_LIMIT_TO = re.compile(rf"\blimit(?:ed)?\b(?P<subject>.{{0,40}}?)\bto\s+{_NUMBER}\s*{_UNIT}?", re.I)
# `Line length: 100`, `Coverage: 80%` (a bare limit: its direction comes from the check)
_BARE = re.compile(rf"(?P<subject>[a-z][a-z _-]{{0,40}}?)\s*[:=]\s*{_NUMBER}\s*{_UNIT}?\s*$", re.I)
# A comparator followed by something that starts like a number but is not one (`at most 5O`).
_BAD_NUMBER = re.compile(
    rf"(?:\b(?:{_CMP_WORDS})\b|{_CMP_SYMBOLS})\s*(?P<bad>\d[\w.,]*[a-z][\w.,]*)", re.IGNORECASE
)
# `... = rewrite`, `-> split`: the quantity describes what is not allowed.
_ARROW = re.compile(r"\s*(?:=|->|=>|\u2192)\s*\w")

# --- scopes -------------------------------------------------------------------------------------

_DIR_WORDS = "tests?|src|lib|app|apps|scripts|docs|examples|migrations|benchmarks|bench|packages"
_PATH = (
    r"`?(?P<path>(?:[\w.{}-]*[/*][\w./*{}\[\]-]*)"  # contains a slash or a star: a glob
    r"|\.[a-z0-9]{1,8}\b"  # an extension: .py
    rf"|(?:{_DIR_WORDS})\b/?)`?"  # a well-known top-level folder: tests, src
)
_SCOPE = re.compile(
    rf"\b(?:in|under|within|inside|for|on|to)\s+(?:the\s+|all\s+)?{_PATH}"
    r"(?:\s+(?:files?|folders?|directory|directories|dirs?|modules?|packages?)\b)?",
    re.IGNORECASE,
)
_SCOPE_HINT = re.compile(rf"[/*]|\.[a-z]|\b(?:{_DIR_WORDS})\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_MORE_PATH = re.compile(rf"\s*(?:,|\band\b|\bor\b)\s*{_PATH}", re.IGNORECASE)

_FLIP = {"<=": ">", "<": ">=", ">=": "<", ">": "<=", "~": "~"}


# --- reading ------------------------------------------------------------------------------------


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """Text with the spans removed, whitespace collapsed."""
    parts, position = [], 0
    for start, end in sorted(spans):
        if end > position:
            parts.append(text[position : max(start, position)])
            position = end
    parts.append(text[position:])
    return " ".join(" ".join(parts).split()).strip(" ,;:.!-\u2013\u2014")


def _take_severity(text: str, problems: list[Problem]) -> tuple[str, Severity | None]:
    if _SEVERITY_HINT.search(text) is None:
        return text, None
    match = _SEVERITY.search(text)
    if match is None:
        return text, None
    word = next(group for group in match.groups() if group is not None).lower()
    severity = SEVERITY_WORDS.get(word)
    if severity is None:
        hint = did_you_mean(word, SEVERITY_WORDS)
        problems.append(
            Problem(
                match.group("any"),
                f"unknown severity {word!r}",
                hint,
                Severity.ERROR,
                ("error", "warning", "info"),
            )
        )
    return _cut(text, [match.span()]), severity


def _take_rationale(text: str) -> tuple[str, str | None]:
    if _RATIONALE_HINT.search(text) is None:
        return text, None
    match = _RATIONALE.search(text)
    if match is None or match.start() == 0:
        return text, None
    why = match.group("why").strip().rstrip(").").strip()
    if match.group("kw").lower().startswith("so"):
        why = f"so that {why}"
    return text[: match.start()].strip(), why or None


def _split_colon(text: str) -> tuple[str, str | None, str | None]:
    """`Title: statement` or `Statement: rationale`; returns text, title, rationale."""
    match = _COLON.match(text) if ":" in text else None
    if match is None or _LEAD.search(text) or _BARE.search(text):
        return text, None, None
    head, tail = match.group("head").strip(), match.group("tail").strip()
    if has_modality(head):
        return head, None, tail.rstrip(".")
    return tail, head, None


def _take_scopes(text: str) -> tuple[str, tuple[str, ...]]:
    scopes: list[str] = []
    spans: list[tuple[int, int]] = []
    if _SCOPE_HINT.search(text) is None:
        return text, ()
    for match in _SCOPE.finditer(text):
        if "://" in match.group("path"):
            continue
        end = match.end()
        paths = [match.group("path")]
        while more := _MORE_PATH.match(text, end):
            paths.append(more.group("path"))
            end = more.end()
        scopes.extend(_glob(path) for path in paths)
        spans.append((match.start(), end))
    return (_cut(text, spans), tuple(dict.fromkeys(scopes))) if spans else (text, ())


def _glob(path: str) -> str:
    """A scope as a glob: `tests` and `src/` become `tests/**` and `src/**`, `.py` -> `*.py`."""
    path = path.rstrip(".,;:)")
    if path.startswith("."):
        return f"*{path}"
    if path.endswith("/"):
        return f"{path}**"
    if "/" not in path and "*" not in path and "." not in path:
        return f"{path}/**"
    return path


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def _quantity(match: re.Match[str], op: str) -> Quantity:
    unit = match.group("unit")
    normal = normal_unit(unit) if unit else None
    return Quantity(op, _number(match.group("num")), normal, match.group().strip())


def _find_quantities(text: str) -> tuple[list[Quantity], list[tuple[int, int]], bool]:
    """Every quantity in the text, the spans to cut, and whether the ops may be flipped.

    `Max function length: 20 lines` is a lead-in form: its op is fixed and its subject stays;
    `at most`, `max`, `at least` name the allowed region themselves, so their op is fixed too.
    """
    lead = _LEAD.search(text) or _LIMIT_TO.search(text)
    if lead is not None:
        op = ">=" if lead.group().lower().startswith("min") else "<="
        spans = [(lead.start(), lead.start("subject")), (lead.end("subject"), lead.end())]
        return [_quantity(lead, op)], spans, False
    quantities, spans = [], []
    flippable = True
    for match in _QUANTITY.finditer(text):
        word = " ".join(match.group("word").lower().split()) if match.group("word") else ""
        op = _OP_OF_WORD[word] if word else _SYMBOLS[match.group("sym")]
        flippable = flippable and word not in _ABSOLUTE
        quantities.append(_quantity(match, op))
        spans.append(match.span())
    if not quantities and (bare := _BARE.search(text)):
        quantities.append(_quantity(bare, "~"))
        spans.append((bare.end("subject"), bare.end()))
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
    be split`, `> 50 lines = rewrite`) both describe what is not allowed, so their op flips.
    """
    negative = modality is not None and modality.negative
    oriented = []
    for quantity, (start, end) in zip(quantities, spans, strict=True):
        before_modal = modal_span is not None and start > 0 and end <= modal_span[0]
        condition = before_modal or _ARROW.match(text, end) is not None
        op = _FLIP[quantity.op] if negative != condition else quantity.op
        oriented.append(Quantity(op, quantity.value, quantity.unit, quantity.text))
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
            problems.append(Problem(word, message, hint, Severity.WARNING, tuple(_UNIT_NAMES)))


def _check_numbers(text: str, problems: list[Problem]) -> None:
    for match in _LONG_NUMBER.finditer(text):
        digits = match.group()
        problems.append(
            Problem(
                digits,
                f"a number of {len(digits)} digits is too long to be a limit",
                "write the limit with at most 15 digits, e.g. 'at most 50 lines'",
                Severity.ERROR,
                ("a number such as 50 or 0.5",),
            )
        )
    for match in _BAD_NUMBER.finditer(text):
        bad = match.group("bad")
        if re.fullmatch(rf"{_NUMBER}\s*{_UNIT}?", bad, re.IGNORECASE) is None:
            problems.append(
                Problem(
                    bad,
                    f"{bad!r} is not a number",
                    "write the limit in digits, e.g. 'at most 50 lines'",
                    Severity.ERROR,
                    ("a number such as 50 or 0.5",),
                )
            )


@functools.lru_cache(maxsize=4096)
def read_statement(text: str) -> Reading:
    """Read what one statement says (memoised: readings are immutable).

    Args:
        text: The statement, Markdown already cleaned (see `clean_markdown`).

    Returns:
        Its modality, severity, quantities, scopes, rationale, and the subject that is left.
    """
    problems: list[Problem] = []
    text, severity = _take_severity(text, problems)
    text, rationale = _take_rationale(text)
    text, title, colon_rationale = _split_colon(text)
    text, scope = _take_scopes(text)
    modality, modal_span = find_modality(text)
    quantities: list[Quantity] = []
    spans: list[tuple[int, int]] = []
    if _DIGIT.search(text) is not None:
        quantities, spans, flippable = _find_quantities(text)
        _check_units(text, quantities, problems)
        if flippable:
            quantities = _orient(text, quantities, spans, modality, modal_span)
        _check_numbers(text, problems)
    subject = _cut(text, spans + ([modal_span] if modal_span else []))
    return Reading(
        modality=modality,
        severity=severity,
        quantities=tuple(quantities),
        scope=scope,
        rationale=rationale or colon_rationale,
        subject=subject,
        title=title,
        problems=tuple(problems),
        preference=is_preference(text, subject, modality),
    )
