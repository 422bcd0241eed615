"""`socratic check`'s result cache, on a real tree on disk, through the real command.

The tree has what a cache could get wrong: a suppression (and a malformed one), a syntax error,
a file that does not decode, an import cycle (a cross-file check reading every file's summary),
ruff-backed rules, a TypeScript file. A warm run must report exactly what a cold run does.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from .conftest import socratic

RULES = """\
# Rules
- Never use print
- No mutable default arguments
- No circular imports
- Never use eval
- Lines must be at most 100 characters
- No unused imports
"""

FILES: dict[str, bytes] = {
    "pkg/__init__.py": b"",
    "pkg/a.py": b"import os\n\nimport pkg.b\n\n\ndef f(x=[]):\n    print(x)\n    return pkg.b\n",
    "pkg/b.py": b"import pkg.a\n\nx = eval('1')  # socratic: allow security.no-eval -- a demo\n",
    "pkg/c.py": b"print(1)  # socratic: allow quality.no-print\n" + b"y = '" + b"z" * 120 + b"'\n",
    "pkg/broken.py": b"def broken(:\n    pass\n",
    "pkg/latin.py": b"# coding: ascii\nname = '\xff'\n",
    "pkg/d.py": b"z = '" + b"q" * 120 + b"'  # socratic: allow quality.max-line-length -- data\n",
    "web/app.ts": b"console.log(eval('1'));\n",
    "web/x.ts": b"import { y } from './y';\nexport const x = y + 1;\n",
    "web/y.ts": b"import { x } from './x';\nexport const y = x + 1;\n",
}
CHECKED = {*FILES, "AGENTS.md", "pyproject.toml"}  # every file of the project is read


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with its configuration, rules and the tree above."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.socratic]\nrules = ["AGENTS.md"]\nunreadable = "warning"\n', encoding="utf-8"
    )
    (tmp_path / "AGENTS.md").write_text(RULES, encoding="utf-8")
    for name, data in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    return tmp_path


def _run(project: Path, *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    done = socratic("check", "--format", "json", *args, cwd=cwd or project)
    return done.returncode, done.stdout, done.stderr


def _results(project: Path) -> list[Path]:
    return sorted((project / ".socratic_cache").glob("results-v*/*.json"))


def _entries(project: Path) -> dict[str, Any]:
    (results,) = _results(project)
    entries = json.loads(results.read_text(encoding="utf-8"))["entries"]
    assert isinstance(entries, dict)
    return entries


def _edit_entry(project: Path, edit: Any) -> None:
    (results,) = _results(project)
    data = json.loads(results.read_text(encoding="utf-8"))
    edit(data["entries"])
    results.write_text(json.dumps(data), encoding="utf-8")


class TestWarmRun:
    """A second run over an unchanged tree reports exactly what the first did, from the cache."""

    def test_warm_report_equals_cold_report(self, project: Path) -> None:
        """Same JSON report and exit code, cold, warm, and with --no-cache."""
        cold = _run(project)
        report = json.loads(cold[1])
        rule_ids = {v["rule_id"] for v in report["violations"]}
        # The tree has what the cache must carry: ruff's findings, the cycle, suppressions...
        assert {"quality.max-line-length", "quality.no-unused-imports"} <= rule_ids
        assert {"architecture.no-circular-imports", "socratic.invalid-suppression"} <= rule_ids
        assert any(v["suppressed"] for v in report["violations"])
        found = {
            (v["rule_id"], v["location"]["path"], v["suppressed"]) for v in report["violations"]
        }
        # ruff's finding, suppressed by the file's comment (which the summary carries)
        assert ("quality.max-line-length", "pkg/d.py", True) in found
        assert ("architecture.no-circular-imports", "web/x.ts", False) in found  # script imports
        kinds = {d["kind"] for d in report["file_diagnostics"]}
        assert {"syntax-error", "undecodable"} <= kinds
        assert set(_entries(project)) == CHECKED
        warm = _run(project)
        assert warm[:2] == cold[:2]
        assert _run(project, "--no-cache")[:2] == cold[:2]

    def test_a_warm_run_reads_the_cache(self, project: Path) -> None:
        """The warm report comes from the entries: an entry changed on disk shows in it.

        (This is why `--no-cache` is the choice for a tree you do not trust.)
        """
        _run(project)

        def reword(entries: dict[str, Any]) -> None:
            entries["pkg/a.py"]["violations"][0][3] = "told by the cache"
            entries["pkg/a.py"]["ruff"][0][3] = "ruff, told by the cache"  # ruff is not rerun

        _edit_entry(project, reword)
        _, warm, _ = _run(project)
        assert "told by the cache" in warm
        assert "ruff, told by the cache" in warm
        _, uncached, _ = _run(project, "--no-cache")
        assert "told by the cache" not in uncached

    def test_jobs_two(self, project: Path) -> None:
        """Worker processes fill the cache and read it like one process does."""
        cold = _run(project, "--no-cache")
        assert _run(project, "--jobs", "2")[:2] == cold[:2]
        assert set(_entries(project)) == CHECKED
        assert _run(project, "--jobs", "2")[:2] == cold[:2]
        assert _run(project)[:2] == cold[:2]


class TestInvalidation:
    """What a file's results depend on changes: the cache gives way."""

    def test_changed_bytes(self, project: Path) -> None:
        """A file whose content changed is checked again; the others still come from the cache."""
        _run(project)
        (project / "pkg" / "c.py").write_bytes(b"import sys\nprint(2)\n")
        (project / "pkg" / "b.py").write_bytes(b"x = 1\n")  # the cycle is gone too
        warm = _run(project)
        assert warm[:2] == _run(project, "--no-cache")[:2]
        found = {(v["rule_id"], v["location"]["path"]) for v in json.loads(warm[1])["violations"]}
        assert ("quality.no-unused-imports", "pkg/c.py") in found
        assert ("quality.no-print", "pkg/c.py") in found
        cycles = {path for rule, path in found if rule == "architecture.no-circular-imports"}
        assert cycles == {"web/x.ts", "web/y.ts"}  # pkg's cycle is gone with b.py's import

    def test_changed_rule_parameters(self, project: Path) -> None:
        """A rule's parameters are part of the key: a new limit reports new findings."""
        _run(project)
        rules = RULES.replace("at most 100", "at most 20")
        (project / "AGENTS.md").write_text(rules, encoding="utf-8")
        warm = _run(project)
        assert warm[:2] == _run(project, "--no-cache")[:2]
        assert len(_results(project)) == 2  # one results file per configuration

    def test_changed_rules_file(self, project: Path) -> None:
        """Another rules file is another configuration (its rules, their text and spans)."""
        _run(project)
        rules = "# Notes\n\nSome words first.\n\n" + RULES + "- No bare except\n"
        (project / "AGENTS.md").write_text(rules, encoding="utf-8")
        warm = _run(project)
        assert warm[:2] == _run(project, "--no-cache")[:2]
        spans = [v["rule"]["span"] for v in json.loads(warm[1])["violations"]]
        lines = {span["line"] for span in spans if span}
        assert min(lines) > 5  # the instruction spans moved with the text

    def test_changed_select(self, project: Path) -> None:
        """`--select` keeps other rules, so the cache holds another configuration."""
        _run(project)
        selected = _run(project, "--select", "quality.no-print")
        assert selected[:2] == _run(project, "--select", "quality.no-print", "--no-cache")[:2]


class TestBrokenCache:
    """A cache file that is not what this format writes is ignored and rewritten, never trusted."""

    @pytest.mark.parametrize(
        "damage",
        [
            b"",
            b"not json at all",
            b'{"format": 1, "key": "',  # truncated
            b"[1, 2, 3]",
            b'{"format": 999, "key": "x", "entries": {}}',
            b"\xff\xfe\x00garbage",
        ],
        ids=["empty", "not-json", "truncated", "a-list", "another-format", "binary"],
    )
    def test_damaged_file(self, project: Path, damage: bytes) -> None:
        """The run reports what a cold run does and writes a good file in its place."""
        cold = _run(project)
        (results,) = _results(project)
        results.write_bytes(damage)
        assert _run(project)[:2] == cold[:2]
        assert json.loads(results.read_text(encoding="utf-8"))["format"] == 1
        assert set(_entries(project)) == CHECKED

    def test_foreign_file(self, project: Path) -> None:
        """A results file written for another key is not read, whatever its entries say."""
        cold = _run(project)
        (results,) = _results(project)
        data = json.loads(results.read_text(encoding="utf-8"))
        data["key"] = "0" * 64
        data["entries"]["pkg/a.py"]["violations"] = []
        results.write_text(json.dumps(data), encoding="utf-8")
        assert _run(project)[:2] == cold[:2]

    @pytest.mark.parametrize(
        "damage",
        [
            lambda e: e["pkg/a.py"].update(violations="many"),
            lambda e: e["pkg/a.py"]["violations"][0].__setitem__(4, ["pkg/a.py", "one", 1]),
            lambda e: e["pkg/a.py"]["violations"][0].__setitem__(2, "fatal"),
            lambda e: e["pkg/b.py"]["summary"]["index"]["imports"][0].update(statement=7),
            lambda e: e["pkg/b.py"].update(ruff={"no": "list"}),
            lambda e: e["pkg/b.py"].pop("summary"),
            lambda e: e.update({"pkg/a.py": "not an entry"}),
        ],
        ids=["not-a-list", "bad-location", "bad-severity", "bad-import", "bad-ruff", "no-summary",
             "not-an-entry"],
    )  # fmt: skip
    def test_damaged_entry(self, project: Path, damage: Any) -> None:
        """An entry of the wrong shape is checked again and replaced; the report is the cold one."""
        cold = _run(project)
        _edit_entry(project, damage)
        assert _run(project)[:2] == cold[:2]
        assert _run(project)[:2] == cold[:2]
        entries = _entries(project)
        assert isinstance(entries["pkg/a.py"]["violations"], list)
        assert isinstance(entries["pkg/b.py"]["ruff"], list)

    def test_unusable_cache_folder(self, project: Path) -> None:
        """A cache folder that cannot be made is a warning, and the run goes on without it."""
        cold = _run(project, "--no-cache")
        blocker = project.parent / f"{project.name}-blocker"
        blocker.write_text("a file, not a folder", encoding="utf-8")
        code, out, err = _run(project, "--cache-dir", str(blocker / "cache"))
        assert (code, out) == cold[:2]
        assert "warning: no result cache" in err
        assert not (project / ".socratic_cache").exists()


class TestLayout:
    """Where the cache lives and what it looks like, as with ruff's `.ruff_cache`."""

    def test_in_the_project_root(self, project: Path) -> None:
        """The folder sits beside the configuration, even for a run from a subfolder."""
        _run(project, cwd=project / "pkg")
        folder = project / ".socratic_cache"
        assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
        tag = (folder / "CACHEDIR.TAG").read_text(encoding="utf-8")
        assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")
        assert not (project / "pkg" / ".socratic_cache").exists()
        assert len(_results(project)) == 1
        assert (folder / "ruff").is_dir()  # ruff is given its own cache folder inside ours

    def test_cache_dir_option_and_setting(self, project: Path) -> None:
        """`--cache-dir` wins over `cache-dir` in [tool.socratic], relative to that file."""
        pyproject = project / "pyproject.toml"
        pyproject.write_text(
            pyproject.read_text(encoding="utf-8") + 'cache-dir = "lint/cache"\n',
            encoding="utf-8",
        )
        cold = _run(project, "--no-cache")
        assert _run(project, cwd=project / "pkg")[0] == cold[0]
        assert list((project / "lint" / "cache").glob("results-v*/*.json"))
        assert _run(project)[:2] == cold[:2]  # its folder is not checked, nor in a notice
        shutil.rmtree(project / "lint")  # not this run's cache any more: it would be checked
        other = project.parent / f"{project.name}-elsewhere"
        assert _run(project, "--cache-dir", str(other))[:2] == cold[:2]
        assert list(other.glob("results-v*/*.json"))
        assert not (project / ".socratic_cache").exists()

    def test_no_cache_writes_nothing(self, project: Path) -> None:
        """`--no-cache` neither reads nor writes a cache folder."""
        _run(project, "--no-cache")
        assert not (project / ".socratic_cache").exists()

    def test_not_checked_itself(self, project: Path) -> None:
        """The cache folder is hidden: a walk of the project never checks it."""
        first = json.loads(_run(project)[1])
        second = json.loads(_run(project)[1])
        assert second["files_checked"] == first["files_checked"]

    def test_bad_setting(self, project: Path) -> None:
        """A `cache-dir` that is not a folder name is a usage error naming the key."""
        pyproject = project / "pyproject.toml"
        pyproject.write_text(
            pyproject.read_text(encoding="utf-8") + "cache-dir = 3\n", encoding="utf-8"
        )
        code, _, err = _run(project)
        assert code == 2
        assert "cache-dir" in err
