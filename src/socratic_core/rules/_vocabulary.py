"""The default vocabulary: what the built-in checks declare, and the words that name a category.

Each built-in check declares what instruction text names it by (its frames) next to its
function, in `rules/builtin/`, exactly as a third-party plugin does; the default vocabulary is
derived from those registered checks, never kept as a second list. `parse_instructions()`,
`RuleEngine.compile()`, `socratic rules parse` and `socratic check` all read text against it
(plus the installed plugins' checks, where a plugin manager is given).

The category keywords below only place a statement that no check claims under a category
heading (`## Security`) or by its words (`token`, `coverage`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import replace

from socratic_core.rules._markup import clean_markdown
from socratic_core.rules._nodes import Category, CheckDeclaration
from socratic_core.rules._normalise import words
from socratic_core.rules._patterns import fold, lazy
from socratic_core.rules._quantities import Quantity

__all__ = [
    "builtin_declarations",
    "category_of",
    "foreign_languages",
    "heading_category",
    "heading_scope",
    "language_scope",
    "names_read_language",
    "with_languages",
]


@functools.cache
def builtin_declarations() -> tuple[CheckDeclaration, ...]:
    """The declarations of the built-in checks, in registration order.

    Returns:
        One declaration per check the built-in plugin registers.
    """
    from socratic_core.rules.builtin.plugin import builtin_checks  # noqa: PLC0415 - a cycle

    first: dict[str, CheckDeclaration] = {}
    languages: dict[str, set[str]] = {}
    for check in builtin_checks():  # a rule's Python and TypeScript checks share one id
        first.setdefault(check.declaration.id, check.declaration)
        languages.setdefault(check.declaration.id, set()).update(check.languages)
    return tuple(
        with_languages(declaration, languages[check_id]) for check_id, declaration in first.items()
    )


def with_languages(declaration: CheckDeclaration, languages: Iterable[str]) -> CheckDeclaration:
    """The declaration, saying which languages its registered checks read."""
    return replace(declaration, languages=tuple(sorted(str(language) for language in languages)))


def declarations_or_default(
    declarations: Iterable[CheckDeclaration] | None,
) -> tuple[CheckDeclaration, ...]:
    """The given declarations, or the built-in ones for `None`."""
    return builtin_declarations() if declarations is None else tuple(declarations)


_CATEGORY_WORDS: tuple[tuple[Category, frozenset[str]], ...] = (
    (
        Category.SECURITY,
        frozenset(
            [
                "security",
                "secure",
                "secret",
                "password",
                "credential",
                "token",
                "injection",
                "xss",
                "csrf",
                "encrypt",
                "encryption",
                "tls",
                "ssl",
                "auth",
                "authentication",
                "authorization",
                "sanitize",
                "sanitise",
                "vulnerability",
                "cve",
                "permission",
                "hardcoded",
                "eval",
                "exec",
                "pickle",
            ]
        ),
    ),
    (
        Category.TESTING,
        frozenset(
            [
                "test",
                "testing",
                "coverage",
                "pytest",
                "unittest",
                "mock",
                "fixture",
                "tdd",
                "qa",
                "spec",
            ]
        ),
    ),
    (
        Category.PERFORMANCE,
        frozenset(
            [
                "performance",
                "latency",
                "fast",
                "faster",
                "slow",
                "cache",
                "caching",
                "memory",
                "async",
                "await",
                "optimize",
                "optimise",
                "efficient",
                "efficiency",
                "throughput",
                "speed",
                "n+1",
                "blocking",
            ]
        ),
    ),
    (
        Category.ARCHITECTURE,
        frozenset(
            [
                "architecture",
                "import",
                "module",
                "layer",
                "dependency",
                "depend",
                "package",
                "circular",
                "coupling",
                "interface",
                "service",
                "repository",
                "structure",
                "folder",
                "directory",
                "design",
                "boundary",
            ]
        ),
    ),
    (
        Category.QUALITY,
        frozenset(
            [
                "quality",
                "style",
                "name",
                "naming",
                "docstring",
                "comment",
                "type",
                "typing",
                "lint",
                "linter",
                "format",
                "formatting",
                "readable",
                "readability",
                "function",
                "variable",
                "class",
                "clean",
                "refactor",
                "snake_case",
                "camelcase",
                "indentation",
                "line",
                "duplication",
                "dry",
                "magic",
                "constant",
                "logging",
                "log",
                "exception",
                "error",
                "convention",
                "print",
                "debug",
                "debugging",
                "conventions",
            ]
        ),
    ),
)
_TIME_UNITS = frozenset({"ms", "s", "minutes"})


# A heading that names a language or framework scopes the rules under it to that language's files
# (`## TypeScript`, `### React components`); `*` matches across folders, so `*.ts` is any `.ts`.
_TYPESCRIPT = ("*.ts", "*.tsx", "*.mts", "*.cts")
_JAVASCRIPT = ("*.js", "*.jsx", "*.mjs", "*.cjs")
_LANGUAGE_SCOPES: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = (
    (frozenset({"typescript", "ts", "tsx"}), _TYPESCRIPT),
    (frozenset({"javascript", "js", "jsx", "node.js", "nodejs"}), _JAVASCRIPT),
    (frozenset({"react", "next.js", "nextjs", "jsx/tsx"}), ("*.jsx", "*.tsx")),
    (frozenset({"vue", "vue.js", "nuxt"}), ("*.vue",)),
    (frozenset({"svelte", "sveltekit"}), ("*.svelte",)),
    (frozenset({"astro"}), ("*.astro",)),
    (frozenset({"python"}), ("*.py", "*.pyi")),
)
# Every script language: what a construct of them all (`console.log`) names.
_ANY_SCRIPT = frozenset({"typescript", "tsx", "javascript", "jsx"})
# The languages each name means, as the checks say what they read (`Check.languages`).
_LANGUAGES_NAMED: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"typescript", "ts", "tsx"}), frozenset({"typescript", "tsx"})),
    (frozenset({"javascript", "js", "jsx", "node.js", "nodejs"}), frozenset({"javascript", "jsx"})),
    (frozenset({"react", "next.js", "nextjs", "jsx/tsx"}), frozenset({"tsx", "jsx"})),
    (frozenset({"console.log", "console.debug", "console.info", "console.trace"}), _ANY_SCRIPT),
)
# A cheap first look for `language_scope`, on the lowercased text: a word that is one of the
# names above is written with the name in it (`TypeScript`, `reacts`), and `ts` or `js` as a word
# of its own (`.ts`, `ts-node`), never inside one (`tests`, `jsonschema`).
_MAY_NAME_A_LANGUAGE = lazy(
    r"script|tsx|jsx|node|react|next|console|(?<![a-z0-9_*])[tj]s(?![a-z0-9_*])"
)
_SCRIPT_GLOBS = {
    "typescript": ("*.ts", "*.mts", "*.cts"),
    "tsx": ("*.tsx",),
    "javascript": ("*.js", "*.mjs", "*.cjs"),
    "jsx": ("*.jsx",),
    "python": ("*.py", "*.pyi"),
}
# Words that make a heading about something other than the language's files.
_NOT_FILES = frozenset({"test", "testing", "setup", "install", "version", "tooling", "config"})


# Languages no check reads, as a statement names them ("in Perl", "Go code", "shell scripts"):
# a rule about their code is not about Python or TS/JS code. Case matters for the names that are
# also English words (`Go`, `Swift`, `Dart`, `C`); `Go` that starts the statement is the verb.
_FOREIGN_NAMES = lazy(
    r"(?i:(?P<perl>\bperl\b)|(?P<golang>\bgolang\b)|(?P<rust>\brust\b)|(?P<ruby>\bruby\b)"
    r"|(?P<java>\bjava\b(?![.\w]*script))|(?P<csharp>(?<![\w#+])c#|\bcsharp\b)"
    r"|(?P<php>\bphp\b)|(?P<kotlin>\bkotlin\b)|(?P<scala>\bscala\b)|(?P<elixir>\belixir\b)"
    r"|(?P<haskell>\bhaskell\b)|(?P<lua>\blua\b)|(?P<cpp>(?<![\w#+])c\+\+|\bcpp\b|\bc/c\+\+)"
    r"|(?P<shell>\b(?:shell|sh)\s+(?:scripts?|files?)\b|\b(?:bash|zsh|powershell)\s+(?:scripts?|code|files?)\b"
    r"|\bin\s+(?:bash|zsh|powershell)\b))"
    r"|(?P<go>(?<!^)(?<![\w.$-])Go(?![\w-]))|(?P<swift>\bSwift\b)|(?P<dart>\bDart\b)"
    r"|(?P<c>(?<![\w.$-])C(?=\s+(?:code|files?|headers?|extensions?|sources?|programs?)\b))"
)
# What says a code span is another language's code: Perl (`print STDERR`, `my $x`, `eval {`,
# `$x->`), Go (`fmt.Sprintf`, `err != nil`), Rust (`println!`, `.unwrap()`, `let mut`),
# Java/C# (`System.out.println`, `Console.WriteLine`), C++ (`std::`), PHP (`$_GET`, `var_dump`).
_FOREIGN_CODE = lazy(
    r"(?P<perl>\bprint\s+STDERR\b|\bSTDERR->|\bmy\s+[$@%]\w|\beval\s*\{|\$\w+->|\buse\s+strict\b)"
    r"|(?P<go>\bfmt\.[A-Z]\w*|\berr\s*!=\s*nil\b|\bgo\s+func\b)"
    r"|(?P<rust>\b(?:e?println|print|format|panic|vec|macro_rules)!|\.unwrap\(\)|\blet\s+mut\b|\bunsafe\s*\{)"
    r"|(?P<java>\bSystem\.(?:out|err)\.print|\bConsole\.Write)"
    r"|(?P<cpp>\bstd::|\bprintf\s*\(|#include\b)"
    r"|(?P<php>\$_(?:GET|POST|REQUEST)\b|\bvar_dump\s*\(|\becho\s+\$)"
)
_CODE_SPAN = lazy(r"`([^`\n]+)`")
# A first look for `_FOREIGN_NAMES`, on `fold(text)`: every name it finds has one of these words.
_MAY_NAME_FOREIGN = lazy(
    r"\b(?:perl|go(?:lang)?|rust|ruby|java|c|csharp|php|kotlin|scala|elixir|haskell|lua|cpp"
    r"|bash|zsh|powershell|swift|dart|shell|sh)\b|c[#+]"
)
# "Unlike Go, ...", "coming from Java": the statement contrasts the language, it is not about it.
_CONTRAST = lazy(r"(?i:\b(?:unlike|than|(?:coming\s+)?from|instead\s+of|as\s+in|like\s+in)\s+$)")
_READ_LANGUAGE = frozenset(
    {"python", "typescript", "javascript", "ts", "js", "tsx", "jsx", "node.js"}
)
# A heading that starts with Go names the language unless Go is the verb ("## Go live").
_GO_HEADING = lazy(r"^Go(?:lang)?(?![\w-])(?!\s+(?:to|live|ahead|back|through|over|on|for)\b)")
# A statement that starts with Go names the language when a thing of its code follows ("Go code
# must not ...", "Go handlers: ..."); otherwise Go is the verb ("Go through the code and ...").
_GO_FIRST = lazy(
    r"^Go(?:lang)?(?:'s)?(?::|\s+(?:code|files?|modules?|packages?|services?|handlers?|programs?"
    r"|functions?|structs?|tests?|sources?|backends?|servers?|projects?|binar(?:y|ies)|apps?"
    r"|librar(?:y|ies)|errors?|routines?)\b)"
)


def names_read_language(text: str) -> bool:
    """Whether the text (Markdown cleaned) names Python or a TS/JS language: code a check reads."""
    return bool({str(word) for word in words(text)} & _READ_LANGUAGE)


def foreign_languages(text: str, *, heading: bool = False) -> frozenset[str]:
    """The languages no check reads that a statement is about, by name or by its code spans.

    "Avoid: `print STDERR ...`" (Perl), "in Go, never build SQL with `fmt.Sprintf`" and "Never use
    eval in Ruby code" are about those languages' code; a statement that names Python or a
    TS/JS language too ("Python and Go: ...") is about code a check reads, and a language named
    in contrast ("unlike Go, ...") is not what the statement is about.

    Args:
        text: The statement as written (code backticks kept).
        heading: Whether the text is a heading (`## Go`: a first `Go` is the language's name).

    Returns:
        The languages' names (`perl`, `go`, `cpp`, ...), or an empty set.
    """
    found: set[str] = set()
    if "`" in text:
        spans = (span.group(1) for span in _CODE_SPAN.finditer(text))
        found.update(str(code.lastgroup) for span in spans for code in _FOREIGN_CODE.finditer(span))
    if not found and _MAY_NAME_FOREIGN.search(fold(text)) is None:
        return frozenset()  # the usual case: one cheap search, no Markdown cleaning
    plain = clean_markdown(text)
    if names_read_language(plain):
        return frozenset()
    found.update(
        "go" if match.lastgroup == "golang" else str(match.lastgroup)
        for match in _FOREIGN_NAMES.finditer(plain)
        if _CONTRAST.search(plain, max(0, match.start() - 24), match.start()) is None
    )
    if (_GO_HEADING if heading else _GO_FIRST).match(plain):
        found.add("go")
    return frozenset(found)


def heading_scope(text: str) -> tuple[str, ...]:
    """The files a heading that names a language or framework scopes its rules to.

    `## TypeScript` scopes to `.ts`/`.tsx` files, `## React` to `.jsx`/`.tsx`, `## Python` to
    `.py`; a heading naming two languages (`## TypeScript and React`) scopes to both; one about
    testing or setup of a language scopes nothing.

    Args:
        text: The heading text.

    Returns:
        The globs, or `()` when the heading names no language.
    """
    found = {str(word) for word in words(clean_markdown(text))}
    if found & _NOT_FILES:
        return ()
    globs = [glob for names, scope in _LANGUAGE_SCOPES if found & names for glob in scope]
    return tuple(dict.fromkeys(globs))


def language_scope(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The script languages a statement's words name, and the globs of their files.

    "No `any` in TypeScript code" names TypeScript (`*.ts`, `*.mts`, `*.tsx` ...); `console.log`
    names TypeScript and JavaScript. Python alone narrows nothing (it is what every check
    reads), but named beside a script language it keeps its own files in the scope: "no print
    statements in Python and TypeScript" is about `*.py` and `*.ts` files.

    Args:
        text: The statement (Markdown cleaned).

    Returns:
        The languages (as `Check.languages` spells them) and the globs, or empty ones.
    """
    if _MAY_NAME_A_LANGUAGE.search(text.lower()) is None:
        return frozenset(), ()
    present = {str(word) for word in words(text)}
    named = [langs for names, langs in _LANGUAGES_NAMED if present & names]
    # A language named outright narrows what a construct implies: "no console.log in
    # TypeScript" is about TypeScript files, not every script `console.log` may be written in.
    outright = [langs for langs in named if langs is not _ANY_SCRIPT]
    languages = frozenset().union(*(outright or named))
    if languages and "python" in present:
        languages |= {"python"}
    globs = [glob for language in sorted(languages) for glob in _SCRIPT_GLOBS[language]]
    return languages, tuple(dict.fromkeys(globs))


def heading_category(text: str) -> Category | None:
    """The category a heading names (`## Security`, `### Code quality`), if any.

    Args:
        text: The heading text.

    Returns:
        The category, or `None` for a heading that names none.
    """
    return category_of(words(clean_markdown(text)), ())


def category_of(found: Iterable[str], quantities: Sequence[Quantity]) -> Category | None:
    """The category that statement words (or a time limit, for performance) point to, if any.

    Args:
        found: Normalised words.
        quantities: The statement's quantities.

    Returns:
        The first category whose keywords appear, in order security, testing, performance,
        architecture, quality; or `None`.
    """
    present = set(found)
    for category, keywords in _CATEGORY_WORDS:
        if present & keywords:
            return category
    if any(quantity.unit in _TIME_UNITS for quantity in quantities):
        return Category.PERFORMANCE
    return None
