"""Benchmark: parse + resolve throughput of the instruction language, beside a bare Lark parse.

Generates a 10,000-line Markdown instruction document (front matter, headings, bullet, checklist
and numbered items, prose paragraphs, code fences, numeric limits, canonical lines), then times:

- the bare baseline: a Lark LALR parser with a minimal line grammar (`start: LINE*`) over the
  same text, no transformer;
- the document grammar alone (instructions.lark, LALR, contextual lexer, inline transformer);
- `parse_instructions()` end to end (grammar + statement reading + resolving + RuleSet), with
  the memoised statement readings warm (a long-lived process) and cold (cleared before each
  run: only repeats inside the one document hit), by wall and by CPU time (which a busy machine
  inflates far less);
- getting the parser: again in the same process (the `functools.cache` of `get_parser()`), in a
  fresh process from the tables shipped with the package (what every run does), and in a fresh
  process building it from the grammar (what the shipped tables save: lark's grammar analysis
  and, where interegular is installed, its terminal collision check).

- adversarial documents (thousands of `<!--` lines, a paragraph of thousands of sentences, a
  100,000-character heading of `_a *a ...`, fences of every length) at two sizes: twice the
  text should take about twice the time (tests/rules/test_linear_time.py bounds the work).

Run: `.venv/bin/python bench/bench_parser.py`. Targets: >= 20,000 statement lines/s end to
end; end to end at most 2x the bare LALR time; loading the shipped parser under 10 ms.
(`bench/bench_startup.py` measures the whole `socratic check` start-up.)
"""

from __future__ import annotations

import functools
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from lark import Lark

from socratic_core.rules import parse_instructions
from socratic_core.rules._clauses import group_clauses, read_clause, segments
from socratic_core.rules._normalise import _words
from socratic_core.rules._parser import _built, get_parser, get_resolver
from socratic_core.rules._statements import read_statement

LINES = 10_000
REPEATS = 5

_STATEMENTS = (
    "- Never hardcode secrets; read them from the environment, because logs leak.",
    "- [ ] Passwords must be hashed with argon2 or bcrypt.",
    "- Don't use `eval()` or `exec()` in {path}.",
    "1. Functions must not exceed {n} lines (warning).",
    "2. Keep lines under {n} characters.",
    "- **Max function length:** {n} lines",
    "- At least {n}% test coverage for {path}.",
    "- Module api must not import db",
    "- Prefer absolute imports",
    "- Avoid print statements; use logging instead.",
    "- Responses must stay under {n} ms.",
    "- Use snake_case for variables and PascalCase for classes.",
    "- No queries in loops (N+1) in {path}.",
    'quality.max-complexity(max={n}) severity=warning in "{path}"',
    "Always add type hints to public functions. Never swallow exceptions.",
    "- > {n} lines = rewrite",
)
_HEADINGS = ("## Security", "## Code quality", "## Testing", "## Architecture", "## Performance")
_PATHS = ("src/api/**", "src/**/*.py", "tests", "*.py", "lib/")


def generate(lines: int, seed: int = 7) -> tuple[str, int]:
    """A realistic instruction document of about `lines` lines, and its statement-line count."""
    rng = random.Random(seed)
    out = ["---", 'description: "generated"', 'globs: "src/**/*.py"', "---", "# AGENTS.md"]
    statements = 0
    while len(out) < lines:
        roll = rng.random()
        if roll < 0.05:
            out += ["", rng.choice(_HEADINGS), ""]
        elif roll < 0.08:
            out += ["```python", "def f(x):", "    return eval(x)  # never do this", "```"]
        elif roll < 0.11:
            out += ["This project is a FastAPI service that talks to PostgreSQL.", ""]
        else:
            template = rng.choice(_STATEMENTS)
            out.append(template.format(n=rng.randint(2, 200), path=rng.choice(_PATHS)))
            statements += 1
    return "\n".join(out[:lines]) + "\n", statements


_BARE_GRAMMAR = r"""
start: LINE*
LINE: /[^\n]*\n/
"""


def _best(function: object, repeats: int = REPEATS) -> float:
    return _best_with_cpu(function, repeats)[0]


def _best_with_cpu(function: object, repeats: int = REPEATS) -> tuple[float, float]:
    """The shortest wall time and the shortest CPU time of `repeats` runs (a busy machine
    inflates the CPU time far less)."""
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        function()  # type: ignore[operator]
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def main() -> None:
    """Run the benchmark and print the figures and ratios."""
    text, statements = generate(LINES)
    bare = Lark(_BARE_GRAMMAR, parser="lalr")
    parser = get_parser()
    parse_instructions(text)  # warm up: parsers built, caches filled

    bare_time = _best(lambda: bare.parse(text))
    grammar_time = _best(lambda: parser.parse(text))
    full_time, full_cpu = _best_with_cpu(lambda: parse_instructions(text))
    cold_caches, cold_cpu = _best_with_cpu(lambda: (_clear_caches(), parse_instructions(text)))
    warm = statistics.median(_timed(get_parser) for _ in range(50))
    shipped = statistics.median(_in_subprocess(_LOAD) for _ in range(5))
    cold = statistics.median(_in_subprocess(_BUILD) for _ in range(3))

    rules = len(parse_instructions(text))
    print(f"document: {LINES} lines, {statements} statement lines, {rules} rules")
    print(f"bare Lark LALR (start: LINE*):      {bare_time * 1000:8.1f} ms")
    print(f"document grammar only:              {grammar_time * 1000:8.1f} ms")
    print(f"parse_instructions end to end:      {full_time * 1000:8.1f} ms")
    print(f"throughput end to end:              {statements / full_time:8.0f} statement lines/s")
    print(f"  by CPU time:                      {statements / full_cpu:8.0f} statement lines/s")
    print(f"end to end, statement caches cold: {cold_caches * 1000:8.1f} ms")
    print(f"throughput, statement caches cold:  {statements / cold_caches:8.0f} statement lines/s")
    print(f"  by CPU time:                      {statements / cold_cpu:8.0f} statement lines/s")
    print(f"ratio grammar / bare:               {grammar_time / bare_time:8.2f}x")
    print(f"ratio end to end / bare:            {full_time / bare_time:8.2f}x")
    print(f"ratio end to end, caches cold / bare:{cold_caches / bare_time:7.2f}x")
    print(f"get_parser() again, same process:   {warm * 1000:8.4f} ms")
    print(f"get_parser() new process, shipped:  {shipped * 1000:8.1f} ms")
    print(f"building it from the grammar:       {cold * 1000:8.1f} ms")
    print(f"ratio building / shipped:           {cold / shipped:8.1f}x")
    _adversarial()


_ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "<!-- lines": lambda n: "<!--\n" * (n // 5),
    "sentences": lambda n: "Start here\n" + "a. Never use eval\n" * (n // 18),
    "_a *a heading": lambda n: "# Security " + "_a *a `b [c](" * (n // 14) + "\n",
    "fence runs": lambda n: "".join("`" * (3 + i % 5) + "\nx\n" for i in range(n // 8)),
}


def _adversarial() -> None:
    """Time each adversarial family at 100k and 200k characters, side by side."""
    for name, make in _ADVERSARIAL.items():
        small, large = make(100_000), make(200_000)
        first = _best(functools.partial(parse_instructions, small), 3)
        second = _best(functools.partial(parse_instructions, large), 3)
        print(
            f"adversarial {name + ':':18s}{first * 1000:8.1f} ms at 100k chars, "
            f"{second * 1000:8.1f} ms at 200k ({second / first:4.2f}x)"
        )


def _clear_caches() -> None:
    """Forget memoised statement readings, word lists and claims (as in a fresh process)."""
    read_statement.cache_clear()
    _built.cache_clear()
    _words.cache_clear()
    read_clause.cache_clear()
    group_clauses.cache_clear()
    segments.cache_clear()
    get_resolver()._cache.clear()
    get_resolver()._slipped.clear()


_LOAD = (
    "import time\n"
    "from socratic_core.rules._parser import get_parser\n"
    "start = time.perf_counter(); get_parser(); print(time.perf_counter() - start)\n"
)
_BUILD = (
    "import time\n"
    "from lark import Lark\n"
    "from socratic_core.rules._prebuilt import GRAMMARS, grammar_text\n"
    "from socratic_core.rules._transformer import DocumentTransformer\n"
    "start = time.perf_counter()\n"
    "Lark(grammar_text('instructions.lark'), transformer=DocumentTransformer(),\n"
    "     **GRAMMARS['instructions.lark'])\n"
    "print(time.perf_counter() - start)\n"
)


def _in_subprocess(code: str) -> float:
    """Seconds the timed part of `code` takes in a fresh interpreter (imports excluded)."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return float(result.stdout)


def _timed(function: object) -> float:
    start = time.perf_counter()
    function()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
