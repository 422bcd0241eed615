"""Whatever the agent writes, the engine reports on it and never crashes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socratic_core import make_plugin_manager
from socratic_core.rules import AgentOutput, Rule, RuleEngine

ENGINE = RuleEngine(make_plugin_manager(entry_points=False))
NEEDS_PARAMS = {
    "architecture.forbidden-import",
    "architecture.banned-api",
    "quality.forbidden-phrases",
    "ruff",
}
ALL_RULES = [
    Rule(id=check_id, category=registered.check.declaration.category)
    for check_id, registered in ENGINE.checks.items()
    if check_id not in NEEDS_PARAMS
]
PYTHONISH = st.lists(
    st.sampled_from(
        [
            "def f(x):",
            "    return eval(x)",
            "async def g():",
            "    time.sleep(1)",
            "for i in y:",
            "    s += 'a'",
            "try:",
            "    pass",
            "except:",
            "password = 'hunter2hunter2'",
            "import os",
            "from . import a",
            "# socratic: allow security.no-eval",
            "class C:",
            "    items = []",
            "(((",
            "\\t\\x00",
            "",
        ]
    )
).map("\n".join)


class TestNeverCrashes:
    """Random text and random Python-like text yield a report, never an exception."""

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=st.text(), code=PYTHONISH, blob=st.binary(max_size=200))
    def test_any_output_gives_a_report(self, text: str, code: str, blob: bytes) -> None:
        """Every built-in check runs over arbitrary files without a plugin failure."""
        files = {"a.py": code, "b.py": text, "c.bin": blob, "d.txt": text}
        report = ENGINE.validate(AgentOutput(text=text, files=files), ALL_RULES)
        assert report.plugin_failures == ()
        assert report.files_checked == 4
