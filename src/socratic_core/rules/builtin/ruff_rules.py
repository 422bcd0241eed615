"""Which checks ruff enforces: each check id, its declaration, its ruff codes and settings.

This table is the one home of the mapping. The declarations of the checks that only ruff backs
are here (the vocabulary adds them to the built-in declarations); the checks socratic_core
declared before ruff backed them keep their declaration in `vocabulary.py` and get their ruff
codes here. `socratic_core.rules.builtin.ruff` runs ruff for all of them at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from socratic_core.rules.nodes import Category, CheckDeclaration, Frame, ParamSpec, ParamValue

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


def _none(_params: Mapping[str, ParamValue]) -> dict[str, ParamValue]:
    return {}


@dataclass(frozen=True, slots=True)
class RuffRule:
    """The ruff side of one check.

    Attributes:
        select: The ruff codes (or prefixes) that enforce it.
        settings: The rule's parameters -> ruff settings (dotted TOML keys such as
            `lint.mccabe.max-complexity`).
    """

    select: tuple[str, ...]
    settings: Settings = field(default=_none, compare=False)


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


RUFF_RULES: dict[str, RuffRule] = {
    "quality.no-mutable-defaults": RuffRule(("B006",)),
    "quality.no-wildcard-imports": RuffRule(("F403", "F405")),
    "quality.no-unused-imports": RuffRule(("F401",)),
    "quality.no-unused-variables": RuffRule(("F841",)),
    "quality.prefer-fstrings": RuffRule(("UP031", "UP032")),
    "quality.prefer-pathlib": RuffRule(("PTH",)),
    "quality.no-magic-numbers": RuffRule(("PLR2004",)),
    "security.no-assert": RuffRule(("S101",)),
    "security.requests-timeout": RuffRule(("S113",)),
    "quality.timezone-aware-datetime": RuffRule(("DTZ",)),
    "quality.pep8": RuffRule(
        ("E", "W"),
        lambda p: {"lint.pycodestyle.max-line-length": int_setting(p, "max_line_length")},
    ),
    "quality.max-line-length": RuffRule(
        ("E501",), lambda p: {"lint.pycodestyle.max-line-length": int_setting(p, "max")}
    ),
    "quality.type-hints": RuffRule(
        ("ANN001", "ANN002", "ANN003", "ANN201", "ANN202", "ANN204", "ANN205", "ANN206"),
        lambda _p: {"lint.flake8-annotations.mypy-init-return": True},
    ),
    "architecture.absolute-imports": RuffRule(
        ("TID252",), lambda _p: {"lint.flake8-tidy-imports.ban-relative-imports": "all"}
    ),
}
"""Check id -> its ruff codes and settings. Every id here is enforced by ruff."""

RUFF_DECLARATIONS: tuple[CheckDeclaration, ...] = (
    CheckDeclaration(
        id="quality.type-hints",
        category=Category.QUALITY,
        frames=(
            Frame(
                concepts=(
                    (
                        "type hint",
                        "type-hint",
                        "type annotation",
                        "fully typed",
                        "statically typed",
                        "type signature",
                        "typing annotation",
                    ),
                )
            ),
            Frame(
                concepts=(
                    ("annotate", "annotated", "annotation"),
                    (
                        "function",
                        "signature",
                        "parameter",
                        "argument",
                        "return",
                        "everything",
                        "all",
                    ),
                )
            ),
        ),
        description="Parameters and return values without type annotations.",
        fix_hint="Annotate every parameter and the return type.",
    ),  # ruff-backed since issue 9
    CheckDeclaration(
        id="quality.max-line-length",
        category=Category.QUALITY,
        params=(
            ParamSpec(
                "max",
                "int",
                default=100,
                units=("characters", "chars", "columns"),
                description="Characters per line.",
            ),
        ),
        frames=(
            Frame(
                concepts=(("line length", "line width", "line", "wrap", "wrapped", "code width"),),
                slots=("max",),
            ),
        ),
        description="Lines longer than the limit.",
        fix_hint="Wrap the line.",
    ),  # ruff-backed since issue 9
    CheckDeclaration(
        id="architecture.absolute-imports",
        category=Category.ARCHITECTURE,
        frames=(
            Frame(concepts=(("absolute",), ("import",))),
            Frame(concepts=(("relative",), ("import",)), forbids=True),
        ),
        description="Relative imports where absolute ones are required.",
        fix_hint="Import from the package root.",
    ),  # ruff-backed since issue 9
    CheckDeclaration(
        id="quality.no-mutable-defaults",
        category=_QUA,
        phrases=(
            "mutable default arguments",
            "mutable defaults",
            "mutable default values",
            "lists or dicts as default arguments",
        ),
        description="Mutable values (lists, dicts, sets) as argument defaults (ruff B006).",
        fix_hint="Default to None and create the value inside the function.",
        forbids=True,
    ),
    CheckDeclaration(
        id="quality.no-wildcard-imports",
        category=_QUA,
        phrases=("wildcard imports", "star imports", "import *", "from module import *"),
        description="`from module import *` and names it leaves undefined (ruff F403, F405).",
        fix_hint="Import the names you use, by name.",
        forbids=True,
    ),
    CheckDeclaration(
        id="quality.no-unused-imports",
        category=_QUA,
        phrases=("unused imports", "imports that are not used", "dead imports"),
        description="Imports that nothing in the module uses (ruff F401).",
        fix_hint="Remove the import, or re-export it in `__all__`.",
        forbids=True,
    ),
    CheckDeclaration(
        id="quality.no-unused-variables",
        category=_QUA,
        phrases=("unused variables", "unused local variables", "variables that are never used"),
        description="Local variables assigned and never read (ruff F841).",
        fix_hint="Remove the assignment, or name the variable `_`.",
        forbids=True,
    ),
    CheckDeclaration(
        id="quality.prefer-fstrings",
        category=_QUA,
        phrases=("f-strings", "f-strings for formatting", "f-strings over format"),
        opposites=("percent formatting", "str.format", "% formatting"),
        description="`%` formatting and `str.format()` where an f-string reads better "
        "(ruff UP031, UP032).",
        fix_hint="Write an f-string.",
    ),
    CheckDeclaration(
        id="quality.prefer-pathlib",
        category=_QUA,
        phrases=("pathlib", "pathlib over os.path", "pathlib instead of os.path"),
        opposites=("os.path",),
        description="os.path and os file functions where pathlib has a method (ruff PTH).",
        fix_hint="Use pathlib.Path and its methods.",
    ),
    CheckDeclaration(
        id="quality.no-magic-numbers",
        category=_QUA,
        phrases=("magic numbers", "magic values", "unnamed numeric constants"),
        description="Numbers compared against without a name (ruff PLR2004).",
        fix_hint="Give the number a named constant.",
        forbids=True,
    ),
    CheckDeclaration(
        id="security.no-assert",
        category=_SEC,
        phrases=(
            "assert",
            "assert statements",
            "assert in production code",
            "assert for validation",
        ),
        description="`assert` statements, which `python -O` removes (ruff S101).",
        fix_hint="Raise an exception when the condition fails.",
        forbids=True,
    ),
    CheckDeclaration(
        id="security.requests-timeout",
        category=_SEC,
        phrases=(
            "requests without a timeout",
            "http requests without timeouts",
            "timeouts on requests",
            "timeout on every http request",
        ),
        description="requests/httpx calls without a timeout (ruff S113).",
        fix_hint="Pass timeout= to every request.",
    ),
    CheckDeclaration(
        id="quality.timezone-aware-datetime",
        category=_QUA,
        phrases=(
            "timezone-aware datetimes",
            "timezone aware datetimes",
            "naive datetimes",
            "datetime without a timezone",
            "datetime.now() without tz",
        ),
        description="datetime calls that make naive (timezone-less) values (ruff DTZ).",
        fix_hint="Pass tz= (datetime.now(tz=UTC)) or use an aware constructor.",
    ),
    CheckDeclaration(
        id="quality.pep8",
        category=_QUA,
        phrases=("pep 8", "pep8", "pycodestyle", "pep 8 style", "the pep 8 style guide"),
        params=(
            ParamSpec(
                "max_line_length",
                "int",
                default=79,
                units=("characters", "chars", "columns"),
                description="PEP 8's line length.",
            ),
        ),
        description="pycodestyle's errors and warnings (ruff E, W).",
        fix_hint="Reformat the code (ruff format fixes most of these).",
    ),
    CheckDeclaration(
        id=RUFF_CHECK_ID,
        category=_QUA,
        phrases=(),
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
    ),
)
"""The declarations of the checks only ruff backs."""
