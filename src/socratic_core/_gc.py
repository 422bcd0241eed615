"""Keeping Python's cyclic garbage collector out of the phases where it finds nothing to collect.

The collector runs whenever enough container objects have been allocated since its last pass,
and a pass costs time in proportion to the objects it looks at. Two phases allocate many objects
and leave no cycles behind:

- a command's start-up (modules, classes, functions, plugins, the compiled rules), whose objects
  live until the process exits: `start_up()` pauses the collector and, when the process is the
  command's own, freezes what it made (`gc.freeze`), so no later pass looks at those objects
  again;
- the parsing and checking of one file, whose trees reference counting frees once the file is
  done: `collector_paused()`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused", "start_up"]


@contextmanager
def collector_paused(pause: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, if asked and if it is running.

    A block nested in another paused one leaves the collector alone: the outer block resumes it.

    Args:
        pause: False runs the block with the collector as it is.
    """
    if not (pause and gc.isenabled()):
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def start_up(*, freeze: bool) -> Iterator[None]:
    """Run a start-up phase with the collector paused; then, if asked, freeze what is alive.

    Freezing exempts every object alive at that moment from cyclic collection for the rest of
    the process, the caller's included: only a process that runs nothing but the command may
    ask for it (the `socratic` program does; a test calling the command in-process does not).

    Args:
        freeze: Move every object alive after the phase into the collector's permanent
            generation.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:  # before the collector resumes: its next pass would look at all of them
            gc.freeze()
        if paused:
            gc.enable()
