"""Harness: do two checkouts read instruction text identically? (for speed work on the reader)

Parses, with each checkout's `src/`, every corpus line alone (tests/rules/corpus/*.jsonl, with
the default vocabulary as `score.py` does), every corpus file as one document, every case
document (tests/rules/cases/*.md), the `bench_parser.py` document and its adversarial families,
then compares the full readings: each rule's fields (id, params, severity, modality, scope,
rationale, text, span, kind, reading, suggestion) and canonical form, the diagnostics, prose,
examples and front matter. Any difference is printed with the text it came from.

Run: `.venv/bin/python bench/diff_readings.py /path/to/other/checkout [this checkout]`; the exit
status is 1 when a reading differs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

_DUMP = r"""
import importlib.util, json, sys
from pathlib import Path
root = Path(sys.argv[1])
sys.path.insert(0, str(root / "bench"))
import socratic_core
assert Path(socratic_core.__file__).is_relative_to(Path(sys.argv[2])), socratic_core.__file__
from socratic_core.rules import parse_instructions, render_canonical
spec = importlib.util.spec_from_file_location("score", root / "tests/rules/corpus/score.py")
score = importlib.util.module_from_spec(spec); sys.modules["score"] = score
spec.loader.exec_module(score)
from bench_parser import _ADVERSARIAL, generate
declarations = score.default_declarations()
texts = []
by_file = {}
for line in score.load_corpus():
    texts.append(("line", line.text))
    by_file.setdefault(line.where.split(":")[0], []).append(line.text)
for name, lines in sorted(by_file.items()):
    texts.append(("file " + str(name), "\n".join(lines) + "\n"))
for path in sorted((root / "tests/rules/cases").glob("*.md")):
    texts.append(("case " + path.name, path.read_text()))
texts.append(("bench document", generate(10_000)[0]))
for name, make in _ADVERSARIAL.items():
    texts.append(("adversarial " + name, make(20_000)))
out = []
for label, text in texts:
    ruleset = parse_instructions(text, declarations=declarations)
    rules = [[repr(r), r.reading, r.suggestion, render_canonical(r)] for r in ruleset]
    out.append({
        "label": label, "text": text[:200], "lines": text.count("\n") + 1,
        "rules": rules,
        "diagnostics": [repr(d) for d in ruleset.diagnostics],
        "prose": [repr(p) for p in ruleset.prose],
        "examples": [repr(e) for e in ruleset.examples],
        "metadata": repr(ruleset.metadata),
    })
json.dump(out, open(sys.argv[3], "w"))
"""


def _dump(checkout: Path, tests_root: Path, target: Path) -> list[dict[str, object]]:
    """The readings of every text, by `checkout`'s source (tests and bench from `tests_root`)."""
    env = dict(os.environ, PYTHONPATH=str(checkout / "src"))
    subprocess.run(
        [sys.executable, "-c", _DUMP, str(tests_root), str(checkout / "src"), str(target)],
        env=env,
        check=True,
    )
    result: list[dict[str, object]] = json.loads(target.read_text())
    return result


def main() -> int:
    """Compare the readings of two checkouts; print differences; 1 when any."""
    other = Path(sys.argv[1]).resolve()
    here = Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).parent.parent).resolve()
    with tempfile.TemporaryDirectory() as directory:
        old = _dump(other, here, Path(directory) / "old.json")
        new = _dump(here, here, Path(directory) / "new.json")
    if len(old) != len(new):
        print(f"different text counts: {len(old)} vs {len(new)}")
        return 1
    differing = 0
    lines = rules = 0
    for before, after in zip(old, new, strict=True):
        lines += int(str(before["lines"]))
        rules += len(before["rules"])  # type: ignore[arg-type]
        if before != after:
            differing += 1
            print(f"DIFFERS: {before['label']}: {before['text']!r}")
            for key in before:
                if before[key] != after[key]:
                    print(f"  {key}:\n    old {before[key]!r}\n    new {after[key]!r}")
    print(
        f"{len(old)} texts, {lines} lines, {rules} rules: "
        + ("identical readings" if not differing else f"{differing} texts read differently")
    )
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
