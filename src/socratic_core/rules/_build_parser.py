"""Write the prebuilt parser tables: `python -m socratic_core.rules._build_parser`.

Run it after editing instructions.lark or canonical.lark (a test fails until you do). It builds
both LALR parsers, takes Lark's `serialize()` data and writes it, in a canonical order, to
`src/socratic_core/rules/_parsers.json` (see `_prebuilt`).

Lark numbers parser states and tokens in an order that changes from one process to the next, so
the tables are renumbered before they are written: states breadth-first from the start states,
following actions in token-name order, and tokens by name. The same grammar always gives the
same file, which is what lets the test compare a fresh build with it byte for byte.
"""

from __future__ import annotations

import json
import sys
from collections import deque
from pathlib import Path
from typing import Any

from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from socratic_core.rules._prebuilt import DATA_FILE, GRAMMARS, grammar_source, grammar_text

__all__ = ["build_tables", "main", "render_tables"]

# Options that belong to a run, not to the tables (and are not JSON): set again at load time.
_RUN_OPTIONS = frozenset({"transformer", "import_paths", "source_path", "lexer_callbacks"})
_SHIFT = 0


def _state_order(states: dict[int, dict[str, Any]], starts: list[int]) -> dict[int, int]:
    """New state numbers: breadth-first from the start states, actions in token-name order."""
    order: dict[int, int] = {}
    queue = deque(starts)
    while queue:
        state = queue.popleft()
        if state in order:
            continue
        order[state] = len(order)
        for _, (action, target) in sorted(states[state].items()):
            if action == _SHIFT:
                queue.append(target)
    unreachable = set(states) - set(order)
    if unreachable:
        raise RuntimeError(f"parser states unreachable from the start: {sorted(unreachable)}")
    return order


def _canonical_table(table: dict[str, Any]) -> dict[str, Any]:
    """A parse table renumbered into the canonical order (see the module docstring)."""
    tokens = table["tokens"]
    named = {
        state: {tokens[token]: action for token, action in actions.items()}
        for state, actions in table["states"].items()
    }
    starts = [table["start_states"][name] for name in sorted(table["start_states"])]
    order = _state_order(named, starts)
    names = sorted({name for actions in named.values() for name in actions})
    token_id = {name: index for index, name in enumerate(names)}
    states = {}
    for state in sorted(named, key=order.__getitem__):
        states[order[state]] = {
            token_id[name]: [action, order[arg] if action == _SHIFT else arg]
            for name, (action, arg) in sorted(named[state].items())
        }
    return {
        "tokens": dict(enumerate(names)),
        "states": states,
        "start_states": {name: order[state] for name, state in table["start_states"].items()},
        "end_states": {name: order[state] for name, state in table["end_states"].items()},
    }


def _encode(value: Any) -> Any:
    """JSON-compatible values: tuples become lists, integer-keyed dicts `{"#": [[k, v]]}`."""
    if isinstance(value, dict):
        if any(not isinstance(key, str) for key in value):
            return {"#": [[key, _encode(item)] for key, item in value.items()]}
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot write {type(value).__name__} into the parser tables")


def build_tables(name: str) -> dict[str, Any]:
    """Build one grammar's parser and return its tables as the data file holds them.

    Args:
        name: The grammar's file name (`instructions.lark`).

    Returns:
        `{"source": ..., "data": ..., "memo": ...}`, JSON-compatible (`source`: what the
        tables were built from, see `grammar_source`).
    """
    parser = Lark(grammar_text(name), **GRAMMARS[name])
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    data["options"] = {k: v for k, v in data["options"].items() if k not in _RUN_OPTIONS}
    frontend = data["parser"]
    frontend["parser"] = _canonical_table(frontend["parser"])
    return {"source": grammar_source(name), "data": _encode(data), "memo": _encode(memo)}


def render_tables() -> str:
    """The whole data file's text: every grammar's tables, in a canonical order.

    Returns:
        JSON text, one grammar per top-level key.
    """
    tables = {name: build_tables(name) for name in sorted(GRAMMARS)}
    return json.dumps(tables, sort_keys=True, separators=(",", ":")) + "\n"


def main() -> int:
    """Write the data file next to the grammars and say where.

    Returns:
        The exit code (0).
    """
    target = Path(__file__).with_name(DATA_FILE)
    target.write_text(render_tables(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
