"""Reading a statement's force: its modal word or opening imperative, and whether it prefers.

`Functions must not exceed 50 lines` is `must-not`, `Avoid print` is `should-not`, `Use type
hints` (an opening imperative) is `must`, `Prefer absolute imports` is `prefer`. A positive modal
made negative by what follows it (`ensure no secrets`) is negative. A statement of preference
(`prefer logging over print`, `choose X over Y`, a bare `X over Y`) names what it rejects after
`over`; `in preference to` always does.
"""

from __future__ import annotations

import re

from socratic_core.rules._nodes import Modality
from socratic_core.rules._patterns import fold, lazy

__all__ = ["find_modality", "has_modality", "is_preference"]

_MODAL_FORMS: tuple[tuple[Modality, str], ...] = (
    (Modality.MUST_NOT, r"must\s+not|must\s+never|mustn't|may\s+not|cannot|can't|can\s+not"),
    (Modality.MUST_NOT, r"shall\s+not|never|do\s+not|don't|does\s+not|doesn't|is\s+not\s+allowed"),
    (Modality.MUST_NOT, r"are\s+not\s+allowed|not\s+allowed|forbidden|prohibited|disallowed"),
    (Modality.MUST_NOT, r"banned|not\s+permitted|nothing\s+(?:may|can|must|shall|should)"),
    (Modality.MUST_NOT, r"^(?:remove|delete|eliminate|strip|get\s+rid\s+of)"),
    # "keep secrets out of the code", "leave debug prints out of commits", "keep the event loop
    # free of blocking calls": what is kept out is banned (the look-ahead is bounded)
    (
        Modality.MUST_NOT,
        r"^(?:keep|leave)(?=[^.;]{0,80}?\b(?:out\s+of|free\s+of|away\s+from)\b)",
    ),
    (Modality.MUST_NOT, r"no(?!\s+(?:more|longer|fewer|less|greater|larger)\s+than)"),
    (Modality.SHOULD_NOT, r"should\s+not|shouldn't|should\s+never|avoid|refrain\s+from"),
    (Modality.SHOULD_NOT, r"try\s+not\s+to|discouraged|not\s+recommended|minimi[sz]e"),
    # `as required`, `if required` leave the rule to judgement (a hedge, read with the clause)
    (Modality.MUST, r"must|always|ensure|make\s+sure|requires?|mandatory|need\s+to"),
    (Modality.MUST, r"(?<!\bas\s)(?<!\bif\s)(?<!\bwhere\s)(?<!\bwhen\s)required"),
    (Modality.MUST, r"needs\s+to|have\s+to|has\s+to|shall|enforce|needs?"),
    (Modality.SHOULD, r"should|recommended|encouraged|ideally|try\s+to|strive\s+to|aim\s+for"),
    (Modality.SHOULD, r"aim\s+to"),
    (Modality.PREFER, r"prefer|preferred|preferably|consider|favou?r|where\s+possible"),
    (Modality.PREFER, r"when\s+possible"),
    # `choose X over Y`, `pick X instead of Y`: a preference only when something is passed over.
    (
        Modality.PREFER,
        # (the look-ahead is bounded: unbounded, `choose choose ...` costs quadratic time)
        r"(?:choose|pick|opt\s+for)"
        r"(?=.{0,200}?\b(?:over|instead\s+of|rather\s+than|in\s+preference\s+to)\b)",
    ),
)
# Imperatives open a statement: `Use type hints`, `Keep functions short`, `Limit lines to 100`.
_IMPERATIVES = (
    "use|keep|leave|limit|write|add|follow|document|run|include|validate|sanitize|sanitise|hash"
    "|handle|log|check|put|store|name|prefix|wrap|pin|apply|enable|set|annotate|return|raise"
    "|adhere|conform|comply|stick|push|format|declare|catch|build|pass|start|begin"
)
# Imperatives that only carry force; others (`hash`, `document`) are also part of the subject.
_FILLER_IMPERATIVES = frozenset(
    {
        "use",
        "keep",
        "leave",
        "limit",
        "follow",
        "apply",
        "enable",
        "set",
        "adhere",
        "conform",
        "comply",
    }
    | {"stick", "push"}
)
# One `\b(?:...)\b` around every form (each in a group that says which matched), which a search
# tries several times faster than a `\b...\b` per form.
_MODALITY = lazy(
    r"\b(?:"
    + "|".join(f"(?P<m{i}>{forms})" for i, (_, forms) in enumerate(_MODAL_FORMS))
    + rf")\b|(?P<imp>^(?:{_IMPERATIVES})\b)",
    re.IGNORECASE,
)
# The word each modal form starts with: the modal pattern can match only where one of them (or
# the statement) starts, so it is tried only there (one scan of the words, not a search that
# tries every form at every character).
_FIRST_WORDS = frozenset(
    {"must", "mustn", "may", "cannot", "can", "shall", "never", "do", "don", "does", "doesn"}
    | {"is", "are", "not", "forbidden", "prohibited", "disallowed", "banned", "no", "should"}
    | {"shouldn", "avoid", "refrain", "try", "discouraged", "minimise", "minimize", "always"}
    | {"ensure", "make", "required", "require", "requires", "mandatory", "need", "needs"}
    | {"have", "has", "enforce", "recommended", "ideally", "strive", "aim", "prefer"}
    | {"preferably", "consider", "favor", "favour", "where", "when", "choose", "pick", "opt"}
    | {"keep", "leave"}
    | {"nothing", "preferred", "encouraged"}
)
_WORD_RUN = lazy(r"\w+")
# `must be no print`, `ensure no secrets`, `make sure there are no globals`, `always avoid eval`,
# `must be avoided`, `should be removed`: a positive modal made negative by what follows it.
_NEGATED_OBJECT = lazy(
    r"(?:\s+(?:be|have|contain|use|include|that|there|are|is))*\s+"
    r"(?:no|never|not|avoid(?:ed)?|remove(?:d)?|delete(?:d)?|eliminate(?:d)?)\b"
    r"(?!\s+(?:more|longer|fewer|less|greater|larger)\s+than)",
    re.IGNORECASE,
)
_NEGATE = {
    Modality.MUST: Modality.MUST_NOT,
    Modality.SHOULD: Modality.SHOULD_NOT,
    Modality.PREFER: Modality.SHOULD_NOT,
}
# `over` names what a statement rejects only in a statement of preference (`prefer`, `favour`,
# `choose`, or none at all: `- Composition over inheritance`); elsewhere it means `more than`
# or `on top of`. `in preference to` always does.
# (These three are matched on `fold(text)`.)
_PREFERENCE_VERB = lazy(r"\b(?:prefer(?:s|red|ably)?|favou?r(?:s|ed)?|choose|pick|opt\s+for)\b")
_OVER = lazy(r"\bover\b")
_IN_PREFERENCE_TO = lazy(r"\bin\s+preference\s+to\b")


# Openers that only say the rest must hold: "ensure lines do not exceed 79 characters", "make
# sure you never call eval" take their force from the negative modal further on.
_ASSURING = lazy(r"ensure|make\s+sure", re.IGNORECASE)
# What ends the clause an opener governs: "ensure tests pass; never skip them" says two things.
_CLAUSE_END = lazy(r"[,;:.!?\u2014()]")
_NEGATIVE = frozenset({Modality.MUST_NOT, Modality.SHOULD_NOT})


def has_modality(text: str) -> bool:
    """Whether the text has a modal word or opens with an imperative (`must`, `never`, `use`).

    Args:
        text: Cleaned statement text.

    Returns:
        True if a modality can be read from it.
    """
    return _modal_match(text) is not None


def _modal_match(text: str, after: int = 0) -> re.Match[str] | None:
    """`_MODALITY.search(text)`, tried only at the start and where a modal form's word starts.

    From `after` on, the opening imperative is not tried: only modal words further on.
    """
    match = None if after else _MODALITY.match(text)
    if match is not None:
        return match
    folded = fold(text)
    for word in _WORD_RUN.finditer(text, after):
        start = word.start()
        if start and folded[start : word.end()] in _FIRST_WORDS:
            match = _MODALITY.match(text, start)
            if match is not None:
                return match
    return None


def find_modality(text: str) -> tuple[Modality | None, tuple[int, int] | None]:
    """The statement's modality and the span of the words that say it.

    Args:
        text: Cleaned statement text.

    Returns:
        The modality (or `None`) and the span to cut from the subject: empty for an imperative
        that is also part of the subject (`hash passwords`), `None` when there is no modal word.
    """
    match = _modal_match(text)
    if match is None or match.lastgroup is None:
        return None, None
    name = match.lastgroup
    if _ASSURING.fullmatch(match.group()):
        later = _modal_match(text, match.end())
        group = later.lastgroup if later is not None else None
        if (
            later is not None
            and group is not None
            and group != "imp"
            and _MODAL_FORMS[int(group[1:])][0] in _NEGATIVE
            and _CLAUSE_END.search(text, match.end(), later.start()) is None
        ):
            match, name = later, group
    modality = Modality.MUST if name == "imp" else _MODAL_FORMS[int(name[1:])][0]
    if name == "imp" and match.group().lower() not in _FILLER_IMPERATIVES:
        return modality, (match.start(), match.start())
    negated = _NEGATED_OBJECT.match(text, match.end()) if modality in _NEGATE else None
    if negated is not None:
        return _NEGATE[modality], (match.start(), negated.end())
    return modality, match.span()


def is_preference(text: str, subject: str, modality: Modality | None) -> bool:
    """Whether `over` or `in preference to` in the subject names what the statement rejects.

    Args:
        text: The statement text the modality was read from.
        subject: What is left of it once limits, scopes and the modal words are cut.
        modality: The statement's modality, or `None` when it has no modal word.

    Returns:
        True for `in preference to`, and for `over` in a statement of preference: a
        `prefer`/`favour`/`choose` statement, or one without a modal word (`X over Y`).
    """
    folded = fold(subject)
    if _IN_PREFERENCE_TO.search(folded) is not None:
        return True
    if _OVER.search(folded) is None:
        return False
    return modality in (None, Modality.PREFER) or _PREFERENCE_VERB.search(fold(text)) is not None
