"""A time budget for one check call: past it, the check's rule fails (fail closed).

The budget is always measured: a call that returns after its budget has run out counts as a
failure, whatever it found. Where the engine owns the process (`socratic check`), it may also
interrupt a call that runs past its budget (a check stuck in a loop): a real-time interval timer
raises `CheckTimeoutError` inside the check. That needs the main thread and SIGALRM (POSIX), and
is never used where the previous SIGALRM handler is not the default one (the host's timer wins).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

_T = TypeVar("_T")

__all__ = ["CheckTimeoutError", "timed"]


class CheckTimeoutError(Exception):
    """A check ran past its time budget."""

    def __init__(self, seconds: float, budget: float) -> None:
        super().__init__(f"ran for {seconds:.2f} s, over its budget of {budget:g} s per call")


def timed(function: Callable[[], _T], seconds: float | None, *, interrupt: bool) -> _T:
    """Call `function` within a time budget; past it, raise `CheckTimeoutError`.

    Args:
        function: The call.
        seconds: The budget; None for no budget.
        interrupt: Also stop the call when the budget runs out (main thread, POSIX only, and
            only where no other SIGALRM handler is set); else it is measured after it returns.

    Returns:
        What the call returned.

    Raises:
        CheckTimeoutError: The call ran past the budget.
    """
    if seconds is None:
        return function()
    start = time.perf_counter()
    if interrupt and _can_interrupt():
        result = _interrupted_after(function, seconds, start)
    else:
        result = function()
    elapsed = time.perf_counter() - start
    if elapsed > seconds:
        raise CheckTimeoutError(elapsed, seconds)
    return result


def _interrupted_after(function: Callable[[], _T], seconds: float, start: float) -> _T:
    """Call `function` with a real-time timer that raises inside it after `seconds`."""
    armed = [True]

    def _expired(_signum: int, _frame: FrameType | None) -> None:
        if armed[0]:  # raise once: never again inside the clean-up below
            armed[0] = False
            raise CheckTimeoutError(time.perf_counter() - start, seconds)

    previous = signal.signal(signal.SIGALRM, _expired)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        return function()
    finally:
        # The timer may fire as the call ends: the handler then raises here, and the nested
        # finally still puts the previous handler back (else no later check is interrupted).
        try:
            armed[0] = False
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _can_interrupt() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    )
