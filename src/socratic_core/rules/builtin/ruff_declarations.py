"""Vocabulary for the checks backed by ruff rules: their declarations, ready for the checks.

The ruff-backed plugin's checks take their declarations from here (`Check(RUFF_DECLARATIONS[id],
function)`), so what instruction text names them by sits in one place; until such a check is
registered, the resolver still recognises the statements that name it and keeps them
unenforced under its id instead of letting another check claim them.
"""

from __future__ import annotations

from socratic_core.rules.nodes import Category, CheckDeclaration, Frame

__all__ = ["RUFF_DECLARATIONS"]

# PEP 8's naming rules are pep8-naming's, not pycodestyle's.
_NAMING = ("camelcase", "snake_case", "pascalcase", "naming", "name", "casing")

_DECLARATIONS = (
    CheckDeclaration(
        id="quality.no-mutable-defaults",
        category=Category.QUALITY,
        frames=(
            Frame(
                concepts=(
                    ("mutable", "list", "dict", "[]", "{}"),
                    ("default", "default argument", "default value", "default parameter"),
                )
            ),
        ),
        description="Mutable default arguments (`def f(x=[])`), shared between calls (ruff B006).",
        fix_hint="Default to None and create the object inside the function.",
        forbids=True,
    ),
    CheckDeclaration(
        id="quality.no-wildcard-imports",
        category=Category.QUALITY,
        frames=(
            Frame(concepts=(("wildcard", "star", "import *", "from x import *"), ("import",))),
            Frame(concepts=(("import *",),)),
        ),
        description="`from module import *` (ruff F403, F405).",
        fix_hint="Import the names you use.",
        forbids=True,
    ),
    CheckDeclaration(
        id="quality.no-unused-imports",
        category=Category.QUALITY,
        frames=(Frame(concepts=(("unused", "dead", "unnecessary"), ("import",))),),
        description="Imports that nothing uses (ruff F401).",
        fix_hint="Remove the import.",
        forbids=True,
    ),
    CheckDeclaration(
        id="quality.no-unused-variables",
        category=Category.QUALITY,
        frames=(Frame(concepts=(("unused", "dead"), ("variable", "local", "assignment"))),),
        description="Local variables assigned and never used (ruff F841).",
        fix_hint="Remove the assignment, or name the value `_`.",
        forbids=True,
    ),
    CheckDeclaration(
        id="quality.prefer-fstrings",
        category=Category.QUALITY,
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
            ),
        ),
        description=(
            "`%` formatting and `str.format()` where an f-string reads better (ruff UP031, UP032)."
        ),
        fix_hint="Write an f-string.",
    ),
    CheckDeclaration(
        id="quality.prefer-pathlib",
        category=Category.QUALITY,
        frames=(
            Frame(concepts=(("pathlib", "pathlib.path"),)),
            Frame(concepts=(("os.path",),), forbids=True),
        ),
        description="`os.path` and `open()` on strings where pathlib fits (ruff PTH).",
        fix_hint="Use pathlib.Path.",
    ),
    CheckDeclaration(
        id="quality.no-magic-numbers",
        category=Category.QUALITY,
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
                    ),
                )
            ),
        ),
        description="Unnamed numbers in comparisons (ruff PLR2004).",
        fix_hint="Give the number a name: a module-level constant.",
        forbids=True,
    ),
    CheckDeclaration(
        id="security.no-assert",
        category=Category.SECURITY,
        frames=(
            Frame(
                concepts=(("assert", "assert statement", "assertion", "bare assert"),),
                excludes=("validation", "validate", "self.assert", "method"),
            ),
        ),
        description=(
            "`assert` in code that runs in production, where `python -O` removes it (ruff S101)."
        ),
        fix_hint="Raise an exception instead.",
        forbids=True,
    ),
    CheckDeclaration(
        id="security.requests-timeout",
        category=Category.SECURITY,
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
        description="HTTP requests made without a timeout (ruff S113).",
        fix_hint="Pass timeout= to every request.",
    ),
    CheckDeclaration(
        id="quality.timezone-aware-datetime",
        category=Category.QUALITY,
        frames=(
            Frame(
                concepts=(
                    ("timezone-aware", "timezone aware", "tz-aware", "aware datetime", "aware"),
                    ("datetime", "timestamp", "date", "time"),
                )
            ),
            Frame(concepts=(("naive",), ("datetime", "timestamp", "date", "time")), forbids=True),
            Frame(concepts=(("datetime.now()", "datetime.utcnow", "utcnow"),), forbids=True),
        ),
        description="Naive datetimes: `datetime.now()` without a timezone (ruff DTZ).",
        fix_hint="Pass tz=datetime.UTC (or another timezone).",
    ),
    CheckDeclaration(
        id="quality.pep8",
        category=Category.QUALITY,
        frames=(
            Frame(
                concepts=(("pep 8", "pep8", "pep-8", "pycodestyle"),),
                excludes=_NAMING,
                slots=(),
            ),
            Frame(
                concepts=(
                    ("pep 8", "pep8", "pep-8"),
                    ("style", "guideline", "guide", "convention", "compliance", "standard"),
                ),
                excludes=_NAMING,
                slots=(),
            ),
        ),
        description="pycodestyle errors and warnings (ruff E, W).",
        fix_hint="Format the code (ruff format) and fix what remains.",
    ),
)

RUFF_DECLARATIONS: dict[str, CheckDeclaration] = {d.id: d for d in _DECLARATIONS}
"""The declarations of the ruff-backed checks, by id."""
