"""Benchmark: how long `socratic check` takes to start, beside a bare `python -c pass`.

Writes a one-file project (an AGENTS.md with a few rules and one Python file) into a temporary
folder, then runs each command below in a fresh interpreter, several times, the commands taking
turns (so a change in the machine's load shows in every row alike), after one warm-up run each
that also writes the bytecode caches, as an installed wheel has them. It reports the median wall
time of the whole subprocess and, beside it, the median CPU time the child used (user plus
system, its own children such as ruff included), which a busy machine inflates far less than
the wall time:

- `python -c pass`: the interpreter alone;
- `python -c "import socratic_core.rules"`: the rule engine's import;
- `python -m socratic_core check --rules AGENTS.md src`: the whole command (imports, loading the
  shipped parser, plugin discovery, parsing the rules, checking the file, the report);
- the same command as a wheel installed without the development dependencies runs it, when
  interegular (a development dependency that lark imports whenever it is present) is installed:
  it is hidden from that run;
- the same command from another checkout's sources (`--against PATH/src`, e.g. a worktree of
  the main branch), the honest comparison for a change;
- `ruff check src/app.py`: a bare ruff run on the same file, what a linter's start-up costs
  (socratic runs ruff too, for its ruff-backed rules such as the line length here).

It also lists which heavy packages `import socratic_core.rules` pulls in (none of SQLAlchemy
and pydantic may be among them).

Run: `.venv/bin/python bench/bench_startup.py [--runs N] [--against OTHER/src]`. Target:
`socratic check` on a one-file project starts in <= 150 ms (wall, on a quiet machine).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
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
_CHECK_ARGS = ("check", "--rules", "AGENTS.md", "src")
# `python -m socratic_core check ...` with interegular unimportable, as where it is not installed.
_WITHOUT_INTEREGULAR = (
    "import runpy, sys\n"
    "sys.modules['interegular'] = None\n"
    f"sys.argv = ['socratic', *{_CHECK_ARGS!r}]\n"
    "runpy.run_module('socratic_core', run_name='__main__', alter_sys=True)\n"
)


class _Command:
    """One command to time: its label, its argument list and the environment it runs in."""

    def __init__(self, label: str, argv: list[str], env: Mapping[str, str]) -> None:
        self.label, self.argv, self.env = label, argv, dict(env)
        self.walls: list[float] = []
        self.cpus: list[float] = []

    def run(self, cwd: Path) -> None:
        """Run it once and record its wall and CPU time."""
        start, cpu = time.perf_counter(), _child_cpu()
        subprocess.run(self.argv, cwd=cwd, env=self.env, capture_output=True, check=False)
        self.walls.append(time.perf_counter() - start)
        self.cpus.append(_child_cpu() - cpu)

    def medians(self) -> tuple[float, float]:
        """The median wall and CPU times, in milliseconds."""
        return statistics.median(self.walls) * 1000, statistics.median(self.cpus) * 1000


def _env(sources: str | None = None) -> dict[str, str]:
    """The environment, with bytecode caches allowed (as an installed package has them).

    `sources` (a checkout's `src` folder) goes first on the import path, ahead of the installed
    package.
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    if sources is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [sources, env.get("PYTHONPATH")]))
    return env


def _child_cpu() -> float:
    """CPU seconds (user + system) used so far by this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _commands(against: str | None) -> list[_Command]:
    """Every command to time, in the order they are reported."""
    python = sys.executable
    check = [python, "-m", "socratic_core", *_CHECK_ARGS]
    commands = [
        _Command("python -c pass", [python, "-c", "pass"], _env()),
        _Command(
            "import socratic_core.rules", [python, "-c", "import socratic_core.rules"], _env()
        ),
        _Command("socratic check, one-file project", check, _env()),
    ]
    if importlib.util.find_spec("interegular") is not None:
        hidden = [python, "-c", _WITHOUT_INTEREGULAR]
        commands.append(_Command("  as installed (no interegular)", hidden, _env()))
    if against is not None:
        commands.append(_Command(f"  from {against}", check, _env(against)))
    ruff = [str(Path(python).parent / "ruff"), "check", "--isolated", "src/app.py"]
    commands.append(_Command("ruff check, the same file", ruff, _env()))
    return commands


def _ms(times: tuple[float, float]) -> str:
    """Wall and CPU milliseconds, in two columns."""
    return f"{times[0]:7.1f} ms {times[1]:7.1f} ms"


def main() -> None:
    """Run the benchmark and print the figures side by side."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs of each command")
    parser.add_argument("--against", metavar="SRC", help="another checkout's src folder")
    options = parser.parse_args()
    commands = _commands(options.against)
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "AGENTS.md").write_text(_RULES, encoding="utf-8")
        (root / "src").mkdir()
        (root / "src" / "app.py").write_text(_CODE, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "socratic_core", *_CHECK_ARGS],
            cwd=root,
            env=_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        for command in commands:  # the warm-up: bytecode caches written, files in the page cache
            subprocess.run(
                command.argv, cwd=root, env=command.env, capture_output=True, check=False
            )
        for _ in range(options.runs):
            for command in commands:
                command.run(root)
        probe = subprocess.run(
            [sys.executable, "-c", _PROBE], cwd=root, capture_output=True, text=True, check=True
        )
    print(f"socratic check exit code: {result.returncode} ({result.stdout.strip()})")
    bare, full = commands[0].medians(), commands[2].medians()
    print(f"{'median of ' + str(options.runs) + ' runs':40} {'wall':>10} {'cpu':>10}")
    for command in commands:
        times = command.medians()
        ratio = (
            f"  ({times[0] / full[0]:.3f}x/{times[1] / full[1]:.3f}x)"
            if command.label.startswith(" ")
            else ""
        )
        print(f"{command.label:40} {_ms(times)}{ratio}")
    print(
        f"{'socratic check minus the interpreter':40} {_ms((full[0] - bare[0], full[1] - bare[1]))}"
    )
    verdict = "met" if full[0] <= TARGET_MS else "MISSED"
    print(f"{f'target <= {TARGET_MS:.0f} ms (wall)':40} {verdict}")
    print(f"{'import socratic_core.rules loads':40} {probe.stdout.strip() or '(none of them)'}")


if __name__ == "__main__":
    main()
