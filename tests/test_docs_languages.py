"""The table of which checks read which languages, in README.md and docs, is the registered one.

The table sits between `<!-- languages:start -->` and `<!-- languages:end -->` in both files and
is made here from the registered built-in checks; it is never typed by hand. After adding a
check or a language, regenerate it with
`SOCRATIC_REGENERATE_DOCS=1 pytest tests/test_docs_languages.py` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from socratic_core import make_plugin_manager
from socratic_core.rules import Language, RuleEngine

ROOT = Path(__file__).resolve().parents[1]
PAGES = (ROOT / "README.md", ROOT / "docs" / "concepts" / "languages.md")
REGENERATE = os.environ.get("SOCRATIC_REGENERATE_DOCS") == "1"
_TABLE = re.compile(r"(<!-- languages:start -->\n)(.*?)(<!-- languages:end -->)", re.S)
_COLUMNS = (
    ("Python", {Language.PYTHON}),
    ("TypeScript (`.ts`, `.tsx`)", {Language.TYPESCRIPT, Language.TSX}),
    ("JavaScript (`.js`, `.jsx`)", {Language.JAVASCRIPT, Language.JSX}),
)


def languages_table() -> str:
    """The Markdown table: one row per built-in check, a mark where it reads the language."""
    engine = RuleEngine(make_plugin_manager(entry_points=False))
    header = ["Check", *(name for name, _ in _COLUMNS), "Text (any file, the answer)"]
    rows = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for check_id, registered in engine.checks.items():
        read = registered.languages
        marks = ["yes" if read & languages else "" for _, languages in _COLUMNS]
        rows.append(f"| `{check_id}` | " + " | ".join([*marks, "" if read else "yes"]) + " |")
    return "\n".join(rows) + "\n"


class TestLanguagesTable:
    """Both pages show the languages each check reads as the registered checks say."""

    @pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
    def test_table_matches_the_registered_checks(self, page: Path) -> None:
        """The table between the markers is exactly the one made from the checks."""
        text = page.read_text(encoding="utf-8")
        match = _TABLE.search(text)
        assert match is not None, f"{page.name} has no <!-- languages:start --> table"
        table = languages_table()
        if REGENERATE:
            page.write_text(_TABLE.sub(lambda m: m[1] + table + m[3], text), encoding="utf-8")
            pytest.skip(f"regenerated the table in {page.name}")
        assert match[2] == table
