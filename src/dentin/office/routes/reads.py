"""Where an office read runs: on a small pool of reader threads, never on the event loop.

Measured on bench/fast_path.py's patient read (server CPU per request, loopback, 32
connections): anyio's 40-thread pool (a FastAPI ``def`` route, or ``run_in_threadpool``)
1,120 µs; four dedicated reader threads 960 µs; the read run on the event loop itself 830 µs,
with lower throughput (SQLite releases the GIL while it reads, so the threads overlap it with
the loop's own work). Forty threads spend the difference handing the GIL to each other; four
keep SQLite busy without that. The loop stays free: a deep ``Offset`` page or a cold disk
never stalls the other requests.

The hand-off is a queue and the loop's own future, not ``loop.run_in_executor``: the
executor's ``concurrent.futures.Future``, its callbacks and the chaining of its state onto an
asyncio future cost more than the patient read's SQL and serialization together (in process,
on the 100,000-patient bench office: 365 -> 300 µs of CPU per patient read, 547 -> 512 per
appointments page).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import queue
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from dentin.office.registry import OfficeDatabase

P = ParamSpec("P")
T = TypeVar("T")
READER_THREADS = 4

# (loop, future, call) per read. The threads live as long as the process, as daemons: exit
# never waits on them, and a read in flight then is simply abandoned (reads write nothing).
_Job = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Any]", Callable[[], Any]]
_jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
_started = False
_lock = threading.Lock()


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return  # the client went away; the read's answer has no one to go to
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


def _reader() -> None:
    while True:
        loop, future, call = _jobs.get()
        try:
            result = call()
        except BaseException as exc:  # handed to the awaiting request, raised there
            error: BaseException | None = exc
            result = None
        else:
            error = None
        with contextlib.suppress(RuntimeError):  # that loop closed: nobody awaits this read
            loop.call_soon_threadsafe(_settle, future, result, error)
        del result, error, call, future, loop  # hold no answer while waiting for the next


def _forget_threads() -> None:
    """A forked child has none of its parent's threads: it starts its own on its first read."""
    global _jobs, _started, _lock
    _jobs, _started, _lock = queue.SimpleQueue(), False, threading.Lock()


os.register_at_fork(after_in_child=_forget_threads)


def _start() -> None:
    global _started
    with _lock:
        if not _started:
            for i in range(READER_THREADS):
                threading.Thread(target=_reader, name=f"dentin-read_{i}", daemon=True).start()
            _started = True


async def office_read(
    db: OfficeDatabase, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """``fn(*args, **kwargs)`` on a reader thread (``db`` names the office it reads)."""
    if not _started:
        _start()
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()
    _jobs.put((loop, future, functools.partial(fn, *args, **kwargs)))
    return await future
