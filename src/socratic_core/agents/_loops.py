"""The event loops behind the sync API: one per calling thread, kept from run to run.

`asyncio.run` builds a loop, installs a SIGINT handler (whose look-up formats the run's whole
task), shuts down async generators and the default executor, and closes the loop on every call:
about as long as the runner's own work on a small output. A sync `run` reuses its thread's loop
instead. A run interrupted mid-flight (KeyboardInterrupt) is cancelled and its loop thrown away,
so nothing of it resumes in a later run.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["ThreadLoops"]

T = TypeVar("T")


class ThreadLoops:
    """Runs coroutines to completion on an event loop kept for each calling thread."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._loops: list[asyncio.AbstractEventLoop] = []

    def _loop(self) -> asyncio.AbstractEventLoop:
        loop: asyncio.AbstractEventLoop | None = getattr(self._local, "loop", None)
        if loop is None or loop.is_closed():
            loop = asyncio.new_event_loop()
            self._local.loop = loop
            with self._lock:
                self._loops.append(loop)
        return loop

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run `coroutine` on this thread's loop and return its result (or raise its error).

        Args:
            coroutine: What to run; no loop may be running in this thread.

        Returns:
            The coroutine's result.
        """
        loop = self._loop()
        task = loop.create_task(coroutine)
        try:
            return loop.run_until_complete(task)
        except BaseException:
            if not task.done():  # interrupted: cancel it, and start afresh next time
                task.cancel()
                with contextlib.suppress(BaseException):
                    loop.run_until_complete(task)
                self._local.loop = None
                self._close(loop)
            raise

    def _close(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            if loop in self._loops:
                self._loops.remove(loop)
        if not loop.is_running():
            loop.close()

    def close(self) -> None:
        """Close every loop that is not running (a thread still in a run keeps its own)."""
        with self._lock:
            loops, self._loops = self._loops, []
        for loop in loops:
            if not loop.is_running():
                loop.close()
