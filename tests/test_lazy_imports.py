"""Importing socratic_core does not pull in the migration machinery or a database driver."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest


class TestLazyImports:
    """Heavy, optional modules load only when they are used."""

    def test_alembic_and_psycopg_load_on_demand(self) -> None:
        """A fresh interpreter importing socratic_core has neither alembic nor psycopg loaded."""
        code = (
            "import sys, socratic_core\n"
            "loaded = [m for m in ('alembic', 'psycopg') if m in sys.modules]\n"
            "print(','.join(loaded))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == ""

    def test_rule_engine_needs_no_database_stack(self) -> None:
        """Checking code imports neither SQLAlchemy, pydantic nor the services."""
        code = (
            "import sys\n"
            "from socratic_core import make_plugin_manager\n"
            "from socratic_core.rules import AgentOutput, RuleEngine\n"
            "engine = RuleEngine(make_plugin_manager(entry_points=False))\n"
            "output = AgentOutput(files={'a.py': 'eval(1)\\n'})\n"
            "engine.validate(output, engine.compile('- No eval'))\n"
            "heavy = ('sqlalchemy', 'pydantic', 'socratic_core.services', 'socratic_core.db')\n"
            "print(','.join(m for m in heavy if m in sys.modules))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == ""

    def test_public_names_load_on_first_use(self) -> None:
        """`socratic_core.Socratic` imports the services the first time it is touched."""
        code = (
            "import sys, socratic_core\n"
            "before = 'socratic_core.app' in sys.modules\n"
            "socratic_core.Socratic\n"
            "print(before, 'socratic_core.app' in sys.modules)"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.split() == ["False", "True"]

    def test_start_up_imports_only_what_the_command_uses(self) -> None:
        """`socratic check --no-plugins` loads no entry points, process pool or database stack,
        no lark (the parsers run their tables), no hashlib (for SARIF only) and no tempfile (for
        files that are not on disk)."""
        code = (
            "import sys\n"
            "from socratic_core.cli import main\n"
            "code = main(['check', '--rules', 'AGENTS.md', 'a.py', '--no-plugins'])\n"
            "heavy = ('importlib.metadata', 'concurrent.futures', 'sqlalchemy', 'pydantic',\n"
            "         'lark', 'hashlib', 'tempfile')\n"
            "print(code, ','.join(m for m in heavy if m in sys.modules))"
        )
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "AGENTS.md").write_text("- Never use eval\n", encoding="utf-8")
            Path(folder, "a.py").write_text("x = 1\n", encoding="utf-8")
            result = subprocess.run(
                [sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True
            )
        assert result.stdout.splitlines()[-1].split() == ["0"]

    @pytest.mark.parametrize(
        ("rules", "files", "loaded"),
        [
            ("- Never use eval\n- Functions must not exceed 50 lines\n", {"a.py": "x = 1\n"}, ""),
            (
                "- Never use eval\n- quality.max-function-length(max=50)\n",
                {"a.py": "x = 1\n"},
                "socratic_core.rules._canonical",
            ),
            (
                "- Never use eval\n- Avoid console.log\n",
                {"a.py": "x = 1\n", "b.ts": 'export const logger = "console";\n'},
                "tree_sitter",
            ),
            (
                "- Never use eval\n- No circular imports\n",
                {"a.py": "x = 1\n", "b.ts": 'export const logger = "console";\n'},
                "socratic_core.rules._script_imports,tree_sitter",
            ),
        ],
        ids=["plain-rules-on-python", "a-canonical-line", "a-typescript-file", "script-imports"],
    )
    def test_check_loads_what_its_rules_and_files_need(
        self, tmp_path: Path, rules: str, files: dict[str, str], loaded: str
    ) -> None:
        """The canonical form's module loads with a canonical line, tree-sitter with a script
        file, the script import reader with a script file and a cross-file rule; none before.
        Lark never loads: both parsers run their tables without it."""
        code = (
            "import sys\n"
            "from socratic_core.cli import main\n"
            "code = main(['check', '--rules', 'AGENTS.md', '.', '--no-plugins'])\n"
            "lazy = ('socratic_core.rules._canonical', 'lark', 'socratic_core.rules._explain',\n"
            "        'socratic_core.rules._script_imports', 'tree_sitter')\n"
            "print(code, ','.join(m for m in lazy if m in sys.modules))"
        )
        (tmp_path / "AGENTS.md").write_text(rules, encoding="utf-8")
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
        )
        assert result.stdout.splitlines()[-1].split(" ") == ["0", loaded]

    def test_the_parser_tables_are_read_without_importlib_resources(self) -> None:
        """Parsing rules reads the shipped tables and grammars without `importlib.resources`."""
        code = (
            "import sys\n"
            "from socratic_core.rules import parse_instructions\n"
            "rules = parse_instructions('- Never use eval\\n- quality.docstrings\\n')\n"
            "print([rule.id for rule in rules], 'importlib.resources' in sys.modules)"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.split() == ["['security.no-eval',", "'quality.docstrings']", "False"]
