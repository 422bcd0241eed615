"""`@check`: a check written like an llm tool, its declaration taken from the function.

```python
@check(id="demo.no-todo", category="quality", phrases=("todo comments",), forbids=True)
def no_todo(file: SourceFile, word: str = "todo") -> Iterator[Finding]:
    \"\"\"Files that still say TODO.

Args:
        word: The marker to look for.
    \"\"\"
```

The first parameter's annotation says what the function is called with:

- `PythonFile`: once per Python file that parsed, in the rule's scope (tree and index never None);
- `ScriptFile`: once per TypeScript/JavaScript file that parsed (component script blocks
  included), in the rule's scope and in one of the check's `languages` (all four by default);
- `SourceFile`: once per decoded file (Python or not) in the rule's scope;
- `CheckContext`: once per analysis, with everything (the text answer, cross-file checks).

Every other parameter is a rule parameter: its name, type (`int`, `float`, `str`, `bool`, or a
tuple/list of words), default and the line the docstring's `Args:` gives it become a `ParamSpec`;
the docstring's first line becomes the description. The engine passes the rule's values as
keyword arguments (numbers as the annotated type, word lists as lower-case tuples).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from socratic_core.rules._checks import Check, CheckContext, Finding, Prefilter
from socratic_core.rules._nodes import Category, CheckDeclaration, ParamSpec, ParamValue
from socratic_core.rules._patterns import lazy
from socratic_core.rules._script import SCRIPT_LANGUAGES, Language, suffixes_of

__all__ = ["check"]

_KINDS = ("PythonFile", "ScriptFile", "SourceFile", "CheckContext")
_TYPES = {"int": "int", "float": "float", "str": "str", "bool": "bool"}
_ARG_LINE = lazy(r"^\s{4,}(?P<name>\w+)(?:\s*\([^)]*\))?:\s*(?P<text>.+)$")


def check(
    declaration: CheckDeclaration | None = None,
    *,
    id: str | None = None,
    category: Category | str = Category.CUSTOM,
    phrases: Iterable[str] = (),
    fix_hint: str = "",
    forbids: bool = False,
    opposites: Iterable[str] = (),
    units: Mapping[str, tuple[str, ...]] | None = None,
    choices: Mapping[str, tuple[str, ...]] | None = None,
    cross_file: bool = False,
    reads: tuple[str, ...] | None = None,
    languages: Iterable[Language | str] | None = None,
    prefilter: Prefilter | None = None,
    **fields: Any,
) -> Callable[[Callable[..., Iterable[Finding]]], Check]:
    """Turn a function into a `Check`, declared by its signature and docstring.

    Args:
        declaration: A ready declaration (the built-in vocabulary's); the function's rule
            parameters must be among its parameters. When None, one is built from `id`,
            `category`, `phrases`, `fix_hint`, `forbids`, `opposites` and the function.
        id: The check's id, `<category>.<name>`; `<category>.<function-name>` (underscores
            as dashes) when None, as llm names a tool after its function.
        category: Its category (a `Category` or its value).
        phrases: Phrases that name the check in instruction text (`{param}` placeholders allowed).
        fix_hint: One sentence on how to fix what it finds.
        forbids: Whether the phrases name what the check forbids.
        opposites: Phrases that name the other side of the check.
        units: Units a numeric parameter may carry (`{"max": ("lines",)}`).
        choices: Values a word parameter may take, which instruction text picks out
            (`{"license": ("MIT", "Apache-2.0")}`).
        cross_file: Whether it reads across files (then the first parameter is `CheckContext`).
        reads: The file suffixes it reads, `()` for the text answer only; when None, the
            suffixes of its languages for a `PythonFile` or `ScriptFile` check and any file
            otherwise (see `Check.reads`).
        languages: The languages it reads (`Language` values or their names). When None:
            Python for a `PythonFile` check, TypeScript, TSX, JavaScript and JSX for a
            `ScriptFile` check, none (text) otherwise. A cross-file check that reads scripts
            names them here.
        prefilter: A cheap, conservative test of a file's text (`Check.prefilter`; `mentions()`
            builds one), so the engine can skip files the check certainly finds nothing in.
        **fields: Any other `CheckDeclaration` field, passed through unchanged.

    Returns:
        A decorator that returns the `Check` (register it with `register(...)`).

    Raises:
        TypeError: The function's signature cannot be read as a check.
    """
    given: dict[str, Any] = {"id": id, "category": category, "phrases": tuple(phrases)}
    given |= {"fix_hint": fix_hint, "forbids": forbids, "opposites": tuple(opposites), **fields}

    def wrap(function: Callable[..., Iterable[Finding]]) -> Check:
        kind, specs = _signature(function, units or {}, choices or {})
        if declaration is None:
            made = _declaration(function, specs, given)
        elif id is not None or phrases or fields:
            raise TypeError(f"@check on {function.__name__}() takes a declaration or its fields")
        else:
            made = declaration
            _match_declaration(function, specs, declaration)
        if cross_file and kind != "CheckContext":
            raise TypeError(f"cross-file check {function.__name__}() must take a CheckContext")
        read = _languages(function, kind, languages)
        suffixes = reads if reads is not None else (suffixes_of(read) if read else None)
        run = _runner(function, kind, specs, read)
        return Check(
            made,
            run,
            cross_file=cross_file,
            reads=suffixes,
            languages=read,
            prefilter=prefilter,
        )

    return wrap


def _languages(
    function: Callable[..., Any], kind: str, given: Iterable[Language | str] | None
) -> frozenset[Language]:
    if given is None:
        defaults = {"PythonFile": {Language.PYTHON}, "ScriptFile": SCRIPT_LANGUAGES}
        return frozenset(defaults.get(kind, ()))
    try:
        chosen = frozenset(Language(language) for language in given)
    except ValueError as exc:
        known = ", ".join(language.value for language in Language)
        raise TypeError(f"@check on {function.__name__}(): {exc} (languages: {known})") from exc
    wrong = chosen - SCRIPT_LANGUAGES if kind == "ScriptFile" else frozenset()
    if kind == "PythonFile":
        wrong = chosen - {Language.PYTHON}
    if wrong:
        raise TypeError(f"{function.__name__}() takes a {kind}: it cannot read {min(wrong)}")
    return chosen


def _declaration(
    function: Callable[..., Any], specs: tuple[ParamSpec, ...], given: dict[str, Any]
) -> CheckDeclaration:
    given = dict(given)  # the decorator may be applied more than once
    category = Category(given.pop("category"))
    name = function.__name__.strip("_").replace("_", "-")
    check_id = given.pop("id") or f"{category.value}.{name}"
    return CheckDeclaration(
        id=check_id, category=category, params=specs, description=_summary(function), **given
    )


def _signature(
    function: Callable[..., Any],
    units: Mapping[str, tuple[str, ...]],
    choices: Mapping[str, tuple[str, ...]],
) -> tuple[str, tuple[ParamSpec, ...]]:
    parameters = list(inspect.signature(function).parameters.values())
    if not parameters:
        raise TypeError(f"check {function.__name__}() must take a PythonFile, ScriptFile, ...")
    kind = _annotation_name(parameters[0].annotation)
    if kind not in _KINDS:
        message = f"the first parameter of {function.__name__}() must be annotated as one of"
        raise TypeError(f"{message} {', '.join(_KINDS)}, not {kind!r}")
    described = _documented_args(function)
    specs = []
    for parameter in parameters[1:]:
        default = parameter.default
        specs.append(
            ParamSpec(
                parameter.name,
                _param_type(function, parameter),
                default=None if default is inspect.Parameter.empty else _param_default(default),
                units=units.get(parameter.name, ()),
                description=described.get(parameter.name, ""),
                choices=choices.get(parameter.name, ()),
            )
        )
    return kind, tuple(specs)


def _annotation_name(annotation: object) -> str:
    if isinstance(annotation, str):
        return annotation.rpartition(".")[2]
    return str(getattr(annotation, "__name__", annotation))


def _param_type(function: Callable[..., Any], parameter: inspect.Parameter) -> str:
    text = str(parameter.annotation)
    if isinstance(parameter.annotation, type):
        text = parameter.annotation.__name__
    base = text.replace("typing.", "").partition("[")[0].strip()
    if base in _TYPES:
        return _TYPES[base]
    if base in ("tuple", "list", "Sequence", "collections.abc.Sequence"):
        return "list"
    raise TypeError(
        f"parameter {parameter.name!r} of {function.__name__}() must be annotated int, float,"
        f" str, bool or tuple[str, ...], not {text!r}"
    )


def _param_default(value: object) -> ParamValue:
    if isinstance(value, list | tuple):
        return tuple(str(item) for item in value)
    if isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"a check parameter's default must be a word, number or list, not {value!r}")


def _summary(function: Callable[..., Any]) -> str:
    doc = inspect.getdoc(function) or ""
    return doc.strip().split("\n\n", 1)[0].replace("\n", " ")


def _documented_args(function: Callable[..., Any]) -> dict[str, str]:
    doc = inspect.getdoc(function) or ""
    _, found, rest = doc.partition("Args:\n")
    described: dict[str, str] = {}
    for line in rest.splitlines() if found else ():
        if line and not line.startswith(" "):
            break  # the next section
        match = _ARG_LINE.match(line)
        if match is not None:
            described[match["name"]] = match["text"].strip()
    return described


def _match_declaration(
    function: Callable[..., Any], specs: tuple[ParamSpec, ...], declaration: CheckDeclaration
) -> None:
    declared = {spec.name for spec in declaration.params}
    unknown = [spec.name for spec in specs if spec.name not in declared]
    if unknown:
        message = f"{function.__name__}() takes {unknown[0]!r}, which {declaration.id} does not"
        raise TypeError(f"{message} declare")


def _runner(
    function: Callable[..., Iterable[Finding]],
    kind: str,
    specs: tuple[ParamSpec, ...],
    languages: frozenset[Language],
) -> Callable[[CheckContext], Iterable[Finding]]:
    def run(context: CheckContext) -> Iterator[Finding]:
        kwargs = {spec.name: _value(context, spec) for spec in specs}
        if kind == "CheckContext":
            yield from function(context, **kwargs)
            return
        files: Iterable[object]
        if kind == "ScriptFile":
            files = (f for f in context.script_files if f.language in languages)
        else:
            files = context.python_sources if kind == "PythonFile" else context.text_files
        for source in files:
            yield from function(source, **kwargs)

    run.__name__ = run.__qualname__ = function.__name__
    run.__doc__ = function.__doc__
    return run


def _value(context: CheckContext, spec: ParamSpec) -> object:
    if spec.type == "int":
        return context.int_param(spec.name)
    if spec.type == "list":
        return context.list_param(spec.name)
    value = context.params[spec.name]
    if spec.type == "float":
        return float(value)  # type: ignore[arg-type]
    return str(value) if spec.type == "str" else value
