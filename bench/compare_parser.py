"""Side by side: parse_instructions() throughput of two checkouts, interleaved, medians.

For each checkout in turn (interleaved, `ROUNDS` fresh processes each) times the
`bench_parser.py` document: the first call in a fresh process (imports excluded: the parser
tables load, the regexes compile, the resolver is built), then `REPEATS` calls with the statement
caches cleared (cold) and `REPEATS` with them warm, by wall and CPU time. Prints the medians in
statement lines/s.

Run: `.venv/bin/python bench/compare_parser.py /path/to/other/checkout [this checkout]`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROUNDS = 5
REPEATS = 5

_RUN = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from bench_parser import _clear_caches, generate
from socratic_core.rules import parse_instructions
text, statements = generate(10_000)
def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu
first = timed(lambda: parse_instructions(text))
cold = [timed(lambda: (_clear_caches(), parse_instructions(text))) for _ in range(int(sys.argv[2]))]
warm = [timed(lambda: parse_instructions(text)) for _ in range(int(sys.argv[2]))]
print(json.dumps({"statements": statements, "first": [first], "cold": cold, "warm": warm}))
"""


def _round(checkout: Path, bench: Path) -> dict[str, list[list[float]]]:
    env = dict(os.environ, PYTHONPATH=str(checkout / "src"))
    result = subprocess.run(
        [sys.executable, "-c", _RUN, str(bench), str(REPEATS)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, list[list[float]]] = json.loads(result.stdout)
    return figures


def main() -> None:
    """Time both checkouts, interleaved, and print the medians side by side."""
    other = Path(sys.argv[1]).resolve()
    here = Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).parent.parent).resolve()
    bench = here / "bench"
    runs: dict[Path, dict[str, list[list[float]]]] = {other: {}, here: {}}
    statements = 0
    for _ in range(ROUNDS):
        for checkout in (other, here):
            figures = _round(checkout, bench)
            statements = int(figures.pop("statements"))  # type: ignore[call-overload]
            for key, values in figures.items():
                runs[checkout].setdefault(key, []).extend(values)
    print(f"statement lines/s, median of {ROUNDS} processes x {REPEATS} (first call: x1)")
    print(f"{'':8s}{'other wall':>12s}{'other cpu':>12s}{'this wall':>12s}{'this cpu':>12s}")
    for key in ("first", "cold", "warm"):
        cells = []
        for checkout in (other, here):
            for index in (0, 1):
                cells.append(statements / statistics.median(v[index] for v in runs[checkout][key]))
        print(f"{key:8s}" + "".join(f"{cell:12.0f}" for cell in cells))


if __name__ == "__main__":
    main()
