"""Never X, use Y instead: the banned side as a structural pattern, the other side as the fix.

The most frequent checkable rule shape in real instruction files bans an API and names its
replacement: "use chrome.alarms instead of setInterval", "prefer pathlib over os.path", "never
use `moment`, use `date-fns`", "`<Link>` not `<a>`". `read_replacement` finds the shape in a
statement and `banned_pattern` turns the banned side into an `ApiPattern`, or says why it cannot
do so safely: prose words ("CSS locators"), several alternatives, a file name, a keyword or a
command-line tool. A declaration asks for this reading with `Frame(shape="replacement")`.

## The pattern syntax

One pattern names one thing in code, written as it appears there:

| pattern | matches |
|---|---|
| `setInterval()`, `os.system()` | a call of that name (`new Date()` is written `Date()`) |
| `os.path`, `os.path.*`, `localStorage` | the name and anything under it (`os.path.join(...)`) |
| `import:moment`, `import:lodash/fp` | an import of the module or of its submodules |
| `<a>`, `<a href>`, `<img>` | a JSX element of that name (with that attribute) |
| `style=`, `dangerouslySetInnerHTML=` | a JSX attribute, or a keyword argument in Python |

`ApiPattern.render()` writes a pattern back in this syntax, and `parse_api_pattern` reads it,
so `architecture.banned-api(banned="setInterval()", instead="chrome.alarms")` round-trips.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from socratic_core.rules._markup import clean_markdown
from socratic_core.rules._patterns import LazyPattern, lazy

__all__ = [
    "ApiPattern",
    "PatternKind",
    "Replacement",
    "Side",
    "Unsafe",
    "banned_pattern",
    "has_code",
    "parse_api_pattern",
    "read_replacement",
]


class PatternKind(StrEnum):
    """What an `ApiPattern` names."""

    CALL = "call"
    NAME = "name"
    IMPORT = "import"
    ELEMENT = "element"
    ATTRIBUTE = "attribute"


_IDENT = r"[A-Za-z_$][\w$]*"
_DOTTED = rf"{_IDENT}(?:\.{_IDENT})*"
_CALL = lazy(rf"(?:new\s+)?(?P<name>{_DOTTED})\s*\([^()]{{0,80}}\)")
_NAME = lazy(rf"(?P<name>{_DOTTED})(?:\.\*)?")
_MODULE = r"@?[\w.-]+(?:/[\w.-]+)*"
_IMPORT = lazy(rf"import:(?P<name>{_MODULE})")
_ELEMENT = lazy(rf"<\s*(?P<name>{_DOTTED})(?:\s+(?P<attr>[\w-]+)[^<>]{{0,80}}?)?\s*/?\s*>")
_ATTRIBUTE = lazy(r"(?P<name>[A-Za-z_][\w-]*)=(?:\{[^{}]{0,80}\}|\"[^\"]{0,80}\"|\S{0,80})")
# Code that is an import written out: `import moment from 'moment'`, `require('lodash')`.
_WRITTEN_IMPORT = lazy(
    rf"""(?:import\s+(?:[^'"]{{0,80}}\s+from\s+)?|(?:require|import)\s*\(\s*)['"](?P<name>{_MODULE})['"]\s*\)?;?""",
)
_PATTERN_FORMS = (
    "`name()` (a call), `a.b` (a name and what is under it), `import:module`, `<Element>`"
    " or `attr=`"
)


@dataclass(frozen=True, slots=True)
class ApiPattern:
    """One thing in code a rule bans: a call, a name, an import, a JSX element or an attribute.

    Attributes:
        kind: What the pattern names.
        name: The dotted name, module, element or attribute name, as written in code.
        attribute: For an element, the attribute it must carry (`href` in `<a href>`).
    """

    kind: PatternKind
    name: str
    attribute: str = ""

    def render(self) -> str:
        """The pattern in its canonical syntax (`setInterval()`, `import:moment`, `<a href>`)."""
        if self.kind is PatternKind.CALL:
            return f"{self.name}()"
        if self.kind is PatternKind.IMPORT:
            return f"import:{self.name}"
        if self.kind is PatternKind.ELEMENT:
            return f"<{self.name} {self.attribute}>" if self.attribute else f"<{self.name}>"
        if self.kind is PatternKind.ATTRIBUTE:
            return f"{self.name}="
        return self.name

    @property
    def parts(self) -> tuple[str, ...]:
        """The dotted name's parts (`("os", "path")`)."""
        return tuple(self.name.split("."))


def parse_api_pattern(text: str) -> ApiPattern:
    """Read a pattern written in the canonical syntax (see the module docstring).

    Args:
        text: The pattern, e.g. `setInterval()`, `os.path`, `import:moment`, `<a>`, `style=`.

    Returns:
        The pattern.

    Raises:
        ValueError: The text is not a pattern; the message lists the forms there are.
    """
    found = _code_pattern(text.strip())
    if found is None:
        raise ValueError(f"{text!r} is not an API pattern: write {_PATTERN_FORMS}")
    return found


_FORMS = (
    (_IMPORT, PatternKind.IMPORT),
    (_WRITTEN_IMPORT, PatternKind.IMPORT),
    (_CALL, PatternKind.CALL),
    (_ELEMENT, PatternKind.ELEMENT),
    (_ATTRIBUTE, PatternKind.ATTRIBUTE),
    (_NAME, PatternKind.NAME),
)


def _code_pattern(text: str) -> ApiPattern | None:
    """The pattern a piece of code names, or `None` when it names none of the forms."""
    for form, kind in _FORMS:
        if match := form.fullmatch(text):
            attribute = match.groupdict().get("attr") or ""
            return ApiPattern(kind, match["name"], attribute)
    return None


# --- reading the shape ---------------------------------------------------------------------------

# A code span: backticks around anything short without a backtick (a linear scan).
_CODE_SPAN = lazy(r"`([^`\n]{1,120})`")
_SLOT = "\x00{}\x00"
_SLOT_WORD = lazy(r"\x00(\d+)\x00")
_SIDE = r"[^,;:\u2014\u2013]{1,160}?"
# Without a verb, the replacement is a name or two ("getByRole instead of ..."), never a clause
# ("internal links must use next/link instead of <a>").
_SHORT = r"(?!\S+\s+(?:must|should|shall|will|can|may)\b)\S+(?:\s\S+){0,2}?"
_USE = r"(?:use|using|call|calling|import|importing|write|writing|add|adding|rely\s+on)"
_BAN = r"(?:never|don't|do\s+not|avoid|avoiding|no|ban|forbid|stop\s+using)"
_REPLACE = r"(?:use|prefer|choose|favou?r|pick|opt\s+for|go\s+with|switch\s+to|stick\s+to)"
_INSTEAD = r"(?:instead\s+of|rather\s+than|over|in\s+place\s+of|vs\.?)"
_THEN = r"(?:\s*[,;:\u2014\u2013]\s*|\s+-\s+|\s+)"
_END = r"(?:\s+instead)?(?:\s+\([^()]{0,120}\))?\s*[.!]?"
_SHAPES: tuple[tuple[str, LazyPattern], ...] = (
    # "Never use X, use Y instead", "avoid X in favour of Y", "no `eval()`".
    (
        "never X, use Y",
        lazy(
            rf"{_BAN}\s+(?P<verb>{_USE}\s+)?(?P<x>{_SIDE})"
            rf"(?:{_THEN}(?:(?:always|instead|but)\s+)?{_REPLACE}\s+(?P<y>{_SIDE})"
            rf"|\s+in\s+favou?r\s+of\s+(?P<z>{_SIDE}))?{_END}",
            re.IGNORECASE,
        ),
    ),
    # "Use Y instead of X", "Prefer Y over X", "use Y, not X".
    (
        "use Y instead of X",
        lazy(
            rf"(?:always\s+)?{_REPLACE}\s+(?:(?P<y>{_SIDE}),?\s+{_INSTEAD}|(?P<w>{_SHORT}),?\s+"
            rf"(?:not|never|and\s+not))\s+(?P<x>{_SIDE}){_END}",
            re.IGNORECASE,
        ),
    ),
    # "Y instead of X", "Y over X", "Y, not X" (no verb: `not` only after a comma).
    (
        "Y instead of X",
        lazy(
            rf"(?!{_BAN}\b)(?P<y>{_SHORT})(?:\s+(?:instead\s+of|rather\s+than|in\s+place\s+of|over)"
            rf"|,\s+(?:not|never))\s+(?P<x>{_SIDE}){_END}",
            re.IGNORECASE,
        ),
    ),
    (
        "replace X with Y",
        lazy(rf"(?:replace|swap)\s+(?P<x>{_SIDE})\s+(?:with|by|for)\s+(?P<y>{_SIDE}){_END}", re.I),
    ),
    (
        "X is banned, use Y",
        lazy(
            rf"(?P<x>{_SIDE})\s+(?:is|are)\s+(?:banned|forbidden|prohibited|deprecated"
            rf"|not\s+allowed)(?:{_THEN}(?:{_REPLACE})\s+(?P<y>{_SIDE}))?{_END}",
            re.IGNORECASE,
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class Side:
    """One side of the shape: its text as written (backticks dropped) and its code spans."""

    text: str
    spans: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Replacement:
    """A "never X, use Y" statement as read: the shape, the banned side and the replacement."""

    shape: str
    banned: Side
    instead: Side | None
    verb: bool = True  # whether it says what is done with X ("never use X", not "no X")

    @property
    def hint(self) -> str:
        """The replacement as a fix hint (`chrome.alarms`), or "" when the text names none."""
        if self.instead is None:
            return ""
        return _TRAILING_INSTEAD.sub("", self.instead.text).strip().rstrip(",;:")


_TRAILING_INSTEAD = lazy(r"\s+instead$", re.IGNORECASE)


def read_replacement(text: str) -> Replacement | None:
    """Find the "never X, use Y" shape in a statement or clause.

    Args:
        text: The statement as written (list marker, emphasis and backticks kept).

    Returns:
        The shape and its sides, or `None` when the statement has none of the shapes.
    """
    spans: list[str] = []

    def protect(match: re.Match[str]) -> str:
        spans.append(match.group(1))
        return _SLOT.format(len(spans) - 1)

    protected = _CODE_SPAN.sub(protect, text) if "`" in text else text
    cleaned = _drop_title(clean_markdown(protected))
    for shape, pattern in _SHAPES:
        match = pattern.fullmatch(cleaned)
        if match is None:
            continue
        banned = _side(match["x"], spans)
        groups = match.groupdict()
        other = groups.get("y") or groups.get("z") or groups.get("w")
        instead = _side(other, spans) if other else None
        if instead is not None and _same_thing(banned, instead):
            return None
        return Replacement(shape, banned, instead, bool(match.groupdict("").get("verb", "x")))
    return None


def _drop_title(text: str) -> str:
    """`Timers: use chrome.alarms instead of setInterval` without its `Timers:` title."""
    head, colon, rest = text.partition(": ")
    return rest if colon and 0 < len(head) <= 40 and " " not in head.strip() else text


_NAME = lazy(r"\s*[\w.]*\w")


def _same_thing(banned: Side, instead: Side) -> bool:
    """Whether the replacement names the banned thing itself: a way of using it, not another one.

    "Prefer `die` with a meaningful message over bare `die`" and "`open()` with an encoding
    rather than bare `open()`" ask for X used so, which no ban on X enforces; the name is what
    counts, not its arguments ("`subprocess.run(..., check=True)` rather than bare
    `subprocess.run(...)`").
    """
    names = {_name(span) for span in banned.spans} - {""}
    return any(_name(span) in names for span in instead.spans)


def _name(span: str) -> str:
    """The dotted name a code span opens with (`subprocess.run` of `subprocess.run(...)`)."""
    match = _NAME.match(span)
    return match.group().strip() if match else ""


def _side(text: str, spans: list[str]) -> Side:
    stripped = text.strip()
    used = tuple(spans[int(m.group(1))] for m in _SLOT_WORD.finditer(stripped))
    restored = _SLOT_WORD.sub(lambda m: spans[int(m.group(1))], stripped)
    return Side(restored.strip(), used)


# --- the banned side as a pattern ----------------------------------------------------------------

# Words around the name that say what it is ("the `moment` library", "`eval` calls").
_FILLER = frozenset(
    {"the", "a", "an", "any", "raw", "direct", "directly", "plain", "bare", "deprecated"}
    | {"legacy", "old", "unsafe", "native", "built-in", "builtin", "inline"}
)
# Where the banned side goes on after its name: a restriction the pattern cannot see ("for data
# fetching", "in client code"), unless it is a path the statement's scope already took.
_TAIL = frozenset(
    {"for", "in", "inside", "within", "on", "when", "unless", "except", "outside", "during"}
    | {"from", "to", "at", "if", "because", "since", "as", "with", "without", "across"}
)
_PATH_TAIL = lazy(
    r"(?:in|for|under|within)\s+\S*[/*]\S*|(?:in|for)\s+\*?\.\w+\s+files?"
    r"|(?:in|for)\s+(?:typescript|javascript|react|node(?:\.js)?|tsx?|jsx?)"
    r"(?:\s+(?:code|files?|components?|projects?))?",
    re.IGNORECASE,
)
_LIBRARY_WORDS = frozenset(
    {"library", "libraries", "package", "packages", "module", "modules", "dependency"}
    | {"dependencies", "lib", "libs"}
)
# Words that say which libraries, not which one: "avoid unnecessary libraries" names none.
_LIBRARY_MODIFIERS = frozenset(
    {"unnecessary", "unneeded", "needless", "extra", "additional", "external", "new", "heavy"}
    | {"heavyweight", "third-party", "3rd-party", "large", "big", "bloated", "redundant"}
    | {"extraneous", "unused", "outdated", "unmaintained", "other", "more", "many", "random"}
    | {"untrusted", "unknown", "unvetted", "obscure", "experimental", "non-standard"}
)
# What marks a module name written without backticks as one: a dot, hyphen, slash, scope or
# digit (`date-fns`, `lodash.get`, `@mui/material`, `py7zr`), or an identifier's shape.
_PACKAGE_MARK = lazy(r"[./@\d-]")
_KIND_WORDS = frozenset(
    {"function", "functions", "method", "methods", "call", "calls", "api", "apis", "hook"}
    | {"hooks", "element", "elements", "tag", "tags", "attribute", "attributes", "prop"}
    | {"props", "global", "globals", "object", "helper", "helpers", "utility", "utilities"}
)
# Names that are commands, keywords or types, never an API a pattern could ban.
_NOT_APIS = frozenset(
    {"npm", "npx", "yarn", "pnpm", "bun", "deno", "pip", "pipx", "uv", "poetry", "conda"}
    | {"git", "docker", "make", "brew", "node", "python", "tsc", "eslint", "prettier"}
    | {"var", "let", "const", "any", "unknown", "never", "enum", "class", "interface"}
    | {"type", "types", "function", "this", "null", "undefined", "namespace", "default"}
    | {"export", "import", "return", "async", "await", "yield", "lambda", "def", "global"}
    | {"true", "false", "none", "object", "string", "number", "boolean", "void", "is"}
    | {"new", "delete", "typeof", "instanceof", "in", "of", "for", "while", "if", "else"}
    | {"switch", "case", "try", "catch", "finally", "throw", "with", "as", "from", "pass"}
)
_JOINERS = frozenset({"or", "and", "nor", "of", "to", "that", "which", "your", "our", "their"})
_SEVERAL = lazy(r"\s*(?:/|,|\bor\b|\band\b|\bnor\b|\|)\s*", re.IGNORECASE)
_FILE = lazy(
    r"[\w./-]*\.(?:md|mdc|json|jsonc|ya?ml|toml|txt|tsx?|jsx?|mjs|cjs|py|css|scss|html|env"
    r"|lock|sh|vue|svelte|astro|config)",
    re.IGNORECASE,
)
# camelCase, snake_case, `$`: an identifier nobody writes as a prose word.
_CODE_WORD = lazy(r"[a-z][a-z0-9]*[A-Z][\w$]*|[A-Za-z]+_[\w$]*|\$[\w$]*|[\w$]+\$")
_BRACE_VALUE = lazy(r"[A-Za-z_][\w-]*=\{.*\}")


def has_code(side: Side) -> bool:
    """Whether a side names something written as code (backticks, `()`, dots, camelCase).

    A lone lowercase name with a dash (`date-fns`) counts too: it is a package's name.
    """
    tokens = side.text.split()
    if len(tokens) == 1 and _PACKAGE.fullmatch(tokens[0]):
        return True
    return bool(side.spans) or any(_CODE_TOKEN.search(token) for token in tokens)


_CODE_TOKEN = lazy(r"\w[.(/=@]\w|\(\)|^<|=$|^@|[a-z][A-Z]|[a-z]_[a-z]")
_PACKAGE = lazy(r"@?[a-z0-9]+(?:-[a-z0-9]+)+")


@dataclass(frozen=True, slots=True)
class Unsafe:
    """Why a banned side is no pattern, and the pattern a user could mean (for a suggestion)."""

    reason: str
    guess: ApiPattern | None = None
    close: bool = True  # whether the side names code the user may have meant as a pattern


def banned_pattern(side: Side) -> ApiPattern | Unsafe:
    """The pattern for the banned side of a "never X, use Y" statement, or why there is none.

    A pattern is read only when the side names one thing written as code: backticked, or a
    call, a dotted name, an element, a camelCase or snake_case name. A library is read only
    where its name looks like one (backticked, dotted, hyphenated: `date-fns`): a plain word
    beside "library" ("the moment library") is only a guess, and a word that says which
    libraries ("unnecessary", "third-party") names none.

    Args:
        side: The banned side as read.

    Returns:
        The pattern, or why the side cannot be turned into one safely.
    """
    for span in side.spans:  # one code span with blanks (`<a href>`, `import x from 'y'`)
        rest = side.text.replace(span, " ").lower().split()
        if (
            " " in span
            and len(side.spans) == 1
            and set(rest) <= _FILLER | _LIBRARY_WORDS | _KIND_WORDS
        ):
            return _one_pattern(span, True, bool(set(rest) & _LIBRARY_WORDS))
    tokens = side.text.split()
    cut = next((i for i, token in enumerate(tokens) if i and token.lower() in _TAIL), len(tokens))
    tail = " ".join(tokens[cut:])
    if tail and not _PATH_TAIL.fullmatch(tail):
        return Unsafe(f"{tail!r} restricts it to code a pattern cannot tell apart")
    tokens = tokens[:cut]
    library = any(token.lower() in _LIBRARY_WORDS for token in tokens)
    kept = [t for t in tokens if t.lower() not in _FILLER | _LIBRARY_WORDS | _KIND_WORDS]
    if any(t.lower() in _JOINERS for t in kept) and not side.spans:
        return Unsafe(f"{side.text!r} is prose, not an API pattern")
    kept = kept or tokens[:1]
    names = [part for part in _SEVERAL.split(" ".join(kept)) if part]
    if len(names) > 1:
        shown = ", ".join(repr(name) for name in names[:4])
        return Unsafe(f"it names several things ({shown}): write one rule for each")
    if len(kept) != 1:
        return Unsafe(f"{side.text!r} is prose, not an API pattern")
    return _one_pattern(kept[0].strip("'\""), kept[0].strip("'\"") in side.spans, library)


def _one_pattern(name: str, code: bool, library: bool) -> ApiPattern | Unsafe:
    refused = _refused(name)
    if refused is not None:
        return refused
    if library and (imported := _library_pattern(name, code)) is not None:
        return imported
    found = _code_pattern(name)
    if found is None:
        return Unsafe(f"{name!r} is not an API pattern: write {_PATTERN_FORMS}")
    plain = found.kind is PatternKind.NAME and "." not in found.name
    if plain and not (code or _CODE_WORD.fullmatch(name)):
        reason = f"{name!r} may be a library, a function or a word: write `import:{name}`"
        guess = ApiPattern(PatternKind.IMPORT, name)
        return Unsafe(f"{reason} or `{name}()` to enforce it", guess)
    return found


def _library_pattern(name: str, code: bool) -> ApiPattern | Unsafe | None:
    """The import a name beside "library" bans, if it looks like a module name; `None` if no name.

    `code` says whether it was backticked.
    """
    if name.lower() in _LIBRARY_MODIFIERS:
        return Unsafe(f"{name!r} says which libraries, not which one", close=False)
    if not re.fullmatch(_MODULE, name):
        return None
    found = ApiPattern(PatternKind.IMPORT, name)
    if code or _PACKAGE_MARK.search(name) or _CODE_WORD.fullmatch(name):
        return found
    return Unsafe(f"{name!r} may be a word: write `import:{name}` to enforce it", found)


def _refused(name: str) -> Unsafe | None:
    """Why a name is never a pattern: a keyword or command, a file, one value of an argument."""
    if name.lower().rstrip("()") in _NOT_APIS:
        return Unsafe(f"{name!r} is a keyword, type or command, not an API", close=False)
    if _FILE.fullmatch(name):
        return Unsafe(f"{name!r} is a file or product name: write `import:<module>` for a library")
    if "=" in name and not (name.endswith("=") or _BRACE_VALUE.fullmatch(name)):
        return Unsafe(f"{name!r} bans one value of an argument; a pattern bans it all (`name=`)")
    return None
