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
- when re-asked it fixes what the feedback lists and it knows how to fix (print calls become
  logging), and resubmits unchanged what it cannot (so the runner stops early);
- it never returns an error as code: without a specification it answers with text only,
  which the quality gate rejects.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass

from socratic_core.agents._spec import FunctionSpec, ModuleSpec, ParsedSpec, parse_spec
from socratic_core.agents._types import AgentRequest, AgentResponse
from socratic_core.rules import RuleSet

__all__ = ["CodegenAgent"]

_DEFAULTS = {"int": "0", "float": "0.0", "str": '""', "bool": "False", "None": "None"}
_FIXABLE = {"quality.no-print": "logging"}  # rule id -> the fix the generator knows


@dataclass(frozen=True, slots=True)
class _Plan:
    """The constraints the generator follows, and the fixes it learned from feedback."""

    max_lines: int | None
    forbidden: tuple[tuple[str, str], ...]
    fixes: frozenset[str]

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


def _plan(constraints: RuleSet, request: AgentRequest) -> _Plan:
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
    fixes: set[str] = set()
    feedback = request.feedback
    if feedback is not None:
        if feedback.response is not None:
            fixes.update(str(f) for f in feedback.response.data.get("fixes", ()))
        listed = (*feedback.open, *feedback.new)
        fixes.update(_FIXABLE[v.rule_id] for v in listed if v.rule_id in _FIXABLE)
    return _Plan(min(max_lines) if max_lines else None, forbidden, frozenset(fixes))


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
        plan = _plan(request.constraints, request)
        files = _build(spec, plan)
        data["fixes"] = sorted(plan.fixes)
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


def _module(spec: ParsedSpec, module: ModuleSpec, plan: _Plan) -> str:
    dotted = f"{spec.package}.{module.name}"
    lines = [f'"""{module.name}: part of {spec.title}."""', "", *_future(dotted, plan)]
    for function in module.functions:
        lines += ["", *_function(function), ""]
    return "\n".join(lines).rstrip() + "\n"


def _function(function: FunctionSpec) -> list[str]:
    body = function.expr or _DEFAULTS.get(function.returns, "None")
    doc = function.doc.rstrip(".") + "."
    return [
        f"def {function.name}({function.params}) -> {function.returns}:",
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
    use_logging = "logging" in plan.fixes and plan.allows(importer, "logging")
    imports = [line for m in spec.modules for line in _imports(spec, m, importer, plan)]
    shown = [f for m in spec.modules if _imports(spec, m, importer, plan) for f in m.functions]
    calls = [call for f in shown for call, _ in f.examples]
    out = "_log.info({label!r} + ' = %r', {call})" if use_logging else "print({label!r}, {call})"
    statements = [out.format(label=call, call=call) for call in calls] or ["pass"]
    lines = [f'"""Run {spec.title}: show every example of the specification."""', ""]
    lines += _future(importer, plan)
    lines += (["import logging", ""] if use_logging else []) + imports
    if use_logging:
        lines += ["", "_log = logging.getLogger(__name__)"]
    parts = list(_chunks(statements, plan.chunk))
    for number, part in enumerate(parts, start=1):
        lines += ["", "", f"def _show_{number}() -> None:", '    """Show some examples."""']
        lines += [f"    {statement}" for statement in part]
    head = ["logging.basicConfig(level=logging.INFO)"] if use_logging else []
    body = head + [f"_show_{n}()" for n in range(1, len(parts) + 1)]
    lines += ["", "", "def main() -> None:", '    """Show what the functions return."""']
    lines += [f"    {statement}" for statement in body]
    lines += ["", "", 'if __name__ == "__main__":', "    main()"]
    return "\n".join(lines) + "\n"
