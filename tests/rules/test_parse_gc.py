"""`parse_instructions()` and Python's cyclic garbage collector.

A long document is read with the collector paused (see `_PAUSE_GC_LINES` in `_parser`): sound
only because reading makes no reference cycles, and polite only if the collector is running
again afterwards, whatever happened, and a host's own pause is left alone.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

from socratic_core import RuleSyntaxError
from socratic_core.rules import parse_instructions
from socratic_core.rules._parser import _PAUSE_GC_LINES

_STATEMENTS = (
    "- Never hardcode secrets; read them from the environment, because logs leak.",
    "- Functions must not exceed {n} lines (warning).",
    "- Keep lines under {n} characters.",
    "- Don't use `eval()` in src/api/**.",
    'quality.max-complexity(max={n}) severity=warning in "src/**/*.py"',
    "Always add type hints to public functions. Never swallow exceptions.",
    "- At least {n}% test coverage for lib/.",
    "- Module api must not import db",
)


def _document(lines: int) -> str:
    """A document of `lines` statements (distinct numbers, so few readings are memoised)."""
    return "".join(_STATEMENTS[i % len(_STATEMENTS)].format(n=i + 2) + "\n" for i in range(lines))


LONG = _document(_PAUSE_GC_LINES * 2)


def _reading() -> bool:
    """Whether the reader's own code is running (a caller of this frame)."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "_parse_prepared":
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generation of every collector pass that starts while a document is being read."""
    seen: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and _reading():
            seen.append(info["generation"])

    parse_instructions(_document(len(_STATEMENTS)))  # first use: lazy imports and set-up
    gc.collect()
    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)


def test_reading_a_long_document_leaves_no_cyclic_garbage() -> None:
    parse_instructions(_document(len(_STATEMENTS)))  # first use: lazy imports (classes) made
    gc.collect()
    gc.disable()
    try:
        ruleset = parse_instructions(_document(_PAUSE_GC_LINES * 2 + 1))
        found = gc.collect()
    finally:
        gc.enable()
    assert len(ruleset) > _PAUSE_GC_LINES
    assert found == 0  # only cycle-free reading makes the pause sound


def test_a_long_document_is_read_without_collector_passes(collections: list[int]) -> None:
    ruleset = parse_instructions(LONG)
    assert len(ruleset) > _PAUSE_GC_LINES
    assert collections == []
    assert gc.isenabled()


def test_a_short_document_leaves_the_collector_running(collections: list[int]) -> None:
    threshold = gc.get_threshold()
    gc.set_threshold(1, *threshold[1:])  # a pass at almost every allocation
    try:
        parse_instructions(_document(20))
    finally:
        gc.set_threshold(*threshold)
    assert collections != []


def test_the_collector_runs_again_after_a_strict_read_raises() -> None:
    text = LONG + "quality.max-function-length(max=abc)\n"
    with pytest.raises(RuleSyntaxError):
        parse_instructions(text, strict=True)
    assert gc.isenabled()


def test_a_hosts_pause_is_left_alone() -> None:
    gc.disable()
    try:
        parse_instructions(LONG)
        assert not gc.isenabled()
    finally:
        gc.enable()
