"""`socratic rules parse FILE`, run for real in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DOCUMENT = (
    "## Security\n- Never use eval\n- At least 80% coverage\n- quality.max-func-length(max=5)\n"
)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "socratic_core", "rules", "parse", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


class TestRulesParseCommand:
    """The command prints canonical rules or JSON, diagnostics, and the right exit code."""

    def test_text_output_lists_canonical_rules_and_diagnostics(self, tmp_path: Path) -> None:
        """Each rule prints with its position in canonical form; diagnostics go to stderr."""
        path = tmp_path / "AGENTS.md"
        path.write_text(DOCUMENT, encoding="utf-8")
        result = _run(str(path), cwd=tmp_path)
        assert result.returncode == 0
        assert result.stdout.splitlines() == [
            "    2:3  security.no-eval",
            '    3:3  security.coverage(min=80, unit="%") unenforced',
            "    4:3  quality.max-func-length(max=5) unenforced",
            "3 rules (1 enforced, 2 unenforced), 1 diagnostics",
        ]
        assert "4:3: error: unknown rule id 'quality.max-func-length'" in result.stderr

    def test_json_output_is_the_rule_set(self, tmp_path: Path) -> None:
        """--format json prints RuleSet.to_dict() as JSON."""
        path = tmp_path / "AGENTS.md"
        path.write_text(DOCUMENT, encoding="utf-8")
        result = _run(str(path), "--format", "json", cwd=tmp_path)
        data = json.loads(result.stdout)
        assert [rule["id"] for rule in data["rules"]] == [
            "security.no-eval",
            "security.coverage",
            "quality.max-func-length",
        ]
        assert data["source"] == str(path)

    def test_strict_mode_fails_with_the_error_and_its_caret(self, tmp_path: Path) -> None:
        """--strict exits 1 and prints the line, the caret and the hint."""
        path = tmp_path / "AGENTS.md"
        path.write_text(DOCUMENT, encoding="utf-8")
        result = _run(str(path), "--strict", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.splitlines()[1:4] == [
            "- quality.max-func-length(max=5)",
            "  ^",
            "expected a known rule id",
        ]
        assert "did you mean 'quality.max-function-length'?" in result.stderr

    def test_strict_mode_passes_clean_text(self, tmp_path: Path) -> None:
        """--strict exits 0 when nothing is malformed; stdin is read with '-'."""
        result = subprocess.run(
            [sys.executable, "-m", "socratic_core", "rules", "parse", "-", "--strict"],
            input="- Use type hints\n",
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        assert result.returncode == 0
        assert result.stdout.splitlines()[0] == "    1:3  quality.type-hints"

    def test_missing_file_is_an_input_error(self, tmp_path: Path) -> None:
        """A file that cannot be read exits 2 with a message."""
        result = _run(str(tmp_path / "nope.md"), cwd=tmp_path)
        assert result.returncode == 2
        assert "cannot read" in result.stderr


class TestClosedPipe:
    """A reader that stops early (`| head`) ends the command quietly, without a traceback."""

    def test_reader_leaving_early_is_not_an_error_report(self, tmp_path: Path) -> None:
        """With stdout closed after the first line, nothing is written to stderr."""
        path = tmp_path / "AGENTS.md"
        path.write_text("".join(f"- Functions must not exceed {n} lines\n" for n in range(5000)))
        with subprocess.Popen(
            [sys.executable, "-m", "socratic_core", "rules", "parse", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            assert process.stdout is not None
            assert process.stderr is not None
            process.stdout.readline()
            process.stdout.close()
            stderr = process.stderr.read().decode()
            process.wait(timeout=60)
        assert "Traceback" not in stderr
