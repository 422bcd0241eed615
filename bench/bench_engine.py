"""Benchmark the rule engine over this machine's Python standard library.

Side by side in one run: `ast.parse` alone over the corpus, the engine with every built-in check
enabled, and bandit over the same files (where bandit is installed). Then one 7,000-line file made
of a single big literal. Each measurement runs in its own subprocess so peak memory (max RSS) is
its own. Times are CPU seconds (user + system) of the measured process, so other processes on a
shared machine do not skew the ratios; wall-clock seconds are printed too. Prints figures and
ratios; asserts nothing.

    python bench/bench_engine.py [--limit N]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import resource
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

TARGET_PARSE_RATIO = 2.5
TARGET_BANDIT_SPEEDUP = 5.0
TARGET_LITERAL_SECONDS = 0.5
REPEATS = 3


ROOT = Path(sysconfig.get_paths()["stdlib"])


def corpus(limit: int | None) -> list[str]:
    """Return the stdlib's .py files that decode as UTF-8, as paths relative to the stdlib."""
    paths: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        if "site-packages" in path.parts:
            continue
        try:
            path.read_bytes().decode("utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        paths.append(str(path.relative_to(ROOT)))
        if limit and len(paths) >= limit:
            break
    return paths


class DiskFiles(Mapping[str, bytes]):
    """Path -> content, read from disk on access: the engine holds one file at a time."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths

    def __getitem__(self, path: str) -> bytes:
        return (ROOT / path).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


def _all_rules() -> list[object]:
    from socratic_core.plugin_manager import make_plugin_manager  # noqa: PLC0415
    from socratic_core.rules import Rule, RuleEngine  # noqa: PLC0415

    engine = RuleEngine(make_plugin_manager(), pause_gc=True)  # as `socratic check` runs it
    rules = []
    for check_id, registered in engine.checks.items():
        declaration = registered.check.declaration
        params: dict[str, object] = {}
        if check_id == "architecture.forbidden-import":
            params = {"source": "email.*", "target": "http"}
        if check_id == "quality.forbidden-phrases":
            params = {"phrases": ("as an ai",)}
        rules.append(Rule(id=check_id, category=declaration.category, params=params))
    return [engine, rules]


def run_parse(paths: list[str], *, pause_gc: bool = False) -> dict[str, float]:
    """Time reading and ast.parse alone over the corpus (optionally with the GC paused)."""
    import ast  # noqa: PLC0415

    files = DiskFiles(paths)
    start, wall = time.process_time(), time.perf_counter()
    if pause_gc:
        gc.disable()
    try:
        for path in files:
            with contextlib.suppress(SyntaxError):
                ast.parse(files[path], filename=path)
    finally:
        gc.enable()
    return {"seconds": time.process_time() - start, "wall": time.perf_counter() - wall}


def run_engine(paths: list[str]) -> dict[str, float]:
    """Time reading and the engine with every built-in check enabled."""
    from socratic_core.rules import AgentOutput  # noqa: PLC0415

    engine, rules = _all_rules()
    start, wall = time.process_time(), time.perf_counter()
    report = engine.validate(AgentOutput(files=DiskFiles(paths)), rules)  # type: ignore[attr-defined]
    seconds, wall = time.process_time() - start, time.perf_counter() - wall
    return {
        "seconds": seconds,
        "wall": wall,
        "violations": len(report.violations),
        "checks": len(rules),
    }


def run_bandit(paths: list[str]) -> dict[str, float]:
    """Time bandit over the same files, copied to a temporary tree."""
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            target = Path(tmp) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((ROOT / path).read_bytes())
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bandit", "-q", "-r", tmp, "-f", "json", "-o", "/dev/null"],
            check=False,
            capture_output=True,
        )
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"seconds": seconds, "wall": wall, "child_max_rss_kb": after.ru_maxrss}


def run_speed(paths: list[str]) -> dict[str, float]:
    """Time ast.parse alone and the engine, interleaved and repeated; keep each one's best.

    Interleaving in one process keeps both sides under the same machine load, and the best of
    several rounds filters out other processes' noise on a shared machine.
    """
    parse, engine, paused = [], [], []
    for _ in range(REPEATS):
        parse.append(run_parse(paths))
        paused.append(run_parse(paths, pause_gc=True))
        engine.append(run_engine(paths))
    return {
        "parse": min(r["seconds"] for r in parse),
        "parse_paused": min(r["seconds"] for r in paused),
        "engine": min(r["seconds"] for r in engine),
        "parse_wall": min(r["wall"] for r in parse),
        "engine_wall": min(r["wall"] for r in engine),
    }


def run_literal(_: list[str]) -> dict[str, float]:
    """Time the engine on one 7,000-line file made of a single big literal."""
    from socratic_core.rules import AgentOutput  # noqa: PLC0415

    body = "".join(f"    'key{i}': ['value {i}', {i}, {i}.5, None],\n" for i in range(7000))
    text = "DATA = {\n" + body + "}\n"
    engine, rules = _all_rules()
    start = time.perf_counter()
    engine.validate(AgentOutput(files={"big_literal.py": text}), rules)  # type: ignore[attr-defined]
    return {"seconds": time.perf_counter() - start, "lines": text.count("\n")}


def _child(kind: str, limit: int | None) -> None:
    paths = corpus(limit)
    runs = {
        "parse": run_parse,
        "engine": run_engine,
        "bandit": run_bandit,
        "literal": run_literal,
        "speed": run_speed,
    }
    result = runs[kind](paths)
    result["max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["files"] = len(paths)
    if "lines" not in result:
        result["lines"] = sum((ROOT / p).read_bytes().count(b"\n") for p in paths)
    print(json.dumps(result))


def _measure(kind: str, limit: int | None) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", kind]
    if limit:
        command += ["--limit", str(limit)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _mib(result: dict[str, float]) -> str:
    return f"{result['max_rss_kb'] / 1024:.0f} MiB"


def _has_bandit() -> bool:
    probe = [sys.executable, "-c", "import bandit"]
    return subprocess.run(probe, check=False, capture_output=True).returncode == 0


def main() -> None:
    """Run every measurement in its own process and print figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.limit)
        return
    parse = _measure("parse", args.limit)
    engine = _measure("engine", args.limit)
    speed = _measure("speed", args.limit)
    print(f"corpus: {parse['files']} files, {parse['lines']} lines (stdlib)")
    print(
        f"ast.parse alone: {speed['parse']:.2f} s CPU ({speed['parse_wall']:.2f} s wall), "
        f"best of {REPEATS}, peak RSS {_mib(parse)}"
    )
    print(
        f"engine, all {engine['checks']} built-in checks: {speed['engine']:.2f} s CPU "
        f"({speed['engine_wall']:.2f} s wall), best of {REPEATS}, {engine['violations']} "
        f"violations, peak RSS {_mib(engine)}"
    )
    ratio = speed["engine"] / speed["parse"]
    print(f"engine / ast.parse: {ratio:.2f}x (target <= {TARGET_PARSE_RATIO}x)")
    strict = speed["engine"] / speed["parse_paused"]
    print(
        f"engine / ast.parse with the GC paused as the engine pauses it "
        f"({speed['parse_paused']:.2f} s CPU): {strict:.2f}x"
    )
    engine_lps = engine["lines"] / speed["engine"]
    print(f"engine lines/s (CPU): {engine_lps:,.0f}")
    if _has_bandit():
        bandit = _measure("bandit", args.limit)
        bandit_lps = bandit["lines"] / bandit["seconds"]
        rss = bandit["child_max_rss_kb"] / 1024
        print(
            f"bandit: {bandit['seconds']:.2f} s CPU ({bandit['wall']:.2f} s wall), "
            f"{bandit_lps:,.0f} lines/s, peak RSS {rss:.0f} MiB"
        )
        speedup = engine_lps / bandit_lps
        print(
            f"engine / bandit lines per second: {speedup:.2f}x (target >= {TARGET_BANDIT_SPEEDUP}x)"
        )
        memory = engine["max_rss_kb"] / bandit["child_max_rss_kb"]
        print(f"engine peak RSS / bandit peak RSS: {memory:.2f} (target <= 1)")
    else:
        print("bandit: not installed in this environment; skipped")
    literal = _measure("literal", None)
    print(
        f"one {literal['lines']}-line literal file: {literal['seconds']:.3f} s "
        f"(target < {TARGET_LITERAL_SECONDS} s)"
    )


if __name__ == "__main__":
    main()
