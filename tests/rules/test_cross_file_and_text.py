"""Checks that read across files (imports) and checks on the agent's text answer."""

from __future__ import annotations

from typing import ClassVar

from socratic_core.rules import AgentOutput, RuleEngine
from socratic_core.rules.builtin.architecture import import_cycles

from .conftest import rule


class TestCircularImports:
    """Import cycles across the generated files are found, false alarms are not."""

    def test_three_module_cycle_fires_in_every_member(self, engine: RuleEngine) -> None:
        """a -> b -> c -> a fires once in each module, on the import that closes the cycle."""
        files = {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg import b\n",
            "pkg/b.py": "import pkg.c\n",
            "pkg/c.py": "from . import a\n",
            "pkg/d.py": "from pkg import a\n",
        }
        report = engine.validate(
            AgentOutput(files=files), [rule("architecture.no-circular-imports")]
        )
        assert [(v.location.path, v.location.line) for v in report.violations] == [
            ("pkg/a.py", 1),
            ("pkg/b.py", 1),
            ("pkg/c.py", 1),
        ]
        assert "pkg.a -> pkg.b -> pkg.c -> pkg.a" in report.violations[0].message

    def test_type_checking_and_function_imports_do_not_count(self, engine: RuleEngine) -> None:
        """Imports under `if TYPE_CHECKING:` or inside functions do not make a cycle."""
        files = {
            "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import b\n",
            "b.py": "import a\ndef f():\n    import c\n",
            "c.py": "import b\n",
        }
        report = engine.validate(
            AgentOutput(files=files), [rule("architecture.no-circular-imports")]
        )
        assert report.violations == ()

    def test_cycle_finder_handles_long_chains(self) -> None:
        """The iterative cycle finder copes with chains longer than the recursion limit."""
        size = 5000
        graph = {f"m{i}": frozenset({f"m{(i + 1) % size}"}) for i in range(size)}
        (cycle,) = import_cycles(graph)
        assert len(cycle) == size


class TestForbiddenImport:
    """ "Module A must not import B" with package globs."""

    FILES: ClassVar[dict[str, str]] = {
        "app/api/views.py": "from app.db import models\nimport app.db.session\nimport json\n",
        "app/api/schemas.py": "from ..db import engine\n",
        "app/services/users.py": "from app.db import models\n",
        "app/db/models.py": "import app.api.views\n",
    }

    def test_globs_match_modules_and_packages(self, engine: RuleEngine) -> None:
        """Every import of the target from a source module fires, relative ones too."""
        forbidden = rule("architecture.forbidden-import", source="app.api.*", target="app.db")
        report = engine.validate(AgentOutput(files=self.FILES), [forbidden])
        assert [(v.location.path, v.location.line) for v in report.violations] == [
            ("app/api/schemas.py", 1),
            ("app/api/views.py", 1),
            ("app/api/views.py", 2),
        ]

    def test_path_style_globs(self, engine: RuleEngine) -> None:
        """`src/app/db/**`-style paths work as module globs too."""
        forbidden = rule("architecture.forbidden-import", source="app/db/**", target="app/api")
        report = engine.validate(AgentOutput(files=self.FILES), [forbidden])
        assert [v.location.path for v in report.violations] == ["app/db/models.py"]


class TestTextChecks:
    """Checks on the agent's text answer and on generated files that are not Python."""

    def test_max_response_length(self, engine: RuleEngine) -> None:
        """An answer over the limit fires once, spanning the excess characters."""
        report = engine.validate(
            AgentOutput(text="a" * 30), [rule("quality.max-response-length", max=20)]
        )
        (violation,) = report.violations
        assert (violation.location.offset, violation.location.end_offset) == (20, 30)
        assert violation.location.path is None
        short = engine.validate(
            AgentOutput(text="a" * 20), [rule("quality.max-response-length", max=20)]
        )
        assert short.violations == ()

    def test_forbidden_phrases(self, engine: RuleEngine) -> None:
        """Every occurrence of every phrase fires, case-insensitively, with its position."""
        text = "Sure! As an AI, I think...\nas an ai model, I cannot."
        forbidden = rule("quality.forbidden-phrases", phrases=("as an AI", "I cannot"))
        report = engine.validate(AgentOutput(text=text), [forbidden])
        positions = [(v.location.line, v.location.column) for v in report.violations]
        assert positions == [(1, 7), (2, 1), (2, 17)]

    def test_secrets_in_text(self, engine: RuleEngine) -> None:
        """Credentials in the answer and in config files fire; placeholders do not."""
        text = (
            "Set password: hunter2hunter2 and key AKIAIOSFODNN7EXAMPLE.\n"
            "Use API_KEY=<your-key> or token: ${GITHUB_TOKEN}.\n"
        )
        files = {"config.yaml": "db:\n  password: s3cretpassw0rd\n  user_password: ''\n"}
        report = engine.validate(
            AgentOutput(text=text, files=files), [rule("security.no-secrets-in-text")]
        )
        found = [(v.location.path, v.location.line) for v in report.violations]
        assert found == [(None, 1), (None, 1), ("config.yaml", 2)]
