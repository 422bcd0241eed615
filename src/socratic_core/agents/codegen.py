"""`codegen`: builds a small, runnable Python codebase from a technical specification.

Deterministic and offline, so the runner's whole loop can be shown without a model:

- it reads the specification (see `socratic_core.agents._spec` for the format) from the run's
  specification, or from the task when the task is written in that format (the run then stores
  it as a new specification version);
- it writes `src/<package>/<module>.py` for every module (functions with docstrings and type
  hints), `src/<package>/__main__.py` (prints every example), a test file per module, and every
  further file the specification requires;
- up front it follows the constraints it understands: a function-length limit and forbidden
  imports;
- when re-asked it edits its last attempt's files where the feedback's violations point (see
  `socratic_core.agents._fixes`: print becomes logging, eval `ast.literal_eval`, a weak hash
  sha256, `shell=True` an argument list, a hardcoded secret `os.environ[...]`, a built SQL
  string a parameterised query, bare and swallowed excepts, missing docstrings and type hints,
  forbidden imports dropped, long functions split into helpers, long lines wrapped, long
  modules split), and
  resubmits unchanged what it cannot fix (so the runner stops early);
- it never returns an error as code: without a specification it answers with text only,
  which the quality gate rejects.
"""

from __future__ import annotations

import ast
import fnmatch
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from socratic_core.agents._fixes import fix_files
from socratic_core.agents._spec import FunctionSpec, ModuleSpec, ParsedSpec, parse_spec
from socratic_core.agents._types import AgentRequest, AgentResponse
from socratic_core.rules import RuleSet

__all__ = ["CodegenAgent"]

_DEFAULTS = {"int": "0", "float": "0.0", "str": '""', "bool": "False", "None": "None"}


@dataclass(frozen=True, slots=True)
class _Plan:
    """The constraints the generator follows up front."""

    max_lines: int | None
    forbidden: tuple[tuple[str, str], ...]

    def allows(self, module: str, imported: str) -> bool:
        for source, target in self.forbidden:
            in_scope = not source or module == source or module.startswith(f"{source}.")
            in_scope = in_scope or fnmatch.fnmatch(module, source)
            if in_scope and (imported == target or imported.startswith(f"{target}.")):
                return False
        return True

    @property
    def chunk(self) -> int:
        """Statements per generated function body (the def and docstring take two lines)."""
        return 1_000_000 if self.max_lines is None else max(1, self.max_lines - 2)


def _plan(constraints: RuleSet) -> _Plan:
    max_lines = [
        value
        for rule in constraints
        if rule.id == "quality.max-function-length"
        and isinstance(value := rule.params.get("max"), int)
    ]
    forbidden = tuple(
        (str(rule.params.get("source", "")), str(rule.params["target"]))
        for rule in constraints
        if rule.id == "architecture.forbidden-import" and "target" in rule.params
    )
    return _Plan(min(max_lines) if max_lines else None, forbidden)


def _params(constraints: RuleSet) -> dict[str, dict[str, object]]:
    """Each rule id's parameters (the tightest `max` when several rules give one)."""
    found: dict[str, dict[str, object]] = {}
    for rule in constraints:
        params = found.setdefault(rule.id, dict(rule.params))
        value, known = rule.params.get("max"), params.get("max")
        if isinstance(value, int) and isinstance(known, int) and value < known:
            params["max"] = value
    return found


def _revise(request: AgentRequest) -> tuple[dict[str, str], list[str]] | None:
    """The last attempt's files fixed where the feedback points, or None on a first attempt."""
    feedback = request.feedback
    if feedback is None or feedback.response is None or not feedback.response.files:
        return None
    earlier = [str(f) for f in feedback.response.data.get("fixes", ())]
    listed = (*feedback.open, *feedback.new)
    files, fixed = fix_files(feedback.response.files, listed, _params(request.constraints))
    return files, sorted({*earlier, *fixed})


def _looks_like_spec(text: str) -> bool:
    parsed = parse_spec(text)
    return any(module.functions for module in parsed.modules)


class CodegenAgent:
    """Builds a runnable Python codebase from a technical specification, offline."""

    name = "codegen"
    actions = frozenset({"generate"})

    def run(self, request: AgentRequest) -> AgentResponse:
        """Build the codebase the specification describes, under the request's constraints.

        Args:
            request: The request (its specification, or a task written as one).

        Returns:
            The files, a one-line summary, and in `data` the fixes applied (and the
            specification, when it came from the task).
        """
        data: dict[str, object] = {}
        if request.specification is not None:
            text = request.specification.content
        elif _looks_like_spec(request.task):
            text = request.task
            title = parse_spec(text).title
            data["specification"] = {"title": title, "content": text}
        else:
            return AgentResponse(
                text="I build code from a technical specification: give me one (a "
                "specification id, or a task written as '# Title', '## Module name' and "
                "'- name(params) -> type = expression: docstring' lines)."
            )
        spec = parse_spec(text)
        revised = _revise(request)
        if revised is None:
            files, data["fixes"] = _build(spec, _plan(request.constraints)), []
        else:
            files, data["fixes"] = revised
        functions = sum(len(m.functions) for m in spec.modules)
        summary = (
            f"Built package {spec.package}: {len(spec.modules)} module(s), "
            f"{functions} function(s), {len(files)} file(s)."
        )
        return AgentResponse(text=summary, files=files, data=data)


def _build(spec: ParsedSpec, plan: _Plan) -> dict[str, str]:
    package = spec.package
    files = {f"src/{package}/__init__.py": f'"""{spec.title}."""\n'}
    for module in spec.modules:
        files[f"src/{package}/{module.name}.py"] = _module(spec, module, plan)
        files[f"tests/test_{module.name}.py"] = _tests(package, module, plan)
    files[f"src/{package}/__main__.py"] = _main(spec, plan)
    for path in spec.required_files:
        files.setdefault(path, _required(path, spec.title))
    return files


def _required(path: str, title: str) -> str:
    if path.endswith(".py"):
        return f'"""Part of {title}."""\n'
    if path.endswith(".md"):
        return f"# {title}\n"
    return ""


def _future(module: str, plan: _Plan) -> list[str]:
    return ["from __future__ import annotations", ""] if plan.allows(module, "__future__") else []


def _stdlib_imports(module: ModuleSpec, dotted: str, plan: _Plan) -> list[str]:
    """`import hashlib` for each standard-library module the expressions use (`hashlib.md5`)."""
    used: set[str] = set()
    for function in module.functions:
        try:
            tree = ast.parse(function.expr or "None", mode="eval")
        except SyntaxError:
            continue
        params = {p.split(":")[0].split("=")[0].strip(" *") for p in function.params.split(",")}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                name = node.value.id
                if name in sys.stdlib_module_names and name not in params:
                    used.add(name)
    return [f"import {name}" for name in sorted(used) if plan.allows(dotted, name)]


def _module(spec: ParsedSpec, module: ModuleSpec, plan: _Plan) -> str:
    dotted = f"{spec.package}.{module.name}"
    lines = [f'"""{module.name}: part of {spec.title}."""', "", *_future(dotted, plan)]
    imports = _stdlib_imports(module, dotted, plan)
    lines += [*imports, ""] if imports else []
    for function in module.functions:
        lines += ["", *_function(function), ""]
    return "\n".join(lines).rstrip() + "\n"


def _function(function: FunctionSpec) -> list[str]:
    body = function.expr or _DEFAULTS.get(function.returns, "None")
    returns = "object" if function.returns == "None" and function.expr else function.returns
    doc = function.doc.rstrip(".") + "."
    return [
        f"def {function.name}({function.params}) -> {returns}:",
        f'    """{doc}"""',
        f"    return {body}",
    ]


def _imports(spec: ParsedSpec, module: ModuleSpec, importer: str, plan: _Plan) -> list[str]:
    dotted = f"{spec.package}.{module.name}"
    names = [f.name for f in module.functions]
    if not names or not plan.allows(importer, dotted):
        return []
    return [f"from {dotted} import {', '.join(names)}"]


def _tests(package: str, module: ModuleSpec, plan: _Plan) -> str:
    spec = ParsedSpec(title=package, modules=[module])
    importer = f"tests.test_{module.name}"
    imports = _imports(spec, module, importer, plan)
    lines = [f'"""Tests of {package}.{module.name}, from the specification\'s examples."""', ""]
    lines += [*_future(importer, plan), *imports]
    for function in module.functions if imports else ():
        checks = [f"    assert {call} == {value}" for call, value in function.examples]
        checks = checks or [f"    assert callable({function.name})"]
        for number, chunk in enumerate(_chunks(checks, plan.chunk), start=1):
            suffix = "" if number == 1 else f"_{number}"
            lines += [
                "",
                "",
                f"def test_{function.name}{suffix}() -> None:",
                f'    """{function.name}() gives what the specification says."""',
                *chunk,
            ]
    return "\n".join(lines).rstrip() + "\n"


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _main(spec: ParsedSpec, plan: _Plan) -> str:
    importer = f"{spec.package}.__main__"
    imports = [line for m in spec.modules for line in _imports(spec, m, importer, plan)]
    shown = [f for m in spec.modules if _imports(spec, m, importer, plan) for f in m.functions]
    calls = [call for f in shown for call, _ in f.examples]
    statements = [f"print({call + ' ='!r}, {call})" for call in calls] or ["pass"]
    lines = [f'"""Run {spec.title}: show every example of the specification."""', ""]
    lines += _future(importer, plan) + imports
    parts = list(_chunks(statements, plan.chunk))
    for number, part in enumerate(parts, start=1):
        lines += ["", "", f"def _show_{number}() -> None:", '    """Show some examples."""']
        lines += [f"    {statement}" for statement in part]
    body = [f"_show_{n}()" for n in range(1, len(parts) + 1)]
    lines += ["", "", "def main() -> None:", '    """Show what the functions return."""']
    lines += [f"    {statement}" for statement in body]
    lines += ["", "", 'if __name__ == "__main__":', "    main()"]
    return "\n".join(lines) + "\n"
