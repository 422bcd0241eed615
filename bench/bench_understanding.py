"""Benchmark: how well the resolver reads the labelled rule-line corpus, and how fast.

Uses the same loader and scorer as `tests/rules/test_corpus.py` (`tests/rules/corpus/score.py`):
every corpus line is parsed alone with `parse_instructions()` against the default vocabulary
(every registered check, plugins included) and its enforced rules are compared with the labels.

Prints the corpus size, precision on enforced claims and recall on lines a registered check
exists for (overall, real lines, paraphrases, the TS/JS set, the three held-out sets of real lines
from repositories no other file draws on, the third made before the resolver was tuned on it, and
the rest it was tuned on), the confusion by expected check
(correct / wrong claim and what it became / missed), the false claims on lines no registered
check should enforce, by claimed id, and lines per second. `--failures` lists every line read
wrongly.

Run: `.venv/bin/python bench/bench_understanding.py [--failures]`. Targets (issue 8):
precision >= 0.97, recall >= 0.90.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT / "tests" / "rules" / "corpus" / "score.py"
REPEATS = 3


def load_score() -> ModuleType:
    """Import the corpus scorer by path (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location("socratic_corpus_score", SCORE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a"


def _subset(result: Any, keep: Any) -> tuple[str, str]:
    part = result.subset(keep)
    due = part.due_lines
    return _ratio(part.correct_claims, part.claims), _ratio(sum(r.hit for r in due), len(due))


def print_summary(lines: list[Any], result: Any, registered: set[str]) -> None:
    """Corpus size and the two headline figures."""
    real = [line for line in lines if line.kind == "real"]
    repos = {line.repo for line in real}
    labelled = [line for line in lines if line.expected]
    not_yet = {e.id for line in labelled for e in line.expected if e.id not in registered}
    print(
        f"corpus: {len(lines)} lines ({len(real)} real from {len(repos)} repositories, "
        f"{len(lines) - len(real)} paraphrases); {len(labelled)} labelled with a check"
    )
    print(
        f"registered checks: {len(registered)}; labelled ids not registered here "
        f"(not enforceable yet): {', '.join(sorted(not_yet)) or 'none'}"
    )
    print(f"precision: {_ratio(result.correct_claims, result.claims)}   (target >= 0.97)")
    hits = sum(r.hit for r in result.due_lines)
    print(f"recall:    {_ratio(hits, len(result.due_lines))}   (target >= 0.90)")
    subsets = {
        "real": lambda line: line.kind == "real",
        "paraphrase": lambda line: line.kind == "paraphrase",
        "TS/JS set": lambda line: line.ts,
        "TS/JS real": lambda line: line.ts and line.kind == "real",
        "TS/JS para": lambda line: line.ts and line.kind == "paraphrase",
        "held-out": lambda line: line.heldout,
        "held-out 2": lambda line: line.heldout2,
        "held-out 3": lambda line: line.heldout3,
        "held-out 4": lambda line: line.heldout4,
        "held-out 5": lambda line: line.heldout5,
        "tuned on": lambda line: not line.heldout5,
        "paraphrases 3": lambda line: line.paraphrases3,
    }
    for name, keep in subsets.items():
        precision, recall = _subset(result, keep)
        print(f"  {name:13}  precision {precision:18}  recall {recall}")


def print_confusion(result: Any) -> None:
    """Per expected id: correct, wrong claims (what they became), missed."""
    print("\nconfusion by expected check (lines where a registered check is due):")
    print(f"  {'check':38} {'correct':>7} {'wrong':>6} {'missed':>6}  wrong readings")
    for check_id, counter in sorted(result.confusion().items()):
        became = {k[len("became ") :]: n for k, n in counter.items() if k.startswith("became ")}
        shown = ", ".join(f"{k} x{n}" for k, n in Counter(became).most_common(3))
        print(
            f"  {check_id:38} {counter['correct']:7} {sum(became.values()):6} "
            f"{counter['missed']:6}  {shown}"
        )
    false = result.false_claims_on_null_lines()
    print(f"\nfalse claims on lines no registered check should enforce: {sum(false.values())}")
    for check_id, n in false.most_common():
        print(f"  {check_id:38} {n:4}")


def print_failures(result: Any) -> None:
    """Every line read wrongly, with what was expected and what was claimed."""
    print("\nfailures:")
    for r in result.failures():
        print(f"  {r.line.where}: {r.line.text!r}")
        print(
            f"      expected {[e.render() for e in r.due] or None}"
            f"  claimed {[c.render() for c in r.correct + r.wrong] or None}"
        )


def main() -> None:
    """Score the corpus and time the parsing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list every misread line")
    args = parser.parse_args()
    score = load_score()
    lines = score.load_corpus()
    declarations = score.default_declarations()
    registered = {declaration.id for declaration in declarations}
    result = score.evaluate(lines, declarations)
    timings = [score.evaluate(lines, declarations).seconds for _ in range(REPEATS)]
    print_summary(lines, result, registered)
    print_confusion(result)
    if args.failures:
        print_failures(result)
    best = min(timings)
    print(
        f"\nspeed: {len(lines) / best:,.0f} lines/s (each line parsed alone, best of "
        f"{REPEATS}: {best * 1000:.0f} ms for {len(lines)} lines)"
    )


if __name__ == "__main__":
    main()
