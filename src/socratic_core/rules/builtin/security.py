"""Built-in security checks: secrets, eval/exec, shell, deserialization, hashes, SQL, TLS."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from socratic_core.rules.analysis import SourceFile
from socratic_core.rules.builtin._common import (
    find_tokens,
    is_placeholder,
    is_secret_name,
    keyword,
    looks_random,
    make_check,
    string_value,
)
from socratic_core.rules.checks import Check, CheckContext, Finding
from socratic_core.rules.nodes import Category, CheckDeclaration, Frame, ParamSpec

__all__ = ["CHECKS"]

# What a secret is called in instruction text.
_SECRETS = (
    "secret",
    "credential",
    "password",
    "api key",
    "token",
    "private key",
    "access key",
    "passphrase",
)


# --- hardcoded secrets ---------------------------------------------------------------------------
def _target_name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return string_value(node) or ""


def _named_literals(source: SourceFile) -> Iterator[tuple[str, ast.Constant]]:
    """Yield (name, literal) for every string literal bound to a name, keyword or dict key."""
    assert source.index is not None  # noqa: S101 - python_files are indexed
    for site in source.index.assigns:
        node = site.node
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if isinstance(node.value, ast.Constant):
            for target in targets:
                yield _target_name(target), node.value
    secret_keywords = [name for name in source.index.keyword_names if is_secret_name(name)]
    for call in source.index.calls_with_keyword(*secret_keywords):
        for kw in call.node.keywords:
            if kw.arg in secret_keywords and isinstance(kw.value, ast.Constant):
                yield kw.arg, kw.value
    for call in source.index.calls_named("dict", "os.environ.setdefault"):
        if len(call.node.args) == 2:
            key, value = call.node.args
            if isinstance(value, ast.Constant):
                yield string_value(key) or "", value


def _dict_literals(source: SourceFile) -> Iterator[tuple[str, ast.Constant]]:
    # Dictionary displays are not indexed on their own; their keys are string constants.
    assert source.index is not None  # noqa: S101
    for site in source.index.assigns:
        value = site.node.value
        if isinstance(value, ast.Dict):
            for key, item in zip(value.keys, value.values, strict=True):
                if key is not None and isinstance(item, ast.Constant):
                    yield string_value(key) or "", item


def _secret_findings(source: SourceFile) -> Iterator[Finding]:
    assert source.index is not None  # noqa: S101
    reported: set[int] = set()
    for name, literal in (*_named_literals(source), *_dict_literals(source)):
        value = literal.value
        if isinstance(value, str) and is_secret_name(name) and not is_placeholder(value):
            reported.add(id(literal))
            yield Finding.at_node(source, literal, f"{name!r} holds a hardcoded secret literal")
    for literal in source.index.strings:
        if id(literal) in reported:
            continue
        text = str(literal.value)
        kinds = [kind for kind, _, _ in find_tokens(text)]
        if kinds:
            yield Finding.at_node(source, literal, f"string literal holds a {kinds[0]}")
        elif looks_random(text):
            yield Finding.at_node(source, literal, "high-entropy string literal looks like a key")


_NO_HARDCODED_SECRETS = CheckDeclaration(
    id="security.no-hardcoded-secrets",
    category=Category.SECURITY,
    frames=(
        Frame(
            concepts=(
                _SECRETS,
                (
                    "hardcoded",
                    "in code",
                    "in source",
                    "literal",
                    "inline",
                    "embed",
                    "embedded",
                    "commit",
                    "committed",
                    "check in",
                    "source code",
                    "in the repo",
                    "in the repository",
                    "in git",
                    "codebase",
                    "expose",
                    "add",
                ),
            ),
            excludes=("hash", "hashed", "hashing", "log", "logging"),
        ),
    ),
    description="Passwords, keys and tokens written into the code as literals.",
    fix_hint="Read the value from the environment or a secret store.",
    forbids=True,
)


@make_check(_NO_HARDCODED_SECRETS)
def no_hardcoded_secrets(context: CheckContext) -> Iterator[Finding]:
    """Passwords, keys and tokens written into the code as literals."""
    for source in context.python_files:
        yield from _secret_findings(source)


# --- eval / exec, shell --------------------------------------------------------------------------
_EVAL = frozenset({"eval", "exec", "builtins.eval", "builtins.exec"})


_NO_EVAL = CheckDeclaration(
    id="security.no-eval",
    category=Category.SECURITY,
    frames=(
        Frame(concepts=(("eval", "exec", "eval()", "exec()"),)),
        Frame(
            concepts=(
                (
                    "dynamic code execution",
                    "execute arbitrary code",
                    "evaluate strings as code",
                    "run strings as code",
                ),
            )
        ),
    ),
    description="Calls to eval() or exec(), which run arbitrary code.",
    fix_hint="Parse the input (ast.literal_eval, json) or dispatch to known functions.",
    forbids=True,
)


@make_check(_NO_EVAL)
def no_eval(context: CheckContext) -> Iterator[Finding]:
    """Calls to eval() or exec()."""
    for source in context.python_files:
        assert source.index is not None  # noqa: S101
        for call in source.index.calls_named(*_EVAL):
            yield Finding.at_node(source, call.node, f"{call.name}() runs arbitrary code")


_SHELL_CALLS = frozenset(
    {"os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput"}
    | {"commands.getoutput", "os.popen2", "os.popen3", "popen2.popen2"}
)


def _is_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


_NO_SHELL_INJECTION = CheckDeclaration(
    id="security.no-shell-injection",
    category=Category.SECURITY,
    frames=(
        Frame(
            concepts=(
                (
                    "shell injection",
                    "command injection",
                    "shell=true",
                    "os.system",
                    "os.popen",
                    "subprocess with shell",
                    "shell true",
                ),
            )
        ),
        Frame(
            concepts=(
                ("shell", "command"),
                ("string concatenation", "f-string", "interpolate", "interpolation", "format"),
            )
        ),
    ),
    description="Commands run through a shell: shell=True, os.system, os.popen.",
    fix_hint="Pass an argument list to subprocess.run without shell=True.",
    forbids=True,
)


@make_check(_NO_SHELL_INJECTION)
def no_shell_injection(context: CheckContext) -> Iterator[Finding]:
    """Commands run through a shell."""
    for source in context.python_files:
        assert source.index is not None  # noqa: S101
        for call in source.index.calls_named(*_SHELL_CALLS):
            message = f"{call.name}() runs its command through a shell"
            yield Finding.at_node(source, call.node, message)
        for call in source.index.calls_with_keyword("shell"):
            if call.name not in _SHELL_CALLS and _is_true(keyword(call.node, "shell")):
                yield Finding.at_node(source, call.node, f"{call.name}(shell=True) runs a shell")


# --- unsafe deserialization ----------------------------------------------------------------------
_UNSAFE_LOADS = frozenset(
    {"pickle.load", "pickle.loads", "pickle.Unpickler", "_pickle.load", "_pickle.loads"}
    | {"cPickle.load", "cPickle.loads", "dill.load", "dill.loads", "cloudpickle.load"}
    | {"cloudpickle.loads", "marshal.load", "marshal.loads", "shelve.open", "yaml.unsafe_load"}
    | {"yaml.unsafe_load_all", "pandas.read_pickle", "jsonpickle.decode"}
)
_SAFE_YAML_LOADERS = ("SafeLoader", "CSafeLoader", "BaseLoader")


def _unsafe_yaml(call: ast.Call, name: str) -> bool:
    if name not in ("yaml.load", "yaml.load_all"):
        return False
    loader = keyword(call, "Loader") or (call.args[1] if len(call.args) > 1 else None)
    return loader is None or not ast.unparse(loader).endswith(_SAFE_YAML_LOADERS)


_NO_UNSAFE_DESERIALIZATION = CheckDeclaration(
    id="security.no-unsafe-deserialization",
    category=Category.SECURITY,
    frames=(
        Frame(
            concepts=(
                (
                    "unsafe deserialization",
                    "pickle",
                    "unpickle",
                    "marshal",
                    "shelve",
                    "yaml.load",
                    "insecure deserialization",
                ),
            )
        ),
    ),
    description="pickle, marshal, shelve or yaml.load without a safe loader.",
    fix_hint="Use json, or yaml.safe_load, for data that crosses a trust boundary.",
    forbids=True,
)


@make_check(_NO_UNSAFE_DESERIALIZATION)
def no_unsafe_deserialization(context: CheckContext) -> Iterator[Finding]:
    """pickle, marshal, shelve, or yaml.load without a safe loader."""
    for source in context.python_files:
        assert source.index is not None  # noqa: S101
        for call in source.index.calls_named(*_UNSAFE_LOADS):
            message = f"{call.name}() can run code hidden in the data it loads"
            yield Finding.at_node(source, call.node, message)
        for call in source.index.calls_named("yaml.load", "yaml.load_all"):
            if _unsafe_yaml(call.node, call.name):
                message = f"{call.name}() without a safe Loader can build arbitrary objects"
                yield Finding.at_node(source, call.node, message)


# --- weak hashes ---------------------------------------------------------------------------------
def _hash_algorithm(call: ast.Call, name: str) -> str | None:
    if name == "hashlib.new" and call.args:
        return (string_value(call.args[0]) or "").lower() or None
    if name.startswith("hashlib."):
        return name.removeprefix("hashlib.").lower()
    return None


_NO_WEAK_HASHES = CheckDeclaration(
    id="security.no-weak-hashes",
    category=Category.SECURITY,
    params=(
        ParamSpec(
            "algorithms",
            "list",
            default=("md5", "sha1"),
            description="Hash algorithms that count as weak.",
            choices=("md5", "sha1", "md4"),
        ),
    ),
    frames=(
        Frame(
            concepts=(
                (
                    "weak hash",
                    "weak hashing",
                    "weak hash algorithm",
                    "insecure hash",
                    "broken hash",
                    "md5",
                    "sha1",
                    "sha-1",
                ),
            ),
            excludes=("password",),
            slots=("algorithms",),
        ),
    ),
    description="Weak hash algorithms (md5, sha1) used where security matters.",
    fix_hint="Use hashlib.sha256 or stronger; pass usedforsecurity=False for checksums.",
    forbids=True,
)


@make_check(_NO_WEAK_HASHES)
def no_weak_hashes(context: CheckContext) -> Iterator[Finding]:
    """md5 or sha1 (or the algorithms given) used without `usedforsecurity=False`."""
    weak = context.list_param("algorithms")
    for source in context.python_files:
        assert source.index is not None  # noqa: S101
        names = [f"hashlib.{algorithm}" for algorithm in weak]
        for call in source.index.calls_named(*names, "hashlib.new"):
            algorithm = _hash_algorithm(call.node, call.name)
            if algorithm not in weak:
                continue
            flag = keyword(call.node, "usedforsecurity")
            if isinstance(flag, ast.Constant) and flag.value is False:
                continue
            yield Finding.at_node(source, call.node, f"{algorithm} is a weak hash algorithm")


# --- SQL built from strings ----------------------------------------------------------------------
_SQL_CALL_TAILS = frozenset({"execute", "executemany", "executescript", "exec_driver_sql", "raw"})
_SQL_WORDS = re.compile(r"\b(select|insert|update|delete|where|create|drop|alter)\b", re.I)


def _sql_fragments(node: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _builds_sql(node: ast.AST | None) -> bool:
    """Whether an expression formats or concatenates values into SQL text."""
    if isinstance(node, ast.JoinedStr):
        dynamic = any(isinstance(v, ast.FormattedValue) for v in node.values)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        dynamic = not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        dynamic = node.func.attr == "format" and isinstance(node.func.value, ast.Constant)
    else:
        return False
    return dynamic and any(_SQL_WORDS.search(text) for text in _sql_fragments(node))


def _built_sql_names(source: SourceFile) -> dict[tuple[int, str], ast.AST]:
    assert source.index is not None  # noqa: S101
    built: dict[tuple[int, str], ast.AST] = {}
    for site in source.index.assigns:
        node = site.node
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and _builds_sql(node.value):
                built[(id(site.function), target.id)] = node
    return built


_NO_SQL_STRING_BUILDING = CheckDeclaration(
    id="security.no-sql-string-building",
    category=Category.SECURITY,
    frames=(
        Frame(concepts=(("sql injection",),)),
        Frame(
            concepts=(
                ("sql", "query", "queries"),
                (
                    "string",
                    "f-string",
                    "format",
                    "formatting",
                    "concatenation",
                    "concatenate",
                    "interpolation",
                    "interpolate",
                    "raw string",
                    "build",
                    "built",
                    "building",
                ),
            )
        ),
        Frame(
            concepts=(
                ("sql", "query", "queries", "database"),
                (
                    "parameterized",
                    "bound parameter",
                    "query parameter",
                    "placeholder",
                    "prepared statement",
                ),
            ),
            forbids=False,
        ),
        Frame(
            concepts=(
                (
                    "parameterized query",
                    "parameterized sql",
                    "bound parameter",
                    "query parameter",
                    "prepared statement",
                ),
            ),
            forbids=False,
        ),
    ),
    description="SQL built by string formatting or concatenation and passed to execute().",
    fix_hint="Pass values as bound parameters instead of formatting them into the SQL.",
    forbids=True,
)


@make_check(_NO_SQL_STRING_BUILDING)
def no_sql_string_building(context: CheckContext) -> Iterator[Finding]:
    """SQL built by formatting or concatenation and passed to an execute call."""
    for source in context.python_files:
        assert source.index is not None  # noqa: S101
        built = _built_sql_names(source)
        for call in source.index.calls_ending(*_SQL_CALL_TAILS):
            if not call.node.args:
                continue
            query = call.node.args[0]
            named = isinstance(query, ast.Name) and (id(call.function), query.id) in built
            if named or _builds_sql(query):
                message = f"SQL built from strings is passed to {call.name}()"
                yield Finding.at_node(source, call.node, message)


# --- TLS verification ----------------------------------------------------------------------------
_TLS_KEYWORDS = frozenset({"verify", "cert_reqs", "verify_ssl", "ssl_verify"})


def _tls_off(node: ast.AST | None) -> bool:
    if isinstance(node, ast.Constant):
        return node.value is False or node.value == "CERT_NONE"
    return isinstance(node, ast.Attribute) and node.attr == "CERT_NONE"


_TLS_VERIFICATION = CheckDeclaration(
    id="security.tls-verification",
    category=Category.SECURITY,
    frames=(
        Frame(
            concepts=(
                ("tls", "ssl", "certificate", "cert", "https", "certificate verification"),
                (
                    "verification",
                    "verify",
                    "validation",
                    "validate",
                    "check",
                    "checking",
                    "certificate",
                ),
            ),
            flips=(
                "disable",
                "disabled",
                "skip",
                "bypass",
                "turn off",
                "ignore",
                "off",
                "insecure",
                "false",
            ),
        ),
        Frame(
            concepts=(("verify=false", "cert_none", "insecure=true", "rejectunauthorized"),),
            forbids=True,
        ),
    ),
    description="TLS certificate verification turned off (verify=False, CERT_NONE).",
    fix_hint="Keep verification on; point verify= at a CA bundle if you need a private CA.",
)


@make_check(_TLS_VERIFICATION)
def tls_verification(context: CheckContext) -> Iterator[Finding]:
    """TLS certificate verification turned off."""
    for source in context.python_files:
        assert source.index is not None  # noqa: S101
        unverified = ("ssl._create_unverified_context", "ssl._create_stdlib_context")
        for call in source.index.calls_named(*unverified):
            yield Finding.at_node(source, call.node, f"{call.name}() skips verification")
        for call in source.index.calls_with_keyword(*_TLS_KEYWORDS):
            for kw in call.node.keywords:
                if kw.arg in _TLS_KEYWORDS and _tls_off(kw.value):
                    message = f"{call.name}({kw.arg}=...) turns TLS verification off"
                    yield Finding.at_node(source, call.node, message)
        for site in source.index.assigns:
            node = site.node
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                name = _target_name(target)
                off = name == "verify_mode" and _tls_off(node.value)
                if off or (name == "check_hostname" and _tls_off(node.value)):
                    yield Finding.at_node(source, node, f"setting {name} turns TLS checks off")


# --- password hashing ----------------------------------------------------------------------------
_HASHING_MODULES = ("hashlib.", "passlib.hash.", "crypt.", "bcrypt.", "argon2.", "scrypt.")


def _password_algorithm(call: ast.Call, name: str) -> str | None:
    if name.startswith("hashlib."):
        if name == "hashlib.pbkdf2_hmac":
            return "pbkdf2"
        return _hash_algorithm(call, name)
    if name.startswith("passlib.hash."):
        return name.split(".")[2]
    if name == "crypt.crypt":
        return "crypt"
    for known in ("bcrypt", "argon2", "scrypt"):
        if name.startswith(f"{known}."):
            return known
    return None


def _mentions_password(call: ast.Call) -> bool:
    for argument in (*call.args, *(kw.value for kw in call.keywords)):
        for node in ast.walk(argument):
            name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")
            if "passw" in name.lower() or name.lower() in ("pwd", "passwd"):
                return True
    return False


_PASSWORD_HASHING = CheckDeclaration(
    id="security.password-hashing",
    category=Category.SECURITY,
    params=(
        ParamSpec(
            "algorithms",
            "list",
            default=("argon2", "bcrypt", "scrypt"),
            description="The password-hashing algorithms that are allowed.",
            choices=("argon2", "argon2id", "bcrypt", "scrypt", "pbkdf2"),
        ),
    ),
    frames=(
        Frame(concepts=(("password",), ("hash", "hashed", "hashing")), slots=("algorithms",)),
        Frame(
            concepts=(("password",), ("argon2", "argon2id", "bcrypt", "scrypt", "pbkdf2")),
            slots=("algorithms",),
        ),
    ),
    description="Passwords hashed with something other than the required algorithm.",
    fix_hint="Hash passwords with one of the allowed key-derivation functions.",
)


@make_check(_PASSWORD_HASHING)
def password_hashing(context: CheckContext) -> Iterator[Finding]:
    """Passwords hashed with an algorithm other than the allowed ones."""
    allowed = context.list_param("algorithms")
    for source in context.python_files:
        assert source.index is not None  # noqa: S101
        names = [n for n in source.index.call_names if n.startswith(_HASHING_MODULES)]
        for call in source.index.calls_named(*names):
            algorithm = _password_algorithm(call.node, call.name)
            if algorithm is None or algorithm.startswith(allowed):
                continue
            if _mentions_password(call.node):
                wanted = ", ".join(allowed)
                message = f"password hashed with {algorithm}; use {wanted}"
                yield Finding.at_node(source, call.node, message)


CHECKS: tuple[Check, ...] = (
    no_hardcoded_secrets,
    no_eval,
    no_shell_injection,
    no_unsafe_deserialization,
    no_weak_hashes,
    no_sql_string_building,
    tls_verification,
    password_hashing,
)
