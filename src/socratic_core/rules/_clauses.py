"""Clauses: where one statement holds several requirements, and what qualifies a requirement.

"Functions ≤50 lines, cyclomatic complexity ≤10" asks for two things. A statement is cut at `;`,
sentence ends and dashes (em and en dashes, a spaced hyphen), and at commas, `and` and `or`
between requirements, and at `with` before a limit ("conform to PEP8 with maximum line length of
79 chars" asks for both); the resolver then decides which pieces name a check (pieces that name
none, or the same check as their neighbour, are joined back: `group_clauses`).

A qualifier changes what a requirement means, so a rule that carries one is never enforced as
if it were not there: a hedge ("where you can", "if possible"), a vague measure ("reasonable",
"proper", "no hard limit"), a condition ("when ...", "unless ...", "except ..."), a permission
("optional", "not required", "may be omitted"), or a restriction to something the check does
not see ("for route loaders", "test files").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from socratic_core.rules._markup import clean_markdown
from socratic_core.rules._modality import has_modality
from socratic_core.rules._normalise import LIST_SEPARATOR, Word, words
from socratic_core.rules._patterns import LazyPattern, fold, lazy
from socratic_core.rules._quantities import Quantity
from socratic_core.rules._replacement import Replacement, Side, read_replacement
from socratic_core.rules._resolver import Match, Resolver
from socratic_core.rules._statements import PERMITTING, Reading, read_statement
from socratic_core.rules._vocabulary import foreign_languages, language_scope

__all__ = [
    "Clause",
    "ClauseGroup",
    "carried_over",
    "exempts_a_place",
    "group_clauses",
    "hedged_elsewhere",
    "hedges",
    "qualifiers",
    "read_clause",
    "segments",
    "strip_examples",
]

# Hard breaks end a sentence or clause; soft ones separate the items of a compound requirement.
# A hyphen with a blank on each side is a dash as people type one ("Avoid `any` - use `unknown`
# if needed"), except between numbers ("20 - 30 lines") and before a condition or a reason,
# which say more of what they follow ("avoid `any` - if necessary, explain why", "... - so that
# mypy can check the code").
_HARD = (
    r"\s*;\s*|(?<=[.!?])\s+(?=[A-Z`*_\"'(\[])|\s+[\u2014\u2013]\s+|\s*\u2014\s*|\s+--\s+"
    r"|(?<=[^\d\s])\s+-\s+(?!\d|(?:if|when|unless|except|where|wherever|whenever|so|because"
    r"|since|as|which)\b)"
)
# `with` joins a requirement only when a limit follows ("PEP8 with maximum line length of 79
# chars"); "never build SQL with string formatting" is one requirement.
# An `or` inside a comparator ("at or below 100", "less than or equal to 50", "or fewer") joins
# no requirements.
_SOFT = (
    r",\s+|\s+(?:and|or(?!\s+(?:below|under|less|fewer|lower|more|above|greater|equal)\b)|plus)"
    r"\s+|\s+with\s+(?=[^,;.!?]{0,80}?\d)"
)
# Every break starts with a blank, `;`, `,` or an em dash: the look-ahead lets a search pass
# over every other character at once instead of trying each break there.
_BREAK = lazy(rf"(?=[\s;,\u2014])(?:(?P<hard>{_HARD})|(?P<soft>{_SOFT}))", re.IGNORECASE)
# "between X and Y" names two places, not two requirements: its `and` is no break.
_BETWEEN = lazy(r"\bbetween\b", re.IGNORECASE)
# `(from x import *)`, `(e.g. time.sleep)`, `eval()`: examples inside brackets, without a
# number (a number in brackets may be the limit: "functions (max 50 lines)").
_EXAMPLE = lazy(
    r"\s*\((?=\s*(?:e\.?g\.?|i\.?e\.?|like\b|such\s+as|for\s+(?:example|instance)|from\b|see\b|`|\)"
    r"|[^()]*[*=@`]))[^()\d]*\)",
    re.IGNORECASE,
)

# What the text allows or leaves out is not a requirement: "docstrings are optional for private
# helpers", "type hints are not required in scripts", "tests may skip them". (Matched on
# `fold(text)`, as the qualifiers below are.)
_PERMISSION = lazy(
    r"\b(?:optional(?:ly)?|not\s+(?:required|needed|necessary|mandatory|compulsory)"
    r"|no\s+(?:need|requirement)|need\s+not|needn[\'\u2019]t"
    r"|(?:do|does|did)(?:\s+not|n[\'\u2019]t)\s+(?:need|have\s+to|require)"
    r"|(?:may|can|could)\s+(?:be\s+)?(?:omit(?:ted)?|skip(?:ped)?|left\s+out|dropped)"
    r"|(?:are|is)\s+(?:allowed|permitted|acceptable|fine|ok(?:ay)?))\b"
)


def exempts_a_place(text: str) -> bool:
    """Whether a clause with no subject of its own exempts a place: "optional for tests"."""
    return _EXEMPTS.match(fold(text)) is not None


# "...; optional for tests", "...; not needed in scripts/": a permission with its subject elided
# (the clause before names it), for a place.
_EXEMPTS = lazy(rf"\s*(?:but\s+)?(?:{PERMITTING})\s+(?:for|in|on|within|inside|under)\s+\S")


# What a clause may ask of its object's content rather than for the object ("docstrings should
# be short and clear", "keep docstrings to a single line", "minimal one-line docstrings").
_QUALITY = lazy(
    r"\b(?:short(?:er)?|concise(?:ly)?|brief(?:ly)?|succinct(?:ly)?|clear(?:ly)?|direct"
    r"|up[\s-]+to[\s-]+date|meaningful|descriptive|informative|accurate|minimal|detailed"
    r"|(?:a\s+)?(?:single|one|1)[\s-]+line(?:rs?)?)\b"
)

# The qualifiers are matched on `fold(text)` and so are written in lowercase: they match as
# case-insensitive patterns would, at half the cost. Each is one `\b(?:...)\b` around its
# words (not a `\b...\b` per word), which a search tries several times faster.
_QUALIFIERS: tuple[tuple[str, LazyPattern], ...] = (
    (
        "a hedge",
        lazy(
            r"\b(?:(?:where(?:ver)?|when(?:ever)?|if|as\s+much\s+as|as\s+far\s+as|as)\s+"
            r"(?:you\s+can|possible|practical|feasible|appropriate|applicable|sensible|needed"
            r"|necessary|required(?!\s+by\b)|reasonable|it\s+makes\s+sense|it\s+helps|helpful"
            r"|useful|relevant)|you\s+can"
            r"|ideally|generally|usually|mostly|within\s+reason|in\s+general|sometimes|often)\b"
        ),
    ),
    (
        "a vague measure",
        lazy(
            r"\b(?:no\s+hard\s+(?:limit|rule|cap|maximum|max)|not\s+a\s+hard|soft\s+limit"
            r"|rule\s+of\s+thumb|guidelines?|reasonabl[ey]|proper(?:ly)?"
            r"|appropriate(?:ly)?|sensibl[ey]|adequate(?:ly)?|suitabl[ey]"
            r"|excessive(?:ly)?|unnecessar(?:y|ily))\b"
        ),
    ),
    (
        "a condition",
        lazy(
            r"\b(?:when(?!\s+writing\b)|whenever|unless|except|excepting|excluding|other\s+than"
            r"|apart\s+from"
            r"|only\s+(?:if|when|for|in)|if|until|while|where\s+(?:it|they|this|that)\s+\w+"
            # "no TODO markers that shouldn't ship": only those, which the check cannot tell
            r"|(?:that|which)\s+(?:should|need|do)(?:n[\'\u2019]?t|\s+not)(?:\s+need)?)\b"
        ),
    ),
    ("a permission", _PERMISSION),
    (
        # "Run `mypy src/` to check type hints": a command to run a tool, not a rule on the code
        "a command to run",
        lazy(
            r"^\s*(?:run|execute|invoke)\s+[^;]{1,60}?\bto\s+(?:check|verify|validate|lint|find"
            r"|detect|catch|flag|report|scan)\b"
            # "use gitleaks to detect committed secrets": a tool that finds them
            # (the modal verb `use` is cut from the subject by then)
            r"|^\s*(?:use\s+|using\s+)?[^;\s][^;]{0,40}?\bto\s+(?:detect|find|flag|scan\s+for)\b"
        ),
    ),
    ("a restriction to tests", lazy(r"\b(?:tests?|testing|specs?|fixtures?)\b")),
    (
        "a restriction to untrusted input",
        lazy(
            r"\b(?:untrusted|user[\s-]+(?:input|data|supplied|provided|controll(?:ed|able)"
            r"|derived)|attacker[\s-]+controlled|from\s+outside"
            r"|external\s+(?:input|data|sources?)|security[\s-]+(?:related|sensitive)"
            r"|input\s+validation)\b"
        ),
    ),
    (
        "a restriction to part of the code",
        lazy(
            r"\b(?:production|request\s+handlers?|routes?|handlers?"
            r"|endpoints?|views?|controllers?|module[\s-]+level\s+docstrings?"
            r"|module\s+docstrings?|existing|retain|preserve|deep"
            r"|(?:files?|modules?|scripts?)\b[^.;]{0,40}?\b(?:start|begin|open)(?:s|ing)?\s+with"
            r"\s+(?:an?\s+|the\s+)?docstrings?|(?:start|begin|open)\s+(?:each|every|all|the|your)"
            r"\s+(?:python\s+)?(?:files?|modules?|scripts?)\s+with\s+(?:an?\s+|the\s+)?docstrings?"
            r"|docstrings?\s+at\s+the\s+(?:top|start|beginning)"
            r"|(?:client|server)(?:[\s-]+side|\s+code|[\s-]+distributed)"
            # "secrets must not appear in frontend code": only there, which no check tells
            r"|(?:front[\s-]?end|back[\s-]?end|browser)\s+(?:code|files?|bundles?)"
            # "write library functions with full type hints": only those, which no check sees
            r"|(?:library|helper|utility|util|core)\s+(?:functions?|methods?|classes"
            r"|modules?))\b"
        ),
    ),
    (
        # "add type hints before refactoring logic" says what to do first, not what the code
        # must be; before a gate ("remove `console.log` before committing") it is a rule
        "an order of work",
        lazy(
            r"\b(?:before|after)\s+(?!(?:committing|merging|pushing|submitting|shipping"
            r"|releasing|deploying|publishing|finali[sz]ing|finishing|completing|opening"
            r"|sending|landing)\b)[a-z]+ing\b"
        ),
    ),
    (
        "something that is not code",
        lazy(
            r"\b(?:commit\s+messages?|subject\s+lines?|pull\s+requests?|prs?"
            r"|[\w-]+\.(?:md|mdc|txt|rst)|eslint|jsdoc|css|scss"
            r"|html|stylesheets?"
            # "limit comment lines to 72 characters": the width of comments, not of the code
            r"|(?:comments?|docstrings?)\s+(?:lines?|width|length))\b|@ts-"
        ),
    ),
    (
        # "include examples in docstrings", "document exceptions in the docstring", "place
        # docstrings right after the `def`": what goes in them, or where, not that they are there
        "what the object holds or where it goes",
        lazy(
            r"\b(?:in|into|inside|within)\s+(?:the|their|its|your|each|every)?\s*"
            r"(?:docstrings?|doc\s+comments?)\b"
            r"|\b(?:immediately|right|directly|just)\s+(?:after|before|below|above|under)\s+"
            r"(?:the\s+|each\s+|every\s+)?(?:def|class|function|method|signature|header"
            r"|declaration|definition)s?\b"
        ),
    ),
    (
        "a style",
        # a flavour of the thing's syntax is a style too: "modern type hints (`list[int]`)"
        lazy(
            r"\b(?:google|numpy|sphinx|restructuredtext|pep\s*257|style|conventions?|modern"
            r"|new[\s-]+style|sections?)\b"
        ),
    ),
    ("a quality of the content", _QUALITY),
)
# A question asks, it does not require: "Are all secrets in environment variables?", "Did I add
# auth to every endpoint?" in a self-check list.
_QUESTION = lazy(
    r"^\s*(?:are|is|am|was|were|do|does|did|can|could|should|shall|will|would|have|has|had"
    r"|must|may|might)\b(?!\s+not\b)[^?]*\?\s*$"
)
# The hedges that reach across a statement's clauses ("sometimes" in a comment does not).
_STATEMENT_HEDGE = lazy(  # matched on `fold(text)`
    r"\b(?:where(?:ver)?|when(?:ever)?|if)\s+(?:you\s+can|possible|practical|feasible"
    r"|appropriate|applicable|relevant|sensible|it\s+makes\s+sense)\b"
    # a limit the statement relaxes: "lines under 80 characters; up to 120 are acceptable",
    # "longer lines are allowed if justified"
    # (only of what a limit measures: "more comments are fine" relaxes no limit)
    r"|\b(?:(?:longer|larger|bigger|wider)(?:\s+(?:lines?|functions?|methods?|files?|modules?"
    r"|classes|components?|ones))?|up\s+to\s+\d+(?:\s*(?:lines?|loc|characters?|chars?"
    r"|columns?|cols?))?)\s+(?:are|is)\s+(?:(?:also|still|sometimes)\s+)?(?:allowed|permitted"
    r"|acceptable|fine|ok(?:ay)?)\b"
)
# Qualifiers said of the check's object that leave the object asked for where everything is to
# have it ("every function needs a Google-style docstring"), or where they sit on another item.
_PLACED = frozenset({"a style"})
# Restrictions that narrow the item they sit on: one item of a list that holds no word of the
# check adds a thing to the list rather than narrowing it.
_ITEM_RESTRICTIONS = frozenset({"a restriction to tests", "a restriction to part of the code"})
# What follows `test` when it says where a rule applies ("test files"), or is no noun at all.
_TEST_PLACES = frozenset(
    {"file", "files", "code", "suite", "suites", "module", "modules", "folder", "folders"}
    | {"directory", "directories", "dir", "dirs", "function", "functions", "method", "methods"}
    | {"class", "classes", "helper", "helpers", "case", "cases", "environment", "env", "run"}
    | {"runs", "mode", "only", "must", "should", "shall", "will", "can", "may", "is", "are"}
    | {"do", "does", "and", "or", "to", "in", "for", "with", "of", "script", "scripts", "setup"}
    | {"utilities", "utils", "util", "target", "targets", "tree", "package", "packages"}
)
_NEXT_WORD = lazy(r"\s+([a-z][a-z-]*)")
# Restrictions that are verbs: opening a clause, they govern every item of its list.
_GOVERNING_VERBS = frozenset({"retain", "preserve"})
# Qualifiers that may be a check's own words (a check about conditions); restrictions never are.
_OWN_WORDS_EXEMPT = frozenset(
    {"a hedge", "a vague measure", "a condition", "a style", "a quality of the content"}
)
# A style or a quality beside these asks for the thing itself too: "every function needs a
# Google-style docstring" and "Google-style docstrings for public functions" are about having
# docstrings, "use Google-style docstrings" only about their style, "docstrings should be short
# and clear" only about what they say.
_PRESENCE = lazy(
    r"\b(?:all|every|each|must\s+have|add|provide|include|requires?|required|needs?"
    r"|for\s+(?:the\s+)?public"
    # "write clear docstrings for functions and classes": for what is to have them
    r"|write\b[^.;]{0,60}?\bfor\s+(?:all\s+|every\s+|each\s+)?(?:functions?|methods?|classes"
    r"|modules?))\b"
)
# How a condition says that a thing reaches its limit ("when a file grows past 400 lines").
_GROWING = frozenset(
    {"grow", "grows", "gets", "get", "has", "have", "reaches", "reach", "becomes", "runs"}
)
# Verbs of presence ask for what they are said of: the check's words within a few words.
_PRESENCE_VERBS = frozenset({"add", "provide", "include"})
_PRESENCE_REACH = 4
_WRITE = lazy(r"\bwrite\b")
# A vague word that, where everything must have the thing, only says it is to be there; a
# bare "add" or "provide" leaves what is proper to judgement ("always provide proper types").
_OUTRIGHT = frozenset({"proper"})
_EVERYWHERE = lazy(r"\b(?:all|every|each)\b[^.;]*?\b(?:have|has|needs?|requires?|gets?)\b")
# What separates the items of a list, or sets one apart in brackets.
_ITEM_BREAK = lazy(r"[,;()\[\]]|\b(?:and|or)\b", re.IGNORECASE)
# "Use proper types instead of `any`": a vague word before these describes the replacement, so
# it leaves the ban of what follows them as it is.
_INSTEAD = lazy(r"\b(?:instead\s+of|rather\s+than|in\s+place\s+of)\b")
_REPLACEMENT_WORDS = frozenset({"a vague measure", "a quality of the content"})
# A coordinated clause with a verb of its own: what follows it is said of its own object.
_LATER_VERB = lazy(
    r"\b(?:and|or|then)\s+(?:use|add|keep|write|prefer|avoid|run|make|put|handle|wrap|pass"
    r"|include|document|validate|close|open|call)\b"
)
# `for route loaders` restricts a rule to something the check does not see; `for all
# functions`, `for readability` do not.
_FOR = lazy(r"\bfor\s+(?P<what>[a-z][\w.-]*(?:\s+[a-z][\w.-]*)?)")
# "79 characters for code, 72 for comments": a number left in the subject (the limit taken is
# cut from it) right before `for X` is a second limit, and `for X` restricts that one.
_OTHER_LIMIT = lazy(r"(?<![\w.])(?P<n>\d+)(?:\s*(?:characters?|chars?|columns?|cols?|lines?))?\s*$")
_NEUTRAL = frozenset(
    {"function", "class", "module", "file", "code", "python", "new", "public", "private"}
    | {"production", "source", "project", "repo", "repository", "everything", "variable"}
    | {"readability", "maintainability", "consistency", "clarity", "diagnostic"}
    | {"performance", "simplicity", "testability", "reuse", "review", "reviewer", "reader"}
    | {"argument", "parameter", "return", "signature", "api", "method", "line", "script"}
    | {"package", "library", "app", "application", "service", "endpoint", "every", "each"}
    | {"logging", "debugging", "debug", "output", "example", "instance", "now", "clarity"}
    | {"lint", "linting", "formatting", "both"}
    | {"anything", "purpose", "runtime"}
)


@functools.lru_cache(maxsize=8192)
def segments(text: str) -> tuple[tuple[tuple[int, int, str], ...], ...]:
    """Split a statement into sentences and those into pieces, outside brackets and backticks.

    Args:
        text: The statement as written.

    Returns:
        Each sentence (cut at `;`, sentence ends, dashes) as its pieces (cut at commas, `and`,
        `or`, `with`): (start, end, the joiner before the piece: `""`, `","` (after `with`
        too: what names nothing joins what follows) or `"and"`). Memoised.
    """
    sentences: list[list[tuple[int, int, str]]] = [[]]
    start = scanned = depth = ticks = 0
    joiner = ""
    for match in _BREAK.finditer(text):
        chunk = text[scanned : match.start()]
        depth += sum(chunk.count(c) for c in "([{") - sum(chunk.count(c) for c in ")]}")
        ticks += chunk.count("`")
        scanned = match.end()
        if depth > 0 or ticks % 2:
            continue
        soft = match.group().strip().lower()
        if soft == "and" and _BETWEEN.search(chunk):  # the first `and` since the `between`
            continue
        if text[start : match.start()].strip():
            sentences[-1].append((start, match.start(), joiner))
        hard = match.group("hard") is not None
        if hard and sentences[-1]:
            sentences.append([])
        joiner = "" if hard else ("and" if soft in ("and", "or", "plus") else ",")
        start = match.end()
    if text[start:].strip():
        sentences[-1].append((start, len(text), joiner))
    found = tuple(tuple(sentence) for sentence in sentences if sentence)
    return found or (((0, len(text), ""),),)


def strip_examples(text: str) -> str:
    """The text without bracketed examples (`Avoid wildcard imports (from x import *)`)."""
    return _EXAMPLE.sub("", text) if "(" in text else text


def hedges(text: str) -> list[str]:
    """The hedges anywhere in a statement ("...; extract constants when relevant").

    A hedge in any clause leaves every requirement of the statement to judgement.

    Args:
        text: The whole statement.

    Returns:
        Each hedge as `a hedge 'words'`.
    """
    match = _STATEMENT_HEDGE.search(fold(text))
    return [f"a hedge {text[match.start() : match.end()].strip()!r}"] if match else []


# A sentence of its own within a statement ("... return values. Prefer concrete types ...").
_SENTENCE_BREAK = lazy(r"[.!?]\s+(?=[A-Z`*_])")
# Words that point back to what an earlier sentence asks for ("do this where possible").
_POINTS_BACK = lazy(r"\b(?:this|these|them|it|they|that|those|so|same|such)\b")


def hedged_elsewhere(text: str, group: ClauseGroup, groups: Iterable[ClauseGroup]) -> bool:
    """Whether the statement's hedges all sit in clauses that are not about `group`'s check.

    A hedge reaches across a statement's clauses ("avoid magic numbers; extract constants when
    relevant"), but not from a requirement of its own to another one: in "PEP8, 4 spaces; type
    hints where practical" it leaves the type hints to judgement, not PEP 8, and in "Use type
    hints for all parameters. Prefer concrete types over Any when possible" the second
    sentence asks for something of its own (a clause naming no check, in a later or earlier
    sentence, with its own modal word and no word pointing back).

    Args:
        text: The statement.
        group: The clause being read.
        groups: All the statement's clauses.

    Returns:
        True when no hedge is in `group` and each one is in a clause about something else.
    """
    hedged = [
        (each, found)
        for each in groups
        if (found := _STATEMENT_HEDGE.search(fold(text[each.start : each.end]))) is not None
    ]
    return bool(hedged) and all(
        each is not group
        and (
            each.check != group.check
            if each.check is not None
            else _a_sentence_of_its_own(text, group, each, found)
        )
        for each, found in hedged
    )


def _a_sentence_of_its_own(
    text: str, group: ClauseGroup, other: ClauseGroup, hedge: re.Match[str]
) -> bool:
    """Whether `other` (naming no check) is a requirement in a sentence apart from `group`."""
    first, second = sorted((group, other), key=lambda each: each.start)
    if _SENTENCE_BREAK.search(text, first.start, second.start + 1) is None:
        return False
    said = text[other.start : other.end]
    rest = said[: hedge.start()] + said[hedge.end() :]
    return has_modality(said) and _POINTS_BACK.search(fold(rest)) is None


def qualifiers(
    text: str,
    frame_words: Iterable[str],
    values: frozenset[str] = frozenset(),
    *,
    limited: bool = False,
    opposed: bool = False,
    limit: int | None = None,
) -> list[str]:
    """What in a clause changes the meaning of the requirement a frame matched.

    Args:
        text: The clause's subject (limits, scope, modality already cut) and title.
        frame_words: The words of the matched frame (they restrict nothing).
        values: The words of the values it captured (`tests` as a module name): never a
            qualifier.
        limited: Whether the clause carries a limit: then a quality ("keep functions short:
            max 30 lines") is what the limit measures, not a second request.
        opposed: Whether the frame's words follow `instead of` (see `Match.opposed`): a
            vague word before it describes the replacement, not what is banned.
        limit: The upper limit the clause takes, if any: a stricter second limit restricted
            to some code ("79 characters for code, 72 for comments") leaves it standing.

    Returns:
        Each qualifier as `kind 'words'`, in order; empty when the clause says nothing more.
    """
    found = []
    own = frozenset(frame_words)
    folded = fold(text)
    said = _Said(text, folded, own, values, limited, opposed)
    for kind, pattern in _QUALIFIERS:
        for match in pattern.finditer(folded):
            if _qualifies(kind, match, said):  # "Google-style or NumPy-style docstrings"
                found.append(f"{kind} {text[match.start() : match.end()].strip()!r}")
                break
    return found + _for_restrictions(text, folded, own, limit)


def _for_restrictions(text: str, folded: str, own: frozenset[str], limit: int | None) -> list[str]:
    """The `for X` restrictions of a clause (`for request handlers`) a check cannot tell apart."""
    found = []
    for match in _FOR.finditer(folded):
        named = set(words(text[match.start("what") : match.end("what")]))
        other = _OTHER_LIMIT.search(folded, max(0, match.start() - 24), match.start())
        if other is not None and limit is not None and int(other.group("n")) <= limit:
            continue  # "..., 72 for comments": a stricter limit of its own; the taken one holds
        if named and not named & (own | _NEUTRAL) and not _in_a_later_verb(text, match, own):
            found.append(f"a restriction {text[match.start() : match.end()].strip()!r}")
    return found


def _in_a_later_verb(text: str, match: re.Match[str], own: frozenset[str]) -> bool:
    """Whether a `for ...` sits in a clause of its own verb after the check's words.

    "Prefer pathlib over os.path and use context managers for resources": `for resources` is
    said of the context managers, not of pathlib.
    """
    verbs = list(_LATER_VERB.finditer(fold(text), 0, match.start()))
    if not verbs:
        return False
    joint = verbs[-1]
    return not own.isdisjoint(words(text[: joint.start()])) and own.isdisjoint(
        words(text[joint.end() : match.start()])
    )


class _Said(NamedTuple):
    """What `qualifiers()` reads a clause with (see its arguments)."""

    text: str
    folded: str
    own: frozenset[str]
    values: frozenset[str]
    limited: bool
    opposed: bool


def _qualifies(kind: str, match: re.Match[str], said: _Said) -> bool:
    """Whether one match of a qualifier's pattern changes what the clause asks."""
    text, folded, own = said.text, said.folded, said.own
    named = set(words(text[match.start() : match.end()]))
    passes = (
        bool(named and named <= said.values)
        # the check's own words ("when possible" in no check's name) qualify nothing
        or bool(kind in _OWN_WORDS_EXEMPT and named and named <= own)
        or (kind in _REPLACEMENT_WORDS and _describes_the_replacement(folded, match, said.opposed))
        # "annotate public functions, endpoints, and data shapes" widens the list; "no
        # hardcoded test values, secrets" names a kind of value
        or (
            kind in _ITEM_RESTRICTIONS
            and (
                _names_a_test_thing(folded, match, own)
                or bool(own and not _on_the_item(text, match, own))
            )
        )
        # "all functions must have Google-style docstrings" asks for them
        or (
            kind in _PLACED
            and (_PRESENCE.search(folded) is not None or not _on_the_item(text, match, own))
        )
        # "use `import type` when importing types" names no other case, "when a file grows
        # past 400 lines, split it" (its limit cut) only the limit
        or (
            kind == "a condition"
            and _restates(text[match.end() :], own | _GROWING if said.limited else own)
        )
        # "all modules must have proper type annotations" asks for them
        or (kind == "a vague measure" and _asks_outright(text, folded, match, own))
        # "each function needs a concise docstring" asks for docstrings
        or (
            kind == "a quality of the content"
            and (
                said.limited
                or _asks_presence(text, own)
                or not _describes_the_object(text, match, own)
            )
        )
    )
    return not passes


def _restates(rest: str, own: frozenset[str]) -> bool:
    """Whether a condition's words, to the next separator, are the check's own words.

    "Use type imports when importing types" is the rule said again, not a case of it.
    """
    said = []
    for word in words(rest):
        if word == LIST_SEPARATOR:
            break
        said.append(word)
    return bool(said) and all(word in own or _stem(word) & own for word in said)


def _stem(word: str) -> set[str]:
    """The verb an `-ing` form may come from (`importing` -> `import`, `using` -> `use`)."""
    if not word.endswith("ing"):
        return set()
    stem = word[:-3]
    return {stem, f"{stem}e"}


def _asks_presence(text: str, own: frozenset[str]) -> bool:
    """Whether a clause asks for the check's object to be there, not only how it reads.

    "All functions need docstrings", "add concise docstrings" do; in "keep docstrings concise
    and only include what is necessary" the verb `include` is said of something else: a verb
    of presence counts when the check's words follow it closely.
    """
    folded = fold(text)
    for match in _PRESENCE.finditer(folded):
        if match.group() not in _PRESENCE_VERBS or not own.isdisjoint(
            words(text[match.end() :])[:_PRESENCE_REACH]
        ):
            return True
    # "write clear docstrings": writing them is having them (their style is another matter)
    return any(
        not own.isdisjoint(words(text[match.end() :])[:_PRESENCE_REACH])
        for match in _WRITE.finditer(folded)
    )


def _asks_outright(text: str, folded: str, match: re.Match[str], own: frozenset[str]) -> bool:
    """Whether "proper" describes the check's object in a clause that asks it of everything.

    "All modules must have proper type annotations" asks for annotations; "use proper types"
    and "always provide proper type annotations" leave what is proper to judgement.
    """
    if match.group().strip() not in _OUTRIGHT or not _EVERYWHERE.search(folded):
        return False
    after = words(text[match.end() :])
    return bool(after) and after[0] in own


def _names_a_test_thing(folded: str, match: re.Match[str], own: frozenset[str]) -> bool:
    """Whether `test` is said of a thing, not of where the rule applies: "test values".

    Singular `test` before a noun that is not the check's, nor a place in the code ("test
    files", "test code", "test functions") nor a verb, names a kind of value or data.
    """
    if match.group() != "test":
        return False
    following = _NEXT_WORD.match(folded, match.end())
    if following is None:
        return False
    word = following.group(1)
    return word not in _TEST_PLACES and not own.intersection(map(str, words(word)))


def _on_the_item(text: str, match: re.Match[str], own: frozenset[str]) -> bool:
    """Whether a qualifier sits on the list item or bracket that holds the check's words.

    "Use Google-style docstrings" asks for a style of docstrings; in "Use docstrings (Google
    style)" and "Follow Python standards (PEP8, PEP257)" the style is said of another item. A
    verb that opens the clause is said of every item: "Retain existing code, docstrings, and
    comments" keeps the docstrings there are.
    """
    if not text[: match.start()].strip() and match.group().lower() in _GOVERNING_VERBS:
        return True
    start = end = None
    for each in _ITEM_BREAK.finditer(text):
        if each.end() <= match.start():
            start = each.end()
        elif each.start() >= match.end():
            end = each.start()
            break
    return not own.isdisjoint(words(text[start:end]))


def _describes_the_object(text: str, match: re.Match[str], own: frozenset[str]) -> bool:
    """Whether a quality is said of what the check is about, not of something else.

    It is when the next word it qualifies is one of the check's ("clear docstrings", "minimal
    one-line docstrings"), when it comes right after them ("keep docstrings concise and only
    include what helps"), or when it follows the check's words and none come after it before
    the next separator ("docstrings should be short and clear"); "write concise code with type
    hints" says it of the code.
    """
    before = words(text[: match.start()])
    if before and before[-1] in own:  # said of it right after it: "keep docstrings concise"
        return True
    following = words(_QUALITY.sub(" ", fold(text[match.end() :])))
    start = 0
    while start < len(following) and following[start] in (LIST_SEPARATOR, "and"):
        start += 1
    if start < len(following) and following[start] in own:
        return True
    # what it says of something else runs to the next separator: "write concise code with type
    # hints" is about the code; "keep docstrings concise and only include ..." ends at `and`
    end = start
    while end < len(following) and following[end] not in (LIST_SEPARATOR, "and"):
        end += 1
    named_after = not own.isdisjoint(following[start:end])
    return not named_after and not own.isdisjoint(before)


def _describes_the_replacement(folded: str, match: re.Match[str], opposed: bool) -> bool:
    """Whether a qualifier is said of the replacement, not of what the check is about.

    It is when it sits before the `instead of` the check's object follows ("use proper types
    instead of `any`"), or after the `instead of` that follows the check's object ("never use
    `print()` instead of proper logging").
    """
    if opposed:
        return _INSTEAD.search(folded, match.end()) is not None
    return _INSTEAD.search(folded, 0, match.start()) is not None


# A relative clause that says a thing is not used: "imports that are never used", "variables
# that are assigned but never read", "any import you no longer need" (read as "unused ...").
_NOT_USED = lazy(
    r"\b(?P<noun>[a-z]+)\s+(?:(?:that|which)\s+(?:(?:are|is|you|we)\s+)?|(?:you|we)\s+)"
    r"(?:(?:assigned|declared|imported|defined)\s+but\s+)?"
    r"(?:not|never|no\s+longer|aren't|isn't|don't|do\s+not)\s+(?:(?:be|get)\s+)?"
    r"(?:used|use|read|need|needed|referenced)\b",
    re.IGNORECASE,
)
# a first look, on `fold(text)`: the connector, then the negated verb
_NOT_USED_HINT = lazy(
    r"\b(?:that|which|you|we)\s[^.;]*?(?:not|never|longer|n't)\s+(?:(?:be|get)\s+)?"
    r"(?:used|use|read|need|needed|referenced)\b"
)


@dataclass(frozen=True, slots=True)
class Clause:
    """A statement or clause as read: its reading, subject words, match and qualifiers."""

    text: str
    reading: Reading
    subject: tuple[Word, ...]
    match: Match | None
    qualifiers: tuple[str, ...]
    scope: tuple[str, ...] = ()  # the files of the script language the clause names, if any
    hedges: tuple[str, ...] = ()  # the hedges anywhere in it (see `hedges`)
    # The languages no check reads that it is about ("Avoid: `print STDERR ...`" is Perl)
    foreign: frozenset[str] = frozenset()


# `ideally` (or `ideal`, "< 20 lines ideal") is a hedge wherever it stands ("Ideally keep
# functions under 50 lines" is a wish, though the modality reader takes a first `Ideally` as
# `should`), except beside a second, softer limit next to a hard one: "< 1000 lines, ideally
# < 800" and "max 1000 lines (800 ideal)" hold the 1000.
_IDEALLY = lazy(r"\bideal(?:ly)?\b")
_IDEALLY_A_LIMIT = lazy(
    r"\bideal(?:ly)?\W{0,3}(?:(?:<=?|≤|under|below|less\s+than|fewer\s+than|at\s+most"
    r"|max(?:imum)?|no\s+more\s+than|up\s+to|around|about|~)\s*)?\d"
    r"|\d+\s*(?:[a-z]+\s+)?(?:is\s+|are\s+)?ideal(?:ly)?\b"
)
_IDEALLY_HEDGE = "a hedge 'ideally'"
_NUMBERS = lazy(r"\d+")


def _ideally(folded: str, quantities: Iterable[Quantity], found: list[str]) -> list[str]:
    """The qualifiers with `ideally` a hedge unless it names a soft limit beside a hard one."""
    said = _IDEALLY.search(folded)
    if said is None:
        return found
    upper = any(each.op in {"<=", "<", "~"} for each in quantities)
    if upper and len(_NUMBERS.findall(folded)) >= 2 and _IDEALLY_A_LIMIT.search(folded):
        return [each for each in found if each.lower() != _IDEALLY_HEDGE]
    if any(each.lower().startswith("a hedge 'ideal") for each in found):
        return found
    return [*found, f"a hedge {said.group()!r}"]


# "Use the `typing` module for type annotations": a check that asks for a thing, named only
# after `for` with something else to use, is told how to write it, not that it is to be there.
_MEANS = lazy(r"\b(?:use|using)\s+(?P<means>[^,;.]{1,60}?)\s+for\s+(?P<what>[^,;.()]{1,60})")


def _means(text: str, match: Match) -> list[str]:
    """The means a clause says to write a check's object with (`the typing module`)."""
    if match.declaration.forbids:
        return []  # "use environment variables for secrets" bans hardcoding them
    named = set(words(match.frame))  # the words of the frame that matched (`type annotation`)
    for said in _MEANS.finditer(fold(text)):
        means = set(words(text[said.start("means") : said.end("means")]))
        what = set(words(text[said.start("what") : said.end("what")]))
        if means and not means & named and what & named:
            return [f"a means {text[said.start('means') : said.end('means')].strip()!r}"]
    return []


# A name of code in a list ("`os.system`, `subprocess.run`"): a dotted name or a call.
_CODE_NAME = lazy(r"^[a-z_$][\w$]*(?:\.[a-z_$][\w$]*)+(?:\(\))?$|^[a-z_$][\w$.]*\(\)$")


def _wider_ban(subject: Sequence[Word], match: Match) -> list[str]:
    """A ban listing calls beside the check's own ones that it does not check.

    "Avoid `os.system`, `subprocess.run`, or similar functions" bans subprocess as a whole,
    wider than the shell check it names `os.system` of: one statement, one check, and a
    dedicated check claims it only when it checks exactly what the list names.
    """
    listed: list[Word] = []
    for word in [*subject, None]:  # `None` ends the last list
        if word == LIST_SEPARATOR:
            continue
        if word is None or _CODE_NAME.match(word) is None:
            if listed and any(each in match.words for each in listed):
                others = [each for each in listed if each not in match.words]
                if others:
                    return [f"a call {others[0].raw!r} its check does not cover"]
            listed = []
            continue
        listed.append(word)
    return []


def _upper_limit(quantities: Iterable[Quantity]) -> int | None:
    """The largest value an upper limit among the quantities allows (`< 80` allows 79)."""
    allowed = [
        int(each.value) - (each.op == "<")
        for each in quantities
        if each.op in {"<=", "<", "~"} and isinstance(each.value, int)
    ]
    return max(allowed) if allowed else None


@functools.lru_cache(maxsize=8192)
def read_clause(text: str, resolver: Resolver) -> Clause:
    """Read one statement or clause and offer it to the resolver (memoised: all immutable)."""
    cleaned = clean_markdown(text)
    foreign = foreign_languages(text)
    if _NOT_USED_HINT.search(fold(cleaned)):  # "imports that are not used": unused imports
        cleaned = _NOT_USED.sub(r"unused \g<noun>", cleaned)
    reading = read_statement(cleaned)
    subject = words(strip_examples(reading.subject), preference=reading.preference)
    subject = subject or words(reading.title or "")
    forbidding = bool(reading.modality and reading.modality.negative)
    attempted = any(problem.limit for problem in reading.problems)
    claim = functools.partial(resolver.claim, forbidding=forbidding, attempted=attempted)
    match = claim(subject, reading.quantities)
    if match is None and reading.title:  # `**Type hints:** annotate everything`
        match = claim(words(reading.title) + subject, reading.quantities)
    if match is None:  # "never X, use Y": read only when no other check claims the clause
        match = resolver.replaced(text, forbidding)
    text = f"{reading.title or ''} {reading.subject}"
    limited = bool(reading.quantities)
    found = (
        qualifiers(
            text,
            match.words,
            match.values,
            limited=limited,
            opposed=match.opposed,
            limit=_upper_limit(reading.quantities),
        )
        if match
        else []
    )
    if match:
        found = _ideally(fold(cleaned), reading.quantities, found) + _means(cleaned, match)
        if forbidding:
            found += _wider_ban(subject, match)
    if match and not any(spec.is_limit for spec in match.declaration.params):
        # "keep docstrings under 2 lines": a limit the check has no parameter for narrows it
        untaken = [quantity.text for quantity in reading.quantities if quantity.unit]
        found += [f"a limit {said!r} its check does not take" for said in untaken]
    if match and _QUESTION.search(fold(cleaned)):  # a checklist's "Are all secrets in env vars?"
        found.append(f"a question {cleaned!r}")
    if match and not found:  # the modality is cut from the subject: "... are not required"
        permission = _PERMISSION.search(fold(cleaned))
        if permission is not None:
            found = [f"a permission {cleaned[permission.start() : permission.end()].strip()!r}"]
    languages, scope = language_scope(cleaned)
    if match and languages:
        # "No `any` in TypeScript code": the rule is for those files, if its check reads them
        reads = frozenset(match.declaration.languages)
        if not languages <= reads:
            named = ", ".join(sorted(languages - reads))
            found.append(f"a language {match.declaration.id} does not read ({named})")
    return Clause(
        cleaned,
        reading,
        subject,
        match,
        tuple(found),
        scope,
        tuple(hedges(cleaned)),
        foreign,
    )


# --- clauses grouped by the check each names -----------------------------------------------------
# A conjunct that is a bare noun phrase ("variables", "local variables"): it shares the words
# of the conjunct before it.
_BARE = lazy(r"[A-Za-z][\w.-]*(?:\s+[A-Za-z][\w.-]*)?")

_NO_HINT = Replacement("", Side("", ()), None)

Reader = Callable[[str], Clause]
"""Reads one piece of a statement (as `read_clause` with the resolver)."""


class ClauseGroup(NamedTuple):
    """A clause of a statement: its span, the check it names, and what to read for it.

    `reads` is set for a bare conjunct read with the words it shares ("No unused variables"
    for `variables` in "No unused imports or variables"); `carried` holds the restrictions
    another piece states for it ("on untrusted data" after a list of items).
    """

    start: int
    end: int
    check: str | None
    reads: str | None = None
    carried: tuple[str, ...] = ()  # restrictions stated elsewhere that reach it (`_carry`)


@functools.lru_cache(maxsize=8192)
def group_clauses(text: str, resolver: Resolver) -> tuple[ClauseGroup, ...]:
    """The clauses of a statement, each with the check it names (joined where they do not).

    Within a sentence, a piece that names no check, or the same check as the one before,
    joins it (a piece that names nothing joins the next one after a comma, not after
    `and`); sentences stay apart. A bare conjunct shares the words of the piece before it
    that named a check: "no unused imports or variables" reads "no unused variables" too.

    Args:
        text: The statement's text.
        resolver: Matches each piece (read with `read_clause`) to declared checks.

    Returns:
        The clauses in order (memoised: they are immutable).
    """

    def read(piece: str) -> Clause:
        return read_clause(piece, resolver)

    found = segments(text)
    if len(found) == 1 and len(found[0]) == 1:  # one clause: what the whole names
        match = read(text).match
        return (ClauseGroup(0, len(text), match.declaration.id if match else None),)
    groups: list[ClauseGroup] = []
    sentences: list[list[ClauseGroup]] = []
    replacing = resolver.replacement_id
    for sentence in found:
        first, head = len(groups), ""
        for start, end, joiner in sentence:
            match = read(text[start:end]).match
            named = match.declaration.id if match is not None else None
            joins_ban = named is None and not groups[first:] and sentences and sentences[-1]
            if joins_ban and _gives_replacement(text, groups[-1], start, end, read):
                # "don't call `fetch()` directly; use `apiClient`": one rule over the `;`
                groups[-1] = sentences[-1][-1] = groups[-1]._replace(end=end)
                continue
            shared = None if named or not head else _shared(head, text[start:end], read)
            if shared is not None:
                groups.append(ClauseGroup(start, end, shared[0], shared[1]))
                continue
            head = text[start:end] if named is not None else head
            # "When X, do Y" reads Y under X; "use four spaces and limit lines to 80" asks
            # for two things, so a piece that names nothing does not qualify what follows.
            after_nothing = named is not None and groups[-1:] and groups[-1].check is None
            if after_nothing and joiner == "and" and not _joins(text, groups[-1], end, read):
                groups.append(ClauseGroup(start, end, named))
            elif len(groups) > first and (
                groups[-1].check is None
                or (
                    named in (None, groups[-1].check)
                    and _joined(text, groups[-1], start, end, read)
                )
            ):
                previous = groups[-1]
                groups[-1] = ClauseGroup(
                    previous.start, end, previous.check or named, previous.reads
                )
            else:
                groups.append(ClauseGroup(start, end, named))
        sentences.append(_dedicated_wins(text, groups, first, replacing))
        groups[first:] = sentences[-1]
    return tuple(_carry(text, sentences, read, resolver))


def _gives_replacement(
    text: str, previous: ClauseGroup, start: int, end: int, read: Reader
) -> bool:
    """Whether a sentence after `;` gives the replacement of the ban the one before states.

    "Don't call `fetch()` directly; use `apiClient`" is one "never X, use Y" statement: the
    piece after the semicolon names nothing alone, and the two read together give the ban its
    replacement (the same check, nothing more to qualify it).
    """
    if text[previous.end : start].strip() != ";" or previous.check is None:
        return False
    alone = read(text[previous.start : previous.end]).match
    together = read(text[previous.start : end])
    match = together.match
    if alone is None or match is None or match.declaration.id != previous.check:
        return False
    gained = len([v for v in match.params.values() if v]) > len(
        [v for v in alone.params.values() if v]
    )
    return gained and match.complete and match.agrees and not together.qualifiers


def _dedicated_wins(
    text: str, groups: list[ClauseGroup], first: int, replacing: str | None
) -> list[ClauseGroup]:
    """A sentence's groups, without the bare "never X" after a rule a dedicated check names.

    In "Internal navigation must use next/link, never a raw <a>" the dedicated check reads the
    rule from its first piece; the ban after the comma says the same thing the other way round
    and names no replacement, so the general "never X, use Y" check does not claim it as a
    second rule: one statement, one check.
    """
    own = groups[first:]
    if replacing is None:
        return own
    kept: list[ClauseGroup] = []
    for group in own:
        before = kept[-1] if kept else None
        restates = (
            group.check == replacing
            and before is not None
            and before.check not in (None, replacing)
            and text[before.end : group.start].strip() == ","
            and not (read_replacement(text[group.start : group.end]) or _NO_HINT).hint
        )
        kept.append(group._replace(check=None) if restates else group)
    return kept


def _joined(text: str, previous: ClauseGroup, start: int, end: int, read: Reader) -> bool:
    """Whether a piece joins the clause before it that names a check (as it or nothing).

    It does, unless it asks with the opposite force and the two read together no longer ask for
    what the clause before asked for alone: "never write secrets, always use environment
    variables" reads the secrets rule from its first piece, where joined the ban would be read
    of the environment variables; "never use `os.path`, use `pathlib`" reads one rule either
    way.
    """
    alone = read(text[previous.start : previous.end])
    before = alone.reading.modality
    after = read_statement(clean_markdown(text[start:end])).modality
    if before is None or after is None or before.negative == after.negative:
        return True
    if alone.match is None or not alone.match.agrees:  # nothing read right to keep apart
        return True
    joined = read(text[previous.start : end]).match
    return joined is not None and joined.agrees and joined.declaration.id == previous.check


# Restrictions and conditions say which code a requirement is for, so they reach past the piece
# that states them: "avoid eval, exec or pickle on untrusted data" restricts all three.
_CARRIED = ("a restriction", "a condition")


def _restrictions(text: str, read: Reader) -> tuple[str, ...]:
    """The restrictions and conditions a piece states (read for any check when it names none)."""
    clause = read(text)
    said = clause.qualifiers
    if clause.match is None:
        said = tuple(qualifiers(f"{clause.reading.title or ''} {clause.reading.subject}", ()))
    return tuple(kind for kind in said if kind.startswith(_CARRIED))


def _carry(
    text: str, sentences: list[list[ClauseGroup]], read: Reader, resolver: Resolver
) -> Iterable[ClauseGroup]:
    """The groups of each sentence, with the restrictions other pieces state for them.

    A restriction on the last item of a list ("`pickle` on untrusted data", a piece with no
    modality of its own) is said of every item before it, and one on the piece that opens a
    sentence ("preserve existing comments") of every bare item after it ("and docstrings").
    A restriction in one sentence reaches the next when that one only says how, on the same
    topic: "Avoid shell execution with untrusted input. Use `subprocess.run` instead of
    `os.system()`." A following ban or a sentence on another topic stands on its own ("Never
    use eval. Use ast.literal_eval instead." has no restriction to carry).
    """
    before = ""
    for groups in sentences:
        listed = _listed_restrictions(text, groups, read)
        leading = _leading_restrictions(text, groups, read)
        for group in groups:
            carried = listed if group is not groups[-1] else ()
            if group is not groups[0] and _bare(text, group, read):
                carried = (*carried, *leading)
            carried = (*carried, *carried_over(before, text, group, resolver))
            yield group._replace(carried=carried) if carried else group
        before = text[groups[0].start : groups[-1].end] if groups else ""


def carried_over(before: str, text: str, group: ClauseGroup, resolver: Resolver) -> tuple[str, ...]:
    """The restrictions the sentence before a clause states for it, if they reach it.

    Args:
        before: The sentence before the clause's (empty when there is none).
        text: The statement the clause is part of.
        group: The clause.
        resolver: Matches pieces to declared checks.

    Returns:
        The restrictions (as `qualifiers` words them); empty when they do not reach it.
    """

    def read(piece: str) -> Clause:
        return read_clause(piece, resolver)

    said = _restrictions(before, read) if before.strip() else ()
    return said if said and _gives_the_how(text, group, before, resolver, read) else ()


def _listed_restrictions(text: str, groups: list[ClauseGroup], read: Reader) -> tuple[str, ...]:
    """The restrictions on the last item of a sentence's list, when it is a bare item."""
    if len(groups) < 2:
        return ()
    last = text[groups[-1].start : groups[-1].end]
    return _restrictions(last, read) if read(last).reading.modality is None else ()


def _leading_restrictions(text: str, groups: list[ClauseGroup], read: Reader) -> tuple[str, ...]:
    """The restrictions on the piece that opens a sentence's list, for the bare items after it."""
    if len(groups) < 2:
        return ()
    return _restrictions(text[groups[0].start : groups[0].end], read)


def _bare(text: str, group: ClauseGroup, read: Reader) -> bool:
    """Whether a clause is a bare item of a list: it has no modality of its own."""
    return read(text[group.start : group.end]).reading.modality is None


def _gives_the_how(
    text: str, group: ClauseGroup, before: str, resolver: Resolver, read: Reader
) -> bool:
    """Whether a clause only says how to meet what the sentence before it asks.

    It does when it asks for something (it bans nothing) and the sentence before speaks of
    its check: names it, or uses a word of its frames.
    """
    if group.check is None:
        return False
    modality = read(text[group.start : group.end]).reading.modality
    if modality is not None and modality.negative:
        return False
    vocabulary = resolver.vocabulary.get(group.check, frozenset())
    return not vocabulary.isdisjoint(str(word) for word in words(before))


def _shared(head: str, conjunct: str, read: Reader) -> tuple[str, str] | None:
    """The check a bare conjunct names with the words of the conjunct that heads it.

    `head` is the conjunct before it that named a check ("No unused imports"), `conjunct`
    the bare one ("variables"). Returns (check id, the text read: "No unused variables"), or
    `None` when the conjunct is not a bare noun phrase or, so read, names no other check exactly.
    """
    bare, words_before = conjunct.strip().rstrip("."), head.split()
    if not _BARE.fullmatch(bare) or len(words_before) < 2:
        return _gapped(head, bare, read)
    reads = f"{' '.join(words_before[:-1])} {bare}"
    clause, before = read(reads), read(head).match
    match = clause.match
    if match is None or not match.complete or clause.qualifiers or before is None:
        return None
    return None if match.declaration.id == before.declaration.id else (match.declaration.id, reads)


def _gapped(head: str, conjunct: str, read: Reader) -> tuple[str, str] | None:
    """The check a conjunct names with the verb of the conjunct that heads it, and its limit.

    "Limit lines to 100 characters and functions to 40 lines": the second conjunct leaves out
    the verb, and read with it ("Limit functions to 40 lines") names another check with a limit
    of its own. Returns (check id, the text read), or `None`.
    """
    if not any(char.isdigit() for char in conjunct):  # it gives a limit of its own
        return None
    verb = clean_markdown(head).split()[:1]
    if not verb or not verb[0].isalpha() or read(conjunct).reading.modality is not None:
        return None
    reads = f"{verb[0]} {conjunct}"
    clause, before = read(reads), read(head).match
    match = clause.match
    if match is None or not (match.complete and match.limited) or clause.qualifiers:
        return None
    if before is None or match.declaration.id == before.declaration.id:
        return None
    return match.declaration.id, reads


def _joins(text: str, group: ClauseGroup, end: int, read: Reader) -> bool:
    """Whether a clause that names nothing belongs to the `and` clause after it.

    It does when the two read together name a check exactly ("Use only MIT, BSD or
    Apache-2.0 licensed dependencies"), not when it spoils the reading ("use four spaces
    for indentation and limit lines to 80 characters").
    """
    together = read(text[group.start : end])
    match = together.match
    return match is not None and match.complete and not together.qualifiers
