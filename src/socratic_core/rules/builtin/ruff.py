"""The checks ruff enforces, run by ruff in one pass per validation.

Every check in `ruff_rules.RUFF_RULES` (and the `ruff` check, which reaches any ruff rule by
code) shares one `Batch`: the engine hands it every such rule at once, and it runs
`ruff check --output-format json --isolated` with an explicit `--select` and `--config`
settings over every Python file of the workspace, with ruff's own cache in the workspace's
cache folder when it has one (`socratic check` gives it one), else `--no-cache`. Rules whose
settings agree run together (usually all of them: one ruff process); rules that need different
settings (two line lengths) run in separate passes. Each result is mapped back to the file as
the output names it and to every rule whose codes select it, with the ruff code in the message.

A `# noqa: <code>` comment naming the finding's code drops it, as in ruff; a blanket `# noqa` and a
file-wide `# ruff: noqa` do not (ruff runs with `--ignore-noqa` and the codes are matched here):
checked output must not switch every ruff-backed rule off with one comment, unseen.
`# socratic: allow <rule-id>` is applied by the engine as everywhere. ruff crashing, timing out or
printing something that is not its JSON fails every rule of that pass (fail closed).
"""

from __future__ import annotations

import functools
import importlib
import io
import json
import os
import re
import subprocess
import sys
import sysconfig
import tokenize
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from socratic_core.rules._checks import Batch, Check, CheckContext, Finding, Workspace
from socratic_core.rules._nodes import ParamValue
from socratic_core.rules._patterns import lazy
from socratic_core.rules._results import Location
from socratic_core.rules._workspace import PYTHON_SUFFIXES, materialise
from socratic_core.rules.builtin.ruff_rules import (
    RUFF_CHECK_ID,
    RUFF_DECLARATIONS,
    RUFF_RULES,
    int_setting,
)

__all__ = ["CHECKS", "RUFF_BATCH", "RuffError", "find_ruff", "ruff_codes", "run_ruff", "selects"]

TIMEOUT_SECONDS = 120.0
_MAX_ARGS_CHARS = 100_000  # files per ruff process, so a huge tree stays under ARG_MAX
_CODE = lazy(r"[A-Z]+[0-9]*")
_PYLINT_CATEGORIES = ("PLC", "PLE", "PLR", "PLW")
_IO_ERROR = "E902"  # ruff could not read the file
_NOQA = lazy(r"#\s*noqa\s*:\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)", re.IGNORECASE)


class RuffError(RuntimeError):
    """ruff could not run, crashed, timed out, or a rule names codes ruff does not have."""


def find_ruff() -> str:
    """Return the ruff executable: the one the `ruff` package ships, else beside this Python.

    Returns:
        Its path.

    Raises:
        RuffError: If ruff is not installed.
    """
    try:  # the ruff wheel's own finder (ruff ships no type information)
        return str(importlib.import_module("ruff").find_ruff_bin())
    except (ImportError, AttributeError, FileNotFoundError):
        pass
    name = "ruff.exe" if os.name == "nt" else "ruff"
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        candidate = Path(folder) / name
        if candidate.is_file():
            return str(candidate)
    raise RuffError("ruff is not installed (pip install ruff)")


@functools.cache
def ruff_codes() -> frozenset[str]:
    """Return every rule code the installed ruff knows (`ruff rule --all`), once per process."""
    out = _run([find_ruff(), "rule", "--all", "--output-format", "json"])
    return frozenset(str(rule["code"]) for rule in json.loads(out))


def selects(selector: str, code: str) -> bool:
    """Whether a ruff selector (`E`, `PTH`, `PLR2004`, `C90`, `ALL`) selects a rule code.

    A selector is a prefix within one linter: `F` selects `F401` but not `FBT003`, and `PL`
    selects all of Pylint (`PLR`, `PLW`...).
    """
    if selector == "ALL":
        return True
    letters = _letters(code)
    if selector == "PL":
        return letters in _PYLINT_CATEGORIES
    return code.startswith(selector) and _letters(selector) == letters


def _letters(code: str) -> str:
    return code.rstrip("0123456789")


def _select(context: CheckContext) -> tuple[str, ...]:
    if context.rule.id in RUFF_RULES:
        return RUFF_RULES[context.rule.id].select_for(context.params)
    return tuple(str(code).upper() for code in _words(context.params["select"]))


def _ignore(context: CheckContext) -> tuple[str, ...]:
    if context.rule.id != RUFF_CHECK_ID:
        return ()
    return tuple(str(code).upper() for code in _words(context.params.get("ignore", ())))


def _words(value: ParamValue) -> tuple[ParamValue, ...]:
    return value if isinstance(value, tuple) else (value,)


# The `ruff` check's settings, and the codes each one changes: a setting is passed only when the
# rule selects one of them, so rules that don't care never force a second ruff run.
_SETTING_CODES = {
    "lint.mccabe.max-complexity": "C901",
    "lint.pycodestyle.max-line-length": "E501",
    "lint.pydocstyle.convention": "D",
    "lint.flake8-tidy-imports.banned-api": "TID251",
}


def _settings(context: CheckContext) -> dict[str, ParamValue]:
    if context.rule.id in RUFF_RULES:
        return RUFF_RULES[context.rule.id].settings(context.params)
    params = context.params
    problem = _settings_problem(params)
    if problem is not None:
        raise ValueError(problem)
    settings: dict[str, ParamValue] = {
        "lint.mccabe.max-complexity": int_setting(params, "max_complexity"),
        "lint.pycodestyle.max-line-length": int_setting(params, "line_length"),
        "lint.pydocstyle.convention": str(params["convention"]).lower(),
    }
    banned = _words(params.get("banned", ()))
    if banned:
        settings["lint.flake8-tidy-imports.banned-api"] = _banned(banned)
    select = _select(context)
    return {
        key: value
        for key, value in settings.items()
        if any(selects(s, _SETTING_CODES[key]) or selects(_SETTING_CODES[key], s) for s in select)
    }


def _banned(modules: tuple[ParamValue, ...]) -> str:
    entries = ", ".join(f'"{m}" = {{ msg = "{m} is banned by the rules" }}' for m in modules)
    return "{ " + entries + " }"


_CONVENTIONS = ("google", "numpy", "pep257")
_MODULE = lazy(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def _settings_problem(params: Mapping[str, ParamValue]) -> str | None:
    """What is wrong with the `ruff` check's settings, before ruff sees them."""
    convention = str(params.get("convention", "pep257")).lower()
    if convention not in _CONVENTIONS:
        return f"convention {convention!r} is not one of {', '.join(_CONVENTIONS)}"
    bad = [str(m) for m in _words(params.get("banned", ())) if not _MODULE.fullmatch(str(m))]
    if bad:
        return f"banned {bad[0]!r} is not a module name"
    return _numbers_problem(params, ("max_complexity", "line_length"))


def _numbers_problem(params: Mapping[str, ParamValue], names: Iterable[str]) -> str | None:
    for name in names:
        if name in params:
            try:
                int_setting(params, name)
            except (TypeError, ValueError) as exc:
                return str(exc)
    return None


def _validate_rule(params: Mapping[str, ParamValue]) -> str | None:
    """A ruff-backed check's numeric parameters, checked when the rules are compiled."""
    return _numbers_problem(params, ("max", "max_line_length"))


def _unknown_codes(context: CheckContext) -> RuffError | None:
    if context.rule.id in RUFF_RULES:  # our own mapping: its codes are tested against ruff
        return None
    problem = _code_problem([*_select(context), *_ignore(context)])
    return None if problem is None else RuffError(problem)


def _bad_settings(context: CheckContext) -> Exception | None:
    try:
        _settings(context)
    except (TypeError, ValueError) as exc:  # this rule's settings alone are wrong
        return exc
    return None


def _code_problem(codes: list[str]) -> str | None:
    known = ruff_codes()
    bad = [c for c in codes if not _CODE.fullmatch(c) or not any(selects(c, k) for k in known)]
    if not bad:
        return None
    names = ", ".join(repr(code) for code in bad)
    return f"ruff {_ruff_version()} has no rule {names} (see `ruff rule --all`)"


@functools.cache
def _ruff_version() -> str:
    return _run([find_ruff(), "--version"]).strip().removeprefix("ruff ")


def _validate(params: Mapping[str, ParamValue]) -> str | None:
    """The `ruff` check's parameters, checked when the rules are compiled."""
    problem = _settings_problem(params)
    if problem is not None:
        return problem
    words = (*_words(params.get("select", ())), *_words(params.get("ignore", ())))
    try:
        return _code_problem([str(word).upper() for word in words])
    except RuffError:
        return None  # ruff is missing: the run fails closed and says so


def run_ruff(
    contexts: Sequence[CheckContext], workspace: Workspace
) -> list[list[Finding] | Exception]:
    """Run ruff once for every rule (once per group of rules whose settings agree).

    Args:
        contexts: The rules to check, with their parameters.
        workspace: The files on disk.

    Returns:
        One result per context, in order: its findings, or the `RuffError` for a rule that
        names codes ruff does not have.

    Raises:
        RuffError: ruff failed (every rule fails).
    """
    found: list[list[Finding] | Exception] = []
    for context in contexts:
        problem = _unknown_codes(context) or _bad_settings(context)
        found.append([] if problem is None else problem)
    runnable = [i for i, result in enumerate(found) if isinstance(result, list)]
    for settings, members in _groups(contexts, runnable).items():
        select = sorted({code for i in members for code in _select(contexts[i])})
        for result in _ruff_check(workspace, select, dict(settings)):
            _assign(result, members, contexts, found)
    return found


def _groups(
    contexts: Sequence[CheckContext], runnable: list[int]
) -> dict[tuple[tuple[str, str], ...], list[int]]:
    """Group rules that can share one ruff run: the same value for every setting they name."""
    groups: list[tuple[dict[str, str], list[int]]] = []
    for number in runnable:
        context = contexts[number]
        wanted = {key: _toml(value) for key, value in _settings(context).items()}
        for settings, members in groups:
            if all(settings.get(key, value) == value for key, value in wanted.items()):
                settings.update(wanted)
                members.append(number)
                break
        else:
            groups.append((wanted, [number]))
    return {tuple(sorted(settings.items())): members for settings, members in groups}


def _toml(value: ParamValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str) and value.startswith("{"):
        return value  # an inline table, already TOML
    return json.dumps(value)


def _assign(
    result: Mapping[str, Any],
    members: list[int],
    contexts: Sequence[CheckContext],
    found: list[list[Finding] | Exception],
) -> None:
    code, path = str(result.get("code") or ""), str(result["_path"])
    for number in members:
        context = contexts[number]
        if not context.in_scope(path):
            continue
        if any(selects(s, code) for s in _select(context)) and not any(
            selects(s, code) for s in _ignore(context)
        ):
            findings = found[number]
            if isinstance(findings, list):
                any_rule = context.rule.id == RUFF_CHECK_ID  # its hint: the rule's own page
                findings.append(_finding(result, path, code, with_url=any_rule))


def _finding(result: Mapping[str, Any], path: str, code: str, *, with_url: bool) -> Finding:
    start, end = result.get("location") or {}, result.get("end_location") or {}
    fix = result.get("fix") or {}
    hint = fix.get("message") or (
        f"See {result['url']}" if with_url and result.get("url") else None
    )
    line, column = int(start.get("row", 1)), int(start.get("column", 1))
    return Finding(
        f"{result.get('message', '')} (ruff {code})" if code else str(result.get("message")),
        Location(path, line, column, end.get("row"), end.get("column")),
        fix_hint=hint,
    )


def _ruff_check(
    workspace: Workspace, select: list[str], settings: Mapping[str, str], *, retry: bool = True
) -> Iterator[dict[str, Any]]:
    back = {_real(disk): path for path, disk in workspace.files.items()}
    command = [find_ruff(), "check", "--output-format", "json", "--isolated", *_cache(workspace)]
    command += ["--ignore-noqa"]  # `_waived` honours the comments that name a code
    # E902 (ruff could not read a file) is always selected: a file ruff did not read must not
    # pass silently.
    command += ["--exit-zero", "--select", ",".join([*select, _IO_ERROR])]
    for key, value in settings.items():
        command += ["--config", f"{key} = {value}"]
    unread: dict[str, str] = {}
    lines: dict[str, list[str]] = {}
    for chunk in _chunks(sorted(workspace.files.values())):
        for result in json.loads(_run([*command, "--", *chunk]) or "[]"):
            path = back.get(_real(str(result.get("filename", ""))))
            if path is None or _waived(result, lines):
                continue
            if result.get("code") == _IO_ERROR:
                unread[path] = f"{result.get('message')}"
            else:
                yield {**result, "_path": path}
    if unread:
        yield from _reread(workspace, unread, select, settings, retry=retry)


def _cache(workspace: Workspace) -> list[str]:
    """The cache option for ruff: its own folder in the workspace's cache, else `--no-cache`."""
    if workspace.cache_dir is None or workspace.root is not None:
        return ["--no-cache"]
    return ["--cache-dir", str(Path(workspace.cache_dir) / "ruff")]


def _waived(result: Mapping[str, Any], lines: dict[str, list[str]]) -> bool:
    """Whether the finding's line has a `# noqa:` comment naming its code.

    Args:
        result: One ruff result (its `filename`, `code` and `noqa_row`).
        lines: File -> its lines, filled as files are read.
    """
    code, row, filename = result.get("code"), result.get("noqa_row"), result.get("filename")
    if not code or not isinstance(row, int) or not isinstance(filename, str):
        return False
    if filename not in lines:
        try:
            lines[filename] = Path(filename).read_bytes().decode("utf-8", "replace").splitlines()
        except OSError:
            lines[filename] = []
    text = lines[filename][row - 1] if 0 < row <= len(lines[filename]) else ""
    return any(code in re.split(r"[\s,]+", m.upper()) for m in _NOQA.findall(text))


def _reread(
    workspace: Workspace,
    unread: Mapping[str, str],
    select: list[str],
    settings: Mapping[str, str],
    *,
    retry: bool,
) -> Iterator[dict[str, Any]]:
    """Give ruff, which reads UTF-8 only, a UTF-8 copy of files in another PEP 263 encoding.

    A file that does not decode at all is left out (the engine reports it as unreadable, which
    blocks); a file that cannot be read fails the run.
    """
    texts: dict[str, str] = {}
    for path, why in unread.items():
        try:
            raw = Path(workspace.files[path]).read_bytes()
        except OSError as exc:
            raise RuffError(f"ruff cannot read {path}: {why}") from exc
        text = _decoded(raw)
        if text is not None and retry:
            texts[path] = text
    if texts:
        with materialise(texts) as copy:
            yield from _ruff_check(copy, select, settings, retry=False)


def _decoded(raw: bytes) -> str | None:
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(raw).readline)[0]
        return raw.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return None


def _real(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def _chunks(files: list[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    size = 0
    for name in files:
        if chunk and size + len(name) > _MAX_ARGS_CHARS:
            yield chunk
            chunk, size = [], 0
        chunk.append(name)
        size += len(name) + 1
    if chunk:
        yield chunk


def _run(command: list[str]) -> str:
    try:
        done = subprocess.run(  # noqa: S603 - a fixed executable and an argument list
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise RuffError(f"ruff ran past {TIMEOUT_SECONDS:g} s and was stopped") from exc
    except OSError as exc:
        raise RuffError(f"cannot run ruff: {exc}") from exc
    if done.returncode != 0:
        why = (done.stderr or done.stdout).strip().splitlines()
        raise RuffError(f"ruff exited with {done.returncode}: {' '.join(why[-3:])}")
    return done.stdout


def _alone(context: CheckContext) -> Iterable[Finding]:
    """Check one rule on the files of its context with ruff, without an engine around it."""
    files = {f.path: f.text for f in context.analysis.files if f.text is not None}
    with materialise(files) as workspace:
        result = run_ruff([context], workspace)[0]
    if isinstance(result, Exception):
        raise result
    return result


RUFF_BATCH = Batch("ruff", run_ruff)
"""The batch every ruff-backed check shares: one ruff run per validation."""

_DECLARED = {declaration.id: declaration for declaration in RUFF_DECLARATIONS}

CHECKS: tuple[Check, ...] = tuple(
    Check(
        _DECLARED[check_id],
        _alone,
        batch=RUFF_BATCH,
        reads=PYTHON_SUFFIXES,
        validate=_validate if check_id == RUFF_CHECK_ID else _validate_rule,
    )
    for check_id in (*RUFF_RULES, RUFF_CHECK_ID)
)
