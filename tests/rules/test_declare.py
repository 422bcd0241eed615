"""`@check`: a check declared by its function's signature and docstring, run with typed analysis."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from socratic_core import make_plugin_manager
from socratic_core.rules import (
    AgentOutput,
    Category,
    Check,
    CheckContext,
    CheckDeclaration,
    Finding,
    ParamSpec,
    PythonFile,
    RuleEngine,
    SourceFile,
    analyze,
    check,
)

from .conftest import rule


@check(id="demo.long-names", category="quality", phrases=("long names",), fix_hint="Shorten it.")
def long_names(python: PythonFile, max: int = 20, allow: tuple[str, ...] = ()) -> Iterator[Finding]:
    """Functions whose names are longer than the limit.

    Args:
        python: The file.
        max: The longest name allowed, in characters.
        allow: Names that may be longer.
    """
    for site in python.index.functions:
        name = site.node.name
        if len(name) > max and name.lower() not in allow:
            yield Finding.at_node(python, site.node, f"{name} is {len(name)} characters long")


@check(id="demo.todo", category=Category.QUALITY, phrases=("todo comments",), forbids=True)
def todo(source: SourceFile, word: str = "TODO") -> Iterator[Finding]:
    """Files that still say TODO."""
    for number, line in enumerate(source.lines.lines, start=1):
        if word in line:
            yield Finding.at_line(source, number, f"{word} left in the file")


def _engine() -> RuleEngine:
    from socratic_core import hookimpl  # noqa: PLC0415

    class Plugin:
        @hookimpl
        def register_checks(self, register):  # type: ignore[no-untyped-def]
            register(long_names)
            register(todo)

    return RuleEngine(make_plugin_manager(entry_points=False, plugins=[Plugin()]))


class TestDeclarationFromTheFunction:
    """The decorator reads the declaration off the function."""

    def test_parameters_come_from_the_signature_and_docstring(self) -> None:
        """Each parameter after the first is a ParamSpec with its type, default and description."""
        assert isinstance(long_names, Check)
        declaration = long_names.declaration
        assert declaration.id == "demo.long-names"
        assert declaration.category is Category.QUALITY
        assert declaration.description == "Functions whose names are longer than the limit."
        assert declaration.params == (
            ParamSpec("max", "int", 20, (), "The longest name allowed, in characters."),
            ParamSpec("allow", "list", (), (), "Names that may be longer."),
        )
        assert declaration.fix_hint == "Shorten it."

    def test_units_and_required_parameters(self) -> None:
        """A parameter without a default is required (default None); units are declared."""

        @check(id="demo.size", category="quality", phrases=("size",), units={"max": ("lines",)})
        def size(python: PythonFile, max: int) -> Iterator[Finding]:
            """Files over a size."""
            yield from ()

        assert size.declaration.params == (ParamSpec("max", "int", None, ("lines",), ""),)

    def test_the_id_defaults_to_the_function_name(self) -> None:
        """Without an id, the check is named after its function, like an llm tool."""

        @check(category="security", phrases=("debug mode",), forbids=True)
        def no_debug_mode(python: PythonFile) -> Iterator[Finding]:
            """Debug mode switched on."""
            yield from ()

        @check()
        def _tabs(source: SourceFile) -> Iterator[Finding]:
            """Tabs."""
            yield from ()

        assert no_debug_mode.id == "security.no-debug-mode"
        assert (_tabs.id, _tabs.declaration.category) == ("custom.tabs", Category.CUSTOM)

    def test_a_ready_declaration_is_kept(self) -> None:
        """`@check(declaration)` attaches the function to it unchanged."""
        declared = CheckDeclaration("demo.x", Category.CUSTOM, ("x",), (ParamSpec("n", "int", 1),))

        @check(declared)
        def x(python: PythonFile, n: int) -> Iterator[Finding]:
            """X."""
            yield from ()

        assert x.declaration is declared


class TestBadSignatures:
    """A function that cannot be read as a check is refused when it is decorated."""

    def test_first_parameter_must_say_what_it_reads(self) -> None:
        """The first parameter must be a PythonFile, SourceFile or CheckContext."""
        with pytest.raises(TypeError, match="first parameter of f"):

            @check(id="demo.f", phrases=("f",))
            def f(thing: int) -> Iterator[Finding]:
                yield from ()

    def test_rule_parameters_need_a_type_the_engine_passes(self) -> None:
        """A parameter annotated with something else names itself in the error."""
        with pytest.raises(TypeError, match="parameter 'limit' of g"):

            @check(id="demo.g", phrases=("g",))
            def g(python: PythonFile, limit: dict[str, int]) -> Iterator[Finding]:
                yield from ()

    def test_parameters_must_be_declared(self) -> None:
        """With a ready declaration, a parameter it does not declare is an error."""
        declared = CheckDeclaration("demo.y", Category.CUSTOM, ("y",))
        with pytest.raises(TypeError, match=r"takes 'n', which demo\.y does not declare"):

            @check(declared)
            def y(python: PythonFile, n: int = 1) -> Iterator[Finding]:
                yield from ()

    def test_cross_file_checks_take_the_context(self) -> None:
        """A cross-file check reads the whole analysis, so it must take a CheckContext."""
        with pytest.raises(TypeError, match="must take a CheckContext"):

            @check(id="demo.z", phrases=("z",), cross_file=True)
            def z(python: PythonFile) -> Iterator[Finding]:
                yield from ()


class TestRunningDecoratedChecks:
    """The engine calls each kind of check with what its first parameter asks for."""

    def test_python_check_sees_parsed_files_only(self) -> None:
        """A PythonFile check runs on Python files that parsed, with the rule's parameters."""
        files = {
            "a.py": "def a_really_quite_long_function_name():\n    pass\n",
            "b.py": "def shortish_but_not_short():\n    pass\n",
            "broken.py": "def (:\n",
            "notes.md": "def a_really_quite_long_function_name",
        }
        engine = _engine()
        report = engine.validate(
            AgentOutput(files=files),
            [rule("demo.long-names", max=21.0, allow=("Shortish_But_Not_Short",))],
        )
        assert report.plugin_failures == ()
        assert [(v.location.path, v.location.line) for v in report.violations] == [("a.py", 1)]

    def test_source_check_sees_every_decoded_file(self) -> None:
        """A SourceFile check runs on Python and other files alike, in the rule's scope."""
        files = {"a.py": "# TODO\n", "docs/b.md": "x\nTODO: more\n", "c.txt": b"\x00TODO"}
        report = _engine().validate(AgentOutput(files=files), [rule("demo.todo")])
        assert [(v.location.path, v.location.line) for v in report.violations] == [
            ("a.py", 1),
            ("docs/b.md", 2),
        ]

    def test_context_checks_get_the_whole_analysis(self) -> None:
        """A CheckContext check is called with the context, once per analysis."""
        seen: list[str] = []

        @check(id="demo.answer", phrases=("answer",))
        def answer(context: CheckContext) -> Iterator[Finding]:
            """The answer says hello."""
            seen.append(context.analysis.text)
            yield from ()

        findings = list(
            answer.function(
                CheckContext(rule("demo.answer"), {}, analyze(AgentOutput(text="hello")))
            )
        )
        assert findings == []
        assert seen == ["hello"]

    def test_a_bom_is_not_a_syntax_error(self) -> None:
        """A Python file handed over as text with a byte-order mark still parses."""
        files = {"a.py": "\ufeffdef a_really_quite_long_function_name():\n    pass\n"}
        report = _engine().validate(AgentOutput(files=files), [rule("demo.long-names")])
        assert report.file_diagnostics == ()
        assert [v.location.line for v in report.violations] == [1]
