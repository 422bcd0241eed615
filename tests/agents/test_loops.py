"""The sync API's event loops: kept per thread, thrown away after an interrupted run."""

from __future__ import annotations

import asyncio
import threading

import pytest

from socratic_core.agents._loops import ThreadLoops


async def _current() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


async def _fails() -> None:
    raise ValueError("the agent's own error")


def test_runs_in_one_thread_share_a_loop_and_other_threads_get_their_own() -> None:
    """Two runs in a row reuse the loop; another thread gets a different one; close closes."""
    loops = ThreadLoops()
    first, second = loops.run(_current()), loops.run(_current())
    other: list[asyncio.AbstractEventLoop] = []
    thread = threading.Thread(target=lambda: other.append(loops.run(_current())))
    thread.start()
    thread.join()
    assert first is second
    assert other[0] is not first
    loops.close()
    assert first.is_closed()
    assert other[0].is_closed()


def test_an_error_of_the_coroutine_is_raised_and_the_loop_stays_usable() -> None:
    """A run that raises is finished: the loop is kept for the next run."""
    loops = ThreadLoops()
    before = loops.run(_current())
    with pytest.raises(ValueError, match="own error"):
        loops.run(_fails())
    assert loops.run(_current()) is before
    loops.close()


def test_an_interrupted_run_is_cancelled_and_never_resumes() -> None:
    """KeyboardInterrupt mid-run: the run is cancelled, its loop closed, the next run is fresh."""
    loops = ThreadLoops()
    resumed: list[bool] = []

    def interrupt() -> None:
        raise KeyboardInterrupt

    async def slow() -> None:
        asyncio.get_running_loop().call_soon(interrupt)
        await asyncio.sleep(0.05)
        resumed.append(True)

    before = loops.run(_current())
    with pytest.raises(KeyboardInterrupt):
        loops.run(slow())
    after = loops.run(_current())
    assert before.is_closed()
    assert after is not before
    loops.run(asyncio.sleep(0.1))
    assert resumed == []
    loops.close()
