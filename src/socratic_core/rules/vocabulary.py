"""The built-in vocabulary: declarations (no code) of the checks socratic_core ships.

The resolver matches instruction statements against these phrases; the built-in validators
attach the functions that check to the same ids. A phrase may hold `{param}` placeholders that
capture a word, a dotted module name, a glob or a comma/`or`-separated list into that parameter.
`opposites` name the other side of a check (`relative imports` for absolute-imports), so a
statement that asks for it is recognised and kept unenforced instead of being enforced backwards.
"""

from __future__ import annotations

from socratic_core.rules.builtin.ruff_rules import RUFF_DECLARATIONS
from socratic_core.rules.nodes import Category, CheckDeclaration, ParamSpec

__all__ = ["BUILTIN_DECLARATIONS", "builtin_declaration"]

_SEC = Category.SECURITY
_QUA = Category.QUALITY
_ARC = Category.ARCHITECTURE
_PERF = Category.PERFORMANCE

BUILTIN_DECLARATIONS: tuple[CheckDeclaration, ...] = (
    # --- security -------------------------------------------------------------------------------
    CheckDeclaration(
        id="security.no-hardcoded-secrets",
        category=_SEC,
        phrases=(
            "hardcoded secrets",
            "hardcoded credentials",
            "hardcoded passwords",
            "hardcoded api keys",
            "hardcoded tokens",
            "secrets in code",
            "secrets in source code",
            "commit secrets",
            "credentials in code",
            "api keys in code",
        ),
        description="Passwords, keys and tokens written into the code as literals.",
        fix_hint="Read the value from the environment or a secret store.",
        forbids=True,
    ),
    CheckDeclaration(
        id="security.no-eval",
        category=_SEC,
        phrases=("eval", "exec", "eval or exec", "dynamic code execution"),
        description="Calls to eval() or exec(), which run arbitrary code.",
        fix_hint="Parse the input (ast.literal_eval, json) or dispatch to known functions.",
        forbids=True,
    ),
    CheckDeclaration(
        id="security.no-shell-injection",
        category=_SEC,
        phrases=(
            "shell injection",
            "shell=True",
            "os.system",
            "os.popen",
            "shell commands built from input",
        ),
        description="Commands run through a shell: shell=True, os.system, os.popen.",
        fix_hint="Pass an argument list to subprocess.run without shell=True.",
        forbids=True,
    ),
    CheckDeclaration(
        id="security.no-unsafe-deserialization",
        category=_SEC,
        phrases=(
            "unsafe deserialization",
            "pickle",
            "marshal",
            "shelve",
            "yaml.load",
            "deserialize untrusted data",
        ),
        description="pickle, marshal, shelve or yaml.load without a safe loader.",
        fix_hint="Use json, or yaml.safe_load, for data that crosses a trust boundary.",
        forbids=True,
    ),
    CheckDeclaration(
        id="security.no-weak-hashes",
        category=_SEC,
        phrases=("weak hashes", "weak hash algorithms", "md5", "sha1", "md5 or sha1"),
        params=(
            ParamSpec(
                "algorithms",
                "list",
                default=("md5", "sha1"),
                description="Hash algorithms that count as weak.",
            ),
        ),
        description="Weak hash algorithms (md5, sha1) used where security matters.",
        fix_hint="Use hashlib.sha256 or stronger; pass usedforsecurity=False for checksums.",
        forbids=True,
    ),
    CheckDeclaration(
        id="security.no-sql-string-building",
        category=_SEC,
        phrases=(
            "sql injection",
            "sql built from strings",
            "build sql from strings",
            "sql from strings",
            "string concatenation to build sql",
            "sql string concatenation",
            "f-strings in sql",
            "string formatting in sql",
            "string concatenation in sql",
            "raw sql strings",
        ),
        opposites=(
            "parameterized queries",
            "parameterised queries",
            "bound parameters",
            "query parameters",
        ),
        description="SQL built by string formatting or concatenation and passed to execute().",
        fix_hint="Pass values as bound parameters instead of formatting them into the SQL.",
        forbids=True,
    ),
    CheckDeclaration(
        id="security.password-hashing",
        category=_SEC,
        phrases=(
            "hash passwords with {algorithms}",
            "hash passwords using {algorithms}",
            "passwords hashed with {algorithms}",
            "passwords must be hashed with {algorithms}",
            "{algorithms} for password hashing",
            "{algorithms} to hash passwords",
            "password hashing algorithm {algorithms}",
        ),
        params=(
            ParamSpec(
                "algorithms",
                "list",
                default=("argon2", "bcrypt", "scrypt"),
                description="The password-hashing algorithms that are allowed.",
            ),
        ),
        description="Passwords hashed with something other than the required algorithm.",
        fix_hint="Hash passwords with one of the allowed key-derivation functions.",
    ),
    CheckDeclaration(
        id="security.tls-verification",
        category=_SEC,
        phrases=(
            "tls verification",
            "ssl verification",
            "certificate verification",
        ),
        opposites=(
            "verify=False",
            "disable tls verification",
            "disable ssl verification",
            "disable certificate verification",
            "skip tls verification",
            "skip ssl verification",
            "skip certificate verification",
        ),
        description="TLS certificate verification turned off (verify=False, CERT_NONE).",
        fix_hint="Keep verification on; point verify= at a CA bundle if you need a private CA.",
    ),
    # --- quality --------------------------------------------------------------------------------
    CheckDeclaration(
        id="quality.docstrings",
        category=_QUA,
        phrases=(
            "docstrings",
            "docstring",
            "public functions have docstrings",
            "document public functions",
            "document all functions",
        ),
        params=(
            ParamSpec(
                "visibility",
                "str",
                default="public",
                description="`public` checks public objects only, `all` checks everything.",
            ),
        ),
        description="Functions, classes and modules without a docstring.",
        fix_hint="Add a docstring that says what the object does.",
    ),
    CheckDeclaration(
        id="quality.type-hints",
        category=_QUA,
        phrases=("type hints", "type annotations", "typed functions", "annotate types"),
        description="Parameters and return values without type annotations.",
        fix_hint="Annotate every parameter and the return type.",
    ),
    CheckDeclaration(
        id="quality.max-function-length",
        category=_QUA,
        phrases=(
            "function length",
            "function size",
            "method length",
            "functions",
        ),
        opposites=("functions exceed", "long functions", "functions longer than"),
        params=(ParamSpec("max", "int", default=50, units=("lines",), description="Lines."),),
        description="Functions longer than the limit.",
        fix_hint="Split the function into smaller ones.",
    ),
    CheckDeclaration(
        id="quality.max-line-length",
        category=_QUA,
        phrases=("line length", "lines"),
        opposites=("lines longer than", "long lines", "lines exceed"),
        params=(
            ParamSpec(
                "max", "int", default=100, units=("characters", "chars", "columns"), description=""
            ),
        ),
        description="Lines longer than the limit.",
        fix_hint="Wrap the line.",
    ),
    CheckDeclaration(
        id="quality.max-file-length",
        category=_QUA,
        phrases=(
            "file length",
            "file size",
            "files",
            "modules",
        ),
        opposites=("files longer than", "long files", "files exceed"),
        params=(ParamSpec("max", "int", default=500, units=("lines",), description="Lines."),),
        description="Files longer than the limit.",
        fix_hint="Split the module.",
    ),
    CheckDeclaration(
        id="quality.max-complexity",
        category=_QUA,
        phrases=("cyclomatic complexity", "complexity", "mccabe complexity"),
        opposites=("high complexity", "high cyclomatic complexity", "complex functions"),
        params=(ParamSpec("max", "int", default=10, description="Cyclomatic complexity."),),
        description="Functions whose cyclomatic complexity is over the limit.",
        fix_hint="Extract branches into helper functions or use a lookup table.",
    ),
    CheckDeclaration(
        id="quality.no-bare-except",
        category=_QUA,
        phrases=("bare except", "bare excepts", "bare except clauses", "catch all exceptions"),
        description="`except:` with no exception type.",
        fix_hint="Catch the exceptions you expect, by type.",
        forbids=True,
    ),
    CheckDeclaration(
        id="quality.no-swallowed-exceptions",
        category=_QUA,
        phrases=(
            "swallowed exceptions",
            "swallow exceptions",
            "silently ignore exceptions",
            "except pass",
            "empty except blocks",
        ),
        description="Exception handlers that do nothing (`except ...: pass`).",
        fix_hint="Handle, log or re-raise the exception.",
        forbids=True,
    ),
    CheckDeclaration(
        id="quality.no-print",
        category=_QUA,
        phrases=("print", "print statements", "print instead of logging", "print for logging"),
        description="print() calls where logging belongs.",
        fix_hint="Use the logging module.",
        forbids=True,
    ),
    # --- architecture ---------------------------------------------------------------------------
    CheckDeclaration(
        id="architecture.no-circular-imports",
        category=_ARC,
        phrases=("circular imports", "circular dependencies", "import cycles"),
        description="Modules that import each other, directly or through others.",
        fix_hint="Move the shared code into a module both can import.",
        forbids=True,
    ),
    CheckDeclaration(
        id="architecture.forbidden-import",
        category=_ARC,
        phrases=(
            "module {source} import {target}",
            "{source} module import {target}",
            "{source} package import {target}",
            "{source} import {target}",
            "import {target} from {source}",
            "import {target} in {source}",
            "{source} depend on {target}",
        ),
        params=(
            ParamSpec("source", "str", description="Module (glob) that must not import."),
            ParamSpec("target", "str", description="Module (glob) it must not import."),
        ),
        description="A module that imports another it must not.",
        fix_hint="Invert the dependency or go through the layer in between.",
        forbids=True,
    ),
    CheckDeclaration(
        id="architecture.absolute-imports",
        category=_ARC,
        phrases=("absolute imports",),
        opposites=("relative imports",),
        description="Relative imports where absolute ones are required.",
        fix_hint="Import from the package root.",
    ),
    CheckDeclaration(
        id="architecture.no-global-mutable-state",
        category=_ARC,
        phrases=(
            "global mutable state",
            "global state",
            "mutable globals",
            "global variables",
            "module-level mutable state",
        ),
        description="Module-level mutable objects and `global` statements.",
        fix_hint="Pass state explicitly or keep it on an object.",
        forbids=True,
    ),
    # --- performance ----------------------------------------------------------------------------
    CheckDeclaration(
        id="performance.no-blocking-in-async",
        category=_PERF,
        phrases=(
            "blocking calls in async",
            "blocking calls in async code",
            "blocking io in async functions",
            "time.sleep in async",
            "block the event loop",
        ),
        description="Blocking calls (time.sleep, requests, sync file or socket I/O) in async code.",
        fix_hint="Use the async equivalent or run the call in a thread.",
        forbids=True,
    ),
    CheckDeclaration(
        id="performance.no-query-in-loop",
        category=_PERF,
        phrases=(
            "queries in loops",
            "database queries in loops",
            "n+1 queries",
            "n+1",
            "query inside a loop",
        ),
        description="Database queries executed inside a loop (N+1).",
        fix_hint="Fetch everything in one query before the loop.",
        forbids=True,
    ),
    CheckDeclaration(
        id="performance.no-string-concat-in-loop",
        category=_PERF,
        phrases=(
            "string concatenation in loops",
            "concatenate strings in loops",
            "string concatenation in a loop",
        ),
        description="Strings built with += inside a loop.",
        fix_hint="Collect the parts in a list and ''.join() them.",
        forbids=True,
    ),
    *RUFF_DECLARATIONS,  # the checks only ruff backs: rules/builtin/ruff_rules.py
)

_BY_ID = {declaration.id: declaration for declaration in BUILTIN_DECLARATIONS}


def builtin_declaration(check_id: str) -> CheckDeclaration:
    """Return the built-in declaration with this id.

    Args:
        check_id: A built-in check id such as `security.no-eval`.

    Returns:
        The declaration.

    Raises:
        KeyError: If no built-in check has that id.
    """
    return _BY_ID[check_id]
