"""Benchmark `socratic check` against ruff and bandit on the same files and the same rules.

Side by side in one run, on one file list: the standard library plus installed third-party
packages (requests, flask, click, werkzeug, sqlalchemy; those installed). Each tool runs once as
its own process, under a small watcher process, so its wall time, CPU time and peak memory (the
largest resident set among the tool and its children: `socratic check` runs ruff for the rules
ruff backs) are its own:

- `socratic check` with a rules file covering the security and quality families (RULES below),
- `ruff check` with the ruff codes that match those rules,
- `bandit` (its security tests: it has no quality rules).

Prints figures, finding counts and the ratios the targets are about (wall time, as the targets
say, and CPU time beside it: on a shared machine the wall clock also measures the neighbours);
asserts nothing. Each tool runs `--repeat` times, the tools taking turns, and the median run
of each is reported. The cold rows use no cache (`ruff --no-cache`, `socratic --no-cache`).
The warm rows are the second run over the same unchanged files: each tool's cache (in a
temporary folder) is filled by one untimed run first, then every timed run reads it, as
pre-commit or a CI re-run would; their ratio is printed beside the cold one. How many
processes and threads each tool uses is printed with the figures: socratic runs `--jobs`
worker processes (default: one per core) beside one ruff run for its ruff-backed rules; ruff
runs one thread per core; bandit one process.

    python bench/bench_checks.py [--limit N] [--jobs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

TARGET_RUFF_RATIO = 3.0  # socratic's wall time at most 3x ruff's on the same rules
TARGET_BANDIT_SPEEDUP = 10.0  # socratic's lines/s at least 10x bandit's
PACKAGES = ("requests", "flask", "click", "werkzeug", "sqlalchemy")
WARM = " (warm)"  # the rows of the second run, each tool reading its own cache

RULES = """\
# Security
- security.no-eval
- security.no-shell-injection
- security.no-unsafe-deserialization
- security.no-weak-hashes
- security.no-sql-string-building
- security.no-hardcoded-secrets
- security.tls-verification
- security.no-assert
- security.requests-timeout

# Quality
- quality.no-bare-except
- quality.no-swallowed-exceptions
- quality.no-print
- quality.max-complexity(max=10)
- quality.max-line-length(max=100)
- quality.no-mutable-defaults
- quality.no-unused-imports
- performance.no-blocking-in-async
"""

# The ruff codes for the same rules, one group per line of RULES.
RUFF_CODES = (
    "S307,S102,S602,S604,S605,S606,S607,S301,S302,S506,S324,S608,S105,S106,S107,S501,S323,"
    "S101,S113,E722,S110,T201,C901,E501,B006,F401,ASYNC"
)

# The watcher: runs the tool, then reports its wall time, CPU time and peak memory.
_WATCHER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "wb") as out:
    code = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "max_rss_kb": usage.ru_maxrss, "code": code}))
"""


def corpus(limit: int | None) -> list[str]:
    """Return the .py files of the stdlib and the installed packages that decode as UTF-8."""
    roots = [Path(sysconfig.get_paths()["stdlib"])]
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            roots += [Path(p) for p in spec.submodule_search_locations]
    paths: list[str] = []
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            if "site-packages" in path.relative_to(root).parts:
                continue
            try:
                path.read_bytes().decode("utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            paths.append(str(path))
    return paths[:limit] if limit else paths


def _lines(paths: list[str]) -> int:
    return sum(Path(p).read_bytes().count(b"\n") for p in paths)


def _measure(command: list[str], out: Path) -> dict[str, float]:
    watcher = [sys.executable, "-c", _WATCHER, str(out), *command]
    done = subprocess.run(watcher, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _count(kind: str, out: Path) -> int:
    data = json.loads(out.read_text(encoding="utf-8") or "{}")
    kind = kind.removesuffix(WARM)
    if kind == "socratic":
        return len(data.get("violations", []))
    if kind == "bandit":
        return len(data.get("results", []))
    return len(data)


def _commands(paths: list[str], rules: Path, jobs: int, caches: Path) -> dict[str, list[str]]:
    """Each tool's command: cold (no cache), and warm (`* (warm)`, a cache in `caches`)."""
    bindir = Path(sys.executable).parent
    ruff = [str(bindir / "ruff"), "check", "--isolated", "--exit-zero"]
    ruff += ["--output-format", "json", "--select", RUFF_CODES]
    ruff += ["--config", "lint.mccabe.max-complexity = 10", "--config", "line-length = 100"]
    ours = [str(bindir / "socratic"), "check", "--rules", str(rules), "--format", "json"]
    ours += ["--no-plugins", "--jobs", str(jobs), "--unreadable", "warning"]
    commands = {
        "socratic": [*ours, "--no-cache", *paths],
        "ruff": [*ruff, "--no-cache", *paths],
    }
    if (bindir / "bandit").is_file():
        commands["bandit"] = [str(bindir / "bandit"), "-q", "-f", "json", *paths]
    commands[f"socratic{WARM}"] = [*ours, "--cache-dir", str(caches / "socratic"), *paths]
    commands[f"ruff{WARM}"] = [*ruff, "--cache-dir", str(caches / "ruff"), *paths]
    return commands


def _row(name: str, result: dict[str, float], lines: int, found: int) -> str:
    wall = result["wall"]
    mib = result["max_rss_kb"] / 1024
    return (
        f"{name:<17} wall {wall:7.2f} s  cpu {result['cpu']:7.2f} s  "
        f"{lines / wall:>10,.0f} lines/s  peak {mib:7.1f} MiB  findings {found:>6}"
    )


def _ratios(results: dict[str, dict[str, float]]) -> list[str]:
    ours, ruff = results["socratic"], results["ruff"]
    ratio, cpu = ours["wall"] / ruff["wall"], ours["cpu"] / ruff["cpu"]
    warm, ruff_warm = results[f"socratic{WARM}"], results[f"ruff{WARM}"]
    warm_ratio, warm_cpu = warm["wall"] / ruff_warm["wall"], warm["cpu"] / ruff_warm["cpu"]
    lines = [
        f"socratic / ruff wall time, cold (no cache): {ratio:.2f}x "
        f"(target <= {TARGET_RUFF_RATIO:g}x; CPU time {cpu:.2f}x)",
        f"socratic / ruff wall time, warm (second run, each with its cache): {warm_ratio:.2f}x "
        f"(CPU time {warm_cpu:.2f}x); socratic warm / cold: {warm['wall'] / ours['wall']:.2f}x",
    ]
    if "bandit" in results:
        bandit = results["bandit"]
        speedup, cpu = bandit["wall"] / ours["wall"], bandit["cpu"] / ours["cpu"]
        memory = ours["max_rss_kb"] / bandit["max_rss_kb"]
        lines.append(
            f"socratic / bandit lines/s: {speedup:.1f}x (target >= {TARGET_BANDIT_SPEEDUP:g}x; "
            f"by CPU time {cpu:.1f}x)"
        )
        lines.append(f"socratic / bandit peak memory: {memory:.2f}x (target <= 1x)")
    else:
        lines.append("bandit is not installed: pip install -e '.[dev]'")
    return lines


def main() -> None:
    """Run the three tools on the same files and print the figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="check only the first N files")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="socratic --jobs")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool (median kept)")
    args = parser.parse_args()
    paths = corpus(args.limit)
    lines = _lines(paths)
    cores = os.cpu_count() or 1
    print(
        f"{len(paths)} files, {lines:,} lines (stdlib + {', '.join(PACKAGES)}); {cores} cores;"
        f" median of {args.repeat} runs each\n"
        f"socratic: {args.jobs} worker process(es) + one ruff run ({cores} threads) for its"
        f" ruff-backed rules; ruff: 1 process, {cores} threads; bandit: 1 process, 1 thread"
    )
    runs: dict[str, list[dict[str, float]]] = {}
    found: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules.md"
        rules.write_text(RULES, encoding="utf-8")
        commands = _commands(paths, rules, args.jobs, Path(tmp) / "caches")
        for name, command in commands.items():
            if name.endswith(WARM):  # the first run fills the cache the timed runs read
                _measure(command, Path(tmp) / "fill.json")
        for _ in range(args.repeat):  # the tools take turns, so load changes hit them alike
            for name, command in commands.items():
                out = Path(tmp) / f"{name}.json"
                runs.setdefault(name, []).append(_measure(command, out))
                found[name] = _count(name, out)
    results = {name: _median(measured) for name, measured in runs.items()}
    for name, result in results.items():
        print(_row(name, result, lines, found[name]))
    print("\n".join(_ratios(results)))


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run with the median wall time."""
    return sorted(runs, key=lambda run: run["wall"])[len(runs) // 2]


if __name__ == "__main__":
    main()
