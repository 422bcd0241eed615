"""How `socratic` starts: the garbage collector stays out of the start-up, and is running after."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from socratic_core.cli import main


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one rule and one clean file, as the working folder."""
    (tmp_path / "AGENTS.md").write_text("- Never use eval\n", encoding="utf-8")
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def collector_off() -> Iterator[None]:
    """The collector switched off by the caller for the test, and switched on again after."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class TestGarbageCollector:
    """The start-up's objects live until the command ends: the collector need not look at them."""

    def test_the_program_freezes_its_start_up(self, project: Path) -> None:
        """Run as the `socratic` program, the command freezes what its start-up loaded."""
        code = (
            "import gc, sys\n"
            "from socratic_core.cli import main\n"
            "sys.argv = ['socratic', 'check', '--rules', 'AGENTS.md', 'a.py', '--no-plugins']\n"
            "frozen = gc.get_freeze_count()\n"
            "code = main()\n"
            "print(code, gc.isenabled(), gc.get_freeze_count() > frozen)"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True
        )
        assert result.stdout.splitlines()[-1].split() == ["0", "True", "True"]

    def test_a_call_in_process_freezes_nothing(self, project: Path) -> None:
        """`main(argv)` from a caller's process resumes the collector and freezes none of it."""
        frozen = gc.get_freeze_count()
        assert main(["check", "--rules", "AGENTS.md", "a.py", "--no-plugins"]) == 0
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen

    def test_a_usage_error_resumes_the_collector(self, project: Path) -> None:
        """An argument error ends the start-up early; the collector runs again all the same."""
        with pytest.raises(SystemExit):
            main(["check", "--no-such-option"])
        assert gc.isenabled()

    @pytest.mark.usefixtures("collector_off")
    def test_a_collector_the_caller_switched_off_stays_off(self, project: Path) -> None:
        """The command never switches on a collector its caller had switched off."""
        assert main(["check", "--rules", "AGENTS.md", "a.py", "--no-plugins"]) == 0
        assert not gc.isenabled()
