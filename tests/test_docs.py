"""Every hookspec is documented in docs/plugins/hooks.md with its exact signature."""

from __future__ import annotations

import inspect
from pathlib import Path

from socratic_core import hookspecs

HOOKS_DOC = Path(__file__).parents[1] / "docs" / "plugins" / "hooks.md"


def _hookspecs() -> dict[str, object]:
    marker = f"{hookspecs.PROJECT_NAME}_spec"
    return {
        name: value
        for name, value in vars(hookspecs).items()
        if inspect.isfunction(value) and hasattr(value, marker)
    }


def _signature(function: object) -> str:
    signature = inspect.signature(function)  # type: ignore[arg-type]
    params = ", ".join(f"{p.name}: {p.annotation}" for p in signature.parameters.values())
    return f"{function.__name__}({params}) -> {signature.return_annotation}"  # type: ignore[attr-defined]


class TestHooksDocumented:
    """docs/plugins/hooks.md keeps up with the hookspecs."""

    def test_there_are_hookspecs(self) -> None:
        """The spec module defines hooks (so the checks below test something)."""
        assert "register_checks" in _hookspecs()

    def test_every_hookspec_has_a_section_with_its_signature(self) -> None:
        """Each hook has an H2 section and its exact signature in a code block."""
        doc = HOOKS_DOC.read_text(encoding="utf-8")
        for name, function in _hookspecs().items():
            assert f"\n## {name}\n" in doc, name
            assert f"\n{_signature(function)}\n" in doc, _signature(function)

    def test_every_hookspec_docstring_states_its_call_semantics(self) -> None:
        """Each spec's docstring has Args, Returns, call semantics and a versionadded note."""
        for name, function in _hookspecs().items():
            doc = inspect.getdoc(function) or ""
            for part in ("Args:", "Returns:", "called", "versionadded"):
                assert part in doc, f"{name}: {part}"
