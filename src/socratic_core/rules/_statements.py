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
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from socratic_core.rules._blocks import TextLine
from socratic_core.rules._diagnostics import Problem, did_you_mean
from socratic_core.rules._modality import find_modality, has_modality, is_preference
from socratic_core.rules._nodes import Modality, Severity
from socratic_core.rules._nodes import SourceSpan as Span
from socratic_core.rules._patterns import fold, lazy
from socratic_core.rules._quantities import Quantity, leads_with_a_limit, read_quantities

__all__ = ["PERMITTING", "Reading", "Statement", "read_statement", "sentences", "slice_statement"]


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


_ONE_PIECE = (0,)


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement: its text as written and where each of its pieces sits."""

    pieces: tuple[TextLine, ...]
    end: tuple[int, int]
    text: str = field(init=False)  # the pieces joined by one space
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.pieces) == 1:  # the usual case, kept cheap
            object.__setattr__(self, "text", self.pieces[0].text)
            object.__setattr__(self, "_starts", _ONE_PIECE)
            return
        object.__setattr__(self, "text", " ".join(p.text for p in self.pieces))
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


def _logical_lines(
    lines: Sequence[TextLine], canonical_start: re.Pattern[str]
) -> list[list[TextLine]]:
    """Group paragraph lines: a line that starts in lowercase continues the one before.

    Canonical-form lines (`quality.docstrings`) always stand alone, and a line of punctuation
    alone (the `[` of a JSON list) is continued by nothing.
    """
    groups: list[list[TextLine]] = []
    for line in lines:
        previous = groups[-1][-1].text if groups else ""
        canonical = canonical_start.match(line.text) or canonical_start.match(previous)
        continues = line.text[:1].islower() and previous[-1:] not in ".!?"
        if groups and continues and _HAS_LETTER.search(previous) and not canonical:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def sentences(lines: Sequence[TextLine], canonical_start: re.Pattern[str]) -> list[Statement]:
    statements = []
    for group in _logical_lines(lines, canonical_start):
        whole = Statement(tuple(group), (group[-1].line, group[-1].column + len(group[-1].text)))
        if canonical_start.match(whole.text):  # one canonical line: its strings hold no sentences
            statements.append(whole)
            continue
        text, start = whole.text, 0
        for match in [*_SENTENCE_END.finditer(text), None]:
            end = match.start() if match else len(text)
            if text[start:end].strip():
                statements.append(slice_statement(whole, start, end))
            start = match.end() if match else start
    return statements


def slice_statement(statement: Statement, start: int, end: int) -> Statement:
    line, column = statement.position(start)
    end_line, end_column = statement.position(end)
    text = statement.text[start:end]
    return Statement((TextLine(text, line, column),), (end_line, end_column))


_SENTENCE_END = lazy(r"(?<=[.!?])\s+(?=[A-Z`*_\"'(\[])")
_HAS_LETTER = lazy(r"[^\W\d_]")

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
_SEVERITY = lazy(
    # `severity: warning` / `severity=info` (any word: an unknown one is reported) ...
    r"[\[(]?\s*\bseverity\s*[:=]?\s*(?P<any>[a-z]+)\s*[\])]?"
    # ... `(warning)`, `[error]`, `as a warning`, or a trailing `- warning`.
    rf"|[\[(]\s*(?P<bracket>{_SEVERITY_KNOWN})\s*[\])]"
    rf"|\bas\s+an?\s+(?P<as>{_SEVERITY_KNOWN})\b"
    rf"|\s[-\u2013\u2014]+\s*(?P<dash>{_SEVERITY_KNOWN})\s*$",
    re.IGNORECASE,
)

# Cheap tests that let most statements skip the full patterns (matched on `fold(text)`).
_SEVERITY_HINT = lazy(rf"sever|[\[(]|\bas\s+an?\s|\s[-\u2013\u2014]+\s*(?:{_SEVERITY_KNOWN})\s*$")

# --- rationale ----------------------------------------------------------------------------------

# `because ...`, `since ...`, `- so that ...`, `(because ...)`: the rest of the statement is why.
_RATIONALE = lazy(
    r"(?:\s*[,;:]\s*|\s+[-\u2013\u2014]+\s*|\s*\(\s*|\s+)(?P<kw>because|since|so\s+that)\b\s*(?P<why>.*)$",
    re.IGNORECASE,
)
_RATIONALE_HINT = lazy(r"because|since|so\s+that")  # matched on `fold(text)`
# `Rule: rationale` or `**Title:** rule`: a colon that is not part of a URL or a time.
_COLON = lazy(r"^(?P<head>[^:]{2,120}?)\s*:(?!//|\d)\s+(?P<tail>\S.*)$")


# --- scopes -------------------------------------------------------------------------------------

_DIR_WORDS = "tests?|src|lib|app|apps|scripts|docs|examples|migrations|benchmarks|bench|packages"
_PATH = (
    r"`?(?P<path>(?:[\w.{}-]*[/*][\w./*{}\[\]-]*)"  # contains a slash or a star: a glob
    r"|\.[a-z0-9]{1,8}\b"  # an extension: .py
    rf"|(?:{_DIR_WORDS})\b(?!\.\w)/?)`?"  # a well-known top-level folder: tests, src
)
_SCOPE = lazy(
    rf"\b(?:in|under|within|inside|for|on|to)\s+(?:the\s+|all\s+)?{_PATH}"
    r"(?:\s+(?:files?|folders?|directory|directories|dirs?|modules?|packages?)\b)?",
    re.IGNORECASE,
)
_SCOPE_HINT = lazy(rf"[/*]|\.[a-z]|\b(?:{_DIR_WORDS})\b")  # matched on `fold(text)`
# "Docstrings required; optional for tests": a place the clause exempts is no scope of the rule
# (the words stay in the subject, where the resolver reads them as a restriction it cannot honour).
PERMITTING = (
    r"optional|not\s+(?:required|needed|necessary|mandatory|enforced)|allowed|permitted|fine"
    r"|ok(?:ay)?"
)
"""The words that let something be left out ("optional", "not required"): a regex alternation."""
_EXEMPTING = lazy(
    rf"\b(?:{PERMITTING}|acceptable|exempt(?:ed)?|except|excluding|other\s+than"
    r"|outside(?:\s+of)?)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_WORDS_BY_SLASH = lazy(r"[A-Za-z]/[A-Za-z]")  # a first look
_SLASHED = lazy(
    r"(?<![`\w/.])\b(?:in|under|within|inside|for|on|to)\s+(?:the\s+|all\s+)?"
    r"(?P<words>[A-Za-z]+(?:/[A-Za-z]+)+)(?![\w/`*-]|\.\w)",
    re.IGNORECASE,
)
_DIR_WORD = lazy(rf"(?:{_DIR_WORDS})", re.IGNORECASE)
# "79 characters for code, 100 for tests": a second limit after the first binds the scope after
# it; the scope is not the whole statement's (the clause reader sees it restrict that limit).
_SECOND_LIMIT = lazy(
    r"\d[^,;]{0,40}[,;]\s*\d+(?:\s*(?:characters?|chars?|columns?|cols?|lines?))?\s*$"
)
_MORE_PATH = lazy(rf"\s*(?:,|\band\b|\bor\b)\s*{_PATH}", re.IGNORECASE)


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
    if _SEVERITY_HINT.search(fold(text)) is None:
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
    if _RATIONALE_HINT.search(fold(text)) is None:
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
    if match is None or leads_with_a_limit(text):
        return text, None, None
    head, tail = match.group("head").strip(), match.group("tail").strip()
    if has_modality(head):
        # `NEVER hardcode: API keys, tokens`: the tail is its object; `Keep functions short:
        # max 30 lines`: the tail is the limit the head asks for
        if _is_lead_in(head) or _is_a_limit(tail):
            return f"{head} {tail}", None, None
        return head, None, tail.rstrip(".")
    return tail, head, None


def _is_a_limit(tail: str) -> bool:
    """Whether the words after a colon are a limit (`max 30 lines`, `under 100 characters`)."""
    return any(char.isdigit() for char in tail) and bool(read_quantities(tail, None, None)[1])


def _is_lead_in(head: str) -> bool:
    """Whether a modal head before a colon is no statement alone: a verb at most (`Never use`)."""
    _, modal_span = find_modality(head)
    return modal_span is not None and len(_cut(head, [modal_span]).split()) <= 1


def _take_scopes(text: str) -> tuple[str, tuple[str, ...]]:
    scopes: list[str] = []
    spans: list[tuple[int, int]] = []
    if _SCOPE_HINT.search(fold(text)) is None:
        return text, ()
    if _WORDS_BY_SLASH.search(text):  # "in code/logs/tickets": read as "code or logs or tickets"
        text = _SLASHED.sub(_as_alternatives, text)
    for match in _SCOPE.finditer(text):
        if "://" in match.group("path"):
            continue
        if _SECOND_LIMIT.search(text, max(0, match.start() - 64), match.start()):
            continue
        if _EXEMPTING.search(text, max(0, match.start() - 40), match.start()):
            continue
        end = match.end()
        paths = [match.group("path")]
        while more := _MORE_PATH.match(text, end):
            paths.append(more.group("path"))
            end = more.end()
        scopes.extend(_glob(path) for path in paths)
        spans.append((match.start(), end))
    return (_cut(text, spans), tuple(dict.fromkeys(scopes))) if spans else (text, ())


def _as_alternatives(match: re.Match[str]) -> str:
    """A slash between words, not folders, as `or`: "no secrets in code/logs/tickets".

    Plain words after `in`, `under`, `for`, ... outside backticks, none of them a well-known
    folder (`src/api` is a path), and not ending in a slash (`utils/`) are alternatives.
    """
    path = match.group("words")
    if any(_DIR_WORD.fullmatch(part) for part in path.split("/")):
        return match.group()
    return match.group()[: match.start("words") - match.start()] + path.replace("/", " or ")


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
    text, quantities, spans, found = read_quantities(text, modality, modal_span)
    problems.extend(found)
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
