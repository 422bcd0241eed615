"""Fixers for the rules codegen can fix in code it generated, by rule id, and `fix_files`.

`fix_files` takes the files of the last attempt and the violations the feedback lists (rule id,
path, line, column) with the parameters of the rules that asked (a length limit...), and applies
one fixer per rule id to the flagged places. Every edited file is parsed again: an edit that
would not parse is dropped, and a violation no fixer knows is left for the runner to report.
"""

from __future__ import annotations

import ast
import difflib
import re
import shlex
from collections.abc import Callable, Mapping, Sequence

from socratic_core.agents import _reshape
from socratic_core.agents._edits import (
    Fixer,
    Site,
    calls,
    dotted,
    ensure_import,
    ensure_logger,
    indent_of,
    make_call,
    rewrite,
)
from socratic_core.agents._split import split_module
from socratic_core.agents._structure import fix_docstrings, fix_forbidden_import, fix_hints
from socratic_core.rules import Violation

__all__ = ["fix_files"]


# --- fixers for calls --------------------------------------------------------------------------
def _fix_print(source: str, sites: Sequence[Site]) -> str:
    def change(node: ast.stmt, _site: Site) -> bool:
        changed = False
        for call in calls(node):
            if dotted(call.func) == "print" and not call.keywords:
                call.func = ast.parse("_log.info", mode="eval").body
                call.args = [ast.Constant(" ".join(["%s"] * len(call.args))), *call.args]
                changed = True
        return changed

    fixed = rewrite(source, sites, change)
    if fixed == source:
        return source
    fixed = ensure_logger(fixed)
    return _configure_logging(fixed)


def _configure_logging(source: str) -> str:
    """Give a `__main__` block a logging set-up, so what was printed still shows."""
    setup = 'logging.basicConfig(level=logging.INFO, format="%(message)s")'
    if setup in source:
        return source
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "__name__ == '__main__'":
            lines = source.split("\n")
            first = node.body[0]
            lines.insert(first.lineno - 1, indent_of(source, first) + setup)
            return "\n".join(lines)
    return source


def _call_fixer(edit: Callable[[ast.Call], bool], *imports: str) -> Fixer:
    """A fixer that rewrites the calls at the flagged sites and adds `imports` when it did."""

    def fix(source: str, sites: Sequence[Site]) -> str:
        def change(node: ast.stmt, _site: Site) -> bool:
            changed = [edit(call) for call in calls(node)]  # every call, no short cut
            return any(changed)

        fixed = rewrite(source, sites, change)
        for statement in imports if fixed != source else ():
            fixed = ensure_import(fixed, statement)
        return fixed

    return fix


def _eval(call: ast.Call) -> bool:
    if dotted(call.func) not in ("eval", "builtins.eval") or not call.args:
        return False
    call.func = ast.parse("ast.literal_eval", mode="eval").body
    call.args, call.keywords = call.args[:1], []
    return True


_WEAK = re.compile(r"(?i)^(md2|md4|md5|sha|sha1|sha224)$")


def _weak_hash(call: ast.Call) -> bool:
    name = dotted(call.func)
    if name.startswith("hashlib.") and _WEAK.match(name.removeprefix("hashlib.")):
        call.func = ast.parse("hashlib.sha256", mode="eval").body
        call.keywords = [k for k in call.keywords if k.arg != "usedforsecurity"]
        return True
    first = call.args[0] if call.args else None
    if name == "hashlib.new" and isinstance(first, ast.Constant) and _WEAK.match(str(first.value)):
        first.value = "sha256"
        return True
    return False


def _shell(call: ast.Call) -> bool:
    name = dotted(call.func)
    if name in ("os.system", "subprocess.getoutput", "subprocess.getstatusoutput"):
        if not call.args:
            return False
        runner = {"os.system": "subprocess.call"}.get(name, name)
        command = _command(call.args[0])
        call.func, call.args = ast.parse(runner, mode="eval").body, [command]
        return True
    shell = next((k for k in call.keywords if k.arg == "shell"), None)
    if shell is None or not call.args:
        return False
    call.keywords.remove(shell)
    call.args[0] = _command(call.args[0])
    return True


def _command(node: ast.expr) -> ast.expr:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return ast.List([ast.Constant(part) for part in shlex.split(node.value)], ast.Load())
    if isinstance(node, ast.List | ast.Tuple):
        return node
    return make_call("shlex.split", [node])


def _deserialize(call: ast.Call) -> bool:
    name = dotted(call.func)
    safe = {
        "pickle.loads": "json.loads", "pickle.load": "json.load", "marshal.loads": "json.loads",
        "yaml.load": "yaml.safe_load", "yaml.unsafe_load": "yaml.safe_load",
        "yaml.load_all": "yaml.safe_load_all", "yaml.unsafe_load_all": "yaml.safe_load_all",
    }  # fmt: skip
    if name not in safe or not call.args:
        return False
    call.func, call.args = ast.parse(safe[name], mode="eval").body, call.args[:1]
    call.keywords = []
    return True


def _tls(call: ast.Call) -> bool:
    changed = False
    for keyword in call.keywords:
        value = keyword.value
        off = isinstance(value, ast.Constant) and not value.value
        if keyword.arg in ("verify", "check_hostname") and off:
            keyword.value = ast.Constant(True)
            changed = True
    if dotted(call.func) == "ssl._create_unverified_context":
        call.func = ast.parse("ssl.create_default_context", mode="eval").body
        changed = True
    return changed


# --- secrets and SQL -----------------------------------------------------------------------------
def _env_name(node: ast.stmt, literal: ast.Constant, owner: str) -> str:
    """The environment variable a literal's name suggests (`api_key = "..."` -> `API_KEY`)."""
    name = owner
    for parent in ast.walk(node):
        if isinstance(parent, ast.Assign | ast.AnnAssign) and parent.value is literal:
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            name = dotted(targets[0]).rpartition(".")[2]
        elif isinstance(parent, ast.keyword) and parent.value is literal:
            name = parent.arg or ""
    return re.sub(r"\W+", "_", name).strip("_").upper() or "SECRET"


def _owners(tree: ast.Module) -> dict[int, str]:
    """Line -> the name of the function whose body holds it."""
    owners: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for line in range(node.body[0].lineno, (node.end_lineno or node.lineno) + 1):
                owners[line] = node.name
    return owners


def _fix_secret(source: str, sites: Sequence[Site]) -> str:
    owners = _owners(ast.parse(source))

    def change(node: ast.stmt, site: Site) -> bool:
        for parent in ast.walk(node):
            for field, value in ast.iter_fields(parent):
                literal = value if isinstance(value, ast.Constant) else None
                if literal is None or not isinstance(literal.value, str):
                    continue
                if (literal.lineno, literal.col_offset + 1) == (site.line, site.column):
                    name = _env_name(node, literal, owners.get(site.line, ""))
                    lookup = f"os.environ[{name!r}]"
                    setattr(parent, field, ast.parse(lookup, mode="eval").body)
                    return True
        return False

    fixed = rewrite(source, sites, change)
    return fixed if fixed == source else ensure_import(fixed, "import os")


_QUERY_CALLS = ("execute", "executemany", "executescript", "raw", "text", "read_sql")


def _pieces(node: ast.expr) -> list[ast.expr] | None:
    """The parts of a query built with `+` or an f-string, or None for any other shape."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _pieces(node.left), _pieces(node.right)
        return None if left is None or right is None else [*left, *right]
    if isinstance(node, ast.JoinedStr):
        return [v.value if isinstance(v, ast.FormattedValue) else v for v in node.values]
    return [node]


def _parameterise(query: ast.Call) -> bool:
    if not query.args or len(query.args) > 1 or query.keywords:
        return False
    parts = _pieces(query.args[0])
    if parts is None or all(isinstance(p, ast.Constant) for p in parts):
        return False
    text, values = "", list[ast.expr]()
    for part in parts:
        if isinstance(part, ast.Constant):
            text += str(part.value)
        else:
            text, values = text + "?", [*values, part]
    text = re.sub(r"(['\"])\?\1", "?", text)  # '" + name + "'  ->  ?
    query.args = [ast.Constant(text), ast.Tuple(values, ast.Load())]
    return True


def _fix_sql(source: str, sites: Sequence[Site]) -> str:
    def change(node: ast.stmt, _site: Site) -> bool:
        queries = [c for c in calls(node) if dotted(c.func).endswith(_QUERY_CALLS)]
        changed = [_parameterise(c) for c in queries]  # every query, no short cut
        return any(changed)

    return rewrite(source, sites, change)


# --- exceptions ----------------------------------------------------------------------------------
def _does_nothing(body: list[ast.stmt]) -> bool:
    return all(
        isinstance(s, ast.Pass | ast.Continue)
        or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        for s in body
    )


def _fix_except(source: str, sites: Sequence[Site]) -> str:
    """Name what a bare `except:` catches; log what a handler would have swallowed."""
    tree = ast.parse(source)
    wanted: dict[int, set[int]] = {}  # try line -> its flagged handler lines
    for node in ast.walk(tree):
        if isinstance(node, ast.Try | ast.TryStar):
            lines = {h.lineno for h in node.handlers} & {s.line for s in sites}
            if lines:
                wanted.setdefault(node.lineno, set()).update(lines)
    logs = False

    def change(node: ast.stmt, site: Site) -> bool:
        nonlocal logs
        handlers = [h for h in ast.walk(node) if isinstance(h, ast.ExceptHandler)]
        handlers = [h for h in handlers if h.lineno in wanted.get(site.line, ())]
        for handler in handlers:
            if handler.type is None:
                handler.type = ast.Name("Exception", ast.Load())
            if _does_nothing(handler.body):
                handler.body = [ast.parse('_log.exception("ignored an error")').body[0]]
                logs = True
        return bool(handlers)

    fixed = rewrite(source, [Site(line, 1, {}) for line in wanted], change)
    return ensure_logger(fixed) if logs else fixed


# --- the table and the entry point ---------------------------------------------------------------
def _fixers() -> dict[str, Fixer]:
    return {
        "quality.no-print": _fix_print,
        "security.no-eval": _call_fixer(_eval, "import ast"),
        "security.no-weak-hashes": _call_fixer(_weak_hash),
        "security.no-shell-injection": _call_fixer(_shell, "import shlex", "import subprocess"),
        "security.no-unsafe-deserialization": _call_fixer(_deserialize, "import json"),
        "security.tls-verification": _call_fixer(_tls),
        "security.no-hardcoded-secrets": _fix_secret,
        "security.no-sql-string-building": _fix_sql,
        "quality.no-bare-except": _fix_except,
        "quality.no-swallowed-exceptions": _fix_except,
        "quality.docstrings": fix_docstrings,
        "quality.type-hints": fix_hints,
        "architecture.forbidden-import": fix_forbidden_import,
        "quality.max-function-length": _reshape.split_functions,
        "quality.max-line-length": _reshape.wrap_lines,
    }


def fix_files(
    files: Mapping[str, str],
    violations: Sequence[Violation],
    params: Mapping[str, Mapping[str, object]],
) -> tuple[dict[str, str], list[str]]:
    """Fix what `violations` flag in the Python files they name.

    Args:
        files: The last attempt's files, path -> content.
        violations: The violations to fix (the feedback's open and new ones).
        params: Each rule id's parameters, from the constraints (`{"max": 40}`).

    Returns:
        The files (fixed where a fixer could) and the rule ids a fix was applied for.
    """
    fixers = _fixers()
    out = dict(files)
    applied: set[str] = set()
    by_file: dict[str, list[tuple[str, Site]]] = {}
    for violation in violations:
        loc = violation.location
        if loc.path in out and loc.path.endswith(".py") and violation.rule_id in fixers:
            site = Site(loc.line, loc.column, params.get(violation.rule_id, {}))
            by_file.setdefault(loc.path, []).append((violation.rule_id, site))
    for path, flagged in sorted(by_file.items()):
        out[path] = _fix_file(out[path], flagged, fixers, applied)
    for path, limit in _file_limits(violations, params, out):
        split = split_module(path, out[path], limit)
        if split is not None:
            out.update(split)
            applied.add(_FILE_LENGTH)
    return out, sorted(applied)


_FILE_LENGTH = "quality.max-file-length"


def _fix_file(
    source: str, flagged: list[tuple[str, Site]], fixers: Mapping[str, Fixer], applied: set[str]
) -> str:
    """Apply each rule's fixer to one file in turn, following the flagged lines as they move."""
    for rule_id in sorted({rule for rule, _ in flagged}):
        sites = [site for rule, site in flagged if rule == rule_id]
        try:
            fixed = fixers[rule_id](source, sites)
            ast.parse(fixed)
        except (SyntaxError, ValueError, RecursionError):
            continue  # an edit that does not parse is not a fix
        if fixed != source:
            fixed = fixed if fixed.endswith("\n") else fixed + "\n"
            flagged = [(rule, _moved(site, source, fixed)) for rule, site in flagged]
            source = fixed
            applied.add(rule_id)
    return source


def _file_limits(
    violations: Sequence[Violation],
    params: Mapping[str, Mapping[str, object]],
    files: Mapping[str, str],
) -> list[tuple[str, int]]:
    """The Python files over a file-length limit, with the limit (split after the other fixes)."""
    limit = params.get(_FILE_LENGTH, {}).get("max")
    if not isinstance(limit, int) or limit < 1:
        return []
    paths = {v.location.path for v in violations if v.rule_id == _FILE_LENGTH}
    return [(p, limit) for p in sorted(p for p in paths if p and p in files and p.endswith(".py"))]


def _moved(site: Site, before: str, after: str) -> Site:
    """Where a flagged line is after an edit (the start of the block that replaced it)."""
    matcher = difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"), autojunk=False)
    for _, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if old_start <= site.line - 1 < old_end:
            offset = min(site.line - 1 - old_start, max(0, new_end - new_start - 1))
            return Site(new_start + offset + 1, site.column, site.params)
    return site
