"""Reading a technical specification: its modules, functions, examples and required files.

The format is plain Markdown, the way people write a short spec::

    # Calculator

    ## Module arithmetic
    - add(a: int, b: int) -> int = a + b: Return the sum of a and b.
      - example: add(2, 3) == 5

    ## Required files
    - src/calculator/arithmetic.py

A `## Module NAME` (or `## NAME`) heading starts a module; each `- name(params) -> type = expr:
docstring` item under it is a function (the `-> type`, `= expr` and `: docstring` parts are
optional); an indented `- example: CALL == VALUE` gives it an example, which becomes a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["FunctionSpec", "ModuleSpec", "ParsedSpec", "parse_spec"]

_HEADING = re.compile(r"^(?P<level>#{1,3})\s+(?P<text>.+?)\s*$")
# "- add(a: int, b: int) -> int = a + b: Return the sum." (type, expression, docstring optional)
_FUNCTION = re.compile(
    r"^[-*]\s+`?(?P<name>[A-Za-z_]\w*)\((?P<params>[^)]*)\)"
    r"(?:\s*->\s*(?P<returns>[\w\[\], .|]+?))?"
    r"(?:\s*=\s*(?P<expr>[^:`]+?))?`?"
    r"(?:\s*:\s*(?P<doc>.+))?$"
)
_EXAMPLE = re.compile(r"^[-*]\s+examples?:\s*`?(?P<call>.+?)\s*==\s*(?P<value>.+?)`?$")
_PATH = re.compile(r"^[-*]\s+`?(?P<path>[\w./-]+)`?\s*$")


@dataclass
class FunctionSpec:
    """One function to build."""

    name: str
    params: str
    returns: str
    expr: str | None
    doc: str
    examples: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ModuleSpec:
    """One module and its functions."""

    name: str
    functions: list[FunctionSpec] = field(default_factory=list)


@dataclass
class ParsedSpec:
    """What a specification asks for."""

    title: str
    modules: list[ModuleSpec] = field(default_factory=list)
    required_files: list[str] = field(default_factory=list)

    @property
    def package(self) -> str:
        """The Python package name the title gives (`"Tiny Calculator"` -> `tiny_calculator`)."""
        return _identifier(self.title) or "app"


def _identifier(text: str) -> str:
    name = re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()
    return f"m_{name}" if name[:1].isdigit() else name


def parse_spec(text: str) -> ParsedSpec:
    """Read the modules, functions and required files of a specification.

    Args:
        text: The specification (Markdown, as above).

    Returns:
        What it asks for; lines it does not recognise are ignored.
    """
    spec = ParsedSpec(title="app")
    section: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        if heading:
            section = _heading(spec, heading["level"], heading["text"])
            continue
        if section == "required":
            path = _PATH.match(line)
            if path:
                spec.required_files.append(path["path"])
        elif section == "module":
            _item(spec.modules[-1], line, indented=raw[:1].isspace())
    return spec


def _heading(spec: ParsedSpec, level: str, text: str) -> str | None:
    if level == "#":
        spec.title = text
        return None
    if text.lower().startswith("required file"):
        return "required"
    name = _identifier(re.sub(r"(?i)^module\s+", "", text).strip("` "))
    spec.modules.append(ModuleSpec(name=name or "core"))
    return "module"


def _item(module: ModuleSpec, line: str, *, indented: bool) -> None:
    example = _EXAMPLE.match(line)
    if example and indented and module.functions:
        module.functions[-1].examples.append((example["call"], example["value"]))
        return
    function = _FUNCTION.match(line)
    if function:
        module.functions.append(
            FunctionSpec(
                name=function["name"],
                params=function["params"].strip(),
                returns=(function["returns"] or "None").strip(),
                expr=function["expr"].strip() if function["expr"] else None,
                doc=(function["doc"] or f"{function['name']}.").strip(),
            )
        )
