"""Compiling a caller's active instructions into constraints, cached by instruction revision.

Each instruction is compiled with the app's engine (so plugin checks extend the vocabulary),
under its title as the rules' source; global instructions form the lower layer and the
project's the higher one, exactly as `InstructionService.active_rules` merges them. The result
is cached by the (instruction id, revision) pairs: a run under unchanged instructions parses
nothing.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from socratic_core.agents._record import InstructionSource
from socratic_core.rules import RuleEngine, RuleKind, RuleSet, render_canonical

__all__ = ["Compiled", "ConstraintCache"]


@dataclass(frozen=True, slots=True)
class Compiled:
    """Compiled constraints: the rules, as text for a model, their hash and revisions."""

    ruleset: RuleSet
    text: str
    rules_hash: str
    revisions: tuple[str, ...]


class ConstraintCache:
    """Compiles instructions with `engine`, keeping the `size` most recent results.

    Args:
        engine: The app's rule engine.
        size: How many compiled instruction sets to keep.
    """

    def __init__(self, engine: RuleEngine, size: int = 128) -> None:
        self._engine = engine
        self._size = size
        self._cache: OrderedDict[tuple[tuple[str, int, bool], ...], Compiled] = OrderedDict()
        self._lock = threading.Lock()
        self.compiled = 0
        """How many times instructions were actually compiled (misses of the cache)."""

    def get(self, sources: Sequence[InstructionSource]) -> Compiled:
        """Return the compiled constraints of these active instructions.

        Args:
            sources: The active instructions, global ones first.

        Returns:
            The compiled constraints (from the cache when the revisions are unchanged).
        """
        key = tuple((s.id, s.revision, s.is_global) for s in sources)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        compiled = self._compile(sources)
        with self._lock:
            self.compiled += 1
            self._cache[key] = compiled
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return compiled

    def _compile(self, sources: Sequence[InstructionSource]) -> Compiled:
        layers = []
        for is_global in (True, False):
            rules = [
                rule
                for source in sources
                if source.is_global is is_global
                for rule in self._engine.compile(source.text, source=source.title)
            ]
            layers.append(RuleSet(rules=tuple(rules)))
        ruleset = RuleSet.layered(global_rules=layers[0], project_rules=layers[1])
        digest = hashlib.sha256(ruleset.to_json().encode("utf-8")).hexdigest()
        revisions = tuple(f"{s.id}@{s.revision}" for s in sources)
        return Compiled(ruleset, render_constraints(ruleset), digest, revisions)


def render_constraints(ruleset: RuleSet) -> str:
    """Render rules as the text an agent reads: each statement, where it is, how it is checked.

    Args:
        ruleset: The compiled rules.

    Returns:
        One line per rule (empty text when there are none).
    """
    if not ruleset.rules:
        return ""
    lines = ["Follow these rules from the user's instructions:"]
    for rule in ruleset:
        where = rule.source or "rules"
        if rule.span is not None:
            where += f", line {rule.span.line}"
        checked = (
            f"checked as {render_canonical(rule)}"
            if rule.kind is RuleKind.ENFORCED
            else "not checked automatically"
        )
        lines.append(f"- {rule.text or render_canonical(rule)} ({where}; {checked})")
    return "\n".join(lines)
