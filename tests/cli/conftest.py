"""Helpers for the command-line tests: the real `socratic` command, run in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

SOCRATIC = (sys.executable, "-m", "socratic_core")
"""The command, run with this interpreter (so the installed package under test answers)."""


def socratic(
    *args: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `socratic ARGS` for real and return what it did; a failing exit does not raise."""
    return subprocess.run(
        [*SOCRATIC, *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True,
        check=False,
    )  # fmt: skip


def environment_without(prefix: str) -> dict[str, str]:
    """This process's environment without the variables whose names start with `prefix`."""
    return {name: value for name, value in os.environ.items() if not name.startswith(prefix)}
