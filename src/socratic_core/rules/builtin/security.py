"""Built-in security checks: eval/exec, shell, deserialization, weak hashes, TLS, passwords.

Secrets live in `secrets.py` and SQL in `sql.py`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping

from socratic_core.rules._analysis import PythonFile
from socratic_core.rules._checks import (
    Check,
    CheckContext,
    Finding,
    lowered_spellings,
    names_in,
    spellings,
    writes_names,
)
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import Category, CheckDeclaration, Frame, ParamSpec, ParamValue
from socratic_core.rules._patterns import LazyPattern, lazy
from socratic_core.rules._sites import CallSite
from socratic_core.rules.builtin._common import (
    covering_words,
    first_names,
    imports_relatively,
    keyword,
    last_names,
    may_splice,
    name_words,
    string_value,
)
from socratic_core.rules.builtin.secrets import target_name

__all__ = ["CHECKS", "runs_command_line"]


# --- eval / exec, shell --------------------------------------------------------------------------
_EVAL = frozenset(
    {"eval", "exec", "builtins.eval", "builtins.exec", "__builtins__.eval", "__builtins__.exec"}
)


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
        # "Dynamically constructed code or expressions must not be executed": what eval does
        Frame(
            concepts=(
                (
                    "dynamically constructed",
                    "dynamically built",
                    "dynamically generated",
                    "dynamically created",
                    "dynamic",
                ),
                ("code", "expression"),
                ("execute", "executed", "run", "evaluate", "evaluated"),
            ),
            excludes=("import", "imports", "sql", "query", "queries"),
        ),
        # TypeScript/JavaScript: `setTimeout("code()", 10)` evaluates its string
        Frame(
            concepts=(("settimeout", "setinterval", "new function"), ("string", "strings")),
            forbids=True,
        ),
    ),
    description="Calls to eval() or exec(), which run arbitrary code.",
    fix_hint="Parse the input (ast.literal_eval, json) or dispatch to known functions.",
    forbids=True,
)


@check(_NO_EVAL, prefilter=writes_names(*last_names(_EVAL), called=True))
def no_eval(python: PythonFile) -> Iterator[Finding]:
    """Calls to eval() or exec()."""
    for call in python.index.calls_named(*_EVAL):
        yield Finding.at_node(python, call.node, f"{call.name}() runs arbitrary code")


_SHELL_CALLS = frozenset(
    {"os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "platform.popen"}
    | {"popen2.popen2", "popen2.popen3", "popen2.popen4", "popen2.Popen3", "popen2.Popen4"}
    | {"commands.getoutput", "commands.getstatusoutput", "subprocess.getoutput"}
    | {"subprocess.getstatusoutput", "asyncio.create_subprocess_shell"}
)
# Methods that run a command line through a shell whatever they are called on (asyncio's event
# loops: `loop.subprocess_shell(factory, cmd)`).
_SHELL_METHODS = ("subprocess_shell",)
# Methods that hand a command line to a remote user's shell: paramiko's `client.exec_command(cmd)`
# and `channel.exec_command(cmd)` (bandit B601), in a module that imports paramiko (other
# libraries' `exec_command` is their own). A literal command carries no input.
_REMOTE_SHELL_METHODS = ("exec_command",)


def _is_false(node: ast.AST | None) -> bool:
    """Whether an argument is literally false (`False`, `None`, `0`, `""`)."""
    return isinstance(node, ast.Constant) and not node.value


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
                    "through a shell",
                    "via a shell",
                    "child_process.exec",
                ),
            )
        ),
        Frame(
            concepts=(
                ("shell", "command"),
                (
                    "string concatenation",
                    "f-string",
                    "interpolate",
                    "interpolated",
                    "interpolation",
                    "format",
                    "out of string",
                    "from string",
                ),
            )
        ),
    ),
    description="Commands run through a shell: shell=True, os.system, os.popen.",
    fix_hint="Pass an argument list to subprocess.run without shell=True.",
    forbids=True,
)


# Calls that start a program: where its name and its arguments are (the index of the program's
# path among the positional arguments; whether the arguments after it are one list or spread).
_PROGRAM_CALLS: dict[str, tuple[int, bool]] = {
    **{f"os.exec{kind}": (0, kind.startswith("l")) for kind in ("l", "le", "lp", "lpe")},
    **{f"os.exec{kind}": (0, False) for kind in ("v", "ve", "vp", "vpe")},
    **{f"os.spawn{kind}": (1, kind.startswith("l")) for kind in ("l", "le", "lp", "lpe")},
    **{f"os.spawn{kind}": (1, False) for kind in ("v", "ve", "vp", "vpe")},
    "os.posix_spawn": (0, False),
    "os.posix_spawnp": (0, False),
    "asyncio.create_subprocess_exec": (0, True),
}
# subprocess's functions take the whole command line as their first argument (or `args=`); a
# `shell=` that is not literally false makes them run it through a shell.
_SUBPROCESS = frozenset(
    f"subprocess.{name}" for name in ("Popen", "run", "call", "check_call", "check_output")
)
# A shell, by the base name of its program, and the option that makes it run its next argument
# as a command line (`sh -c`, `bash -lc`, `cmd /c`, `powershell -Command`).
_SHELL_OPTIONS: dict[str, LazyPattern] = {
    **dict.fromkeys(
        ("sh", "bash", "zsh", "dash", "ksh", "csh", "tcsh", "ash", "fish"), lazy(r"-[a-z]*c[a-z]*")
    ),
    "cmd": lazy(r"/[ck]", re.IGNORECASE),
    **dict.fromkeys(
        ("powershell", "pwsh"), lazy(r"-(?:c|command|encodedcommand|e|ec)", re.IGNORECASE)
    ),
}


def _shell_program(path: str) -> str | None:
    """The shell a program's path names (`/bin/bash` -> bash, `CMD.EXE` -> cmd), or None."""
    base = path.replace("\\", "/").rpartition("/")[2].lower().removesuffix(".exe")
    return base if base in _SHELL_OPTIONS else None


def _command_line(call: ast.Call, name: str) -> list[ast.expr]:
    """The program and its arguments, as written, when the call starts a program."""
    if name in _SUBPROCESS:
        command = call.args[0] if call.args else keyword(call, "args")
        return list(command.elts) if isinstance(command, ast.List | ast.Tuple) else []
    position, spread = _PROGRAM_CALLS[name]
    rest = call.args[position:]
    if spread or len(rest) < 2:
        return list(rest)
    arguments = rest[1]
    return [rest[0], *(arguments.elts if isinstance(arguments, ast.List | ast.Tuple) else ())]


def _runs_a_shell(call: ast.Call, name: str) -> str | None:
    """The shell a program call starts to run a command line (`["sh", "-c", cmd]`), or None."""
    words = _command_line(call, name)
    program = string_value(words[0]) if words else None
    if program is None and words and "shell" in name_words(target_name(words[0])):
        program = "sh"  # `os.execvpe(shell, [shell, "-c", command])`: the user's shell, by name
    shell = _shell_program(program) if program is not None else None
    if shell is None or program is None:
        return None
    flags = (string_value(word) for word in words[1:])
    return shell if any(runs_command_line(program, flag or "") for flag in flags) else None


def runs_command_line(program: str, flag: str) -> bool:
    """Whether `program` is a shell and `flag` makes it run its next argument (`sh -c`).

    Args:
        program: The program's path as written (`/bin/bash`, `cmd.exe`).
        flag: One argument given to it (`-c`, `-lc`, `/c`, `-Command`).

    Returns:
        True for a shell's option that runs a command line.
    """
    shell = _shell_program(program)
    return shell is not None and bool(_SHELL_OPTIONS[shell].fullmatch(flag))


_SHELL_NAMES = tuple(sorted(_SHELL_OPTIONS))
# A program named by a variable that says shell (`shell`, `self.shell_path`, `env["SHELL"]`):
# a part of a name, so the prefilter looks for it in any text.
_SHELL_WORDS = ("shell",)
_PROGRAM_TAILS = last_names({*_PROGRAM_CALLS, *_SUBPROCESS})


def _may_run_a_shell(text: str, _params: Mapping[str, ParamValue]) -> bool:
    """Whether the file may run a shell (see `no_shell_injection`).

    It calls a shell function (`os.system(`), passes a `shell=` keyword, or starts a program
    (`os.execl(`, `subprocess.run(`) and names a shell (`sh`, `cmd`).
    """
    shell_calls = (*last_names(_SHELL_CALLS), *_SHELL_METHODS, *_REMOTE_SHELL_METHODS)
    if names_in(text, shell_calls, called=True):
        return True
    if names_in(text, ("shell",), assigned=True):
        return True
    return names_in(text, _PROGRAM_TAILS, called=True) and (
        names_in(text, _SHELL_NAMES, ignore_case=True)
        or any(word in form for form in lowered_spellings(text) for word in _SHELL_WORDS)
        or may_splice(text)
    )


@check(_NO_SHELL_INJECTION, prefilter=_may_run_a_shell)
def no_shell_injection(python: PythonFile) -> Iterator[Finding]:
    """Commands run through a shell: os.system, os.popen*, `shell=` not false, `sh -c`.

    Also popen2, commands, asyncio's `subprocess_shell`, paramiko's `exec_command(cmd)` given a
    command that is not a literal in a module importing paramiko (a remote shell runs it), and
    a shell started to run a command line (`os.execl("/bin/sh", "sh", "-c", cmd)`,
    `subprocess.run(["bash", "-c", cmd])`). Any callee's `shell=True` (a literal) counts; a
    `shell=` whose value is not a literal counts only for subprocess's functions:
    `template.format(shell=options.shell)` runs nothing.
    """
    index = python.index
    for call in [*index.calls_named(*_SHELL_CALLS), *index.calls_ending(*_SHELL_METHODS)]:
        yield Finding.at_node(python, call.node, f"{call.name}() runs its command through a shell")
    paramiko = any(  # `import paramiko`, or a compatibility module (`compat.paramiko`)
        "paramiko" in name.split(".") for site in index.imports for name in site.names
    )
    for call in index.calls_ending(*_REMOTE_SHELL_METHODS) if paramiko else ():
        command = call.node.args[0] if call.node.args else keyword(call.node, "command")
        if command is not None and string_value(command) is None:
            message = f"{call.name}() hands a command that is not a literal to a remote shell"
            yield Finding.at_node(python, call.node, message)
    for call in index.calls_with_keyword("shell"):
        shell = keyword(call.node, "shell")
        if call.name in _SHELL_CALLS or _is_false(shell):
            continue
        if call.name in _SUBPROCESS or isinstance(shell, ast.Constant):
            value = ast.unparse(shell) if shell is not None else ""
            message = f"{call.name}(shell={value}) may run its command through a shell"
            yield Finding.at_node(python, call.node, message)
    for call in index.calls_named(*_PROGRAM_CALLS, *_SUBPROCESS):
        program = _runs_a_shell(call.node, call.name)
        if program is not None:
            message = f"{call.name}() starts {program} to run a command line"
            yield Finding.at_node(python, call.node, message)


# --- unsafe deserialization ----------------------------------------------------------------------
_UNSAFE_LOADS = frozenset(
    {"pickle.load", "pickle.loads", "pickle.Unpickler", "_pickle.load", "_pickle.loads"}
    | {"cPickle.load", "cPickle.loads", "dill.load", "dill.loads", "dill.load_session"}
    | {"cloudpickle.load", "cloudpickle.loads", "marshal.load", "marshal.loads", "shelve.open"}
    | {"shelve.DbfilenameShelf", "yaml.unsafe_load", "yaml.unsafe_load_all", "pandas.read_pickle"}
    | {"jsonpickle.decode", "jsonpickle.loads", "jsonpickle.unpickler.decode", "joblib.load"}
    | {"yaml.full_load", "yaml.full_load_all"}
)
_SAFE_YAML_LOADERS = ("SafeLoader", "CSafeLoader", "BaseLoader")
_YAML_LOADS = ("yaml.load", "yaml.load_all")
_TORCH_LOAD, _NUMPY_LOAD = "torch.load", "numpy.load"
_LOADS = frozenset({*_UNSAFE_LOADS, *_YAML_LOADS, _TORCH_LOAD, _NUMPY_LOAD})


def _unsafe_yaml(call: ast.Call) -> bool:
    loader = keyword(call, "Loader") or (call.args[1] if len(call.args) > 1 else None)
    return loader is None or not ast.unparse(loader).endswith(_SAFE_YAML_LOADERS)


def _conditional_loads(python: PythonFile) -> Iterator[tuple[ast.Call, str, str]]:
    for call in python.index.calls_named(*_YAML_LOADS):
        if _unsafe_yaml(call.node):
            yield call.node, call.name, "without a safe Loader can build arbitrary objects"
    for call in python.index.calls_named(_TORCH_LOAD):
        flag = keyword(call.node, "weights_only")
        if not (isinstance(flag, ast.Constant) and flag.value is True):
            yield call.node, call.name, "without weights_only=True unpickles arbitrary objects"
    for call in python.index.calls_named(_NUMPY_LOAD):
        if not _is_false(keyword(call.node, "allow_pickle") or ast.Constant(False)):
            yield call.node, call.name, "with allow_pickle unpickles arbitrary objects"


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
                    "yaml.load()",
                    "pickle.load",
                    "pickle.loads",
                    "pickle.load()",
                    "pickle.loads()",
                    "marshal.load",
                    "marshal.loads",
                    "insecure deserialization",
                ),
            )
        ),
    ),
    description="pickle, marshal, shelve or yaml.load without a safe loader.",
    fix_hint="Use json, or yaml.safe_load, for data that crosses a trust boundary.",
    forbids=True,
)


_LOAD_NAMES, _LOAD_MODULES = last_names(_LOADS), first_names(_LOADS)


def _may_deserialize(text: str, _params: Mapping[str, ParamValue]) -> bool:
    """Whether the file calls a loader by its last name and writes its module's name.

    (Or imports relatively: then the module may be the file's own package.)
    """
    if not names_in(text, _LOAD_NAMES, called=True):
        return False
    forms = spellings(text)
    return any(m in form for form in forms for m in _LOAD_MODULES) or imports_relatively(text)


def _dumps_modules(python: PythonFile) -> dict[int, str]:
    """The module of every `dumps()` call, by the call's id (`pickle.dumps(x)` -> pickle)."""
    found = {}
    for site in python.index.calls_ending("dumps"):
        module = site.name.rpartition(".")[0]
        if module:
            found[id(site.node)] = module
    return found


def _dumped(python: PythonFile, dumps: dict[int, str]) -> dict[tuple[int, str], str]:
    """The names each function binds only to what one module's `dumps()` returned.

    Keyed by (the function's id, or 0 for the module; the name), with that call's module:
    `pickled = pickle.dumps(obj)` -> pickle.
    """
    bound: dict[tuple[int, str], str | None] = {}
    for site in python.index.assigns:
        node = site.node
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Name):
                key = (id(site.function) if site.function is not None else 0, target.id)
                module = None if isinstance(node, ast.AugAssign) else dumps.get(id(node.value))
                bound[key] = module if bound.setdefault(key, module) == module else None
    return {key: module for key, module in bound.items() if module is not None}


def _round_trip(call: CallSite, dumps: dict[int, str], dumped: dict[tuple[int, str], str]) -> bool:
    """Whether a `loads()` reads back what the same module's `dumps()` made in this scope.

    `pickle.loads(pickle.dumps(obj))` copies an object: it loads nothing from outside.
    """
    module, _, tail = call.name.rpartition(".")
    if tail != "loads" or len(call.node.args) != 1 or call.node.keywords:
        return False
    data = call.node.args[0]
    if isinstance(data, ast.Name):
        scope = id(call.function) if call.function is not None else 0
        return dumped.get((scope, data.id)) == module
    return dumps.get(id(data)) == module


@check(_NO_UNSAFE_DESERIALIZATION, prefilter=_may_deserialize)
def no_unsafe_deserialization(python: PythonFile) -> Iterator[Finding]:
    """pickle, marshal, shelve, dill, jsonpickle, yaml.load without a safe loader, torch.load.

    A `loads()` of what the same module's `dumps()` just made (a deep copy through pickle) loads
    nothing from outside the process and is not reported.
    """
    loads = python.index.calls_named(*_UNSAFE_LOADS)
    dumps = _dumps_modules(python) if any(s.name.endswith(".loads") for s in loads) else {}
    dumped = _dumped(python, dumps) if dumps else {}
    for call in loads:
        if _round_trip(call, dumps, dumped):
            continue
        message = f"{call.name}() can run code hidden in the data it loads"
        yield Finding.at_node(python, call.node, message)
    for node, name, why in _conditional_loads(python):
        yield Finding.at_node(python, node, f"{name}() {why}")


# --- weak hashes ---------------------------------------------------------------------------------
_DEFAULT_WEAK = ("md2", "md4", "md5", "sha", "sha1", "crypt")
_HASH_LIBRARIES = ("Crypto.Hash.", "Cryptodome.Hash.", "cryptography.hazmat.primitives.hashes.")
_HASH_PREFIXES = ("hashlib.", "crypt.", *_HASH_LIBRARIES)
_CRYPT_METHODS = {"METHOD_CRYPT": "crypt", "METHOD_MD5": "md5"}
# hashlib's functions that take the algorithm's name: its keyword and position.
_NAMED_ALGORITHM = {"hashlib.new": ("name", 0), "hashlib.file_digest": ("digest", 1)}


def _library_algorithm(call: ast.Call, name: str) -> str | None:
    if name in _NAMED_ALGORITHM:  # `hashlib.new("md5")`, `hashlib.file_digest(f, "md5")`
        field, position = _NAMED_ALGORITHM[name]
        given = call.args[position] if len(call.args) > position else None
        algorithm = keyword(call, field) or given
        return (string_value(algorithm) or "").lower().replace("-", "") or None
    if name.startswith("hashlib."):
        return name.removeprefix("hashlib.").lower()
    for library in _HASH_LIBRARIES:
        if name.startswith(library):
            return name.removeprefix(library).removesuffix(".new").lower()
    return None


def _hash_algorithm(call: ast.Call, name: str) -> str | None:
    if name in ("crypt.crypt", "crypt.mksalt"):
        for argument in (*call.args, *(kw.value for kw in call.keywords)):
            if isinstance(argument, ast.Attribute) and argument.attr in _CRYPT_METHODS:
                return _CRYPT_METHODS[argument.attr]
        return (
            "crypt"
            if name == "crypt.crypt"
            and len(call.args) == 2
            and string_value(call.args[1]) is not None
            else None
        )
    return _library_algorithm(call, name)


_WEAK_DECLARATION = CheckDeclaration(
    id="security.no-weak-hashes",
    category=Category.SECURITY,
    params=(
        ParamSpec(
            "algorithms",
            "list",
            default=_DEFAULT_WEAK,
            description="Hash algorithms that count as weak (by default every weak one).",
            choices=("md2", "md4", "md5", "sha1"),
            aliases=(("hashlib.md5", "md5"), ("hashlib.sha1", "sha1")),
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
                    "hashlib.md5",
                    "hashlib.sha1",
                ),
            ),
            excludes=("password",),
            slots=("algorithms",),
        ),
    ),
    description="Weak hash algorithms (md2, md4, md5, sha, sha1, DES crypt) used where security "
    "matters, or exactly the ones a rule names.",
    fix_hint="Use hashlib.sha256 or stronger; pass usedforsecurity=False for checksums.",
    forbids=True,
)


_HASH_MODULES = covering_words(prefix.partition(".")[0].lower() for prefix in _HASH_PREFIXES)


def _may_hash_weakly(text: str, params: Mapping[str, ParamValue]) -> bool:
    """Whether the file may call a hash module with a weak algorithm (see `_hash_algorithm`).

    The call's module is written in the file (`hashlib`, `crypt`, `Crypto`...; any case) unless
    a relative import resolved it. The algorithm is the called name lower-cased
    (`hashlib.md5(`, `hashes.SHA1(`), a `crypt` method (`METHOD_MD5`), or what `new` is given
    or called on (`hashlib.new("md5")`, `MD5.new()`): then `new(` is written (or `file_digest(`,
    which takes the name too).
    """
    weak = params.get("algorithms", _DEFAULT_WEAK)
    words = (weak,) if isinstance(weak, str) else weak
    if not isinstance(words, tuple):
        return True
    algorithms = {str(word).lower() for word in words}
    lowered = lowered_spellings(text)
    if not any(m in form for form in lowered for m in _HASH_MODULES) and not imports_relatively(
        text
    ):
        return False
    methods = [m.lower() for m, algorithm in _CRYPT_METHODS.items() if algorithm in algorithms]
    return (
        names_in(text, ("new", "file_digest"), called=True)
        or names_in(text, algorithms, ignore_case=True, called=True)
        or any(method in form for form in lowered for method in methods)
    )


@check(_WEAK_DECLARATION, languages=["python"], prefilter=_may_hash_weakly)
def no_weak_hashes(context: CheckContext) -> Iterator[Finding]:
    """Weak hashes (md2, md4, md5, sha, sha1, DES crypt, or exactly the algorithms given).

    hashlib (`hashlib.md5()`, `hashlib.new(name=...)`), pycryptodome (`MD5.new()`),
    cryptography (`hashes.MD5()`) and `crypt` methods; `usedforsecurity=False` marks a checksum.
    """
    weak = context.list_param("algorithms")  # "Do not use MD5": exactly md5
    for python in context.python_sources:
        index = python.index
        names = [name for name in index.call_names if name.startswith(_HASH_PREFIXES)]
        for call in index.calls_named(*names):
            algorithm = _hash_algorithm(call.node, call.name)
            if algorithm not in weak or _is_false(
                keyword(call.node, "usedforsecurity") or ast.Constant(True)
            ):
                continue
            yield Finding.at_node(python, call.node, f"{algorithm} is a weak hash algorithm")


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


_UNVERIFIED = ("ssl._create_unverified_context", "ssl._create_stdlib_context")
_TLS_SETTINGS = ("verify_mode", "check_hostname")
_OFF = ("False", "CERT_NONE")


def _may_turn_tls_off(text: str, _params: Mapping[str, ParamValue]) -> bool:
    """Whether the file calls an unverified context, or writes a TLS setting and `False`.

    A keyword (`verify=`) or setting (`verify_mode`) is written, and so is an "off" value
    (`False`, `CERT_NONE`). A setting may be a subscript's string (`options["verify_mode"]`)
    and CERT_NONE a string: those are written too unless `may_splice` says otherwise.
    """
    if names_in(text, last_names(_UNVERIFIED), called=True):
        return True
    forms = spellings(text)
    keywords = names_in(text, _TLS_KEYWORDS, assigned=True)
    settings = any(word in form for form in forms for word in _TLS_SETTINGS)
    if not keywords and not settings and not may_splice(text):
        return False
    return any(word in form for form in forms for word in _OFF) or may_splice(text)


@check(_TLS_VERIFICATION, prefilter=_may_turn_tls_off)
def tls_verification(python: PythonFile) -> Iterator[Finding]:
    """TLS certificate verification turned off."""
    for call in python.index.calls_named(*_UNVERIFIED):
        yield Finding.at_node(python, call.node, f"{call.name}() skips verification")
    for call in python.index.calls_with_keyword(*_TLS_KEYWORDS):
        for kw in call.node.keywords:
            if kw.arg in _TLS_KEYWORDS and _tls_off(kw.value):
                message = f"{call.name}({kw.arg}=...) turns TLS verification off"
                yield Finding.at_node(python, call.node, message)
    for site in python.index.assigns:
        node = site.node
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            name = target_name(target)
            if name in _TLS_SETTINGS and _tls_off(node.value):
                yield Finding.at_node(python, node, f"setting {name} turns TLS checks off")


# --- password hashing ----------------------------------------------------------------------------
_HASHING_MODULES = ("hashlib.", "passlib.hash.", "crypt.", "bcrypt.", "argon2.", "scrypt.")


def _password_algorithm(call: ast.Call, name: str) -> str | None:
    if name.startswith("hashlib."):
        if name == "hashlib.pbkdf2_hmac":
            return "pbkdf2"
        return _library_algorithm(call, name)
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


@check(_PASSWORD_HASHING)
def password_hashing(python: PythonFile, algorithms: tuple[str, ...]) -> Iterator[Finding]:
    """Passwords hashed with an algorithm other than the allowed ones."""
    names = [n for n in python.index.call_names if n.startswith(_HASHING_MODULES)]
    for call in python.index.calls_named(*names):
        algorithm = _password_algorithm(call.node, call.name)
        if algorithm is None or algorithm.startswith(algorithms):
            continue
        if _mentions_password(call.node):
            message = f"password hashed with {algorithm}; use {', '.join(algorithms)}"
            yield Finding.at_node(python, call.node, message)


CHECKS: tuple[Check, ...] = (
    no_eval,
    no_shell_injection,
    no_unsafe_deserialization,
    no_weak_hashes,
    tls_verification,
    password_hashing,
)
