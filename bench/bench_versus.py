"""Compare two checkouts' `socratic check` on the same files: same report, and how fast.

Runs the `socratic` command of each given virtual environment (say main's and a branch's) on
the bench_checks corpus and rules, the two taking turns `--repeat` times, and prints each one's
median wall time and CPU time (its own and its children's: the ruff run, worker processes) side
by side. Then it compares their JSON reports, which must be identical: a speed change must not
change a finding. Prints the first differences and exits 1 when they differ.

    python bench/bench_versus.py OLD_VENV NEW_VENV [--limit N] [--jobs N] [--repeat N]

`OLD_VENV` and `NEW_VENV` are virtual environment folders (`../main/.venv`, `.venv`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

import bench_checks


def _command(venv: Path, rules: Path, jobs: int, paths: list[str]) -> list[str]:
    socratic = [str(venv / "bin" / "socratic"), "check", "--rules", str(rules), "--format", "json"]
    socratic += ["--no-plugins", "--unreadable", "warning"]
    socratic += ["--jobs", str(jobs)] if jobs else []  # 0: the command's default
    return [*socratic, *paths]


def _differences(old: dict[str, object], new: dict[str, object]) -> list[str]:
    """The top-level keys whose values differ, with the first differing violation."""
    keys = sorted(old.keys() | new.keys())
    lines = [f"{key}: differs" for key in keys if old.get(key) != new.get(key)]
    before, after = old.get("violations", []), new.get("violations", [])
    assert isinstance(before, list)
    assert isinstance(after, list)
    for a, b in zip(before, after, strict=False):
        if a != b:
            lines += [f"  first differing violation: old {json.dumps(a)}", f"  new {json.dumps(b)}"]
            break
    if len(before) != len(after):
        lines.append(f"  violations: old {len(before)}, new {len(after)}")
    return lines


def main() -> None:
    """Run both checkouts' command in turns, print the figures and diff the reports."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the first virtual environment (e.g. main's)")
    parser.add_argument("new", type=Path, help="the second virtual environment (e.g. yours)")
    parser.add_argument("--limit", type=int, default=None, help="check only the first N files")
    parser.add_argument("--jobs", type=int, default=1, help="socratic --jobs (0: its default)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per checkout (median kept)")
    args = parser.parse_args()
    paths = bench_checks.corpus(args.limit)
    runs: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules.md"
        rules.write_text(bench_checks.RULES, encoding="utf-8")
        outputs = {name: Path(tmp) / f"{name}.json" for name in runs}
        for _ in range(args.repeat):  # taking turns, so a change of load hits both alike
            for name, venv in (("old", args.old), ("new", args.new)):
                command = _command(venv.resolve(), rules, args.jobs, paths)
                runs[name].append(bench_checks._measure(command, outputs[name]))
        reports = {
            name: json.loads(path.read_text(encoding="utf-8")) for name, path in outputs.items()
        }
    print(f"{len(paths)} files, --jobs {args.jobs}, median of {args.repeat} runs each")
    for name, venv in (("old", args.old), ("new", args.new)):
        wall = statistics.median(run["wall"] for run in runs[name])
        cpu = statistics.median(run["cpu"] for run in runs[name])
        print(f"{name}  wall {wall:6.2f} s  cpu {cpu:6.2f} s  ({venv})")
    differences = _differences(reports["old"], reports["new"])
    found = len(reports["new"].get("violations", []))
    print("reports identical" if not differences else "REPORTS DIFFER:", f"({found} violations)")
    print("\n".join(differences[:20]))
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
