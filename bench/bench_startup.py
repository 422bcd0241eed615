"""Benchmark: how long `socratic check` takes to start, beside a bare `python -c pass`.

Writes a one-file project (an AGENTS.md with a few rules and one Python file) into a temporary
folder, then runs, each in a fresh interpreter, several times (median wall time of the whole
subprocess, after one warm-up run that also writes the bytecode caches, as an installed wheel
has them):

- `python -c pass`: the interpreter alone;
- `python -c "import socratic_core.rules"`: the rule engine's import;
- `python -m socratic_core check --rules AGENTS.md src`: the whole command (imports, loading the
  shipped parser, plugin discovery, parsing the rules, checking the file, the report);
- `ruff check src/app.py`: a bare ruff run on the same file, what a linter's start-up costs
  (socratic runs ruff too, for its ruff-backed rules such as the line length here).

It also lists which heavy packages `import socratic_core.rules` pulls in (none of SQLAlchemy
and pydantic may be among them) and whether interegular is installed (a development
dependency: lark imports it when it is present, which costs a few milliseconds).

Run: `.venv/bin/python bench/bench_startup.py`. Target: `socratic check` on a one-file project
starts in <= 150 ms.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 15
TARGET_MS = 150.0

_RULES = """# AGENTS.md
## Security
- Never hardcode secrets.
- Never use eval.
## Code quality
- Functions must not exceed 50 lines.
- Keep lines under 100 characters.
"""
_CODE = 'def greet(name: str) -> str:\n    """Say hello."""\n    return f"hello {name}"\n'
_HEAVY = ("sqlalchemy", "pydantic", "alembic", "lark", "pluggy", "jsonschema")
_PROBE = (
    "import sys, socratic_core.rules\n"
    f"print(' '.join(name for name in {_HEAVY!r} if name in sys.modules))\n"
)


def _env() -> dict[str, str]:
    """The environment, with bytecode caches allowed (as an installed package has them)."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _median_ms(command: list[str], cwd: Path) -> float:
    """Median wall time of `command` in a new process, in milliseconds (after a warm-up)."""
    subprocess.run(command, cwd=cwd, env=_env(), capture_output=True, check=False)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=_env(), capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    """Run the benchmark and print the figures side by side."""
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "AGENTS.md").write_text(_RULES, encoding="utf-8")
        (root / "src").mkdir()
        (root / "src" / "app.py").write_text(_CODE, encoding="utf-8")
        check = [sys.executable, "-m", "socratic_core", "check", "--rules", "AGENTS.md", "src"]
        result = subprocess.run(
            check, cwd=root, env=_env(), capture_output=True, text=True, check=False
        )
        ruff = [str(Path(sys.executable).parent / "ruff"), "check", "--isolated", "src/app.py"]
        bare, rules, full, linter = (
            _median_ms(command, root)
            for command in (
                [sys.executable, "-c", "pass"],
                [sys.executable, "-c", "import socratic_core.rules"],
                check,
                ruff,
            )
        )
        probe = subprocess.run(
            [sys.executable, "-c", _PROBE], cwd=root, capture_output=True, text=True, check=True
        )
    print(f"socratic check exit code:             {result.returncode} ({result.stdout.strip()})")
    print(f"python -c pass:                       {bare:8.1f} ms")
    print(f"python -c 'import socratic_core.rules': {rules:6.1f} ms ({rules / bare:4.1f}x bare)")
    print(f"ruff check, the same file:            {linter:8.1f} ms")
    print(
        f"socratic check, one-file project:     {full:8.1f} ms ({full / bare:4.1f}x bare,"
        f" {full / linter:4.1f}x ruff)"
    )
    print(f"  minus the interpreter:              {full - bare:8.1f} ms")
    verdict = "met" if full <= TARGET_MS else "MISSED"
    print(f"target <= {TARGET_MS:.0f} ms:                     {verdict}")
    print(f"import socratic_core.rules loads:     {probe.stdout.strip() or '(none of them)'}")
    interegular = importlib.util.find_spec("interegular") is not None
    print(f"interegular installed (dev only):     {interegular}")


if __name__ == "__main__":
    main()
