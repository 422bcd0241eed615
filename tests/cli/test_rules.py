"""`socratic rules parse FILE`, run for real in a subprocess."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .conftest import SOCRATIC, socratic

DOCUMENT = (
    "## Security\n- Never use eval\n- At least 80% coverage\n- quality.max-func-length(max=5)\n"
)


def _run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return socratic("rules", "parse", *args, cwd=cwd, stdin=stdin)


class TestRulesParseCommand:
    """The command prints canonical rules or JSON, diagnostics, and the right exit code."""

    def test_text_output_shows_each_reading_beside_its_sentence(self, tmp_path: Path) -> None:
        """Each rule prints as `path:line:col: kind canonical`, its text and why; then a count."""
        path = tmp_path / "AGENTS.md"
        path.write_text(DOCUMENT, encoding="utf-8")
        result = _run(str(path), cwd=tmp_path)
        assert result.returncode == 0
        assert result.stdout.splitlines() == [
            f"{path}:2:3: enforced security.no-eval",
            "    text: Never use eval",
            "    why: frame 'eval' of security.no-eval matched",
            f'{path}:3:3: unenforced security.coverage(min=80, unit="%") unenforced',
            "    text: At least 80% coverage",
            "    why: no check's frame matched",
            f"{path}:4:3: unenforced quality.max-func-length(max=5) unenforced",
            "    text: quality.max-func-length(max=5)",
            "    why: written in the canonical form",
            "3 rules (1 enforced, 2 unenforced), 1 diagnostics, 0 contradictions",
        ]
        assert f"{path}:4:3: error: unknown rule id 'quality.max-func-length'" in result.stderr

    def test_a_partial_reading_shows_what_is_missing_and_a_suggestion(self, tmp_path: Path) -> None:
        """A hedged limit stays unenforced; the output says why and what to paste back."""
        path = tmp_path / "AGENTS.md"
        path.write_text("- Keep line length reasonable, no hard limit\n", encoding="utf-8")
        lines = _run(str(path), cwd=tmp_path).stdout.splitlines()
        assert lines[0].startswith(f"{path}:1:3: unenforced quality.line-length-reasonable")
        assert "a vague measure 'reasonable'" in lines[2]
        assert lines[3] == "    did you mean `quality.max-line-length(max=100)`?"

    def test_contradictions_are_the_ones_socratic_check_prints(self, tmp_path: Path) -> None:
        """Two limits for one check print the merge's contradiction warning, located."""
        path = tmp_path / "AGENTS.md"
        text = "- Functions must not exceed 50 lines\n- Functions must not exceed 40 lines\n"
        path.write_text(text, encoding="utf-8")
        result = _run(str(path), cwd=tmp_path)
        assert f"{path}:2:3: warning: 'Functions must not exceed 40 lines'" in result.stderr
        assert "they set different limits" in result.stderr
        assert result.stdout.splitlines()[-1].endswith("0 diagnostics, 1 contradictions")

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
        assert result.stderr.splitlines()[0].startswith(f"{path}:4:3: error: unknown rule id")
        assert result.stderr.splitlines()[1:4] == [
            "- quality.max-func-length(max=5)",
            "  ^",
            "expected a known rule id",
        ]
        assert "did you mean 'quality.max-function-length'?" in result.stderr

    def test_strict_mode_passes_clean_text(self, tmp_path: Path) -> None:
        """--strict exits 0 when nothing is malformed; stdin is read with '-'."""
        result = _run("-", "--strict", cwd=tmp_path, stdin="- Use type hints\n")
        assert result.returncode == 0
        assert result.stdout.splitlines()[0] == (
            "-:1:3: enforced quality.type-hints(annotate=[parameters, returns])"
        )

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
            [*SOCRATIC, "rules", "parse", str(path)],
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
