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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TypeVar

_T = TypeVar("_T")

__all__ = ["Alarm", "CheckTimeoutError", "alarm", "timed"]


class CheckTimeoutError(Exception):
    """A check ran past its time budget."""

    def __init__(self, seconds: float, budget: float) -> None:
        super().__init__(f"ran for {seconds:.2f} s, over its budget of {budget:g} s per call")


class Alarm:
    """A SIGALRM handler installed once for a run of calls, each timed with its own budget.

    Installing a handler costs far more than arming the timer (Python's `signal.signal` looks
    the handler up among its enums), so `alarm()` installs this one for a whole series of
    check calls and `timed()` only arms and disarms the timer around each.
    """

    __slots__ = ("_call",)

    def __init__(self) -> None:
        self._call: tuple[float, float] | None = None  # (start, budget) of the call timed now

    def expired(self, _signum: int, _frame: FrameType | None) -> None:
        """The handler: raise inside the call being timed, once (never between calls)."""
        call, self._call = self._call, None
        if call is not None:
            start, seconds = call
            raise CheckTimeoutError(time.perf_counter() - start, seconds)

    def run(self, function: Callable[[], _T], seconds: float, start: float) -> _T:
        """Call `function` with the timer armed to raise inside it after `seconds`."""
        self._call = (start, seconds)
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            return function()
        finally:
            # The timer may fire as the call ends: the handler then raises here, and the nested
            # finally still disarms it (else it would fire between calls, or in the next one).
            try:
                self._call = None
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)


@contextmanager
def alarm(enabled: bool) -> Iterator[Alarm | None]:
    """Install one `Alarm` for the block, where a call can be interrupted at all.

    Args:
        enabled: Whether interrupting is asked for.

    Yields:
        The alarm, or None where calls are only measured (not asked for, not the main thread,
        no SIGALRM, or another SIGALRM handler set: the host's timer wins).
    """
    if not (enabled and _can_interrupt()):
        yield None
        return
    clock = Alarm()
    previous = signal.signal(signal.SIGALRM, clock.expired)
    try:
        yield clock
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(function: Callable[[], _T], seconds: float | None, *, clock: Alarm | None) -> _T:
    """Call `function` within a time budget; past it, raise `CheckTimeoutError`.

    Args:
        function: The call.
        seconds: The budget; None for no budget.
        clock: The alarm that also stops the call when the budget runs out (see `alarm()`);
            None: the call is measured after it returns.

    Returns:
        What the call returned.

    Raises:
        CheckTimeoutError: The call ran past the budget.
    """
    if seconds is None:
        return function()
    start = time.perf_counter()
    result = function() if clock is None else clock.run(function, seconds, start)
    elapsed = time.perf_counter() - start
    if elapsed > seconds:
        raise CheckTimeoutError(elapsed, seconds)
    return result


def _can_interrupt() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    )
