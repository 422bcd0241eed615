"""The ruff-backed checks: each check's declaration beside its ruff codes and settings.

This table is the one home of these checks. Each entry declares a check exactly as any
built-in or third-party check is declared (its id, the frames instruction text names it by,
its parameters) and, next to it, the ruff codes that enforce it and the settings its
parameters become. `socratic_core.rules.builtin.ruff` registers them and runs ruff for all of
them at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from socratic_core.rules._nodes import Category, CheckDeclaration, Frame, ParamSpec, ParamValue

__all__ = [
    "MAX_SETTING",
    "RUFF_CHECK_ID",
    "RUFF_DECLARATIONS",
    "RUFF_RULES",
    "RuffRule",
    "int_setting",
]

RUFF_CHECK_ID = "ruff"
"""The id of the check that reaches any ruff rule: `ruff(select=[PTH])`, or `ruff.B006`."""

_QUA = Category.QUALITY
_SEC = Category.SECURITY

Settings = Callable[[Mapping[str, ParamValue]], dict[str, ParamValue]]

# PEP 8's naming rules are pep8-naming's, not pycodestyle's.
_NAMING = ("camelcase", "snake_case", "pascalcase", "naming", "name", "casing")
_LINE_LIMIT = ("characters", "chars", "columns")
# Lines of one part of a text, not of the code: a commit message's subject, footer and
# trailers, a title, a docstring's summary (see the line-length frame).
_ONE_LINE = ("first", "subject", "title", "heading", "summary", "commit", "footer", "trailer")
# "Formatting" alone is mostly the code's layout ("no formatting changes", "leave formatting to
# the formatter"): beside these words it is not string formatting, which the normaliser
# otherwise reads "% formatting" and ".format()" as (it drops the `%` and the dot).
_CODE_FORMATTING = (
    *("change", "commit", "diff", "formatter", "prettier", "black", "ruff"),
    *("whitespace", "indentation", "unrelated", "autoformat"),
    # "don't hand-format; let black own it": layout done by hand
    *("hand", "manually"),
)


def _none(_params: Mapping[str, ParamValue]) -> dict[str, ParamValue]:
    return {}


@dataclass(frozen=True, slots=True)
class RuffRule:
    """One ruff-backed check: its declaration and the ruff side of it.

    Attributes:
        declaration: The check's declaration (id, frames, parameters), as any check has.
        select: The ruff codes (or prefixes) that enforce it.
        settings: The rule's parameters -> ruff settings (dotted TOML keys such as
            `lint.mccabe.max-complexity`).
        codes: The rule's parameters -> the codes of `select` it enforces, where a parameter
            says which (type hints on return values only); `None`: all of them.
    """

    declaration: CheckDeclaration
    select: tuple[str, ...]
    settings: Settings = field(default=_none, compare=False)
    codes: Callable[[Mapping[str, ParamValue]], tuple[str, ...]] | None = field(
        default=None, compare=False
    )

    def select_for(self, params: Mapping[str, ParamValue]) -> tuple[str, ...]:
        """The ruff codes a rule with these parameters selects.

        Args:
            params: The rule's parameters.

        Returns:
            The codes (all of `select` unless `codes` narrows them).
        """
        return self.select if self.codes is None else self.codes(params)


MAX_SETTING = 65_535
"""The largest number a ruff setting here takes (ruff keeps a line length in 16 bits)."""


def int_setting(params: Mapping[str, ParamValue], name: str) -> int:
    """Return a numeric parameter as a ruff setting: a whole number from 1 to `MAX_SETTING`.

    Checked before ruff sees it: ruff refusing a value would fail every rule of its run.

    Args:
        params: The rule's parameters.
        name: The parameter.

    Returns:
        The value (a float is truncated).

    Raises:
        TypeError: It is not a number.
        ValueError: It is out of range.
    """
    value = params[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"parameter {name!r} must be a number, not {value!r}")
    if not 1 <= value <= MAX_SETTING:
        raise ValueError(f"parameter {name!r} must be from 1 to {MAX_SETTING}, not {value}")
    return int(value)


# What a statement asks to annotate: "annotate function return types" asks for return types
# only, "type hints for parameters and return values" for both (the default).
_ANNOTATED = (
    *(("parameter", "parameters"), ("argument", "parameters"), ("arg", "parameters")),
    *(("param", "parameters"), ("input", "parameters")),
    *(("return", "returns"), ("output", "returns")),
)

_TYPE_HINTS = CheckDeclaration(
    id="quality.type-hints",
    category=_QUA,
    params=(
        ParamSpec(
            "annotate",
            "list",
            default=("parameters", "returns"),
            description="`parameters`, `returns` or both (the default).",
            aliases=_ANNOTATED,
        ),
    ),
    frames=(
        Frame(
            concepts=(
                (
                    "type hint",
                    "type-hint",
                    "type hinting",
                    "type annotation",
                    "fully typed",
                    "statically typed",
                    "type signature",
                    "typing annotation",
                    "explicit typing",
                ),
            ),
            slots=("annotate",),
        ),
        Frame(
            concepts=(
                ("annotate", "annotated", "annotation"),
                ("function", "signature", "parameter", "argument", "return", "everything", "all"),
            ),
            slots=("annotate",),
        ),
        # "Use explicit return types": an explicit type on a return or a parameter is its hint;
        # "explicit return types on exports / for public APIs" is the module boundary's rule
        # (TypeScript's), which the check cannot tell apart
        Frame(
            concepts=(("explicit",), ("return type", "parameter type", "argument type")),
            slots=("annotate",),
            excludes=("export", "exported", "exports", "api", "apis"),
        ),
    ),
    description="Parameters and return values without type annotations.",
    fix_hint="Annotate every parameter and the return type.",
)

_MAX_LINE_LENGTH = CheckDeclaration(
    id="quality.max-line-length",
    category=_QUA,
    params=(
        ParamSpec("max", "int", default=100, units=_LINE_LIMIT, description="Characters per line."),
    ),
    frames=(
        Frame(
            concepts=(("line length", "line width", "line", "wrap", "wrapped", "code width"),),
            slots=("max",),
            # One named line (a commit's subject, a title, a docstring's summary) is not every
            # line of the code: "limit the first line to 72 characters" is about a message.
            excludes=_ONE_LINE,
        ),
    ),
    description="Lines longer than the limit.",
    fix_hint="Wrap the line.",
)

_ABSOLUTE_IMPORTS = CheckDeclaration(
    id="architecture.absolute-imports",
    category=Category.ARCHITECTURE,
    frames=(
        # "import local modules using the full path": a full path is an absolute import
        Frame(
            concepts=(("absolute", "full path", "fully qualified", "full module path"), ("import",))
        ),
        Frame(concepts=(("relative",), ("import",)), forbids=True),
    ),
    description="Relative imports where absolute ones are required.",
    fix_hint="Import from the package root.",
)

_MUTABLE_DEFAULTS = CheckDeclaration(
    id="quality.no-mutable-defaults",
    category=_QUA,
    frames=(
        Frame(
            concepts=(
                ("mutable", "list", "dict", "[]", "{}"),
                ("default", "default argument", "default value", "default parameter"),
            )
        ),
    ),
    description="Mutable values (lists, dicts, sets) as argument defaults (ruff B006).",
    fix_hint="Default to None and create the value inside the function.",
    forbids=True,
)

_WILDCARD_IMPORTS = CheckDeclaration(
    id="quality.no-wildcard-imports",
    category=_QUA,
    frames=(
        Frame(concepts=(("wildcard", "star", "import *", "from x import *"), ("import",))),
        Frame(concepts=(("import *",),)),
    ),
    description="`from module import *` and names it leaves undefined (ruff F403, F405).",
    fix_hint="Import the names you use, by name.",
    forbids=True,
)

_UNUSED_IMPORTS = CheckDeclaration(
    id="quality.no-unused-imports",
    category=_QUA,
    # One phrase, not two words anywhere in the clause: "remove unused code, enforce import
    # order" says nothing about unused imports.
    frames=(
        Frame(
            concepts=(("unused import", "dead import", "unnecessary import", "unneeded import"),)
        ),
    ),
    description="Imports that nothing in the module uses (ruff F401).",
    fix_hint="Remove the import, or re-export it in `__all__`.",
    forbids=True,
)

_UNUSED_VARIABLES = CheckDeclaration(
    id="quality.no-unused-variables",
    category=_QUA,
    frames=(Frame(concepts=(("unused", "dead"), ("variable", "local", "assignment"))),),
    description="Local variables assigned and never read (ruff F841).",
    fix_hint="Remove the assignment, or name the variable `_`.",
    forbids=True,
)

_FSTRINGS = CheckDeclaration(
    id="quality.prefer-fstrings",
    category=_QUA,
    frames=(
        Frame(
            concepts=(("f-string", "fstring", "f-strings", "formatted string literal"),),
            excludes=("placeholder",),
        ),
        Frame(
            concepts=(
                (
                    "%-formatting",
                    "% formatting",
                    "percent formatting",
                    ".format()",
                    "str.format",
                    "%s formatting",
                ),
            ),
            forbids=True,
            # ("% formatting" is the word `formatting` once read: formatting SQL or log calls
            # into strings is another check's business, or none)
            excludes=(*_CODE_FORMATTING, "sql", "query", "queries", "log", "logging", "logger"),
        ),
    ),
    description="`%` formatting and `str.format()` where an f-string reads better "
    "(ruff UP031, UP032).",
    fix_hint="Write an f-string.",
)

_PATHLIB = CheckDeclaration(
    id="quality.prefer-pathlib",
    category=_QUA,
    frames=(
        Frame(concepts=(("pathlib", "pathlib.path", "path object"),)),
        Frame(concepts=(("os.path",),), forbids=True),
    ),
    description="os.path and os file functions where pathlib has a method (ruff PTH).",
    fix_hint="Use pathlib.Path and its methods.",
)

_MAGIC_NUMBERS = CheckDeclaration(
    id="quality.no-magic-numbers",
    category=_QUA,
    frames=(
        Frame(
            concepts=(
                (
                    "magic number",
                    "magic value",
                    "magic constant",
                    "unnamed constant",
                    "hard-coded number",
                    "hardcoded number",
                    "numeric literal",
                    "number literal",
                ),
            )
        ),
    ),
    description="Numbers compared against without a name (ruff PLR2004).",
    fix_hint="Give the number a named constant.",
    forbids=True,
)

_ASSERT = CheckDeclaration(
    id="security.no-assert",
    category=_SEC,
    frames=(
        Frame(
            concepts=(("assert", "assert statement", "assertion", "bare assert"),),
            # "assert on the `never` case in exhaustive switches": TypeScript's exhaustiveness
            # checks, not Python's statement
            excludes=(
                *("validation", "validate", "self.assert", "method"),
                *("exhaustive", "exhaustiveness", "unreachable", "switch", "switches", "case"),
            ),
        ),
    ),
    description="`assert` statements, which `python -O` removes (ruff S101).",
    fix_hint="Raise an exception when the condition fails.",
    forbids=True,
)

_REQUESTS_TIMEOUT = CheckDeclaration(
    id="security.requests-timeout",
    category=_SEC,
    frames=(
        Frame(
            concepts=(
                (
                    "request",
                    "http call",
                    "http request",
                    "requests.get",
                    "httpx",
                    "network call",
                    "external call",
                ),
                ("timeout", "timeout="),
            ),
            excludes=("global",),
        ),
    ),
    description="requests/httpx calls without a timeout (ruff S113).",
    fix_hint="Pass timeout= to every request.",
)

_AWARE = ("datetime", "timestamp", "date", "time")
_TIMEZONE_AWARE = CheckDeclaration(
    id="quality.timezone-aware-datetime",
    category=_QUA,
    frames=(
        Frame(
            concepts=(
                (
                    "timezone-aware",
                    "timezone aware",
                    "tz-aware",
                    "aware datetime",
                    "aware",
                    "tzinfo",
                ),
                _AWARE,
            )
        ),
        Frame(concepts=(("naive",), _AWARE), forbids=True),
        Frame(concepts=(("datetime.now()", "datetime.utcnow", "utcnow"),), forbids=True),
    ),
    description="datetime calls that make naive (timezone-less) values (ruff DTZ).",
    fix_hint="Pass tz= (datetime.now(tz=UTC)) or use an aware constructor.",
)

_PEP8 = CheckDeclaration(
    id="quality.pep8",
    category=_QUA,
    params=(
        ParamSpec(
            "max_line_length",
            "int",
            default=79,
            units=_LINE_LIMIT,
            description="PEP 8's line length.",
        ),
    ),
    frames=(
        Frame(concepts=(("pep 8", "pep8", "pep-8", "pycodestyle"),), excludes=_NAMING, slots=()),
        Frame(
            concepts=(
                ("pep 8", "pep8", "pep-8"),
                ("style", "guideline", "guide", "convention", "compliance", "standard"),
            ),
            excludes=_NAMING,
            slots=(),
        ),
    ),
    description="pycodestyle's errors and warnings (ruff E, W).",
    fix_hint="Reformat the code (ruff format fixes most of these).",
)

_PARAMETER_CODES = ("ANN001", "ANN002", "ANN003")
_RETURN_CODES = ("ANN201", "ANN202", "ANN204", "ANN205", "ANN206")
_TYPE_HINT_CODES = (*_PARAMETER_CODES, *_RETURN_CODES)


def _annotated(params: Mapping[str, ParamValue]) -> tuple[str, ...]:
    """The ANN codes for what a type-hints rule asks to annotate (both when it names neither)."""
    value = params.get("annotate", ())
    named = {str(word).lower() for word in (value if isinstance(value, tuple) else (value,))}
    parameters = _PARAMETER_CODES if "parameters" in named else ()
    returns = _RETURN_CODES if "returns" in named else ()
    return (*parameters, *returns) or _TYPE_HINT_CODES


RUFF_RULES: dict[str, RuffRule] = {
    rule.declaration.id: rule
    for rule in (
        RuffRule(_MUTABLE_DEFAULTS, ("B006",)),
        RuffRule(_WILDCARD_IMPORTS, ("F403", "F405")),
        RuffRule(_UNUSED_IMPORTS, ("F401",)),
        RuffRule(_UNUSED_VARIABLES, ("F841",)),
        RuffRule(_FSTRINGS, ("UP031", "UP032")),
        RuffRule(_PATHLIB, ("PTH",)),
        RuffRule(_MAGIC_NUMBERS, ("PLR2004",)),
        RuffRule(_ASSERT, ("S101",)),
        RuffRule(_REQUESTS_TIMEOUT, ("S113",)),
        RuffRule(_TIMEZONE_AWARE, ("DTZ",)),
        RuffRule(
            _PEP8,
            ("E", "W"),
            lambda p: {"lint.pycodestyle.max-line-length": int_setting(p, "max_line_length")},
        ),
        RuffRule(
            _MAX_LINE_LENGTH,
            ("E501",),
            lambda p: {"lint.pycodestyle.max-line-length": int_setting(p, "max")},
        ),
        RuffRule(
            _TYPE_HINTS,
            _TYPE_HINT_CODES,
            lambda _p: {"lint.flake8-annotations.mypy-init-return": True},
            _annotated,
        ),
        RuffRule(
            _ABSOLUTE_IMPORTS,
            ("TID252",),
            lambda _p: {"lint.flake8-tidy-imports.ban-relative-imports": "all"},
        ),
    )
}
"""Check id -> its declaration, ruff codes and settings. Every id here is enforced by ruff."""

_ANY_RULE = CheckDeclaration(
    id=RUFF_CHECK_ID,
    category=_QUA,
    params=(
        ParamSpec("select", "list", description="ruff codes or prefixes (B006, PTH)."),
        ParamSpec("ignore", "list", default=(), description="Codes to leave out."),
        ParamSpec("max_complexity", "int", default=10, description="mccabe (C901)."),
        ParamSpec("line_length", "int", default=88, description="E501's limit."),
        ParamSpec(
            "convention", "str", default="pep257", description="google, numpy or pep257 (D)."
        ),
        ParamSpec("banned", "list", default=(), description="Banned modules (TID251)."),
    ),
    description="Any ruff rule, by code: `ruff.B006` or `ruff(select=[PTH])`.",
    fix_hint="See the rule's page in ruff's documentation.",
)

RUFF_DECLARATIONS: tuple[CheckDeclaration, ...] = (
    *(rule.declaration for rule in RUFF_RULES.values()),
    _ANY_RULE,
)
"""The declarations of the ruff-backed checks (the `ruff` check last)."""
