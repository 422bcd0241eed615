"""`check_files(store=...)`: each file's results go to the caller's store, one file at a time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

import pluggy

from socratic_core import hookimpl, make_plugin_manager
from socratic_core.rules import (
    Category,
    Check,
    CheckContext,
    CheckDeclaration,
    FileResults,
    Finding,
    RuleEngine,
)

from .conftest import rule

FILES = {
    "pkg/a.py": "import pkg.b\n\nprint(eval('1'))\n",
    "pkg/b.py": "import pkg.a\nprint(2)  # socratic: allow quality.no-print -- a demo\n",
    "pkg/broken.py": "def broken(:\n",
    "pkg/clean.py": "x = 1\n",
    "notes.md": "nothing to see\n",
}
RULES = [
    rule("security.no-eval"),
    rule("quality.no-print"),
    rule("architecture.no-circular-imports"),
]


class _Recorder:
    """A `FileStore` that keeps what it is given."""

    def __init__(self) -> None:
        self.put_calls: list[tuple[str, str | bytes, FileResults]] = []

    def put(self, path: str, content: str | bytes, results: FileResults) -> None:
        self.put_calls.append((path, content, results))


class TestFileStore:
    """The store gets every file's own results, and nothing from a file a check failed on."""

    def test_each_file_once_with_its_own_results(self, engine: RuleEngine) -> None:
        """Put once per file, in path order, with its content; together they are the batch."""
        store = _Recorder()
        batch = engine.check_files(FILES, RULES, store=store)
        assert [(path, content) for path, content, _ in store.put_calls] == sorted(FILES.items())
        parts = [results for _, _, results in store.put_calls]
        for path, _, results in store.put_calls:
            (summary,) = results.summaries
            assert summary.path == path
            assert all(v.location.path == path for v in results.violations)
            assert all(d.path == path for d in results.diagnostics)
        assert [v for r in parts for v in r.violations] == list(batch.violations)
        assert [d for r in parts for d in r.diagnostics] == list(batch.diagnostics)
        assert [s.path for r in parts for s in r.summaries] == [s.path for s in batch.summaries]
        summed: Counter[tuple[str, str]] = Counter()
        for r in parts:
            summed.update({(rule_id, label): n for rule_id, label, n in r.coverage})
        assert summed == Counter({(rule_id, label): n for rule_id, label, n in batch.coverage})
        # What the cross-file check reads travels in each summary: the imports (the cycle).
        (b,) = [r for path, _, r in store.put_calls if path == "pkg/b.py"]
        assert [site.names for site in b.summaries[0].index.imports] == [("pkg.a",)]  # type: ignore[union-attr]
        assert b.violations[0].suppressed

    def test_same_results_with_and_without_a_store(self, engine: RuleEngine) -> None:
        """A store changes nothing in what the batch reports."""
        plain = engine.check_files(FILES, RULES)
        stored = engine.check_files(FILES, RULES, store=_Recorder())
        assert stored.violations == plain.violations
        assert stored.diagnostics == plain.diagnostics
        assert sorted(stored.coverage) == sorted(plain.coverage)

    def test_nothing_kept_from_a_failed_check_on(self) -> None:
        """From the file a check crashed on, no file of the batch is put (the rule stopped)."""

        def crashes_on_b(context: CheckContext) -> Iterator[Finding]:
            for source in context.python_files:
                if source.path == "pkg/b.py":
                    raise RuntimeError("broken check")
            return iter(())

        declaration = CheckDeclaration(id="custom.fragile", category=Category.CUSTOM, phrases=())

        class Plugin:
            @hookimpl
            def register_checks(self, register: Callable[[Check], None]) -> None:
                register(Check(declaration, crashes_on_b))

        pm: pluggy.PluginManager = make_plugin_manager(entry_points=False, plugins=[Plugin()])
        store = _Recorder()
        results = RuleEngine(pm).check_files(FILES, [rule("custom.fragile")], store=store)
        assert [f.rule_id for f in results.failures] == ["custom.fragile"]
        assert [path for path, _, _ in store.put_calls] == ["notes.md", "pkg/a.py"]
