"""The worker threads a runner's sync agents run in: a bounded pool that never queues.

A thread cannot be killed: a sync agent that times out keeps its thread until its call
returns. Were such calls queued behind each other, agents stuck for good would fill the pool
and every later sync attempt (of any run) would wait forever. So a call is started only when a
thread is free for it; otherwise the attempt fails at once with an `AgentError` saying so.
An async agent's own blocking calls (`CallableAgent` with a plain `fn`) go to the same threads
through `call_blocking`, while the runner runs it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import threading
from collections.abc import Callable
from typing import Any

from socratic_core.errors import AgentError

__all__ = ["AgentThreads", "call_blocking", "reset", "running_in"]


class AgentThreads:
    """At most `limit` sync agent calls at once; a call over the limit is refused, not queued.

    Args:
        limit: The most sync agent calls running at once (threads), at least 1.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._pool = concurrent.futures.ThreadPoolExecutor(
            limit, thread_name_prefix="socratic-agent"
        )
        self._lock = threading.Lock()
        self._busy = 0

    @property
    def busy(self) -> int:
        """How many threads run an agent's call now (calls that timed out included)."""
        with self._lock:
            return self._busy

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> concurrent.futures.Future[Any]:
        """Start `fn(*args)` in a free thread.

        Raises:
            AgentError: Every thread is busy (with calls that may never return).
        """
        with self._lock:
            if self._busy >= self.limit:
                raise AgentError(
                    f"all {self.limit} sync-agent threads of this runner are busy (a sync agent "
                    "that timed out keeps its thread until its call returns: a thread cannot be "
                    "killed), so this attempt was not started; give the agent's client a "
                    "timeout of its own, make its run an async def, or raise agent_threads"
                )
            self._busy += 1
        try:
            future = self._pool.submit(fn, *args)
        except BaseException:
            self._release()
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: concurrent.futures.Future[Any]) -> None:
        self._release()

    def _release(self) -> None:
        with self._lock:
            self._busy -= 1

    def shutdown(self) -> None:
        """Stop the threads once their calls return; calls not started are cancelled."""
        self._pool.shutdown(wait=False, cancel_futures=True)


_CURRENT: contextvars.ContextVar[AgentThreads | None] = contextvars.ContextVar(
    "socratic_agent_threads", default=None
)


def running_in(threads: AgentThreads) -> contextvars.Token[AgentThreads | None]:
    """Make `threads` the ones `call_blocking` uses in this context (reset with the token)."""
    return _CURRENT.set(threads)


def reset(token: contextvars.Token[AgentThreads | None]) -> None:
    """Undo `running_in`."""
    _CURRENT.reset(token)


async def call_blocking(fn: Callable[..., Any], /, *args: Any) -> Any:
    """Await `fn(*args)` run in a thread: the runner's agent threads while a run calls this.

    Outside a run it is `asyncio.to_thread`.

    Raises:
        AgentError: Every agent thread of the runner is busy.
    """
    threads = _CURRENT.get()
    if threads is None:
        return await asyncio.to_thread(fn, *args)
    return await asyncio.wrap_future(threads.submit(fn, *args))
